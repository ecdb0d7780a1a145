"""A patient's record numbers (MEDICAL_RECORD_NUMBER) and health plan numbers (HEALTH_PLAN_ID),
after their label.

HIPAA's Safe Harbor method (45 CFR 164.514(b)(2)) names both among the eighteen identifiers to
remove before health data counts as de-identified: "medical record numbers" and "health plan
beneficiary numbers". Neither has a format: a hospital numbers its charts as its software does
(``00123456``, ``MRN-2024-88123``), an insurer its members as it likes (``XJH123456789``,
``W123456789``). So a number counts only where the text says what it is: in the same sentence, a
few words after

- a record's label: "MRN", "medical record number", "patient ID", "patient number", "chart
  number", "Patientennummer", "numéro de dossier médical", "historia clínica", "cartella
  clinica" → ``MEDICAL_RECORD_NUMBER``;
- a plan's label: "member ID", "insurance ID", "health plan ID", "subscriber ID", "beneficiary
  ID", "Medicaid ID", "policy number", "numéro d'assuré", "número de afiliado" →
  ``HEALTH_PLAN_ID``; a "policy number" where nothing near speaks of health (a car's, a home's,
  a life insurance's) → ``INSURANCE_POLICY_ID``.

The number: five to twenty letters and digits, groups joined by single dashes (or by spaces,
groups of digits), at least four digits, led by a digit or by up to four capital letters; not a
date, one digit repeated, a phone number written internationally, or what stands on the next
line or in the next sentence.
The German health insurance number has a check digit and a detector of its own
(``DE_HEALTH_INSURANCE``), which wins the span.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from annexa.detect.builtin.driver_licenses import number_counts
from annexa.detect.builtin.passports import BETWEEN_WORD_AND_NUMBER
from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.detect.pattern import Pattern, PatternDetector
from annexa.settings import ScanSettings

# The keyword pass looks for these (lower case): one of them is in every label.
_KEYWORDS = (
    "mrn", "medical record", "patient id", "patient number", "patient no", "chart number",
    "patientennummer", "dossier médical", "dossier medical", "historia clínica",
    "historia clinica", "cartella clinica", "member id", "insurance id", "plan id",
    "subscriber id", "beneficiary id", "medicaid", "medicare", "policy number", "policy no",
    "numéro d'assuré", "numero d'assure", "número de afiliado", "numero de afiliado",
)  # fmt: skip
_RECORD = (
    r"MRN|(?i:medical[ \t]+record(?:[ \t]+(?:number|no\.?|#))?|patient[ \t]+(?:id|number|no\.?)"
    r"|chart[ \t]+number|patientennummer|dossier[ \t]+m[ée]dical|historia[ \t]+cl[ií]nica"
    r"|cartella[ \t]+clinica)"
)
_PLAN = (
    r"(?i:(?:member|insurance|health[ \t]+plan|plan|subscriber|beneficiary|medicaid|medicare)"
    r"[ \t]+(?:id|number|no\.?)|policy[ \t]+(?:number|no\.?)|num[ée]ro[ \t]+d['’]assur[ée]"
    r"|n[úu]mero[ \t]+de[ \t]+afiliado)"
)
# The number (group 1), after the label and the words of the same sentence
_NUMBER = (
    r"(?<![\w\-/.+])((?:[A-Z]{1,4}[ -]?)?\d[A-Z\d]*(?:-[A-Z\d]+|[ ]\d+){0,3})"
    r"(?![A-Za-z\d]|[\-/]\w|\.\d)"
)
_AFTER_RECORD = re.compile(
    rf"(?<![^\W\d_])(?:{_RECORD})(?![^\W\d_]){BETWEEN_WORD_AND_NUMBER}{_NUMBER}"
)
_AFTER_PLAN = re.compile(rf"(?<![^\W\d_])(?:{_PLAN})(?![^\W\d_]){BETWEEN_WORD_AND_NUMBER}{_NUMBER}")
SCORE = 0.6  # the label right before it says what the number is
# A policy number is a health plan's only where the text speaks of health: else it is a car's,
# a home's or a life insurance's (INSURANCE_POLICY_ID)
_HEALTH_NEAR = re.compile(
    r"(?i)\b(?:health|medical|dental|vision|patient|hospital|clinic|doctor|physician|hmo|ppo"
    r"|medicaid|medicare|prescription|pharmacy|diagnos\w*|treatment|krankenkasse"
    r"|krankenversicherung|mutuelle|sant[ée]|salud|sanitari[ao]|zorgverzeker\w*|aetna|cigna"
    r"|unitedhealth\w*|humana|kaiser|blue[ \t]+cross|bcbs|anthem|bupa)\b"
)
_HEALTH_REACH = 300


def is_record_number(value: str) -> bool:
    """Whether ``value`` (as matched) has the shape of a record or member number: five to
    twenty letters and digits, four digits at least, no more letters than digits plus four; no
    date and no digit repeated throughout."""
    counts = number_counts(value)
    if counts is None:
        return False
    size, digits = counts
    return 5 <= size <= 20 and digits >= 4 and size - digits <= digits + 4


class HealthRecordDetector(PatternDetector):
    """A medical record number or a health plan member's number, right after its label."""

    name = "health_record"
    entities = ("MEDICAL_RECORD_NUMBER", "HEALTH_PLAN_ID", "INSURANCE_POLICY_ID")
    origin = "HIPAA Safe Harbor identifiers (45 CFR 164.514(b)(2)), after their label"
    patterns = (
        Pattern(
            "record_label",
            _AFTER_RECORD.pattern,
            SCORE,
            keywords=_KEYWORDS,
            group=1,
            entity="MEDICAL_RECORD_NUMBER",
            positives=(
                "Patient: John Smith, MRN ⟦00123456⟧, diagnosed with",
                "medical record number: ⟦MRN-2024-88123⟧",
                "Patient ID ⟦P-0049182⟧ was admitted",
            ),
            negatives=(
                "the MRN field is required",
                "MRN lookup failed on 2024-03-02",
                "patient ID\nTicket 12345678",
                "patient number 20240302",
            ),
            origin="HIPAA Safe Harbor: medical record numbers",
        ),
        Pattern(
            "plan_label",
            _AFTER_PLAN.pattern,
            SCORE,
            keywords=_KEYWORDS,
            group=1,
            entity="HEALTH_PLAN_ID",
            positives=(
                "insurance ID ⟦XJH123456789⟧",
                "Member ID: ⟦W123456789⟧ (Aetna)",
                "health insurance policy number ⟦HX-4411-9920⟧",
            ),
            negatives=("member id 42", "insurance ID: 1111111", "policy number 3 of the handbook"),
            origin="HIPAA Safe Harbor: health plan beneficiary numbers",
        ),
    )

    def detect(self, ctx: ScanContext) -> Iterator[Finding]:
        text = ctx.text
        for entity, expression in (
            ("MEDICAL_RECORD_NUMBER", _AFTER_RECORD),
            ("HEALTH_PLAN_ID", _AFTER_PLAN),
        ):
            for m in expression.finditer(text):
                start, end = m.span(1)
                if not is_record_number(text[start:end]):
                    continue
                kind = entity
                if m.group(0)[:6].lower() == "policy" and not _HEALTH_NEAR.search(
                    text, max(0, m.start() - _HEALTH_REACH), end + _HEALTH_REACH
                ):
                    kind = "INSURANCE_POLICY_ID"  # a car's, a home's, a life's policy
                yield Finding(kind, start, end, SCORE, self.name)


def detectors(settings: ScanSettings) -> list[Detector]:
    return [HealthRecordDetector()]
