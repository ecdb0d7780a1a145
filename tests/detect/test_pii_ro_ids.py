"""Romanian personal numeric codes (CNP), table-driven.

Every number here is made for the test: a sex and century digit, a birth date, a county code, a
serial, and the check digit computed from the CNP's rule (weights 2 7 9 1 4 6 3 5 8 2 7 9, the
sum mod 11, 10 counting as 1). Look-alikes fail the check, the date, the county, the sex digit or
the shape; a record's number and a barcode keep quiet.
"""

from __future__ import annotations

import pytest

from annexa.detect.builtin._regions import regions
from annexa.detect.builtin.ro_ids import RoCnpDetector, cnp_is_valid, detectors
from annexa.detect.interface import ScanContext
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings
from tests.detect.tables import found, table_tests

RO = RoCnpDetector()
_WEIGHTS = (2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9)


def ro_number(twelve: str) -> str:
    """The CNP of S YYMMDD JJ NNN with its check digit."""
    total = sum(int(d) * w for d, w in zip(twelve, _WEIGHTS, strict=True)) % 11
    return twelve + ("1" if total == 10 else str(total))


def wrong_check(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


MAN_1985 = ro_number("185031712345")  # 17 March 1985, Cluj
WOMAN_1985 = ro_number("285122804567")  # 28 December 1985, Bucharest
BOY_2002 = ro_number("502070140012")  # 7 February 2002, Bucharest sector 1
MAN_1996 = ro_number("196111540023")  # 15 November 1996, Bucharest
RESIDENT = ro_number("780091244559")  # a foreign resident, Maramureș
SECTOR_7 = ro_number("273040347001")  # a former Bucharest sector (47)
NO_COUNTY = ro_number("980010170001")  # a foreigner, county code 70
# the weighted sum leaves 10: the check digit is 1
REMAINDER_TEN = next(
    ro_number(f"1850317123{n:02d}")
    for n in range(100)
    if sum(int(d) * w for d, w in zip(f"1850317123{n:02d}", _WEIGHTS, strict=True)) % 11 == 10
)

POSITIVES = [
    (RO, f"CNP: {MAN_1985}", MAN_1985),
    (RO, f"Codul numeric personal {WOMAN_1985} figurează în buletin.", WOMAN_1985),
    (RO, f"născută în 2002, cnp {BOY_2002}", BOY_2002),
    (RO, f"client {MAN_1996}, Cluj", MAN_1996),  # confirmed without a context word
    (RO, f"({RESIDENT})", RESIDENT),
    (RO, f"C.N.P. {SECTOR_7}", SECTOR_7),
    (RO, f"personal numeric code {NO_COUNTY}.", NO_COUNTY),
    (RO, f"CODUL NUMERIC PERSONAL: {REMAINDER_TEN}", REMAINDER_TEN),
    (RO, f"factura pentru CNP {MAN_1985}", MAN_1985),  # the context word is near
]

NEGATIVES = [
    (RO, f"CNP {wrong_check(MAN_1985)}"),  # check digit
    (RO, f"CNP {ro_number('185131712345')}"),  # month 13
    (RO, f"CNP {ro_number('185023012345')}"),  # 30 February
    (RO, f"CNP {ro_number('185031799345')}"),  # county 99
    (RO, f"CNP {ro_number('185031700345')}"),  # county 00
    (RO, f"CNP {ro_number('185031749345')}"),  # county 49
    (RO, f"CNP {ro_number('085031712345')}"),  # sex digit 0
    (RO, f"CNP {ro_number('530031712345')}"),  # born 2030
    (RO, f"order {MAN_1985} shipped"),
    (RO, f"factura nr. {MAN_1985}"),
    (RO, f"comanda {MAN_1985}"),
    (RO, f"EAN {MAN_1985}"),  # a product's barcode
    (RO, f"cod de bare: {MAN_1985}"),
    (RO, f"CNP {MAN_1985}0 and 1{MAN_1985}"),  # fourteen digits
    (RO, f"CNP {MAN_1985[:-1]}"),  # twelve digits
    (RO, f"CNP {MAN_1985[:1]} {MAN_1985[1:7]} {MAN_1985[7:]}"),  # not a written form
    (RO, f"CNP a{MAN_1985}"),
    (RO, f"CNP {MAN_1985}-4"),
    (RO, f"CNP {MAN_1985}.5"),
]

# A CNP needs no context word: no table of bare numbers that do.
test_finds_with_spans, test_ignores_look_alikes, _ = table_tests(POSITIVES, NEGATIVES, [])


def scored(text: str) -> list[tuple[str, float, bool]]:
    scanner = Scanner(ScanSettings(min_score=0.0), detectors=[RO])
    return [(text[f.start : f.end], f.score, f.validated) for f in scanner.scan(text)]


def test_a_valid_code_is_confirmed_alone() -> None:
    assert scored(f"{MAN_1996} ") == [(MAN_1996, 1.0, True)]


def test_a_barcode_word_leaves_the_code_unconfirmed_unless_a_context_word_is_near() -> None:
    [(span, score, validated)] = scored(f"EAN {MAN_1985}")
    assert (span, validated) == (MAN_1985, False)
    assert score < 0.4
    assert scored(f"CNP {MAN_1985} (nu EAN)") == [(MAN_1985, 1.0, True)]


def test_whole_scanner_reports_the_cnp() -> None:
    """Thirteen digits are also a Thai or Korean number's length; the CNP's checks win."""
    scanner = Scanner(ScanSettings(ner=False))
    for text, expected in (
        (f"CNP: {MAN_1985}", MAN_1985),
        (f"Client {WOMAN_1985}, născută la Cluj.", WOMAN_1985),
        (f"cod numeric personal {BOY_2002}", BOY_2002),
    ):
        findings = scanner.scan(text)
        assert [(f.entity, text[f.start : f.end]) for f in findings] == [("RO_CNP", expected)], text


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        (MAN_1985, True),
        (REMAINDER_TEN, True),
        (REMAINDER_TEN[:-1] + "0", False),  # the remainder 10 takes 1, not 0
        (ro_number("385031712345"), True),  # born 1885
        (ro_number("625122552345"), True),  # born 2025, Giurgiu (52)
        (ro_number("625122553345"), False),  # county 53
        (ro_number("185031783345"), True),  # county 83
        (ro_number("185031784345"), False),  # county 84
        (ro_number("650101012345"), False),  # born 2065
        (wrong_check(MAN_1985), False),
    ],
)
def test_cnp_is_valid(value: str, valid: bool) -> None:
    assert cnp_is_valid(value) is valid


def test_region_gate_spares_other_numbers() -> None:
    text = "order 123456789012 and 12345678901234 and 123-4567-890123"
    assert RO.wanted(ScanContext(text=text, lower=text.lower())) == []
    assert regions(text).numbers


def test_the_module_exposes_its_detector() -> None:
    assert [d.name for d in detectors(ScanSettings())] == ["ro_cnp"]
    assert found(RO, f"CNP {MAN_1985}") == [("RO_CNP", MAN_1985)]
