"""Bulgarian uniform civil numbers (ЕГН / EGN), table-driven.

Every number here is made for the test: a birth date with the century in the month (+ 20 for
the 1800s, + 40 for the 2000s), a serial, and the check digit computed from the law's rule
(weights 2 4 8 5 10 9 7 3 6, the sum mod 11, 10 counting as 0). Look-alikes fail the check, the
date or the shape; every EGN counts only near a context word, in Cyrillic or Latin letters.
"""

from __future__ import annotations

import pytest

from annexa.detect.builtin._regions import regions
from annexa.detect.builtin.bg_ids import BG_WORDS, BgEgnDetector, detectors, egn_is_valid
from annexa.detect.interface import ScanContext
from annexa.detect.normalize import normalize
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings
from tests.detect.tables import found, table_tests

BG = BgEgnDetector()
_WEIGHTS = (2, 4, 8, 5, 10, 9, 7, 3, 6)


def bg_number(nine: str) -> str:
    """The EGN of YYMMDDSSS with its check digit."""
    return nine + str(sum(int(d) * w for d, w in zip(nine, _WEIGHTS, strict=True)) % 11 % 10)


def wrong_check(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


MAN_1985 = bg_number("850317123")  # 17 March 1985
GIRL_2005 = bg_number("054815001")  # 15 August 2005: month + 40
WOMAN_1931 = bg_number("311127891")  # 27 November 1931
MAN_1966 = bg_number("660510345")
BORN_1889 = bg_number("892312456")  # 12 March 1889: month + 20
# the weighted sum leaves 10: the check digit is 0
REMAINDER_TEN = next(
    bg_number(f"8503171{n:02d}")
    for n in range(100)
    if sum(int(d) * w for d, w in zip(f"8503171{n:02d}", _WEIGHTS, strict=True)) % 11 == 10
)

POSITIVES = [
    (BG, f"ЕГН: {MAN_1985}", MAN_1985),
    (BG, f"Моето ЕГН е {GIRL_2005}.", GIRL_2005),
    (BG, f"единен граждански номер {WOMAN_1931}", WOMAN_1931),
    (BG, f"ЕДИНЕН ГРАЖДАНСКИ НОМЕР: {MAN_1966}", MAN_1966),
    (BG, f"Е.Г.Н. {BORN_1889}", BORN_1889),
    (BG, f"EGN {REMAINDER_TEN}, Sofia", REMAINDER_TEN),
    (BG, f"Personal number (EGN): {MAN_1966}", MAN_1966),
    (BG, f"ЕГН-то ми е {MAN_1985}", MAN_1985),
]

NEGATIVES = [
    (BG, f"ЕГН {wrong_check(MAN_1985)}"),  # check digit
    (BG, f"ЕГН {bg_number('851317123')}"),  # month 13
    (BG, f"ЕГН {bg_number('853317123')}"),  # month 33
    (BG, f"ЕГН {bg_number('856317123')}"),  # month 63
    (BG, f"ЕГН {bg_number('850230123')}"),  # 30 February
    (BG, f"ЕГН {bg_number('304217123')}"),  # born 2030
    (BG, f"order {MAN_1985} shipped"),  # valid, no context word
    (BG, f"ЕГН {MAN_1985}0"),  # eleven digits
    (BG, f"ЕГН 1{MAN_1985}"),
    (BG, f"ЕГН {MAN_1985[:-1]}"),  # nine digits
    (BG, f"ЕГН {MAN_1985[:6]}-{MAN_1985[6:]}"),
    (BG, f"ЕГН a{MAN_1985}"),
    (BG, "ЕГН на клиента, тел. 0888123456"),  # a Bulgarian mobile number
]

NEEDS_CONTEXT = [
    (BG, MAN_1985, "ЕГН"),
    (BG, GIRL_2005, "егн"),
    (BG, WOMAN_1931, "единен граждански номер"),
    (BG, MAN_1966, "EGN"),
]

test_finds_with_spans, test_ignores_look_alikes, test_bare_number_needs_a_context_word = (
    table_tests(POSITIVES, NEGATIVES, NEEDS_CONTEXT)
)


def test_the_detector_runs_only_where_a_context_word_is() -> None:
    """Every rule needs a context word and scores below the threshold: the words gate it."""
    assert set(BG.keywords) == {normalize(w).text.lower() for w in BG_WORDS}
    assert "egn" in BG.keywords


def test_whole_scanner_reports_the_egn() -> None:
    scanner = Scanner(ScanSettings(ner=False))
    for text, expected in (
        (f"ЕГН: {MAN_1985}", MAN_1985),
        (f"Единен граждански номер {GIRL_2005}, гр. София", GIRL_2005),
        (f"EGN {WOMAN_1931}", WOMAN_1931),
    ):
        findings = scanner.scan(text)
        assert [(f.entity, text[f.start : f.end]) for f in findings] == [("BG_EGN", expected)], text


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        (MAN_1985, True),
        (REMAINDER_TEN, True),
        (REMAINDER_TEN[:-1] + "1", False),  # the remainder 10 takes 0
        (BORN_1889, True),
        (GIRL_2005, True),
        (bg_number("255231123"), True),  # 31 December 2025
        (bg_number("304101123"), False),  # born 2030
        (bg_number("852917123"), True),  # month 29: September 1885
        (bg_number("853317123"), False),  # month 33
        (bg_number("855317123"), False),  # month 53
        (wrong_check(MAN_1985), False),
    ],
)
def test_egn_is_valid(value: str, valid: bool) -> None:
    assert egn_is_valid(value) is valid


def test_region_gate_spares_other_numbers() -> None:
    text = "order 123456789 and 12345678901 and 12345-67890"
    assert BG.wanted(ScanContext(text=text, lower=text.lower())) == []
    assert regions(text).numbers


def test_the_module_exposes_its_detector() -> None:
    assert [d.name for d in detectors(ScanSettings())] == ["bg_egn"]
    assert found(BG, f"ЕГН {MAN_1985}") == [("BG_EGN", MAN_1985)]
