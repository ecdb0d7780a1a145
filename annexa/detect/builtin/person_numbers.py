"""Numbers an organisation gives a person: employee numbers (EMPLOYEE_ID), customer and
membership numbers (CUSTOMER_ID) and student numbers (STUDENT_ID).

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
  cliente", "codice cliente", "klantnummer"; a member's, a loyalty programme's or a frequent
  flyer's number ("membership number", "member no.", "loyalty card number", "frequent flyer
  number", "Miles & More", "Mitgliedsnummer", "numéro d'adhérent", "número de socio",
  "lidnummer"): a customer's number under another name;
- student: "student ID/number/no./#", "matriculation number", "Matrikelnummer", "Matrikel-Nr.",
  "numéro d'étudiant", "número de estudiante/alumno", "studentnummer".

The value is a code of three to ten (a customer's: twelve; a member's: sixteen, as frequent
flyer numbers run)
digits, perhaps led by up to three letters and a dash ("E-20931", "HR0042", "C-88812",
"S2093841"), or two groups of digits joined by a dash ("20-4471"), and ends where a word would
go on.

As a column or a key (``employee_id``, ``Personalnummer``, ``customer_number``) the field and
table detectors read them (:data:`~annexa.detect.builtin.tables.COLUMNS`). The detectors are
named ``employee_number``, ``customer_number`` and ``student_number``: ``employee_id`` and
``customer_id`` are the
names organisations give their own custom rules for their own formats, and two detectors may
not share a name.
"""

from __future__ import annotations

import re
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
_NUMBER = r"(?:id|no\.?|number|num\.?|#)"
_CUSTOMER_LABEL = (
    r"(?i:\bcustomer[ \t]+(?:id|no\.?|number|num\.?|#)|\bclient[ \t]+(?:no\.?|number|#)"
    r"|\bkunden(?:nummer|-?nr\.?)|\bkd\.?-?nr\.?"
    r"|\bnum(?:é|e)ro[ \t]+(?:de[ \t]+)?client|\bn(?:°|º|o\.?)[ \t]*(?:de[ \t]+)?client"
    r"|\bn(?:ú|u)mero[ \t]+de[ \t]+cliente|\bcodice[ \t]+cliente|\bklantnummer)"
)
# A member's, a loyalty programme's, a frequent flyer's number ("member ID" is a health plan's:
# HEALTH_PLAN_ID)
_MEMBER_LABEL = (
    rf"(?i:\bmembership[ \t]+{_NUMBER}|\bmember[ \t]+(?:no\.?|number|num\.?|#)"
    rf"|\bloyalty(?:[ \t]+card)?[ \t]+{_NUMBER}"
    rf"|\bfrequent[ \t]+fl(?:y|i)er(?:[ \t]+{_NUMBER})?|\bmiles[ \t]*(?:&|and)[ \t]*more"
    r"(?:[ \t]+(?:number|no\.?|#))?|\bmitglieds(?:nummer|-?nr\.?)"
    r"|\bnum(?:é|e)ro[ \t]+d['’]adh(?:é|e)rent|\bn(?:ú|u)mero[ \t]+de[ \t]+socio|\blidnummer)"
)
_STUDENT_LABEL = (
    rf"(?i:\bstudent[ \t]+{_NUMBER}|\bmatriculation[ \t]+(?:number|no\.?)"
    r"|\bmatrikel(?:nummer|-?nr\.?)|\bnum(?:é|e)ro[ \t]+d['’](?:é|e)tudiant"
    r"|\bn(?:ú|u)mero[ \t]+de[ \t]+(?:estudiante|alumno)|\bstudentnummer)"
)
# What may stand between a label and its value
_BETWEEN = r"[ \t]*(?:[:#=]|(?i:is|ist|est|es|è))?[ \t]*"
_EMPLOYEE_KEYWORDS = (
    "employee", "staff", "personnel", "emp id", "empid", "emp no", "emp#", "personalnummer",
    "personal-nr", "personalnr", "mitarbeiternummer", "mitarbeiter-nr", "matricule", "employé",
    "employe", "empleado", "matricola", "personeelsnummer",
)  # fmt: skip
_CUSTOMER_KEYWORDS = (
    "customer", "client", "kunden", "kd.", "kd-", "cliente", "klantnummer", "member",
    "loyalty", "frequent fl", "miles", "mitglieds", "adhérent", "adherent", "socio",
    "lidnummer",
)  # fmt: skip
_STUDENT_KEYWORDS = (
    "student", "matriculation", "matrikel", "étudiant", "etudiant", "estudiante", "alumno",
)  # fmt: skip


def _value(most: int) -> str:
    """A number's code (group 1): up to three letters and a dash before three to ``most``
    digits (capitals with a blank: an airline's code, "BA 12345678"), or two groups of digits
    joined by a dash ("20-4471")."""
    return rf"((?:[A-Z]{{1,3}} |[A-Za-z]{{1,3}}-?)?[0-9]{{3,{most}}}|[0-9]{{2,6}}-[0-9]{{2,8}})"


# Two dashed groups that are a year and a month ("2026-11"): a date, no number
_YEAR_MONTH = re.compile(r"(?:19|20)[0-9]{2}-(?:0?[1-9]|1[0-2])")


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
    """A number right after a label that names it (group 1, or 2 for a second kind of label:
    the number)."""

    def found(
        self, text: str, chars: CharOffsets | None, matches: Iterator[Spans]
    ) -> Iterator[Finding]:
        for spans in matches:
            start, end = char_span(chars, spans[1] if spans[1][0] >= 0 else spans[2])
            if _ends_there(text, end) and not _YEAR_MONTH.fullmatch(text, start, end):
                yield Finding(self.entities[0], start, end, SCORE, self.name)


class EmployeeIdDetector(_LabelledNumberDetector):
    """Employee numbers right after a label that names them."""

    name = "employee_number"
    entities = ("EMPLOYEE_ID",)
    keywords = _EMPLOYEE_KEYWORDS
    origin = "labels of HR records in six languages (the value has no format of its own)"
    expression = rf"{_EMPLOYEE_LABEL}{_BETWEEN}{_value(10)}"


class CustomerIdDetector(_LabelledNumberDetector):
    """Customer numbers right after a label that names them."""

    name = "customer_number"
    entities = ("CUSTOMER_ID",)
    keywords = _CUSTOMER_KEYWORDS
    origin = "labels of CRM, loyalty and support records in six languages (no format of its own)"
    expression = rf"{_CUSTOMER_LABEL}{_BETWEEN}{_value(12)}|{_MEMBER_LABEL}{_BETWEEN}{_value(16)}"


class StudentIdDetector(_LabelledNumberDetector):
    """Student and matriculation numbers right after a label that names them."""

    name = "student_number"
    entities = ("STUDENT_ID",)
    keywords = _STUDENT_KEYWORDS
    origin = "labels of student records in six languages (the value has no format of its own)"
    expression = rf"{_STUDENT_LABEL}{_BETWEEN}{_value(10)}"


# ---------------------------------------------------------------------------------------------
# A travel booking's reference: "booking reference K7QX2M", "PNR: HX4K9P", "e-ticket 220-2458731902"

# A booking's, a reservation's or a confirmation's reference, an airline's record locator, in
# the six languages
_BOOKING_LABEL = (
    r"(?i:\b(?:booking|reservation|confirmation)[ \t]+(?:ref(?:erence)?\.?|code|number|no\.?|#)"
    r"|\bpnr(?:[ \t]+(?:code|number|no\.?))?|\brecord[ \t]+locator|\bbooking[ \t]+id"
    r"|\b(?:buchungs|reservierungs|best(?:ä|ae)tigungs)(?:nummer|code|referenz|-?nr\.?)"
    r"|\b(?:r(?:é|e)f(?:é|e)rence|num(?:é|e)ro|code)[ \t]+de[ \t]+r(?:é|e)servation"
    r"|\blocalizador|\b(?:c(?:ó|o)digo|n(?:ú|u)mero)[ \t]+de[ \t]+reserva"
    r"|\b(?:codice|numero)[ \t]+(?:di[ \t]+)?prenotazione"
    r"|\b(?:boekings|reserverings)(?:nummer|code))"
)
# An airline's ticket: thirteen digits, the airline's three first ("220-2458731902")
_TICKET_LABEL = (
    r"(?i:\be-?ticket(?:[ \t]+(?:number|no\.?|#))?|\bticket[ \t]+(?:number|no\.?|#)|\betkt)"
)
_TICKET = r"([0-9]{3}[ \-]?[0-9]{10})"
# A record locator (six letters and digits, in capitals) or a hotel's, a car hire's, a rail
# company's confirmation number (letters and digits, five to fourteen, a digit among them)
_REFERENCE = r"([A-Z]{0,3}-?[0-9][A-Z0-9]{4,13}|[A-Z0-9]{6})"
_BOOKING_BETWEEN = r"[ \t]*(?:[:#=]|(?i:is|ist|est|es|è|lautet))?[ \t]*:?[ \t]*"
# A code of digits alone after "… code": a one-time code ("your confirmation code is 482913"),
# not a booking's (an airline's code has letters)
_CODE_BEFORE = re.compile(r"(?i)code[ \t]*(?:[:#=]|is|ist|est|es|lautet)?[ \t]*:?[ \t]*$")
_BOOKING_KEYWORDS = (
    "booking", "reservation", "confirmation", "pnr", "record locator", "ticket", "etkt",
    "buchungs", "reservierungs", "bestätigungs", "bestaetigungs", "réservation",
    "localizador", "reserva", "prenotazione", "boekings", "reserverings",
)  # fmt: skip
# Words in capitals a status field writes where a reference would stand ("PNR: PENDING")
_NOT_REFERENCES = frozenset(
    {"CANCEL", "CLOSED", "FAILED", "ACTIVE", "EXPIRE", "UNPAID", "ISSUED", "VOIDED", "PAYMENT",
     "NUMBER", "STATUS", "TICKET", "RECORD", "NOSHOW", "REFUND", "CHANGE", "DELETE", "UPDATE",
     "SELECT", "CREATE", "SAMPLE", "ABCDEF", "XXXXXX", "ZZZZZZ", "AAAAAA"}
)  # fmt: skip


class BookingReferenceDetector(_LabelledNumberDetector):
    """A travel booking's reference right after a label that names it: an airline's record
    locator ("booking reference K7QX2M", "PNR: HX4K9P"), a hotel's or a rail company's
    confirmation number, an e-ticket's thirteen digits. With the traveller's surname it opens
    the booking (to change, cancel or read the itinerary), and an itinerary says where a person
    will be."""

    name = "booking_reference"
    entities = ("BOOKING_REFERENCE",)
    keywords = _BOOKING_KEYWORDS
    origin = "IATA record locators and ticket numbers; hotel and rail confirmations (six languages)"
    expression = (
        rf"{_BOOKING_LABEL}{_BOOKING_BETWEEN}{_REFERENCE}"
        rf"|{_TICKET_LABEL}{_BOOKING_BETWEEN}{_TICKET}"
    )

    def found(
        self, text: str, chars: CharOffsets | None, matches: Iterator[Spans]
    ) -> Iterator[Finding]:
        for finding in super().found(text, chars, matches):
            value = text[finding.start : finding.end]
            if value in _NOT_REFERENCES:
                continue
            if value.isdigit() and _CODE_BEFORE.search(
                text, max(0, finding.start - 40), finding.start
            ):
                continue  # a one-time code
            yield finding


def detectors(settings: ScanSettings) -> list[Detector]:
    """The employee, customer and student number detectors, and a booking's reference."""
    return [
        EmployeeIdDetector(),
        CustomerIdDetector(),
        StudentIdDetector(),
        BookingReferenceDetector(),
    ]
