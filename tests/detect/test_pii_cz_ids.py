"""Czech and Slovak birth numbers (rodné číslo), table-driven.

Every number here is made for the test: a birth date (a woman's month + 50, + 20 or + 70 since
2004), a serial, and the check digit computed from the law's rule (the nine digits mod 11, 10
counting as 0). Look-alikes fail the check, the month, the century or the shape; the slash form
stands alone, the bare ten digits and the nine-digit form of before 1954 count only near a word.
"""

from __future__ import annotations

import pytest

from annexa.detect.builtin._regions import regions
from annexa.detect.builtin.cz_ids import (
    CONTEXT_STEMS,
    CZ_WORDS,
    CzBirthNumberDetector,
    birth_number_is_valid,
    detectors,
)
from annexa.detect.interface import ScanContext
from annexa.detect.normalize import normalize
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings
from tests.detect.tables import found, table_tests

CZ = CzBirthNumberDetector()


def cz_number(nine: str) -> str:
    """The ten-digit birth number of YYMMDDSSS: the check digit makes it divisible by 11, or
    is 0 when the nine digits leave 10 (zákon 133/2000 Sb. § 13)."""
    return nine + str(int(nine) % 11 % 10)


def slashed(number: str) -> str:
    return f"{number[:6]}/{number[6:]}"


def wrong_check(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


MAN_1985 = cz_number("850317123")  # 17 March 1985
WOMAN_1985 = cz_number("855317456")  # a woman: month + 50
WOMAN_2004 = cz_number("045201001")  # 1 February 2004
MAN_2010_PLUS_20 = cz_number("107224518")  # month 22: February 2010, serials ran out (+ 20)
WOMAN_2012_PLUS_70 = cz_number("127215333")  # month 72: a woman's + 50 and + 20
MAN_1954 = cz_number("540101002")  # the first year of the ten-digit numbers
REMAINDER_TEN = cz_number("850317104")  # the nine digits leave 10: check digit 0
OLD_1948 = "485624012"  # a woman born 1948: nine digits, no check digit

POSITIVES = [
    # the slash form, confirmed without a context word
    (CZ, f"rodné číslo {slashed(MAN_1985)}", slashed(MAN_1985)),
    (CZ, f"Pacientka {slashed(WOMAN_1985)} přijata.", slashed(WOMAN_1985)),
    (CZ, f"RČ: {slashed(WOMAN_2004)}", slashed(WOMAN_2004)),
    (CZ, f"({slashed(MAN_2010_PLUS_20)})", slashed(MAN_2010_PLUS_20)),
    (CZ, f"dítě {slashed(WOMAN_2012_PLUS_70)}, matka", slashed(WOMAN_2012_PLUS_70)),
    (CZ, f"r.č. {slashed(MAN_1954)}", slashed(MAN_1954)),
    (CZ, f"RODNÉ ČÍSLO: {slashed(REMAINDER_TEN)}", slashed(REMAINDER_TEN)),
    (CZ, f"Slovak birth number {slashed(WOMAN_1985)}.", slashed(WOMAN_1985)),
    # bare ten digits and the nine-digit form, near a context word
    (CZ, f"rodné číslo: {MAN_1985}", MAN_1985),
    (CZ, f"Rodne cislo {WOMAN_2004} (bez lomítka)", WOMAN_2004),
    (CZ, f"číslo pojištěnce {MAN_1954}", MAN_1954),
    (CZ, f"rodným číslom {WOMAN_1985} sa preukázala", WOMAN_1985),
    (CZ, f"r.č. {OLD_1948[:6]}/{OLD_1948[6:]} (nar. 1948)", f"{OLD_1948[:6]}/{OLD_1948[6:]}"),
    (CZ, f"birth number {OLD_1948}", OLD_1948),
]

NEGATIVES = [
    (CZ, f"rodné číslo {slashed(wrong_check(MAN_1985))}"),  # check digit
    (CZ, f"rodné číslo {slashed(cz_number('851317123'))}"),  # month 13
    (CZ, f"rodné číslo {slashed(cz_number('854317123'))}"),  # month 43 (stdnum takes it)
    (CZ, f"rodné číslo {slashed(cz_number('859317123'))}"),  # month 93 (stdnum takes it)
    (CZ, f"rodné číslo {slashed(cz_number('852317123'))}"),  # + 20 in 1985: only from 2004
    (CZ, f"rodné číslo {slashed(cz_number('037215123'))}"),  # + 70 in 2003
    (CZ, f"rodné číslo {slashed(cz_number('850230123'))}"),  # 30 February
    (CZ, f"rodné číslo {slashed(cz_number('350317123'))}"),  # born 2035
    (CZ, f"rodné číslo {slashed(cz_number('530317123'))}"),  # born 2053
    (CZ, "rodné číslo 580512/123"),  # nine digits after 1953
    (CZ, "rodné číslo 472315/123"),  # nine digits with + 20
    (CZ, "310512/123"),  # nine digits, no context word
    (CZ, f"č.j. {slashed(MAN_1985)}"),  # a file number
    (CZ, f"Faktura č. {slashed(MAN_1985)}"),
    (CZ, f"order {slashed(MAN_1985)} shipped"),
    (CZ, f"číslo účtu {slashed(MAN_1985)}"),  # an account number and its bank code
    (CZ, f"ref {MAN_1985}"),  # bare, no context word
    (CZ, f"rč {MAN_1985}0 and 1{MAN_1985}"),  # eleven digits
    (CZ, f"rodné číslo {slashed(MAN_1985)}0"),
    (CZ, f"rodné číslo 1{slashed(MAN_1985)}"),
    (CZ, f"rodné číslo a{slashed(MAN_1985)}"),
    (CZ, f"rodné číslo {slashed(MAN_1985)}-5"),
    (CZ, f"rodné číslo {MAN_1985[:6]}-{MAN_1985[6:]}"),  # a dash is not the form
    (CZ, f"rodné číslo {MAN_1985[:6]} {MAN_1985[6:]}"),
    (CZ, "date 17/03/1985 or 2024/03/17"),
]

NEEDS_CONTEXT = [
    (CZ, MAN_1985, "rodné číslo"),
    (CZ, WOMAN_2004, "RČ"),
    (CZ, MAN_2010_PLUS_20, "birth number"),
    (CZ, OLD_1948, "r.č."),
    (CZ, f"{OLD_1948[:6]}/{OLD_1948[6:]}", "rodne cislo"),
]

test_finds_with_spans, test_ignores_look_alikes, test_bare_number_needs_a_context_word = (
    table_tests(POSITIVES, NEGATIVES, NEEDS_CONTEXT)
)


def scored(text: str) -> list[tuple[str, float, bool]]:
    """(covered text, score, validated) of every finding of the detector, whatever its score."""
    scanner = Scanner(ScanSettings(min_score=0.0), detectors=[CZ])
    return [(text[f.start : f.end], f.score, f.validated) for f in scanner.scan(text)]


def test_the_slash_form_is_confirmed_alone() -> None:
    number = slashed(WOMAN_1985)
    assert scored(f"klientka {number}") == [(number, 1.0, True)]


def test_the_slash_form_near_an_account_word_is_not_confirmed() -> None:
    """A Czech account number is written NNNNNN/BBBB (the bank's code after the slash)."""
    number = slashed(MAN_1985)
    [(span, score, validated)] = scored(f"převod na účet {number}")
    assert (span, validated) == (number, False)
    assert score < 0.4
    assert scored(f"účet klienta, rodné číslo {number}") == [(number, 1.0, True)]


def test_the_slash_form_after_a_record_word_is_dropped_unless_a_context_word_is_near() -> None:
    number = slashed(MAN_1985)
    assert scored(f"sp. zn. {number}") == []
    assert scored(f"objednávka {number}") == []
    assert scored(f"rodné číslo pacienta, č. {number}") == [(number, 1.0, True)]


def test_whole_scanner_reports_the_birth_number() -> None:
    """Without the detector a phone number (0.6) takes the slash form's span."""
    scanner = Scanner(ScanSettings(ner=False))
    for text, expected in (
        (f"Pacientka {slashed(WOMAN_1985)} přijata.", slashed(WOMAN_1985)),
        (f"rodné číslo: {MAN_1985}", MAN_1985),
        (f"R.Č. {OLD_1948}", OLD_1948),
    ):
        findings = scanner.scan(text)
        assert [(f.entity, text[f.start : f.end]) for f in findings] == [
            ("CZ_BIRTH_NUMBER", expected)
        ], text


def test_a_phone_word_leaves_the_slash_form_to_the_phone() -> None:
    text = f"tel. {slashed(MAN_1985)}"
    assert [f.entity for f in Scanner(ScanSettings(ner=False)).scan(text)] == ["PHONE_NUMBER"]


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        (MAN_1985, True),
        (slashed(MAN_1985), True),
        (REMAINDER_TEN, True),
        (REMAINDER_TEN[:-1] + "1", False),  # the remainder 10 takes 0, not 1
        (wrong_check(MAN_1985), False),
        (MAN_2010_PLUS_20, True),
        (WOMAN_2012_PLUS_70, True),
        (cz_number("852317123"), False),  # + 20 before 2004
        (cz_number("045315123"), True),  # + 20 in 2004
        (cz_number("854317123"), False),  # month 43
        (cz_number("530101123"), False),  # born 2053
        (cz_number("991231123"), True),  # born 1999
        (OLD_1948, True),
        ("531231123", True),  # nine digits: 1953 is the last year
        ("540101123", False),
        ("881231123", True),  # nine digits, 1888
        ("650101123", False),  # nine digits: 1965 and 1865 are both refused
        (MAN_1985 + "0", False),
    ],
)
def test_birth_number_is_valid(value: str, valid: bool) -> None:
    assert birth_number_is_valid(value) is valid


def test_every_context_word_holds_a_stem_the_keyword_pass_finds() -> None:
    """The bare forms run only where the keyword pass found a stem: every context word, as the
    scanner reads it, must hold one."""
    for word in CZ_WORDS:
        read = normalize(word).text.lower()
        assert any(stem in read for stem in CONTEXT_STEMS), word


def test_a_bare_run_is_not_looked_at_without_a_stem() -> None:
    text = f"call {MAN_1985} or {slashed(WOMAN_1985)}"
    ctx = ScanContext(text=text, lower=text.lower())
    assert [text[r.start : r.end] for r in CZ.wanted(ctx)] == [slashed(WOMAN_1985)]
    text = f"birth number {MAN_1985}"
    ctx = ScanContext(text=text, lower=text.lower(), keywords=frozenset({"birth"}))
    assert [text[r.start : r.end] for r in CZ.wanted(ctx)] == [MAN_1985]


def test_region_gate_spares_other_numbers() -> None:
    text = "order 12345678 and 123456789012 and 12-345-678-90"
    assert CZ.wanted(ScanContext(text=text, lower=text.lower())) == []
    assert regions(text).numbers


def test_the_module_exposes_its_detector() -> None:
    assert [d.name for d in detectors(ScanSettings())] == ["cz_birth_number"]
    assert found(CZ, f"rodné číslo {slashed(MAN_1985)}") == [("CZ_BIRTH_NUMBER", slashed(MAN_1985))]
