"""Austrian social insurance numbers (Versicherungsnummer, SVNR; table-driven).

Every number here is made for the test: a serial and a birth date chosen here, the check digit
computed from the specification (:func:`svnr`: weights 3 7 9 0 5 8 4 2 1 6, modulo 11).
Look-alikes fail the check digit, the date, the serial or the shape, or are another record's
number; a bare run, and a number with a fictitious month 13-15, count only near a context word.
"""

from __future__ import annotations

import pytest
from stdnum.at import vnr

from annexa.detect.builtin._regions import regions
from annexa.detect.builtin.at_ids import AtSvnrDetector, detectors, svnr_date
from annexa.detect.interface import ScanContext
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings
from tests.detect.tables import found, table_tests

AT = AtSvnrDetector()
_WEIGHTS = (3, 7, 9, 0, 5, 8, 4, 2, 1, 6)


def remainder(serial: str, date: str) -> int:
    """The weighted sum of the serial and the date, modulo 11 (the check digit's own place
    weighs 0)."""
    digits = serial + "0" + date
    return sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=True)) % 11


def svnr(serial: str, date: str, sep: str = " ") -> str:
    """The Versicherungsnummer of a three-digit serial and a date ``DDMMYY``."""
    check = remainder(serial, date)
    assert check < 10, f"serial {serial} is never issued for {date}"
    return f"{serial}{check}{sep}{date}"


def wrong(number: str) -> str:
    """The number with a wrong check digit."""
    return number[:3] + str((int(number[3]) + 1) % 10) + number[4:]


A = svnr("123", "010180")
B = svnr("456", "150372")
C = svnr("222", "150914")
D = svnr("987", "070707")
LEAP = svnr("301", "290204")  # 29 February 2004
MONTH_13 = svnr("555", "011365")  # a fictitious date (unknown birth day or used-up serials)
MONTH_15 = svnr("432", "011547")

POSITIVES = [
    (AT, f"SVNR: {A}", A),
    (AT, f"Versicherungsnummer {B} (e-card)", B),
    (AT, f"Patientin {C}, Station 3", C),  # the form with its space: confirmed alone
    (AT, f"({D})", D),
    (AT, f"born on a leap day: {LEAP}", LEAP),
    (AT, f"Sozialversicherungsnummer {MONTH_13}", MONTH_13),
    (AT, f"SV-Nr. {MONTH_15}", MONTH_15),
    (AT, f"SVNR {A.replace(' ', '')}", A.replace(" ", "")),
    (AT, f"Meine Sozialversicherungsnummer ist {D.replace(' ', '')}.", D.replace(" ", "")),
    (AT, f"social security number: {B.replace(' ', '')}", B.replace(" ", "")),
    (AT, f"Rechnung für SVNR {A}", A),  # a reference word, but the context word is near
]

NEGATIVES = [
    (AT, f"SVNR {wrong(A)}"),  # check digit
    (AT, f"SVNR {wrong(B).replace(' ', '')}"),
    (AT, f"SVNR 0{A[1:]}"),  # serials start at 100
    (AT, "SVNR 1230 320180"),  # day 32
    (AT, "SVNR 1230 011680"),  # month 16
    (AT, f"SVNR {svnr('123', '290203')}"),  # 29 February 2003
    (AT, f"SVNR {svnr('123', '310480')}"),  # 31 April
    (AT, f"{MONTH_13} and {MONTH_15}"),  # a fictitious month, no context word
    (AT, f"SVNR {A}0 and 1{A} and {A}x"),
    (AT, f"SVNR {A[:4]}-{A[5:]} and {A[:4]}/{A[5:]}"),
    (AT, f"Rechnung {A}"),  # a record's number
    (AT, f"order #{B}"),
    (AT, f"call {A}"),  # a phone's word and none of its own
    (AT, f"Tel. +43 {A}"),
    (AT, f"0043 {A}"),
    (AT, f"{A} 12"),  # one group of a longer run
    (AT, f"ref {A.replace(' ', '')}"),  # bare, no context word
    (AT, f"ts {D.replace(' ', '')}"),
]

NEEDS_CONTEXT = [
    (AT, A.replace(" ", ""), "SVNR"),
    (AT, B.replace(" ", ""), "Sozialversicherungsnummer"),
    (AT, D.replace(" ", ""), "e-card"),
    (AT, MONTH_13, "Versicherungsnummer"),
    (AT, MONTH_15.replace(" ", ""), "VSNR"),
]

test_finds_with_spans, test_ignores_look_alikes, test_bare_number_needs_a_context_word = (
    table_tests(POSITIVES, NEGATIVES, NEEDS_CONTEXT)
)


def test_the_check_digit_is_python_stdnums() -> None:
    for number in (A, B, C, D, LEAP, MONTH_13, MONTH_15):
        assert vnr.is_valid(number)
        assert not vnr.is_valid(wrong(number))


def test_a_serial_whose_remainder_is_ten_is_never_issued() -> None:
    """No check digit makes such a serial valid."""
    serial = next(f"{n}" for n in range(100, 1000) if remainder(f"{n}", "010180") == 10)
    for digit in "0123456789":
        assert found(AT, f"SVNR {serial}{digit} 010180", min_score=0.0) == []


@pytest.mark.parametrize(
    ("digits", "verdict"),
    [
        ("1237010180", True),
        ("1237290204", True),  # 29 February in a year divisible by four
        ("1237290203", False),
        ("1237310480", False),  # 31 April
        ("1237011365", None),  # the fictitious months
        ("1237011465", None),
        ("1237311565", None),
        ("1237011665", False),
        ("1237001365", False),
        ("1237000180", False),
    ],
)
def test_svnr_date(digits: str, verdict: bool | None) -> None:
    assert svnr_date(digits) is verdict


def test_a_fictitious_month_is_reported_unconfirmed() -> None:
    scanner = Scanner(ScanSettings(min_score=0.0), detectors=[AT])
    text = f"Versicherungsnummer {MONTH_13}"
    [finding] = scanner.scan(text)
    assert (text[finding.start : finding.end], finding.validated) == (MONTH_13, False)
    assert 0.4 <= finding.score < 1.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"SVNR: {A}", A),
        (f"Patientin {C}, Station 3", C),  # the bare spaced form: no phone number takes it
        (f"{B}", B),
        (f"Sozialversicherungsnummer {D.replace(' ', '')}", D.replace(" ", "")),
        (f"e-card {MONTH_13}", MONTH_13),
    ],
)
def test_the_full_scanner_reports_the_svnr(text: str, expected: str) -> None:
    findings = Scanner(ScanSettings(ner=False)).scan(text)
    assert [(f.entity, text[f.start : f.end]) for f in findings] == [("AT_SVNR", expected)]


def test_a_phone_word_leaves_the_number_to_the_phone_detector() -> None:
    text = f"Fax {A}"
    findings = Scanner(ScanSettings(ner=False)).scan(text)
    assert [f.entity for f in findings] == ["PHONE_NUMBER"]


@pytest.mark.parametrize(
    "text",
    [
        "order 0123456789 and 0664 123456",  # serials are not led by 0
        "ts 1712345678",  # day 34
        "id 1234561780",  # month 17
        "call 123456789 and 12345678901",
    ],
)
def test_region_gate_spares_other_numbers(text: str) -> None:
    assert AT.wanted(ScanContext(text=text, lower=text.lower())) == []
    assert regions(text).numbers  # there are digit runs, all turned away


def test_the_module_exposes_its_detector() -> None:
    assert [d.name for d in detectors(ScanSettings())] == ["at_svnr"]
