"""Japanese Individual Numbers (My Number), table-driven.

Every number here is made for the test: eleven digits and the check digit computed by the
ordinance's weights (2–7, mod 11). One random twelve-digit number in eleven passes, so every
number counts only near a context word; Japanese text puts the number straight against the
words around it ("マイナンバーは…です").
"""

from __future__ import annotations

from annexa.detect.builtin.jp_ids import JP_WORDS, JpMyNumberDetector, detectors
from annexa.detect.normalize import normalize
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings
from tests.detect.tables import found, table_tests

JP = JpMyNumberDetector()


def my_number(eleven: str) -> str:
    """The number of eleven digits with its check digit (総務省令第八十五号, article 5)."""
    total = sum(int(d) * (n + 1 if n <= 6 else n - 5) for n, d in enumerate(reversed(eleven), 1))
    rest = total % 11
    return eleven + str(0 if rest <= 1 else 11 - rest)


def wrong_check(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


A = my_number("62149832025")
B = my_number("12345678901")
C = my_number("40011223344")


def grouped(number: str, sep: str = " ") -> str:
    return sep.join((number[:4], number[4:8], number[8:]))


POSITIVES = [
    (JP, f"マイナンバー：{A}", A),
    (JP, f"個人番号 {B}", B),
    (JP, f"My Number: {grouped(C)}", grouped(C)),
    (JP, f"individual number {grouped(A, '-')}", grouped(A, "-")),
    (JP, f"{A} (my number)", A),
]

NEGATIVES = [
    (JP, f"マイナンバー：{wrong_check(A)}"),  # check digit
    (JP, f"マイナンバー {A[:-1]}"),  # eleven digits
    (JP, f"マイナンバー {A}0"),  # thirteen digits
    (JP, f"order {A} shipped"),  # valid, no context word
    (JP, f"マイナンバー {A[:4]} {A[4:8]}-{A[8:]}"),  # mixed separators
    (JP, f"マイナンバー x{A}"),
]

NEEDS_CONTEXT = [
    (JP, A, "マイナンバー"),
    (JP, B, "個人番号"),
    (JP, C, "my number"),
]

test_finds_with_spans, test_ignores_look_alikes, test_bare_number_needs_a_context_word = (
    table_tests(POSITIVES, NEGATIVES, NEEDS_CONTEXT)
)


def test_the_check_digit_is_the_ordinances() -> None:
    assert my_number("62149832025") == "621498320257"  # python-stdnum's documented example


def test_the_detector_runs_only_where_a_context_word_is() -> None:
    assert set(JP.keywords) == {normalize(w).text.lower() for w in JP_WORDS}


def test_whole_scanner_finds_it_against_japanese_words() -> None:
    scanner = Scanner(ScanSettings(ner=False))
    for text, value in (
        (f"私のマイナンバーは{A}です。", A),
        (f"個人番号カード：{grouped(B)}を確認しました", grouped(B)),
    ):
        assert [(f.entity, text[f.start : f.end]) for f in scanner.scan(text)] == [
            ("JP_MY_NUMBER", value)
        ]
    text = f"注文番号{A}を発送しました"  # an order's number: no context word
    assert [f for f in scanner.scan(text) if f.entity == "JP_MY_NUMBER"] == []


def test_the_module_exposes_its_detector() -> None:
    assert [d.name for d in detectors(ScanSettings())] == ["jp_my_number"]
    assert found(JP, f"マイナンバー {A}") == [("JP_MY_NUMBER", A)]
