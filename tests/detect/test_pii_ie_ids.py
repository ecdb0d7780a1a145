"""Irish Personal Public Service Numbers (table-driven).

Every number here is made for the test: seven digits and the check letter computed from the
Revenue rule (the digits weighted 8 to 2, plus 9 times the second letter's value when it is A, B
or H, modulo 23, read in ``WABCDEFGHIJKLMNOPQRSTUV``). Look-alikes fail the check, the length, the
case, or stand without the word a weaker form needs.
"""

from __future__ import annotations

import pytest
from stdnum.ie import pps

from annexa.detect.builtin._regions import regions
from annexa.detect.builtin.ie_ids import IePpsDetector, detectors
from annexa.detect.interface import ScanContext
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings
from tests.detect.tables import found, table_tests

PPS = IePpsDetector()
_LETTERS = "WABCDEFGHIJKLMNOPQRSTUV"


def pps_number(digits: str, second: str = "") -> str:
    """Seven digits, the check letter, and ``second`` (which enters the check when A, B or
    H)."""
    total = sum(int(d) * w for d, w in zip(digits, range(8, 1, -1), strict=True))
    if second in ("A", "B", "H"):
        total += 9 * (ord(second) - ord("A") + 1)
    return f"{digits}{_LETTERS[total % 23]}{second}"


def wrong(number: str) -> str:
    """The number with the next check letter."""
    check = _LETTERS[(_LETTERS.index(number[7]) + 1) % 23]
    return f"{number[:7]}{check}{number[8:]}"


NEW = pps_number("1234567", "A")  # 2013 format, a person
NEW_B = pps_number("7654321", "B")  # 2024: B on new numbers
COMPANY = pps_number("2468024", "H")  # a non-individual
MARRIED = pps_number("3141592", "W")  # pre-2013, W ignored by the check
OLD_T = pps_number("7654321", "T")
OLD = pps_number("1234567")  # one letter
OLD_2 = pps_number("9081726")

POSITIVES = [
    # compact, two letters: confirmed alone
    (PPS, f"PPSN: {NEW}", NEW),
    (PPS, f"employee {NEW_B} joined", NEW_B),
    (PPS, f"({COMPANY})", COMPANY),
    (PPS, MARRIED, MARRIED),
    (PPS, f"record {OLD_T}, Dublin", OLD_T),
    (PPS, f"pps number {NEW.lower()}", NEW.lower()),
    # one letter, a space, or lower case: near a context word
    (PPS, f"PPS No: {OLD}", OLD),
    (PPS, f"my personal public service number is {NEW[:7]} {NEW[7:]}.", f"{NEW[:7]} {NEW[7:]}"),
    (PPS, f"uimhir PSP {OLD_2.lower()}", OLD_2.lower()),
    (PPS, f"{OLD_2} is my PPSN", OLD_2),
    (PPS, f"PPS number: {OLD[:7]} {OLD[7:]}", f"{OLD[:7]} {OLD[7:]}"),
]

NEGATIVES = [
    (PPS, wrong(NEW)),  # check letter
    (PPS, f"PPSN {wrong(OLD)}"),
    (PPS, f"{NEW[:8]}T" if NEW[8] != "T" else f"{NEW[:8]}X"),  # the second letter enters
    (PPS, f"{NEW}B"),  # three letters
    (PPS, f"8{NEW}"),  # eight digits
    (PPS, f"PPS {NEW[1:]}"),  # six digits
    (PPS, NEW.lower()),  # lower case, no context word
    (PPS, NEW[:8] + NEW[8].lower()),  # mixed case
    (PPS, f"VAT IE {NEW}"),  # a VAT number: vat_id's
    (PPS, f"IE-{NEW}"),
    (PPS, f"order {NEW}"),  # a record's number
    (PPS, f"ref #{COMPANY}"),
    (PPS, f"part {OLD}"),  # one letter, no context word
    (PPS, f"room {NEW[:7]} {NEW[7:]}"),  # spaced, no context word
    (PPS, f"PPS {OLD}9"),
    (PPS, f"PPS x{OLD}"),
    (PPS, f"PPS {OLD[:7]}Y"),  # Y is no check letter
    (PPS, f"PPS {OLD[:7]} {OLD[7].lower()}"),  # a number and a word, not a spaced letter
]

# One random number in 23 passes: a single letter (the shape of part numbers) needs a word.
NEEDS_CONTEXT = [
    (PPS, OLD, "PPS"),
    (PPS, OLD_2, "ppsn"),
    (PPS, f"{NEW[:7]} {NEW[7:]}", "personal public service number"),
    (PPS, NEW.lower(), "PPS No"),
    (PPS, OLD_2, "uimhir PSP"),
]


test_finds_with_spans, test_ignores_look_alikes, test_bare_number_needs_a_context_word = (
    table_tests(POSITIVES, NEGATIVES, NEEDS_CONTEXT)
)


@pytest.mark.parametrize("number", [NEW, NEW_B, COMPANY, MARRIED, OLD_T, OLD, OLD_2])
def test_made_up_numbers_pass_python_stdnum(number: str) -> None:
    assert pps.is_valid(number)


def test_the_old_second_letters_do_not_enter_the_check() -> None:
    for second in "WTX":
        number = pps_number("1234567") + second
        assert pps.is_valid(number)
        assert found(PPS, number) == [("IE_PPS", number)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"PPSN: {NEW}", NEW),
        (f"employee {NEW_B} joined", NEW_B),
        (f"PPS No: {OLD}", OLD),
        (f"Mo uimhir PSP: {OLD_2}", OLD_2),
        (f"my PPS number is {NEW[:7]} {NEW[7:]}", f"{NEW[:7]} {NEW[7:]}"),
    ],
)
def test_confirmed_and_reported_by_the_full_scanner(text: str, expected: str) -> None:
    """Among every detector (VAT numbers, other countries' numbers), the span is this one's."""
    findings = Scanner(ScanSettings(ner=False)).scan(text)
    assert [(f.entity, text[f.start : f.end], f.validated) for f in findings] == [
        ("IE_PPS", expected, True)
    ]


def test_prefixed_number_is_left_to_the_vat_detector() -> None:
    text = f"VAT IE {OLD}"
    findings = Scanner(ScanSettings(ner=False)).scan(text)
    assert [f.entity for f in findings] in ([], ["VAT_ID"])
    assert all(f.entity != "IE_PPS" for f in findings)


@pytest.mark.parametrize(
    "text",
    [
        "order 1234567 and 7654321 shipped",  # no letter after the digits
        f"part {OLD} in stock",  # one letter, no context word in the text
        "order 12345678AB",
    ],
)
def test_region_gate_spares_other_numbers(text: str) -> None:
    ctx = ScanContext(text=text, lower=text.lower())
    assert PPS.wanted(ctx) == []
    assert regions(text).numbers


def test_the_module_exposes_its_detector() -> None:
    assert [d.name for d in detectors(ScanSettings())] == ["ie_pps"]
