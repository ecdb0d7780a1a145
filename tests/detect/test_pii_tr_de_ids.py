"""Turkish and German identifiers: T.C. Kimlik No, KVNR, Rentenversicherungsnummer, LANR.

Table-driven, like test_pii_national_ids.py: positives with their spans, look-alikes that fail a
check digit, a length, a date or an area number, and the short checksums (one random number in a
hundred or in ten passes) that count bare only near a context word. Every example number was
computed here from the issuers' rules (python-stdnum for the T.C. Kimlik No).
"""

from __future__ import annotations

import pytest

from annexa.detect.builtin.de_ids import (
    DeKvnrDetector,
    DeLanrDetector,
    DeRvnrDetector,
    DeTaxNumberDetector,
    kvnr_check_digit,
    lanr_check_digit,
    rvnr_birth_date,
    rvnr_check_digit,
)
from annexa.detect.builtin.tr_ids import TrNationalIdDetector
from annexa.detect.interface import Detector
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings
from tests.detect.tables import table_tests

TR = TrNationalIdDetector()
KV = DeKvnrDetector()
RV = DeRvnrDetector()
LANR = DeLanrDetector()
STNR = DeTaxNumberDetector()

POSITIVES = [
    (TR, "T.C. Kimlik No: 44771278268", "44771278268"),
    (TR, "TCKN 26197306992 olarak kayıtlıdır.", "26197306992"),
    (TR, "kimlik numarası (52393849902) doğrulandı", "52393849902"),
    (TR, "My Turkish ID is 79893557250.", "79893557250"),
    (TR, "T.C. KİMLİK NUMARASI: 15184715664", "15184715664"),  # dotted capital İ
    (TR, "İİİİ İİİİ TC NO 17777786808", "17777786808"),  # İ before: offsets still right
    (TR, "identity number: 17777786808 (Türkiye)", "17777786808"),
    (KV, "KVNR: K398259797", "K398259797"),
    (KV, "Krankenversichertennummer T190748337 laut eGK", "T190748337"),
    (KV, "my health insurance number is r788762322.", "r788762322"),
    (KV, "Krankenkasse, Versichertennummer e123456789", "e123456789"),  # hex letter: no token
    (KV, "eGK W860129040", "W860129040"),
    (RV, "Rentenversicherungsnummer 12210385M069", "12210385M069"),
    (RV, "53010792S521", "53010792S521"),  # bare: area, date and check digit confirm it
    (RV, "SV-Nummer: 24311299b019.", "24311299b019"),
    (RV, "RVNR 04 150160 K 497 bitte angeben", "04 150160 K 497"),
    (RV, "(65 290204 L 77 3)", "65 290204 L 77 3"),
    (RV, "Versicherungsnummer 42001286W032", "42001286W032"),  # day unknown: needs the word
    (RV, "Sozialversicherungsnummer 10330185 H 129", "10330185 H 129"),  # day raised by 32
    (LANR, "LANR: 047966734", "047966734"),
    (LANR, "lebenslange Arztnummer 972510403 des Hausarztes", "972510403"),
    (LANR, "Arztnummer (LANR) 695896350 auf dem Rezept", "695896350"),
    (STNR, "Steuernummer 21/815/08150, Geburtsdatum 14.03.1985", "21/815/08150"),  # Berlin
    (STNR, "St.-Nr. 181/815/08155 beim Finanzamt München", "181/815/08155"),  # Bayern
    (STNR, "unsere Steuernummer lautet 133/8150/8159.", "133/8150/8159"),  # NRW
]

NEGATIVES = [
    (TR, "T.C. Kimlik No: 44771278258"),  # wrong check digits
    (TR, "TCKN 04771278268"),  # led by 0
    (TR, "kimlik no 447712782680 and 4477127826"),  # twelve and ten digits
    (TR, "order 44771278268 shipped"),  # valid, no context word
    (TR, "Tel: 0532 123 45 67 / 05321234567"),  # Turkish mobile numbers
    (TR, "kimlik no 4477127826-8"),
    (KV, "KVNR: K398259798"),  # wrong check digit
    (KV, "KVNR K39825979 or K3982597970"),  # nine and eleven characters
    (KV, "KVNR 1398259797"),  # no letter
    (KV, "ticket K398259797 closed"),  # valid, no context word
    (KV, "Krankenkasse ref AK398259797"),  # two letters
    (RV, "12210385M068"),  # wrong check digit
    (RV, "12211385M066"),  # month 13
    (RV, "12320385M067 and 12640385M065"),  # days 32 and 64: no raised day
    (RV, "77210385M067"),  # no such area number
    (RV, "42001286W032"),  # day unknown (00): no context word
    (RV, "12210385M0690 and 122103851069"),  # too long; no letter
    (RV, "04 150160 k 497"),  # a spaced letter must be a capital
    (RV, "04 150160 K 496"),  # wrong check digit
    (RV, "build 20240115A001"),  # a date and a counter
    (LANR, "LANR: 047966834"),  # wrong check digit
    (LANR, "LANR 04796673 or 0479667340"),  # eight and ten digits
    (LANR, "order 047966734 shipped"),  # valid, no context word
    (LANR, "Arztnummer 047-966-734"),  # not written with separators
    (STNR, "Steuernummer 21/815/0815"),  # a digit short of every state's layout
    (STNR, "Steuernummer 21/815/08150/1 and 1/815/08150"),
    (STNR, "Az. 21/815/08150 vom 3. Mai"),  # a file number: no context word
]

# A bare short-checksum number stays below the default threshold without a context word.
NEEDS_CONTEXT = [
    (TR, "44771278268", "TC Kimlik No"),
    (TR, "26197306992", "tckn"),
    (KV, "K398259797", "KVNR"),
    (KV, "T190748337", "Krankenkasse"),
    (RV, "42001286W032", "Sozialversicherungsnummer"),
    (RV, "65290004L771", "RVNR"),  # month unknown (00)
    (LANR, "047966734", "LANR"),
    (STNR, "21/815/08150", "Steuernummer"),
]


test_finds_with_spans, test_ignores_look_alikes, test_bare_number_needs_a_context_word = (
    table_tests(POSITIVES, NEGATIVES, NEEDS_CONTEXT)
)


@pytest.mark.parametrize(
    ("detector", "text"),
    [
        (TR, "TC Kimlik No 44771278268"),
        (KV, "KVNR K398259797"),
        (RV, "12210385M069"),
        (LANR, "LANR 047966734"),
    ],
)
def test_confirmed_numbers_score_one_and_are_validated(detector: Detector, text: str) -> None:
    scanner = Scanner(ScanSettings(min_score=0.0), detectors=[detector])
    [finding] = scanner.scan(text)
    assert (finding.score, finding.validated) == (1.0, True)


def test_special_birth_dates_are_not_confirmed_even_near_the_word() -> None:
    scanner = Scanner(ScanSettings(min_score=0.0), detectors=[RV])
    [bare] = scanner.scan("ref 42001286W032")
    [near] = scanner.scan("Versicherungsnummer 42001286W032")
    assert (bare.validated, near.validated) == (False, False)
    assert bare.score < 0.4 <= near.score < 1.0


@pytest.mark.parametrize(
    ("value", "digit"),
    [
        ("A12345678", 0),  # A = 01: 0 2 1 4 3 8 5 3 7 7 -> 40
        ("Z00000000", 5),  # Z = 26: 2 + 12 -> 2 + 3
        ("k39825979", 7),  # the letter's case does not matter
    ],
)
def test_kvnr_check_digit(value: str, digit: int) -> None:
    assert kvnr_check_digit(value) == digit


@pytest.mark.parametrize(
    ("value", "digit"),
    [
        ("15070649C10", 3),  # VKVV § 2 (6): C = 03; digit sums 2 5 0 8 0 6 8 9 0 3 2 0 -> 43
        ("12210385M06", 9),
        ("00000000A00", 1),  # A = 01, weight 1
    ],
)
def test_rvnr_check_digit(value: str, digit: int) -> None:
    assert rvnr_check_digit(value) == digit


@pytest.mark.parametrize(
    ("value", "digit"),
    [
        ("123456", 6),  # 4 + 18 + 12 + 36 + 20 + 54 = 144 -> 10 - 4
        ("100000", 6),  # 4 -> 10 - 4
        ("000000", 0),  # 10 - 0 = 10 -> 0
    ],
)
def test_lanr_check_digit(value: str, digit: int) -> None:
    assert lanr_check_digit(value) == digit


@pytest.mark.parametrize(
    ("day", "month", "verdict"),
    [
        (15, 7, True),
        (29, 2, True),
        (31, 12, True),
        (30, 2, False),
        (31, 4, False),
        (1, 13, False),
        (0, 12, None),  # day unknown
        (17, 0, None),  # month unknown: the day of issue
        (0, 0, False),
        (33, 7, None),  # 1 + 32: serials used up
        (95, 1, None),  # 31 + 64
        (97, 7, None),  # 1 + 96
        (98, 7, False),  # 96 is only added to the first of a month
        (32, 7, False),
        (64, 7, False),
    ],
)
def test_rvnr_birth_dates(day: int, month: int, verdict: bool | None) -> None:
    assert rvnr_birth_date(day, month) is verdict


def test_whole_scanner_reports_the_identifiers_near_their_words() -> None:
    text = (
        "TC Kimlik No: 44771278268. KVNR: K398259797. "
        "Rentenversicherungsnummer 12210385M069. LANR: 047966734."
    )
    findings = Scanner(ScanSettings(ner=False)).scan(text)
    got = {(f.entity, text[f.start : f.end]) for f in findings}
    assert {
        ("TR_NATIONAL_ID", "44771278268"),
        ("DE_HEALTH_INSURANCE", "K398259797"),
        ("DE_SOCIAL_SECURITY", "12210385M069"),
        ("DE_LANR", "047966734"),
    } <= got
