"""Chinese resident identity card numbers (table-driven).

Every number here is made for the test: a published division code, a birth date, a sequence and
the check character computed below from GB 11643-1999 (ISO 7064 MOD 11-2: the seventeen digits
weighted 2^17 down to 2^1 modulo 11, the check character the value that makes the total 1
modulo 11, ``X`` for ten). Look-alikes fail the check character, the date, the division code, or
are glued to other digits.
"""

from __future__ import annotations

import datetime

import pytest
from stdnum.cn import ric
from stdnum.luhn import is_valid as luhn_is_valid

from annexa.detect.builtin.cn_ids import CnResidentIdDetector, detectors, resident_id_verdict
from annexa.detect.interface import Detector, ScanContext
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings
from tests.detect.tables import table_tests

CN = CnResidentIdDetector()


def cn_id(seventeen: str) -> str:
    """``seventeen`` and its ISO 7064 MOD 11-2 check character."""
    total = sum(int(d) * pow(2, 17 - i, 11) for i, d in enumerate(seventeen))
    check = (12 - total % 11) % 11
    return seventeen + ("X" if check == 10 else str(check))


def with_x(prefix: str) -> str:
    """The first number ``prefix`` and a sequence make whose check character is ``X``."""
    return next(n for s in range(1000) if (n := cn_id(f"{prefix}{s:03d}")).endswith("X"))


def wrong_check(number: str) -> str:
    return number[:-1] + ("0" if number[-1] in "9X" else str(int(number[-1]) + 1))


def scored(detector: Detector, text: str) -> list[tuple[str, float, bool]]:
    scanner = Scanner(ScanSettings(min_score=0.0), detectors=[detector])
    return [(text[f.start : f.end], round(f.score, 2), f.validated) for f in scanner.scan(text)]


N1 = cn_id("11010119900307123")  # Beijing, Dongcheng; 7 March 1990
N2 = cn_id("44030519851224002")  # Shenzhen, Nanshan; 24 December 1985
N3 = cn_id("51010420000229321")  # Chengdu, Jinjiang; 29 February 2000
N4 = with_x("31010419880715")  # Shanghai, Xuhui; check character X
N5 = cn_id("51010419850101123")  # Jinjiang (created 1990), born 1985: stdnum refuses it
N6 = cn_id("81000019900101123")  # a Hong Kong resident's residence permit
N7 = cn_id("83000019950505124")  # a Taiwan resident's residence permit
UNKNOWN_COUNTY = cn_id("11999919900307123")  # Beijing, a county code stdnum does not list

POSITIVES = [
    (CN, f"身份证号码：{N1}", N1),
    (CN, f"ID card number {N2}.", N2),
    (CN, f"公民身份号码{N3}，请核对", N3),  # Chinese characters touch the number
    (CN, f"身份证号{N4}", N4),
    (CN, f"resident id {N4.lower()}", N4.lower()),  # a lower-case x
    (CN, f"乘客 {N1} 已登记", N1),  # no context word: the check and the division suffice
    (CN, f"{N2}", N2),
    (CN, f"户籍 {N5}", N5),
    (CN, f"港澳居民居住证 {N6}", N6),
    (CN, f"台湾居民居住证号码 {N7}", N7),
]

NEGATIVES = [
    (CN, f"身份证 {wrong_check(N1)}"),  # check character
    (CN, f"身份证 {wrong_check(N4)}"),
    (CN, f"身份证 {cn_id('11010119901307123')}"),  # month 13
    (CN, f"身份证 {cn_id('11010119900230123')}"),  # 30 February
    (CN, f"身份证 {cn_id('11010119010229123')}"),  # 29 February 1901
    (CN, f"身份证 {cn_id('99999919900307123')}"),  # no province 99
    (CN, f"身份证 {cn_id('09010119900307123')}"),  # no province 09
    (CN, f"身份证 {cn_id('11010120990307123')}"),  # born in 2099
    (CN, f"身份证 {cn_id('11010118990307123')}"),  # born in 1899
    (CN, f"身份证 {N1}0 and 1{N1}"),  # nineteen digits
    (CN, f"身份证 {N1[:-1]}"),  # seventeen digits, no X
    (CN, f"order {N1[:6]}-{N1[6:]}"),
    (CN, f"v1.{N1}"),
    (CN, f"{UNKNOWN_COUNTY}"),  # only the province is known: a context word decides
]

# A number whose county code is not on the list counts only near a context word.
NEEDS_CONTEXT = [
    (CN, UNKNOWN_COUNTY, "身份证"),
    (CN, UNKNOWN_COUNTY, "resident identity card"),
]

test_finds_with_spans, test_ignores_look_alikes, test_bare_number_needs_a_context_word = (
    table_tests(POSITIVES, NEGATIVES, NEEDS_CONTEXT)
)


def test_numbers_made_here_follow_stdnum() -> None:
    for number in (N1, N2, N3, N4, N5, N6, UNKNOWN_COUNTY):
        assert ric.calc_check_digit(number) == number[-1], number
    for number in (N1, N2, N3, N4):
        assert ric.is_valid(number), number


def test_a_number_assigned_after_its_county_was_created_is_valid() -> None:
    """Jinjiang district (510104) exists since 1990: stdnum wants it in the birth year."""
    assert not ric.is_valid(N5)
    assert resident_id_verdict(N5) is True


def test_verdicts() -> None:
    assert resident_id_verdict(N1) is True
    assert resident_id_verdict(UNKNOWN_COUNTY) is None
    assert resident_id_verdict(wrong_check(N1)) is False
    born = datetime.date.today() + datetime.timedelta(days=30)
    assert resident_id_verdict(cn_id(f"110101{born:%Y%m%d}123")) is False


def test_a_valid_number_is_confirmed_without_a_context_word() -> None:
    assert scored(CN, f"编号 {N1}") == [(N1, 1.0, True)]
    assert scored(CN, f"身份证 {UNKNOWN_COUNTY}") == [(UNKNOWN_COUNTY, 0.65, False)]


def test_full_width_digits_are_read() -> None:
    wide = N1.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    text = f"身份证号：{wide}"
    scanner = Scanner(ScanSettings(ner=False))
    assert [(f.entity, text[f.start : f.end]) for f in scanner.scan(text)] == [
        ("CN_RESIDENT_ID", wide)
    ]


def test_full_scanner_reports_the_number_on_its_span() -> None:
    """A number of Gansu (62...) that also passes Luhn looks like an eighteen-digit UnionPay
    card; the full scanner reports the identity card number."""
    gansu = next(n for s in range(1000) if luhn_is_valid(n := cn_id(f"62010219900101{s:03d}")))
    scanner = Scanner(ScanSettings(ner=False))
    for text, number in [
        (f"身份证号码：{N1}", N1),
        (f"Passenger ID card number {N4}, seat 12A", N4),
        (f"编号 {gansu}", gansu),
        (f"姓名：张三，身份证号{N3}，电话13800138000", N3),
    ]:
        found = [(f.entity, text[f.start : f.end]) for f in scanner.scan(text)]
        assert ("CN_RESIDENT_ID", number) in found, (text, found)
        assert all(
            f.entity == "CN_RESIDENT_ID"
            for f in scanner.scan(text)
            if text[f.start : f.end] == number
        )


@pytest.mark.parametrize(
    "text",
    [
        "order 123456789012345678901 and 1234567890123456",
        "id 1234567890123456789",
        "code 12345678901234567 done",  # seventeen digits, no X after them
    ],
)
def test_region_gate_spares_other_numbers(text: str) -> None:
    assert CN.wanted(ScanContext(text=text, lower=text.lower())) == []


def test_the_module_exposes_its_detector() -> None:
    assert [d.name for d in detectors(ScanSettings())] == ["cn_resident_id"]
