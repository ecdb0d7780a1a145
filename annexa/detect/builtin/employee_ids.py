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

from annexa.detect.interface import Detector
from annexa.detect.pattern import Pattern, PatternDetector
from annexa.settings import ScanSettings

_LABEL = (
    r"(?i:\b(?:employee|staff|personnel)[ \t]+(?:id|no\.?|number|num\.?|#)"
    r"|\bemp(?:loyee)?[ \t]?(?:id|no\.?|#)"
    r"|\b(?:personal|mitarbeiter)(?:nummer|-?nr\.?)"
    r"|\bmatricule|\bnum[ée]ro[ \t]+d['’][ée]mploy[ée]e?"
    r"|\bn[úu]mero[ \t]+de[ \t]+empleado|\b(?:numero[ \t]+di[ \t]+)?matricola"
    r"|\bpersoneelsnummer)"
)
_VALUE = r"([A-Za-z]{0,3}-?\d{3,10})(?![\w\-]|[./]\d)"


_KEYWORDS = (
    "employee", "staff", "personnel", "emp id", "empid", "emp no", "emp#", "personalnummer",
    "personal-nr", "personalnr", "mitarbeiternummer", "mitarbeiter-nr", "matricule", "employé",
    "employe", "empleado", "matricola", "personeelsnummer",
)  # fmt: skip


class EmployeeIdDetector(PatternDetector):
    """Employee numbers right after a label that names them."""

    name = "employee_number"
    entities = ("EMPLOYEE_ID",)
    origin = "labels of HR records in six languages (the value has no format of its own)"
    patterns = (
        Pattern(
            "after_label",
            rf"{_LABEL}[ \t]*(?:[:#=]|is|ist|est|es|è|is:)?[ \t]*{_VALUE}",
            0.6,
            keywords=_KEYWORDS,
            group=1,
            positives=(
                "Summarise the review of Marcus Tan (employee ID ⟦E-20931⟧)",
                "Gehaltsabrechnung, Personalnummer ⟦48213⟧",
                "staff number: ⟦HR0042⟧",
                "matricule ⟦004127⟧ au service paie",
                "su número de empleado es ⟦77120⟧",
                "matricola ⟦A-55012⟧",
                "personeelsnummer ⟦100234⟧",
            ),
            negatives=(
                "employee ID 12",  # too short to single anyone out
                "employee number 2026-11",  # a date
                "staff ID card reader v2",
                "the employee id field is required",
                "employee id 12345678901234",  # too long: no staff number
            ),
            origin="HR record labels (EN, DE, FR, ES, IT, NL)",
        ),
    )


def detectors(settings: ScanSettings) -> list[Detector]:
    """The employee number detector."""
    return [EmployeeIdDetector()]
