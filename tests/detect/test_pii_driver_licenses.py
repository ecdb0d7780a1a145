"""Driver's licence numbers of any country (DRIVER_LICENSE), after a driver's-licence word,
table-driven.

The numbers are the layouts AAMVA's card design standard lists for the US states and the
EU's card numbers, with digits made up here; the look-alikes are the same words before
what is no licence number (a date, a class, a version, the next line).
"""

from __future__ import annotations

import pytest

from annexa.detect.builtin.driver_licenses import DriverLicenseDetector, is_licence_number
from annexa.detect.scanner import Scanner
from annexa.policy.schema import DEFAULT_ENTITY_LEVELS
from annexa.settings import ScanSettings
from tests.detect.tables import table_tests

DL = DriverLicenseDetector()

POSITIVES = [
    (DL, "Driver's license: D1234567 (California)", "D1234567"),
    (DL, "Driver's licence D1234567", "D1234567"),
    (DL, "my driver’s license number is Y1234567.", "Y1234567"),
    (DL, "driver license number 123 456 789, NY", "123 456 789"),
    (DL, "FL driver's license A123-456-78-901-0", "A123-456-78-901-0"),
    (DL, "NJ drivers license A1234 56789 01234", "A1234 56789 01234"),
    (DL, "DL No. A 123 456 789 012 issued in Michigan", "A 123 456 789 012"),
    (DL, "DL# S53020018 exp 2027", "S53020018"),
    (DL, "Texas DL: 12345678", "12345678"),
    (DL, "SSN 536-22-8741, DL CA D1234567, born 03/14/1979", "D1234567"),
    (DL, "Führerschein-Nr. B072RRE2I55", "B072RRE2I55"),
    (DL, "Fuehrerscheinnummer: J0105T4A812", "J0105T4A812"),
    (DL, "numéro du permis de conduire : 123456789012", "123456789012"),
    (DL, "licencia de conducir 12345678", "12345678"),
    (DL, "numero patente di guida U1A234567B", "U1A234567B"),
    (DL, "rijbewijsnummer 5123456789", "5123456789"),
]

NEGATIVES = [
    (DL, "driver's license expires 2027-03-31"),
    (DL, "driver license 20270331"),
    (DL, "the driver's license office, suite 1234"),
    (DL, "driving licence\nticket 12345678"),
    (DL, "driver's license. Ticket 12345678"),
    (DL, "driver version 5.10.2 installed"),
    (DL, "update the driver to 52345678"),
    (DL, "download DL: v2"),
    (DL, "DL all-staff list"),
    (DL, "the DL NY office"),
    (DL, "https://x.example/file?dl=12345678"),
    (DL, "driver's license 1111111"),
    (DL, "driver's license class B"),
    (DL, "driver's license 1234"),
]

test_finds_with_spans, test_ignores_look_alikes, _ = table_tests(POSITIVES, NEGATIVES, [])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("D1234567", True),
        ("123 456 789", True),
        ("B072RRE2I55", True),
        ("ABCDEF12345", False),  # six letters
        ("A1234", False),  # four digits
        ("12345678901234567", False),  # seventeen characters
        ("2027-03-31", False),
        ("31 03 2027", False),
        ("9999999", False),
    ],
)
def test_the_number_has_a_licence_numbers_shape(value: str, expected: bool) -> None:
    assert is_licence_number(value) is expected


def test_a_uk_licence_keeps_its_own_type() -> None:
    text = "driving licence MORGA753116SM9IJ"
    findings = Scanner(ScanSettings()).scan(text)
    assert [(f.entity, text[f.start : f.end]) for f in findings] == [
        ("UK_DRIVING_LICENCE", "MORGA753116SM9IJ")
    ]


def test_the_licence_after_its_word_is_not_an_ssn() -> None:
    text = "SSN 536-22-1234, driver's license 123456789"
    findings = Scanner(ScanSettings()).scan(text)
    assert [(f.entity, text[f.start : f.end]) for f in findings] == [
        ("US_SSN", "536-22-1234"),
        ("DRIVER_LICENSE", "123456789"),
    ]


def test_licences_are_restricted_and_found_by_the_default_scanner() -> None:
    assert DEFAULT_ENTITY_LEVELS["DRIVER_LICENSE"] == "restricted"
    assert "driver_license" in {d.name for d in Scanner().detectors}
