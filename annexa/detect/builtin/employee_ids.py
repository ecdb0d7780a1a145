"""Employee numbers (EMPLOYEE_ID): the identifier an employer gives each member of staff.

Under the GDPR an employee number is personal data: it singles out one person, and HR systems,
payslips and tickets key everything about that person to it ("Personalnummer 48213", "employee
ID E-20931", "matricule 004127"). It has no format of its own, so it counts only right after a
label that names it, in the engine's six languages: "employee ID/number/no./#", "staff ID",
"personnel number", "Personalnummer", "Mitarbeiternummer", "Personal-Nr.", "matricule",
"numéro d'employé", "número de empleado", "matricola", "numero di matricola",
"personeelsnummer". The value is a code of three to ten digits, perhaps led by up to three
letters and a dash ("E-20931", "HR0042", "004127"), and ends where a word would go on.

As a column or a key (``employee_id``, ``Personalnummer``) the field and table detectors read
it (:data:`~annexa.detect.builtin.tables.COLUMNS`). The detector is named ``employee_number``:
``employee_id`` is the name organisations give their own custom rule for their own format,
and two detectors may not share a name.
"""

from __future__ import annotations

from collections.abc import Iterator

from annexa.detect.builtin._bytes import BytePassDetector, Spans, char_span
from annexa.detect.builtin._regions import CharOffsets
from annexa.detect.interface import Detector, Finding
from annexa.settings import ScanSettings

SCORE = 0.6
_LABEL = (
    r"(?i:\b(?:employee|staff|personnel)[ \t]+(?:id|no\.?|number|num\.?|#)"
    r"|\bemp(?:loyee)?[ \t]?(?:id|no\.?|#)"
    r"|\b(?:personal|mitarbeiter)(?:nummer|-?nr\.?)"
    r"|\bmatricule|\bnum(?:é|e)ro[ \t]+d['’](?:é|e)mploy(?:é|e)e?"
    r"|\bn(?:ú|u)mero[ \t]+de[ \t]+empleado|\b(?:numero[ \t]+di[ \t]+)?matricola"
    r"|\bpersoneelsnummer)"
)
# The label, what may stand between it and the value, the value (group 1); that no word, dash
# or decimal goes on after the value is checked in code (RE2 has no look-ahead)
EXPRESSION = rf"{_LABEL}[ \t]*(?:[:#=]|(?i:is|ist|est|es|è))?[ \t]*([A-Za-z]{{0,3}}-?[0-9]{{3,10}})"
_KEYWORDS = (
    "employee", "staff", "personnel", "emp id", "empid", "emp no", "emp#", "personalnummer",
    "personal-nr", "personalnr", "mitarbeiternummer", "mitarbeiter-nr", "matricule", "employé",
    "employe", "empleado", "matricola", "personeelsnummer",
)  # fmt: skip


def _ends_there(text: str, end: int) -> bool:
    """Whether a value ending at ``end`` ends there: no word character or dash goes on, nor a
    dot or slash before a digit (a date, a version)."""
    if end >= len(text):
        return True
    nxt = text[end]
    if nxt.isalnum() or nxt in "_-":
        return False
    return not (nxt in "./" and end + 1 < len(text) and text[end + 1].isdigit())


class EmployeeIdDetector(BytePassDetector):
    """Employee numbers right after a label that names them."""

    name = "employee_number"
    entities = ("EMPLOYEE_ID",)
    keywords = _KEYWORDS
    origin = "labels of HR records in six languages (the value has no format of its own)"
    expression = EXPRESSION

    def found(
        self, text: str, chars: CharOffsets | None, matches: Iterator[Spans]
    ) -> Iterator[Finding]:
        for spans in matches:
            start, end = char_span(chars, spans[1])
            if _ends_there(text, end):
                yield Finding("EMPLOYEE_ID", start, end, SCORE, self.name)


def detectors(settings: ScanSettings) -> list[Detector]:
    """The employee number detector."""
    return [EmployeeIdDetector()]
