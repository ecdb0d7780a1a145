"""The pattern tier's fast paths give the same answers as the plain ones they replace."""

from __future__ import annotations

import pytest

from annexa.detect.builtin._base import RegionDetector
from annexa.detect.builtin._regions import NUM, TOKEN, regions
from annexa.detect.builtin.es_ids import EsNieDetector, EsNifDetector
from annexa.detect.builtin.labels import LabelDetector
from annexa.detect.builtin.uk_ids import UkNinoDetector
from annexa.detect.interface import ScanContext
from annexa.detect.keywords import WALK_LIMIT, KeywordIndex
from annexa.detect.scanner import Scanner, _lower
from annexa.settings import ScanSettings


def test_digit_runs_inside_hashes_and_uuids_are_no_number_regions() -> None:
    text = (
        "request_id=54608042-a661-495f-ac76-d080efb9ae03 sha 6d2bb49dca831307c331f0a4 "
        "account 934542, card 4111111111111111, id 12345678-1234"
    )
    found = regions(text)
    numbers = [text[r.start : r.end] for r in found.select(frozenset({NUM}))]
    assert numbers == ["934542", "4111111111111111", "12345678-1234"]
    assert found.select(frozenset({TOKEN})) == []


def test_upper_case_and_short_hex_tokens_are_still_regions() -> None:
    text = "iban DE89370400440532013000 and order 1234567a and bc1qar0srrr7xfkvy5l643"
    found = regions(text)
    tokens = [text[r.start : r.end] for r in found.select(frozenset({TOKEN}))]
    assert "DE89370400440532013000" in tokens
    assert [text[r.start : r.end] for r in found.select(frozenset({NUM}))] == ["1234567"]


@pytest.mark.parametrize(
    "text", ["Plain ASCII Text", "Zoë MÜLLER ǅ İstanbul ẞ", "", "tab\tNEW\nline\x00"]
)
def test_lower_matches_str_lower(text: str) -> None:
    lower, encoded = _lower(text)
    assert lower == text.lower()
    assert encoded == text.lower().encode("utf-8", "surrogatepass")


def test_keyword_index_reads_given_bytes_like_its_own() -> None:
    index = KeywordIndex(["token", "api-", "pi-k", "key"])
    text = "my api-key token"
    assert index.find(text) == {"token", "api-", "pi-k", "key"}
    assert index.find(text, text.encode()) == index.find(text)


def test_scanner_finds_a_card_next_to_a_uuid() -> None:
    text = "req 54608042-a661-495f-ac76-d080efb9ae03 paid with 4111 1111 1111 1111 today"
    found = [f for f in Scanner().scan(text) if f.entity == "CREDIT_CARD"]
    assert [text[f.start : f.end] for f in found] == ["4111 1111 1111 1111"]


@pytest.mark.parametrize(
    ("detector", "kept", "dropped"),
    [
        (UkNinoDetector(), ["NI AB 12 34 56 C", "nino JG103759A ok"], ["account 934542 ok"]),
        (EsNifDetector(), ["DNI 12345678Z", "NIF 12345678-z."], ["order 12345678 today"]),
        (EsNieDetector(), ["NIE X2482300W", "nie y-2482300-q"], ["ref 2482300 ok", "Q2482300W"]),
    ],
)
def test_region_narrowing_keeps_what_the_rules_can_match(
    detector: RegionDetector, kept: list[str], dropped: list[str]
) -> None:
    for text in kept:
        assert detector.wanted(ScanContext(text, text.lower())), text
        assert list(detector.detect(ScanContext(text, text.lower()))), text
    for text in dropped:
        assert detector.wanted(ScanContext(text, text.lower())) == [], text


@pytest.mark.parametrize(
    "text",
    [
        "STRICTLY CONFIDENTIAL\nbody",
        "xconfidential confidential and strictly   confidential",
        "Internal-Only memo, INTERNAL_ONLY, internalinternal only, internal internal only",
        "Zoë: streng vertraulich, CONFıDENTIAL, ſtrictly confidential, İnternal only",
        "nothing to see",
    ],
)
def test_label_matches_are_those_of_a_full_scan(text: str) -> None:
    detector = LabelDetector(ScanSettings().labels)
    ctx = ScanContext(text, text.lower())
    expected = [m.span() for m in detector._rx.finditer(text)]
    assert [m.span() for m in detector._matches(ctx)] == expected
    assert [(f.start, f.end) for f in detector.detect(ctx)] == expected


def test_keyword_index_past_its_walk_limit_is_still_exact() -> None:
    index = KeywordIndex(["pass", "password", "ghp_", "né le", "zz"])
    text = "pass " * (WALK_LIMIT + 10) + "password né le ghp_"
    assert index.find(text) == {"pass", "password", "né le", "ghp_"}
    assert index.find(text[: 5 * WALK_LIMIT]) == {"pass"}
