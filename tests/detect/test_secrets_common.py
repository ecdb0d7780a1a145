"""Shared secret machinery: keyword prefilter, keyword windows, placeholders, entropy, CRCs."""

from __future__ import annotations

import random

import pytest

from annexa.detect.keywords import KeywordIndex
from annexa.detect.pattern import expand_example
from annexa.detect.scanner import Scanner, load_detectors
from annexa.detect.secrets_common import (
    SecretDetector,
    base62_crc32,
    keyword_windows,
    looks_like_placeholder,
    shannon_entropy,
    token,
)
from annexa.settings import ScanSettings

KEYWORDS = ("pass", "password", "word", "ghp_", "sk-ant-", "sk-", "né le", "-us")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my password is", {"pass", "password", "word"}),
        ("token sk-ant-api03", {"sk-ant-", "sk-"}),
        ("nothing here", set()),
        ("né le 3 mai, ghp_x", {"né le", "ghp_"}),
        ("key-us2 and passwor", {"-us", "pass"}),
    ],
)
def test_keyword_index_finds_overlapping_and_nested_keywords(text: str, expected: set[str]) -> None:
    assert KeywordIndex(KEYWORDS).find(text) == expected


def test_keyword_index_agrees_with_substring_search_on_random_text() -> None:
    rng = random.Random(7)
    index = KeywordIndex(KEYWORDS)
    alphabet = "pasword_ghk-ntu é"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        assert index.find(text) == {k for k in KEYWORDS if k in text}


def test_empty_keyword_index_finds_nothing() -> None:
    assert KeywordIndex(()).find("anything") == frozenset()


def test_keyword_windows_merge_and_clip() -> None:
    lower = "aaaa key bbbb key cccc" + " " * 100 + "key"
    windows = keyword_windows(lower, ("key",), back=3, fwd=6)
    assert windows == [(2, 23), (119, len(lower))]


@pytest.mark.parametrize(
    "value",
    [
        "xxxxxxxxxxxx",
        "<your-token>",
        "${DB_PASSWORD}",
        "AKIAIOSFODNN7EXAMPLE",
        "******",
        "ghp_" + "a" * 36,
        "key-" + "#" * 20,
        "tok_" + "•" * 12,
        "sk_" + "0" * 24,
    ],
)
def test_placeholders_are_recognised(value: str) -> None:
    assert looks_like_placeholder(value)


@pytest.mark.parametrize(
    "value",
    [
        "Orange2019!K0a2",
        "q8Zr3LmT0vXw",
        "hunter2hunter3",
        # runs of letters that are no filler convention: judged on their shape
        "AKIA" + "Z" * 16,
        "AGE-SECRET-KEY-1" + "Q" * 58,
        "sk_" + "7" * 9 + "abc",
    ],
)
def test_real_looking_values_are_not_placeholders(value: str) -> None:
    assert not looks_like_placeholder(value)


def test_shannon_entropy_bounds() -> None:
    assert shannon_entropy("") == 0.0
    assert shannon_entropy("aaaa") == 0.0
    assert shannon_entropy("abcd") == pytest.approx(2.0)
    assert shannon_entropy("0123456789abcdef") == pytest.approx(4.0)


def test_base62_crc32_is_padded_and_in_alphabet() -> None:
    assert base62_crc32("") == "000000"  # crc32 of nothing is 0
    out = base62_crc32("abc")
    assert len(out) == 6
    assert out.isalnum()
    assert base62_crc32("abc") != base62_crc32("abd")


def test_keyword_index_stays_exact_on_texts_dense_with_keywords() -> None:
    index = KeywordIndex(KEYWORDS)
    text = "pass" * 2000 + " né le ghp_"
    assert index.find(text) == {"pass", "né le", "ghp_"}


class _MixedDetector(SecretDetector):
    name = "test_mixed"
    patterns = (
        token("kw_rule", "x", r"zz_[a-z0-9]{12}", ("zz_",), ("zz_{l:12}",), ("zz_",), "test"),
        token("free_rule", "y", r"QQ[0-9]{10}", (), ("QQ{d:10}",), ("QQ1",), "test"),
    )


def test_secret_detector_runs_rules_without_keywords_on_every_text() -> None:
    detector = _MixedDetector()
    assert detector.keywords == ()
    found = Scanner(ScanSettings(min_score=0.0), detectors=[detector]).scan("id QQ4811203945 and")
    assert [(f.provider, f.start, f.end) for f in found] == [("y", 3, 15)]


def test_dense_keywords_still_find_every_secret() -> None:
    value = expand_example("{a:10}{d:2}!", 3)
    text = "token: none; " * 300 + f'password = "{value}"\n' + "pass " * 300
    found = Scanner(ScanSettings(), detectors=load_detectors(ScanSettings())).scan(text)
    assert [text[f.start : f.end] for f in found if f.entity == "SECRET"] == [value]
