"""Korean, Thai, Singaporean and Indian (GSTIN) identifiers (table-driven).

Every number here is made up, its check digit or letter computed from the published rule. The
positives come with their spans; the look-alikes fail a check, a date, a structural rule, or are
something else a number of that shape often is (an order number, a phone number).
"""

from __future__ import annotations

import pytest
from stdnum.kr import rrn

from annexa.detect.builtin._regions import regions
from annexa.detect.builtin.in_ids import InGstinDetector, is_gstin
from annexa.detect.builtin.kr_ids import (
    KrBrnDetector,
    KrFrnDetector,
    KrRrnDetector,
    brn_check_digit,
)
from annexa.detect.builtin.sg_ids import SgNricFinDetector, SgUenDetector, nric_check_letter
from annexa.detect.builtin.th_ids import ThTninDetector
from annexa.detect.interface import Detector
from annexa.detect.scanner import Scanner, load_detectors
from annexa.settings import ScanSettings
from tests.detect.tables import found, table_tests


def scored(detector: Detector, text: str) -> list[tuple[str, float, bool]]:
    """(covered text, score, validated) of every finding, whatever its score."""
    scanner = Scanner(ScanSettings(min_score=0.0), detectors=[detector])
    return [(text[f.start : f.end], round(f.score, 2), f.validated) for f in scanner.scan(text)]


POSITIVES = [
    (KrRrnDetector(), "850714-1123455", "850714-1123455"),
    (KrRrnDetector(), "주민등록번호: 930228-2401170", "930228-2401170"),
    (KrRrnDetector(), "(040612-3215084)", "040612-3215084"),
    (KrRrnDetector(), "주민등록번호는 8507141123455 입니다", "8507141123455"),
    (KrRrnDetector(), "My RRN is 9302282401170.", "9302282401170"),
    (KrRrnDetector(), "주민번호850714-1123455", "850714-1123455"),  # no space at all
    (KrFrnDetector(), "880101-5092138", "880101-5092138"),
    (KrFrnDetector(), "alien registration no. 030817-7604811", "030817-7604811"),
    (KrFrnDetector(), "외국인등록번호를 9511306114225로 적어 주세요", "9511306114225"),
    (KrBrnDetector(), "사업자등록번호: 220-81-12341", "220-81-12341"),
    (KrBrnDetector(), "사업자번호는 214-86-00826입니다", "214-86-00826"),
    (KrBrnDetector(), "business registration number 1058713572.", "1058713572"),
    (KrBrnDetector(), "BRN 6171903452", "6171903452"),
    (ThTninDetector(), "1-1007-00123-45-5", "1-1007-00123-45-5"),
    (ThTninDetector(), "card 3 1010 00456 78 5 issued", "3 1010 00456 78 5"),
    (ThTninDetector(), "เลขประจำตัวประชาชน 5100501234560", "5100501234560"),
    (ThTninDetector(), "เลขประจำตัวประชาชนของฉันคือ1100700123455ค่ะ", "1100700123455"),
    (ThTninDetector(), "Thai ID: 8100200987652.", "8100200987652"),
    (SgNricFinDetector(), "NRIC S8812345Z", "S8812345Z"),
    (SgNricFinDetector(), "born 2004, T0412345F", "T0412345F"),
    (SgNricFinDetector(), "FIN: f7654321q.", "f7654321q"),
    (SgNricFinDetector(), "pass holder G5123456T", "G5123456T"),
    (SgNricFinDetector(), "new FIN M1234567K", "M1234567K"),
    (SgUenDetector(), "UEN 53001234X", "53001234X"),
    (SgUenDetector(), "ACRA: 201912345R.", "201912345R"),
    (SgUenDetector(), "T09LL0012E", "T09LL0012E"),
    (SgUenDetector(), "society S98SS0123E registered", "S98SS0123E"),
    (InGstinDetector(), "GSTIN: 29ABCPK4375J1ZC", "29ABCPK4375J1ZC"),
    (InGstinDetector(), "supplier 07AAJFS9876D2ZM, Delhi", "07AAJFS9876D2ZM"),
    (InGstinDetector(), "(33AAACZ1234M1ZD)", "33AAACZ1234M1ZD"),
    (InGstinDetector(), "Leh 38ABHPL2468F1ZI", "38ABHPL2468F1ZI"),  # Ladakh, state 38
]

NEGATIVES = [
    (KrRrnDetector(), "850714-1123456"),  # check digit, no context word
    (KrRrnDetector(), "RRN 850732-1123455 or 851314-1123455"),  # no such day, month
    (KrRrnDetector(), "주민등록번호 850229-1123452"),  # 1985 was no leap year
    (KrRrnDetector(), "RRN 391231-3123456"),  # born in 2039
    (KrRrnDetector(), "880101-5092138"),  # a foreigner's number
    (KrRrnDetector(), "850714-11234550 and 1850714-1123455"),
    (KrRrnDetector(), "850714 1123455"),
    (KrRrnDetector(), "order 850714-1123455"),  # a date-led order number
    (KrRrnDetector(), "주문번호: 930228-2401170"),
    (KrRrnDetector(), "ref 8507141123455"),  # bare, no context word
    (KrFrnDetector(), "850714-1123455"),  # a citizen's number
    (KrFrnDetector(), "880101-5092139"),  # check digit, no context word
    (KrFrnDetector(), "880101-9092138 and 880101-0092138"),
    (KrFrnDetector(), "invoice no. 880101-5092138"),
    (KrBrnDetector(), "220-81-12341"),  # valid, but no context word
    (KrBrnDetector(), "사업자등록번호 220-81-12342"),  # check digit
    (KrBrnDetector(), "사업자등록번호 100-81-12341"),  # tax office below 101
    (KrBrnDetector(), "사업자등록번호 220-00-12341 or 220-81-00001"),
    (KrBrnDetector(), "사업자등록번호 220-81-123410"),
    (KrBrnDetector(), "call 617-19-03452"),  # valid, a phone's context word
    (ThTninDetector(), "1-1007-00123-45-6"),  # check digit
    (ThTninDetector(), "0-1007-00123-45-5 and 9-1007-00123-45-5"),
    (ThTninDetector(), "1-1007-00123 45-5"),  # mixed separators
    (ThTninDetector(), "1-1007-00123-45-55"),
    (ThTninDetector(), "barcode 1100700123455"),  # bare, no context word
    (ThTninDetector(), "Thai ID 1100700123456"),  # check digit
    (SgNricFinDetector(), "S8812345A"),  # check letter
    (SgNricFinDetector(), "F7654321Z and M1234567M"),
    (SgNricFinDetector(), "A8812345Z"),  # no such prefix
    (SgNricFinDetector(), "S881234Z and S88123456Z"),
    (SgNricFinDetector(), "sku XS8812345Z-2"),
    (SgUenDetector(), "53001234X"),  # a business's number needs a context word
    (SgUenDetector(), "201912345R"),  # so does a company's
    (SgUenDetector(), "UEN 53001234K"),  # check letter
    (SgUenDetector(), "UEN 209912345Z"),  # registered in 2099
    (SgUenDetector(), "T09LL0012F"),  # check letter
    (SgUenDetector(), "T09QQ0012B"),  # no such entity type
    (SgUenDetector(), "T98LL0012E"),  # T: issued in 2098
    (InGstinDetector(), "GSTIN 29ABCPK4375J1ZD"),  # check character
    (InGstinDetector(), "GSTIN 39ABCPK4375J1ZB"),  # no state 39
    (InGstinDetector(), "GSTIN 29ABCXK4375J1ZC"),  # no such PAN holder type
    (InGstinDetector(), "GSTIN 29ABCPK4375J1YC"),  # Z missing
    (InGstinDetector(), "GSTIN 29ABCPK4375J1Z and 29ABCPK4375J1ZCC"),
    (InGstinDetector(), "gstin 29abcpk4375j1zc"),  # GSTINs are upper case
]

# A bare number that passes its check stays below the default threshold without a context word.
NEEDS_CONTEXT = [
    (KrRrnDetector(), "8507141123455", "주민등록번호"),
    (KrRrnDetector(), "9302282401170", "resident registration number"),
    (KrFrnDetector(), "8801015092138", "외국인등록번호"),
    (KrFrnDetector(), "0308177604811", "FRN"),
    (KrBrnDetector(), "220-81-12341", "사업자등록번호"),
    (KrBrnDetector(), "2208112341", "BRN"),
    (ThTninDetector(), "1100700123455", "บัตรประชาชน"),
    (ThTninDetector(), "3101000456785", "national ID"),
    (SgUenDetector(), "53001234X", "UEN"),
    (SgUenDetector(), "199800123E", "business registration"),
]


test_finds_with_spans, test_ignores_look_alikes, test_bare_number_needs_a_context_word = (
    table_tests(POSITIVES, NEGATIVES, NEEDS_CONTEXT)
)


@pytest.mark.parametrize(("detector", "number", "word"), NEEDS_CONTEXT)
def test_a_number_near_its_word_is_confirmed(detector: Detector, number: str, word: str) -> None:
    assert scored(detector, f"{word}: {number} noted") == [(number, 1.0, True)]


@pytest.mark.parametrize(
    ("detector", "text", "number"),
    [
        (KrRrnDetector(), "주민등록번호는 211207-3918264 입니다", "211207-3918264"),
        (KrFrnDetector(), "외국인등록번호: 770305-5912744", "770305-5912744"),
    ],
)
def test_number_without_check_digit_reported_only_near_a_context_word(
    detector: Detector, text: str, number: str
) -> None:
    """Numbers assigned since October 2020 have no check digit: unconfirmed, context only."""
    assert not rrn.is_valid(number)
    assert scored(detector, text) == [(number, 0.65, False)]
    assert found(detector, number) == []
    assert found(detector, number.replace("-", "")) == []


def test_bare_registration_number_without_check_digit_near_context_word() -> None:
    assert scored(KrRrnDetector(), "RRN 2112073918264") == [("2112073918264", 0.55, False)]


def test_dashed_registration_number_confirmed_without_context_word() -> None:
    assert scored(KrRrnDetector(), "850714-1123455") == [("850714-1123455", 1.0, True)]
    assert scored(KrFrnDetector(), "880101-5092138") == [("880101-5092138", 1.0, True)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Korean ID: 850714-1123455", True),
        ("id no. 850714-1123455", True),
        ("order ID: 850714-1123455", False),
        ("invoice 850714-1123455", False),
        ("예약번호는 850714-1123455", False),
        ("#850714-1123455", False),
    ],
)
def test_record_reference_words_drop_a_dashed_number(text: str, expected: bool) -> None:
    assert bool(found(KrRrnDetector(), text)) is expected


def test_context_word_beats_reference_word() -> None:
    text = "주민등록번호 (order form) 850714-1123455"
    assert found(KrRrnDetector(), text) == [("KR_RRN", "850714-1123455")]


def test_resident_and_foreigner_numbers_do_not_overlap() -> None:
    text = "850714-1123455 / 880101-5092138"
    both = Scanner(ScanSettings(), detectors=[KrRrnDetector(), KrFrnDetector()]).scan(text)
    assert [(f.entity, text[f.start : f.end]) for f in both] == [
        ("KR_RRN", "850714-1123455"),
        ("KR_FRN", "880101-5092138"),
    ]


def test_grouped_thai_number_is_confirmed() -> None:
    assert scored(ThTninDetector(), "1-1007-00123-45-5") == [("1-1007-00123-45-5", 1.0, True)]


def test_other_uen_layout_is_confirmed_without_context() -> None:
    assert scored(SgUenDetector(), "T21PF1234D") == [("T21PF1234D", 1.0, True)]


@pytest.mark.parametrize(
    ("digits", "check"),
    [("116820027", "6"), ("134867268", "3"), ("220811234", "1"), ("214860082", "6")],
)
def test_brn_check_digit(digits: str, check: str) -> None:
    assert brn_check_digit(digits) == check


@pytest.mark.parametrize(
    ("value", "letter"),
    [
        ("S8812345", "Z"),
        ("T0412345", "F"),
        ("F7654321", "Q"),
        ("G5123456", "T"),
        ("M1234567", "K"),
        ("s1500087", "B"),
    ],
)
def test_nric_check_letter(value: str, letter: str) -> None:
    assert nric_check_letter(value) == letter


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("29ABCPK4375J1ZC", True),
        ("38ABHPL2468F1ZI", True),
        ("38ABHPL2468F1ZJ", False),
        ("97ABHPL2468F0ZI", False),
        ("29ABCPK4375J1ZD", False),
    ],
)
def test_is_gstin(value: str, valid: bool) -> None:
    assert is_gstin(value) is valid


def test_the_region_pass_gates_the_gstin_detector() -> None:
    """The shared region pass has a GSTIN's shape (digit-led, letters inside) among its TOKEN
    regions: the detector is skipped where there is none, and finds them among other text."""
    detector = InGstinDetector()
    assert detector.region_gate is not None
    assert regions("GSTIN 07AAJFS9876D2ZM.").may_select(detector.region_gate)
    assert not regions("nothing to see, 12 items, ref ABCDE12345").may_select(detector.region_gate)
    text = "Vendor: Acme Pvt Ltd\nGSTIN 07AAJFS9876D2ZM; PAN AAJFS9876D\n" * 3
    assert found(detector, text) == [("IN_GSTIN", "07AAJFS9876D2ZM")] * 3
    assert found(detector, "nothing to see, 12 items, ref ABCDE12345") == []


def test_the_scanner_loads_the_asian_detectors() -> None:
    names = {d.name for d in load_detectors(ScanSettings())}
    assert {"kr_rrn", "kr_frn", "kr_brn", "th_tnin", "sg_nric_fin", "sg_uen", "in_gstin"} <= names
    assert {"kr_driver_license", "in_aadhaar", "in_pan"} <= names
