"""Numbers an organisation gives a person: employee numbers (EMPLOYEE_ID) and customer numbers
(CUSTOMER_ID).

Under the GDPR both are personal data: they single out one person, and HR systems, payslips,
CRMs and support tickets key everything about that person to them ("Personalnummer 48213",
"employee ID E-20931", "Kundennummer 100045872", "n° de client 778812"). They have no format of
their own, so each counts only right after a label that names it, in the engine's six
languages:

- employee: "employee ID/number/no./#", "staff ID", "personnel number", "Personalnummer",
  "Mitarbeiternummer", "Personal-Nr.", "matricule", "numéro d'employé", "número de empleado",
  "matricola", "numero di matricola", "personeelsnummer";
- customer: "customer ID/number/no./#", "client number/no." (not "client ID": OAuth's),
  "Kundennummer", "Kunden-Nr.", "Kd.-Nr.", "numéro de client", "n° client", "número de
  cliente", "codice cliente", "klantnummer".

The value is a code of three to ten (a customer's: twelve) digits, perhaps led by up to three
letters and a dash ("E-20931", "HR0042", "C-88812"), and ends where a word would go on.

As a column or a key (``employee_id``, ``Personalnummer``, ``customer_number``) the field and
table detectors read them (:data:`~annexa.detect.builtin.tables.COLUMNS`). The detectors are
named ``employee_number`` and ``customer_number``: ``employee_id`` and ``customer_id`` are the
names organisations give their own custom rules for their own formats, and two detectors may
not share a name.
"""

from __future__ import annotations

from collections.abc import Iterator

from annexa.detect.builtin._bytes import BytePassDetector, Spans, char_span
from annexa.detect.builtin._regions import CharOffsets
from annexa.detect.interface import Detector, Finding
from annexa.settings import ScanSettings

SCORE = 0.6
_EMPLOYEE_LABEL = (
    r"(?i:\b(?:employee|staff|personnel)[ \t]+(?:id|no\.?|number|num\.?|#)"
    r"|\bemp(?:loyee)?[ \t]?(?:id|no\.?|#)"
    r"|\b(?:personal|mitarbeiter)(?:nummer|-?nr\.?)"
    r"|\bmatricule|\bnum(?:é|e)ro[ \t]+d['’](?:é|e)mploy(?:é|e)e?"
    r"|\bn(?:ú|u)mero[ \t]+de[ \t]+empleado|\b(?:numero[ \t]+di[ \t]+)?matricola"
    r"|\bpersoneelsnummer)"
)
_CUSTOMER_LABEL = (
    r"(?i:\bcustomer[ \t]+(?:id|no\.?|number|num\.?|#)|\bclient[ \t]+(?:no\.?|number|#)"
    r"|\bkunden(?:nummer|-?nr\.?)|\bkd\.?-?nr\.?"
    r"|\bnum(?:é|e)ro[ \t]+(?:de[ \t]+)?client|\bn(?:°|º|o\.?)[ \t]*(?:de[ \t]+)?client"
    r"|\bn(?:ú|u)mero[ \t]+de[ \t]+cliente|\bcodice[ \t]+cliente|\bklantnummer)"
)
# What may stand between a label and its value
_BETWEEN = r"[ \t]*(?:[:#=]|(?i:is|ist|est|es|è))?[ \t]*"
_EMPLOYEE_KEYWORDS = (
    "employee", "staff", "personnel", "emp id", "empid", "emp no", "emp#", "personalnummer",
    "personal-nr", "personalnr", "mitarbeiternummer", "mitarbeiter-nr", "matricule", "employé",
    "employe", "empleado", "matricola", "personeelsnummer",
)  # fmt: skip
_CUSTOMER_KEYWORDS = (
    "customer", "client", "kunden", "kd.", "kd-", "cliente", "klantnummer",
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


class _LabelledNumberDetector(BytePassDetector):
    """A number right after a label that names it (group 1: the number)."""

    def found(
        self, text: str, chars: CharOffsets | None, matches: Iterator[Spans]
    ) -> Iterator[Finding]:
        for spans in matches:
            start, end = char_span(chars, spans[1])
            if _ends_there(text, end):
                yield Finding(self.entities[0], start, end, SCORE, self.name)


class EmployeeIdDetector(_LabelledNumberDetector):
    """Employee numbers right after a label that names them."""

    name = "employee_number"
    entities = ("EMPLOYEE_ID",)
    keywords = _EMPLOYEE_KEYWORDS
    origin = "labels of HR records in six languages (the value has no format of its own)"
    expression = rf"{_EMPLOYEE_LABEL}{_BETWEEN}([A-Za-z]{{0,3}}-?[0-9]{{3,10}})"


class CustomerIdDetector(_LabelledNumberDetector):
    """Customer numbers right after a label that names them."""

    name = "customer_number"
    entities = ("CUSTOMER_ID",)
    keywords = _CUSTOMER_KEYWORDS
    origin = "labels of CRM and support records in six languages (no format of its own)"
    expression = rf"{_CUSTOMER_LABEL}{_BETWEEN}([A-Za-z]{{0,3}}-?[0-9]{{3,12}})"


def detectors(settings: ScanSettings) -> list[Detector]:
    """The employee and customer number detectors."""
    return [EmployeeIdDetector(), CustomerIdDetector()]
