"""The pattern tier's fast paths give the same answers as the plain ones they replace."""

from __future__ import annotations

import pytest

from annexa.detect.builtin._regions import NUM, TOKEN, regions
from annexa.detect.keywords import KeywordIndex
from annexa.detect.scanner import Scanner, _lower


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
