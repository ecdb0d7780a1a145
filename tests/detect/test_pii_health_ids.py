"""A patient's record numbers (MEDICAL_RECORD_NUMBER) and health plan numbers (HEALTH_PLAN_ID)
after their label, table-driven.

HIPAA's Safe Harbor list names both; neither has a format, so the label decides. The numbers are
made up in the shapes hospitals and insurers print; the look-alikes are the same labels before
what is no number of theirs (a field name, a date, a count, the next line).
"""

from __future__ import annotations

import pytest

from annexa.detect.builtin.health_ids import HealthRecordDetector, is_record_number
from annexa.detect.scanner import Scanner
from annexa.policy.schema import DEFAULT_ENTITY_LEVELS
from annexa.settings import ScanSettings
from tests.detect.tables import found

HEALTH = HealthRecordDetector()

RECORDS = [
    ("Patient: John Smith, MRN 00123456, diagnosed with", "00123456"),
    ("medical record number: MRN-2024-88123", "MRN-2024-88123"),
    ("Medical record # 4471 0093 2", "4471 0093 2"),
    ("Patient ID P-0049182 was admitted", "P-0049182"),
    ("patient no. 7712093 in bed 4", "7712093"),
    ("Patientennummer 0049-1182", "0049-1182"),
    ("numéro de dossier médical 2024A99871", "2024A99871"),
    ("MRN 00123456 DOB 1980-01-02", "00123456"),
]
PLANS = [
    ("insurance ID XJH123456789", "XJH123456789"),
    ("Member ID: W123456789 (Aetna)", "W123456789"),
    ("subscriber ID 884213997-01", "884213997-01"),
    ("health insurance policy number HX-4411-9920 expires", "HX-4411-9920"),
    ("Medicaid ID 11223344A", "11223344A"),
    ("numéro d'assuré 1 85 02 75", "1 85 02 75"),
]
NEGATIVES = [
    "the MRN field is required",
    "MRN lookup failed on 2024-03-02",
    "patient ID\nTicket 12345678",
    "patient ID. Ticket 12345678",
    "member id 42",
    "insurance ID: 1111111",
    "policy number 3 of the handbook",
    "patient number 20240302",
    "member ID lookup via https://x.example/m/12345678",
]


@pytest.mark.parametrize(("text", "number"), RECORDS)
def test_a_record_number_after_its_label(text: str, number: str) -> None:
    assert found(HEALTH, text) == [("MEDICAL_RECORD_NUMBER", number)]


@pytest.mark.parametrize(("text", "number"), PLANS)
def test_a_plan_number_after_its_label(text: str, number: str) -> None:
    assert found(HEALTH, text) == [("HEALTH_PLAN_ID", number)]


@pytest.mark.parametrize(
    "text",
    [
        "Claim CLM-88213: policy no. HX-5521-0093, vehicle reg AB12 CDE",
        "Home insurance, policy number 7731-4421-09",
    ],
)
def test_a_policy_number_where_nothing_speaks_of_health_is_an_insurance_policy(text: str) -> None:
    assert [entity for entity, _ in found(HEALTH, text)] == ["INSURANCE_POLICY_ID"]


@pytest.mark.parametrize("text", NEGATIVES)
def test_no_number_where_the_label_has_none(text: str) -> None:
    assert found(HEALTH, text) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("00123456", True),
        ("XJH123456789", True),
        ("1234", False),  # four characters
        ("ABCDEFGHI1234", False),  # nine letters to four digits
        ("123456789012345678901", False),  # twenty-one characters
        ("2024-03-02", False),
        ("7777777", False),
    ],
)
def test_the_number_has_a_record_numbers_shape(value: str, expected: bool) -> None:
    assert is_record_number(value) is expected


def test_a_checked_number_keeps_its_own_type() -> None:
    text = "Medicare number 1EG4-TE5-MK72"
    findings = Scanner(ScanSettings()).scan(text)
    assert [(f.entity, text[f.start : f.end]) for f in findings] == [("US_MBI", "1EG4-TE5-MK72")]


def test_health_numbers_are_restricted_and_found_by_the_default_scanner() -> None:
    assert DEFAULT_ENTITY_LEVELS["MEDICAL_RECORD_NUMBER"] == "restricted"
    assert DEFAULT_ENTITY_LEVELS["HEALTH_PLAN_ID"] == "restricted"
    text = "Patient: John Smith, MRN 00123456; insurance ID XJH123456789."
    got = [(f.entity, text[f.start : f.end]) for f in Scanner().scan(text)]
    assert ("MEDICAL_RECORD_NUMBER", "00123456") in got
    assert ("HEALTH_PLAN_ID", "XJH123456789") in got
