"""Scanner core: offsets map back, overlaps resolve deterministically, errors fail closed."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from typing import ClassVar

import pytest

from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.detect.normalize import normalize
from annexa.detect.overlap import resolve
from annexa.detect.pattern import Pattern, PatternDetector, context_rx, expand_example
from annexa.detect.scanner import Scanner
from annexa.errors import PayloadTooLarge, ScanError
from annexa.settings import ScanSettings


class DigitsDetector(PatternDetector):
    name = "test_digits"
    entities = ("NUMBER",)
    patterns = (Pattern("six", r"\b\d{6}\b", 0.3),)
    context = ("account", "konto")


class BoomDetector(Detector):
    name = "boom"
    entities = ("X",)

    def detect(self, ctx: ScanContext) -> Iterator[Finding]:
        raise RuntimeError("detector bug")


class KeywordDetector(Detector):
    name = "kw"
    entities = ("Y",)
    keywords: ClassVar[tuple[str, ...]] = ("magic",)  # type: ignore[misc]
    calls: ClassVar[list[str]] = []

    def detect(self, ctx: ScanContext) -> Iterator[Finding]:
        self.calls.append(ctx.text)
        for m in re.finditer("magic", ctx.lower):
            yield Finding("Y", m.start(), m.end(), 0.9, self.name)


def scanner(*detectors: Detector, max_chars: int = 1_000_000) -> Scanner:
    return Scanner(ScanSettings(min_score=0.0, max_chars=max_chars), detectors=detectors)


def test_offsets_point_into_the_original_text_through_invisible_characters() -> None:
    text = "id: 12\u200b34\u200d56 end"
    [f] = scanner(DigitsDetector()).scan(text)
    assert text[f.start : f.end] == "12\u200b34\u200d56"


@pytest.mark.parametrize("lone", [chr(0xD800), chr(0xDFFF), chr(0xDC00) * 2])
def test_a_lone_surrogate_is_read_as_a_replacement_character(lone: str) -> None:
    """A lone surrogate (JSON's "\\ud800" decoded) is no character: the rest is scanned, and
    the offsets still point into the text as given."""
    text = f"x{lone}y account 123456 {lone}end é"
    [f] = scanner(DigitsDetector()).scan(text)
    assert text[f.start : f.end] == "123456"
    assert f.score > 0.3  # the context word was read


def test_fullwidth_digits_are_folded_and_mapped_back() -> None:
    text = "x １２３４５６ y"
    [f] = scanner(DigitsDetector()).scan(text)
    assert text[f.start : f.end] == "１２３４５６"


def test_context_word_raises_the_score() -> None:
    plain = scanner(DigitsDetector()).scan("number 123456")
    near = scanner(DigitsDetector()).scan("Konto: 123456")
    assert plain[0].score == pytest.approx(0.3)
    assert near[0].score == pytest.approx(0.65)


def test_context_word_after_the_value_counts_only_on_its_line() -> None:
    """A word after a value labels it on its own line; on the next line it labels the next
    field. A word before the value may stand on the line above (a label over its value)."""
    same_line = scanner(DigitsDetector()).scan("123456 (Konto)")
    next_line = scanner(DigitsDetector()).scan("ref 123456,\nKonto: none")
    label_above = scanner(DigitsDetector()).scan("Konto:\n123456")
    assert [f.score for f in same_line] == [pytest.approx(0.65)]
    assert [f.score for f in next_line] == [pytest.approx(0.3)]
    assert [f.score for f in label_above] == [pytest.approx(0.65)]


def test_a_passport_number_is_not_an_ssn_for_the_next_line() -> None:
    text = "Customer: passport 533380006, DOB 1984-11-02\nmy SSN is 536-22-8847"
    found = {text[f.start : f.end]: f.entity for f in Scanner(ScanSettings()).scan(text)}
    assert found["533380006"] == "US_PASSPORT"
    assert found["536-22-8847"] == "US_SSN"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the SSN word labels the first number, not the passport number after it
        (
            "My SSN is 536-22-1234 and my passport number is 533380006.",
            {"536-22-1234": "US_SSN", "533380006": "US_PASSPORT"},
        ),
        # after a comma, a word labels the next value, not the one before the comma
        (
            "passport 533380006, SSN 536-22-1234",
            {"533380006": "US_PASSPORT", "536-22-1234": "US_SSN"},
        ),
        # before a comma, a word labels the value before it, not the next one
        (
            "536-22-1234 (SSN), 533380006 (passport)",
            {"536-22-1234": "US_SSN", "533380006": "US_PASSPORT"},
        ),
        # the values of one list after one label, or before one, share it
        ("SSN list: 536221234, 536221235", {"536221234": "US_SSN", "536221235": "US_SSN"}),
        ("536221234 and 536221235 (SSNs)", {"536221234": "US_SSN", "536221235": "US_SSN"}),
    ],
)
def test_a_context_word_labels_only_its_own_value(text: str, expected: dict[str, str]) -> None:
    found = {text[f.start : f.end]: f.entity for f in Scanner(ScanSettings()).scan(text)}
    assert found == expected


def test_a_context_word_reaches_past_short_numbers() -> None:
    """A short number (a year, a count) between a word and its value is no other value."""
    found = scanner(DigitsDetector()).scan("Konto (seit 2019): 123456")
    assert [f.score for f in found] == [pytest.approx(0.65)]


def test_min_score_drops_weak_findings() -> None:
    s = Scanner(ScanSettings(min_score=0.5), detectors=[DigitsDetector()])
    assert s.scan("number 123456") == []
    assert len(s.scan("account 123456")) == 1


def test_detector_error_fails_closed() -> None:
    with pytest.raises(ScanError, match="boom"):
        scanner(BoomDetector()).scan("anything")


def test_oversize_text_is_refused() -> None:
    with pytest.raises(PayloadTooLarge):
        scanner(DigitsDetector(), max_chars=10).scan("x" * 11)


def test_keyword_prefilter_skips_detectors() -> None:
    KeywordDetector.calls.clear()
    s = scanner(KeywordDetector())
    assert s.scan("nothing here") == []
    assert KeywordDetector.calls == []
    [f] = s.scan("some MAGIC here")
    assert (f.start, f.end) == (5, 10)


class MixedRulesDetector(PatternDetector):
    """One rule gated by a keyword, one not: the detector itself cannot be gated."""

    name = "mixed"
    entities = ("NUMBER",)
    patterns = (
        Pattern("ungated", r"\bZ\d{4}\b", 0.5),
        Pattern("gated", r"\bQ\d{4}\b", 0.5, keywords=("ticket",)),
    )


def test_a_rule_with_keywords_runs_in_a_detector_with_one_without() -> None:
    """The scanner reads every rule's keywords, not only those of detectors it can gate."""
    s = scanner(MixedRulesDetector())
    assert [f.start for f in s.scan("ticket Q1234 and Z5678")] == [7, 17]
    assert [f.start for f in s.scan("other Q1234 and Z5678")] == [16]


@pytest.mark.parametrize(
    ("findings", "expected"),
    [
        # validated beats a higher unvalidated score
        (
            [
                Finding("PHONE_NUMBER", 0, 16, 0.9, "p"),
                Finding("CREDIT_CARD", 0, 16, 0.8, "c", validated=True),
            ],
            ["CREDIT_CARD"],
        ),
        # the longer of two equal scores wins, disjoint ones are both kept
        (
            [
                Finding("A", 0, 5, 0.5, "a"),
                Finding("B", 2, 10, 0.5, "b"),
                Finding("C", 11, 12, 0.1, "c"),
            ],
            ["B", "C"],
        ),
        # a specific entity beats a generic one of the same span and score
        (
            [Finding("URL", 0, 10, 0.6, "u"), Finding("EMAIL_ADDRESS", 0, 10, 0.6, "e")],
            ["EMAIL_ADDRESS"],
        ),
        # a credential inside a web address is kept, though the address scores higher
        (
            [Finding("URL", 0, 50, 0.95, "u"), Finding("SECRET", 15, 27, 0.9, "s")],
            ["SECRET"],
        ),
        # a person's span around one stays whole; on the same span the ranking decides
        (
            [Finding("PERSON", 0, 20, 0.95, "p"), Finding("SECRET", 5, 12, 0.5, "s")],
            ["PERSON"],
        ),
        (
            [
                Finding("MX_CURP", 10, 28, 1.0, "m", validated=True),
                Finding("SECRET", 10, 28, 0.8, "s"),
            ],
            ["MX_CURP"],
        ),
    ],
)
def test_overlaps_resolve_deterministically(findings: list[Finding], expected: list[str]) -> None:
    assert [f.entity for f in resolve(findings)] == expected
    assert [f.entity for f in resolve(reversed(findings))] == expected


def test_a_password_in_a_web_address_is_a_secret_whatever_names_the_address() -> None:
    """Near "index-url" the address scores above its password: the password must still be
    reported (a URL is allowed by most policies; the password would have left with it)."""
    text = "index-url = https://deploy:" + "Pyp1" + "Secret99@pypi.acme.example/simple"
    found = [(f.entity, text[f.start : f.end]) for f in Scanner(ScanSettings()).scan(text)]
    assert ("SECRET", "Pyp1Secret99") in found


def test_example_templates_expand_reproducibly() -> None:
    a = expand_example("tok_{a:8}-{d:3}", seed=1)
    assert a == expand_example("tok_{a:8}-{d:3}", seed=1)
    assert re.fullmatch(r"tok_[A-Za-z0-9]{8}-\d{3}", a)


def test_warm_up_compiles_every_rule_before_the_first_scan() -> None:
    scanner = Scanner(ScanSettings())
    patterns = [d for d in scanner.detectors if isinstance(d, PatternDetector)]
    assert patterns
    assert not any("_compiled" in vars(d) for d in patterns)  # lazy until warmed or reached
    scanner.warm_up()
    assert all("_compiled" in vars(d) for d in patterns)
    text = "mail anna@example.com from 192.0.2.10"
    assert [f.entity for f in scanner.scan(text)] == ["EMAIL_ADDRESS", "IP_ADDRESS"]


WARMED_SCAN = """
import sys
from annexa.detect.scanner import Scanner
scanner = Scanner()
scanner.warm_up()
before = set(sys.modules)
found = scanner.scan("Ring +90 532 123 45 67 or +63 917 123 4567")
print(len(found), sorted(m for m in set(sys.modules) - before if m.startswith("phonenumbers")))
"""


def test_warm_up_loads_the_phone_metadata_of_every_region() -> None:
    # a process of its own: in this one, other tests may have loaded those regions already
    run = subprocess.run(  # nosec B603 - this interpreter, a fixed script
        [sys.executable, "-c", WARMED_SCAN], capture_output=True, text=True, check=True
    )
    assert run.stdout.strip() == "2 []"  # two numbers found, no region's metadata loaded late


def test_a_text_scanned_again_is_answered_from_recent_scans_without_keeping_it() -> None:
    text = "Write to anna@example.com or call +44 20 7946 0958. " * 8  # 256+ characters
    calls: list[str] = []

    class Counting(PatternDetector):
        name = "counting"
        entities = ("COUNTED",)
        patterns = (Pattern("word", r"\bcall\b", 0.9, positives=("call",)),)

        def detect(self, ctx: ScanContext) -> Iterator[Finding]:
            calls.append(ctx.text)
            return super().detect(ctx)

    scanner = Scanner(ScanSettings(), [*Scanner(ScanSettings()).detectors, Counting()])
    first = scanner.scan(text)
    again = scanner.scan(text)
    assert again == first
    assert again is not first  # a new list: a caller's change never reaches the next one
    assert len(calls) == 1  # scanned once
    assert {f.entity for f in first} >= {"EMAIL_ADDRESS", "PHONE_NUMBER", "COUNTED"}
    kept = scanner._recent._found
    assert text not in str(list(kept.items()))  # keyed hashes; values: entities and offsets
    assert scanner.scan(text[:100])
    assert len(calls) == 2  # short texts are not kept
    scanner.scan(text[:100])
    assert len(calls) == 3


def test_recent_scans_are_bounded_and_can_be_turned_off() -> None:
    texts = [f"{i:04d} " + "x" * 300 for i in range(5)]
    scanner = Scanner(ScanSettings(recent_scans=3))
    for t in texts:
        scanner.scan(t)
    assert len(scanner._recent._found) == 3
    off = Scanner(ScanSettings(recent_scans=0))
    off.scan(texts[0])
    assert off._recent.key(texts[0]) is None
    assert len(off._recent._found) == 0


def test_context_words_match_whole_or_inside_words_by_script() -> None:
    """Latin words count whole; Hangul and Thai words inside a longer word (particles attach,
    Thai has no spaces), in the spelling the scanner reads (NFKC splits sara am)."""
    rx = context_rx(["phone", "주민등록번호", "เลขประจำตัวประชาชน"])
    assert rx.search("telephone") is None
    assert rx.search("my phone:") is not None
    assert rx.search("주민등록번호는 ...") is not None
    assert rx.search(normalize("เลขประจำตัวประชาชนของฉัน").text.lower()) is not None
