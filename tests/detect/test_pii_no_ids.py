"""Norwegian fødselsnummer, D-nummer and H-nummer (table-driven).

Every number here is made for the test: a birth date and an individual number chosen here, the
two check digits computed from the specification (:func:`fnr`: weights 3 7 6 1 8 9 4 5 2 and
5 4 3 2 7 6 5 4 3 2, modulo 11). Look-alikes fail a check digit, the date, the century or the
shape, or are another record's number; a bare D- or H-nummer counts only near a context word.
"""

from __future__ import annotations

import pytest
from stdnum.no import fodselsnummer

from annexa.detect.builtin._regions import regions
from annexa.detect.builtin.no_ids import NoFodselsnummerDetector, detectors
from annexa.detect.interface import ScanContext
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings
from tests.detect.tables import found, table_tests

NO = NoFodselsnummerDetector()
_K1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_K2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def check(digits: str, weights: tuple[int, ...]) -> int:
    """A fødselsnummer check digit: 11 less the weighted sum modulo 11 (11 counts as 0, 10 is
    never issued)."""
    return (11 - sum(int(d) * w for d, w in zip(digits, weights, strict=True))) % 11


def fnr(date: str, first: int = 100, sep: str = "") -> str:
    """The first number of the birth date ``date`` (``DDMMYY``, a D- or H-nummer's too) whose
    individual number is ``first`` or above and whose check digits exist."""
    for individual in range(first, 1000):
        nine = f"{date}{individual:03d}"
        k1 = check(nine, _K1)
        if k1 == 10:
            continue
        k2 = check(f"{nine}{k1}", _K2)
        if k2 < 10:
            return f"{date}{sep}{individual:03d}{k1}{k2}"
    raise AssertionError(date)


def spaced(number: str) -> str:
    return f"{number[:6]} {number[6:]}"


def wrong(number: str, place: int = -1) -> str:
    """The number with a wrong digit at ``place`` (a check digit by default)."""
    digits = list(number)
    digits[place] = str((int(digits[place]) + 1) % 10)
    return "".join(digits)


A = fnr("010180", 120)
B = fnr("150372", 340)
C = fnr("311299", 120)
OLD = fnr("010170", 900)  # individual 900-999 and a year from 40: the 1900s
NEW = fnr("010105", 500)  # individual 500-999 and a year up to 39: the 2000s
D_NUMBER = fnr("410180", 100)  # day + 40
H_NUMBER = fnr("014180", 120)  # month + 40
LEAP = fnr("290200", 500)  # 29 February 2000

POSITIVES = [
    (NO, f"fødselsnummer {spaced(A)}", spaced(A)),
    (NO, f"Pasient {spaced(B)} innlagt", spaced(B)),  # with its space: confirmed alone
    (NO, f"({spaced(C)})", spaced(C)),
    (NO, f"D-nummer: {spaced(D_NUMBER)}", spaced(D_NUMBER)),
    (NO, f"kunde {spaced(D_NUMBER)}", spaced(D_NUMBER)),
    (NO, f"Fødselsnummer: {A}", A),
    (NO, f"kunde {B} ringte", B),  # bare with its real birth date: confirmed alone
    (NO, f"My Norwegian ID is {C}.", C),
    (NO, f"fnr {OLD}", OLD),
    (NO, f"fnr {NEW}", NEW),
    (NO, f"fnr {LEAP}", LEAP),
    (NO, f"D-nummer {D_NUMBER}", D_NUMBER),
    (NO, f"hjelpenummer (H-nummer) {H_NUMBER}", H_NUMBER),
    (NO, f"order {A} (fødselsnummer)", A),  # a reference word, but the context word is near
]

NEGATIVES = [
    (NO, f"fnr {wrong(A)} and {spaced(wrong(B))}"),  # the second check digit
    (NO, f"fnr {wrong(A, -2)}"),  # the first check digit
    (NO, f"fnr {wrong(C, 0)}"),  # a changed day: the check digits fail
    (NO, f"fnr {fnr('320180')}"),  # day 32
    (NO, f"fnr {fnr('011380')}"),  # month 13
    (NO, f"fnr {fnr('310480')}"),  # 31 April
    (NO, f"fnr {fnr('290201')}"),  # 29 February 1901
    (NO, f"fnr {fnr('810180')}"),  # an FH-nummer (day 80 and above): no birth date
    (NO, f"fnr {fnr('010145', 500)}"),  # individual 500-749 and year 40-53: no century
    (NO, f"fnr {fnr('010130', 500)}"),  # 2030: not born yet
    (NO, f"fnr {A}0 and 1{A} and {A}x and x{A}"),
    (NO, f"fnr {A[:6]}-{A[6:]} and {A[:6]}/{A[6:]}"),
    (NO, f"{spaced(A)} 5"),  # one group of a longer run
    (NO, f"order {A}"),  # a record's number
    (NO, f"ref {spaced(B)}"),
    (NO, f"tel {spaced(A)}"),  # a phone's word and none of its own
    (NO, f"+47 {A}"),
    (NO, f"kunde {D_NUMBER} and {H_NUMBER}"),  # bare D- and H-nummer, no context word
]

NEEDS_CONTEXT = [
    (NO, D_NUMBER, "D-nummer"),
    (NO, H_NUMBER, "fødselsnummer"),
    (NO, A, "fnr"),  # a reference word ("ref") before it
    (NO, spaced(B), "personnummer"),
]

test_finds_with_spans, test_ignores_look_alikes, test_bare_number_needs_a_context_word = (
    table_tests(POSITIVES, NEGATIVES, NEEDS_CONTEXT)
)


def test_the_checks_are_python_stdnums() -> None:
    for number in (A, B, C, OLD, NEW, D_NUMBER, H_NUMBER, LEAP):
        assert fodselsnummer.is_valid(number), number
        assert not fodselsnummer.is_valid(wrong(number))
        assert not fodselsnummer.is_valid(wrong(number, -2))


def test_a_remainder_of_ten_is_never_issued() -> None:
    """An individual number whose first check digit would be 10 gives no valid number."""
    nine = next(f"010180{n:03d}" for n in range(100, 500) if check(f"010180{n:03d}", _K1) == 10)
    for k1 in "0123456789":
        for k2 in "0123456789":
            assert found(NO, f"fnr {nine}{k1}{k2}", min_score=0.0) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"fødselsnummer {spaced(A)}", spaced(A)),
        (f"Pasient {B} innlagt", B),
        (f"{spaced(C)}", spaced(C)),  # no phone number takes the spaced form
        (f"D-nummer {D_NUMBER}", D_NUMBER),
        (f"fnr: {fnr('050312', 100)}", fnr("050312", 100)),
    ],
)
def test_the_full_scanner_reports_the_fodselsnummer(text: str, expected: str) -> None:
    findings = Scanner(ScanSettings(ner=False)).scan(text)
    assert [(f.entity, text[f.start : f.end]) for f in findings] == [("NO_FODSELSNUMMER", expected)]


def test_a_phone_word_leaves_the_number_to_the_phone_detector() -> None:
    text = f"Telefon {spaced(A)}"
    findings = Scanner(ScanSettings(ner=False)).scan(text)
    assert [f.entity for f in findings] == ["PHONE_NUMBER"]


@pytest.mark.parametrize(
    "text",
    [
        "order 32345678901 and 01345678901",  # day 32, month 34
        "id 81018012345",  # an FH-nummer's day
        "call 1234567890 and 123456789012",
    ],
)
def test_region_gate_spares_other_numbers(text: str) -> None:
    assert NO.wanted(ScanContext(text=text, lower=text.lower())) == []
    assert regions(text).numbers  # there are digit runs, all turned away


def test_the_module_exposes_its_detector() -> None:
    assert [d.name for d in detectors(ScanSettings())] == ["no_fodselsnummer"]
