"""Danish CPR numbers (table-driven).

Every number here is made for the test: a birth date and a serial chosen here. Since 2007 a CPR
number need not pass the old modulus-11 check, so only the date is checked, with the century the
serial's first digit gives; numbers count only near a context word. The Finnish henkilötunnus and
the Swedish personnummer read the same shape: the numbers that all three accept are computed
here from their specifications (the mod-31 check character, the Luhn digit).
"""

from __future__ import annotations

import pytest
from stdnum.fi import hetu
from stdnum.se import personnummer

from annexa.detect.builtin._regions import regions
from annexa.detect.builtin.dk_ids import DkCprDetector, cpr_birth_date, detectors
from annexa.detect.interface import ScanContext
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings
from tests.detect.tables import found, table_tests

DK = DkCprDetector()
_FI_CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def mod11(number: str) -> int:
    """The old CPR checksum (weights 4 3 2 7 6 5 4 3 2 1): 0 for the numbers issued before
    2007 that pass it."""
    return sum(int(d) * w for d, w in zip(number, (4, 3, 2, 7, 6, 5, 4, 3, 2, 1), strict=True)) % 11


def luhn_digit(nine: str) -> str:
    """The Luhn check digit of nine digits (the Swedish personnummer's last digit)."""
    total = 0
    for i, d in enumerate(nine):
        n = int(d) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return str(-total % 10)


def fi_check(nine: str) -> str:
    """The henkilötunnus check character of DDMMYYZZZ (mod 31)."""
    return _FI_CHARS[int(nine) % 31]


def read_three_ways(date: str) -> str:
    """A number ``DDMMYY-SSSS`` (serial 0xxx: the 1900s for Denmark and Finland) whose last digit
    is both the Luhn digit of a Swedish personnummer and the Finnish check character."""
    for serial in range(20, 1000):
        nine = f"{date}{serial:03d}"
        if luhn_digit(nine) == fi_check(nine):
            return f"{date}-{serial:03d}{luhn_digit(nine)}"
    raise AssertionError(date)


def read_by(date: str, swedish: bool, finnish: bool) -> str:
    """A number ``DDMMYY-0SSC`` that the Swedish and Finnish checks accept as asked."""
    for serial in range(20, 1000):
        nine = f"{date}{serial:03d}"
        for last in "0123456789":
            if (luhn_digit(nine) == last) is swedish and (fi_check(nine) == last) is finnish:
                return f"{date}-{serial:03d}{last}"
    raise AssertionError(date)


A = "010180-1234"
B = "251290-3452"
C = "150372-4321"
OLD = "311299-5876"  # serial 5-8 and year 58-99: the 1800s
NEW = "010105-4000"  # serial 4 and year up to 36: the 2000s
LEAP = "290200-4123"  # 29 February 2000
ALL_THREE = read_three_ways("050312")  # also a valid henkilötunnus and personnummer

POSITIVES = [
    (DK, f"CPR-nr.: {A}", A),
    (DK, f"Mit CPR-nummer er {B.replace('-', '')}.", B.replace("-", "")),
    (DK, f"cpr {C.replace('-', ' ')}", C.replace("-", " ")),
    (DK, f"CPR number {OLD} (born 1899)", OLD),
    (DK, f"CPR {NEW}", NEW),
    (DK, f"CPR {LEAP}", LEAP),
    (DK, f"Personnummer: {A}", A),
    (DK, f"personnummeret {B}", B),
    (DK, f"{C} er mit cpr", C),
    (DK, f"Sundhedskort / sygesikringsbevis: {A}", A),
    (DK, f"CPR {ALL_THREE}", ALL_THREE),
]

NEGATIVES = [
    (DK, "CPR 320180-1234"),  # day 32
    (DK, "CPR 011380-1234"),  # month 13
    (DK, "CPR 310480-1234"),  # 31 April
    (DK, "CPR 290201-1234"),  # 29 February 1901
    (DK, "CPR 290200-0123"),  # serial 0: 1900, no leap year
    (DK, "CPR 010136-4000"),  # serial 4, year 36: 2036, not born yet
    (DK, "CPR 010157-5000"),  # serial 5, year 57: 2057
    (DK, f"CPR {A}0 and 1{A} and {A}x and x{A}"),
    (DK, f"CPR {A.replace('-', '/')} and {A.replace('-', '.')}"),
    (DK, f"CPR {A} 12"),
    (DK, f"ref {A}"),  # no context word
    (DK, f"order {B.replace('-', '')}"),
]

NEEDS_CONTEXT = [
    (DK, A, "CPR"),
    (DK, B.replace("-", ""), "cpr-nummer"),
    (DK, C, "personnummer"),
    (DK, OLD, "CPR number"),
]

test_finds_with_spans, test_ignores_look_alikes, test_bare_number_needs_a_context_word = (
    table_tests(POSITIVES, NEGATIVES, NEEDS_CONTEXT)
)


def test_the_old_checksum_is_not_required() -> None:
    """Numbers issued since 2007 need not pass the modulus-11 check."""
    passing = [f"010180-12{n:02d}" for n in range(100) if mod11(f"01018012{n:02d}") == 0]
    failing = [f"010180-12{n:02d}" for n in range(100) if mod11(f"01018012{n:02d}") != 0]
    assert passing
    assert failing
    for number in (passing[0], failing[0]):
        assert found(DK, f"CPR {number}") == [("DK_CPR", number)]


@pytest.mark.parametrize(
    ("number", "year"),
    [
        ("010180-0123", 1980),
        ("010180-3123", 1980),
        ("010136-4123", None),  # 2036
        ("010137-4123", 1937),
        ("010136-9123", None),
        ("010137-9123", 1937),
        ("010157-5123", None),  # 2057
        ("010158-5123", 1858),
        ("010105-8123", 2005),
        ("010199-8123", 1899),
    ],
)
def test_the_century_comes_from_the_serial(number: str, year: int | None) -> None:
    born = cpr_birth_date(number)
    assert (born.year if born else None) == year


def test_all_three_readings_are_valid() -> None:
    assert hetu.is_valid(ALL_THREE)
    assert personnummer.is_valid(ALL_THREE)
    assert cpr_birth_date(ALL_THREE) is not None


def scan(text: str) -> list[tuple[str, str]]:
    findings = Scanner(ScanSettings(ner=False)).scan(text)
    return [(f.entity, text[f.start : f.end]) for f in findings]


@pytest.mark.parametrize(
    "number",
    [
        A,
        B.replace("-", ""),
        C.replace("-", " "),
        ALL_THREE,  # a henkilötunnus and a personnummer too: the Danish word decides
        read_by("120599", swedish=False, finnish=True),
        read_by("050312", swedish=True, finnish=False),
    ],
)
@pytest.mark.parametrize("word", ["CPR-nr.", "CPR-nummer", "cpr", "CPR number", "personnummeret"])
def test_near_a_danish_word_the_full_scanner_reports_a_cpr(number: str, word: str) -> None:
    assert scan(f"{word}: {number}") == [("DK_CPR", number)]


def test_a_shared_word_leaves_a_valid_personnummer_to_the_swedish_reading() -> None:
    """ "Personnummer" is Danish and Swedish: a number both read is Swedish near that word alone;
    one only the Danish date reads is a CPR."""
    swedish = read_by("050312", swedish=True, finnish=False)
    assert scan(f"personnummer {swedish}") == [("SE_PERSONNUMMER", swedish)]
    assert scan(f"CPR {swedish}") == [("DK_CPR", swedish)]
    danish = read_by("150380", swedish=False, finnish=False)  # 80 is no Swedish day
    assert scan(f"personnummer {danish}") == [("DK_CPR", danish)]
    scanner = Scanner(ScanSettings(min_score=0.0), detectors=[DK])
    [finding] = scanner.scan(f"personnummer {swedish}")
    assert not finding.validated
    assert finding.score >= 0.4


def test_other_words_leave_the_number_to_the_other_readings() -> None:
    assert scan(f"henkilötunnus {ALL_THREE}") == [("FI_PERSONAL_IDENTITY_CODE", ALL_THREE)]
    assert scan(f"Kund {ALL_THREE}") == [("SE_PERSONNUMMER", ALL_THREE)]


def test_the_detector_is_gated_on_its_words() -> None:
    assert "cpr" in DK.keywords
    assert "personnummer" in DK.keywords
    text = f"kunde {A} ringede"
    assert Scanner(ScanSettings(min_score=0.0), detectors=[DK]).scan(text) == []


@pytest.mark.parametrize("text", ["CPR 123456789 and 12345678901", "CPR call 1234567"])
def test_region_gate_spares_other_numbers(text: str) -> None:
    assert DK.wanted(ScanContext(text=text, lower=text.lower())) == []
    assert regions(text).numbers


def test_the_module_exposes_its_detector() -> None:
    assert [d.name for d in detectors(ScanSettings())] == ["dk_cpr"]
