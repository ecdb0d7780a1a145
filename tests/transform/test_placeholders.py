"""The placeholder syntax, its prefixes (what a stream must hold back) and its escape."""

from __future__ import annotations

import pytest

from annexa.transform.placeholders import (
    MAX_PLACEHOLDER_LEN,
    PLACEHOLDER,
    escape_placeholders,
    format_placeholder,
    is_placeholder_prefix,
    placeholder_entity,
)

FULL = "[[EMAIL_ADDRESS_0123abcdef]]"


def test_format_round_trips_through_the_regex() -> None:
    ph = format_placeholder("EMAIL_ADDRESS", "0123abcdef")
    assert ph == FULL
    m = PLACEHOLDER.fullmatch(ph)
    assert m is not None
    assert (m[1], m[2]) == ("EMAIL_ADDRESS", "0123abcdef")
    assert len(format_placeholder("X" * 60, "0" * 10)) <= MAX_PLACEHOLDER_LEN


@pytest.mark.parametrize(
    ("entity", "shown"), [("person", "PERSON"), ("my-term", "MY_TERM"), ("9LIVES", "X9LIVES")]
)
def test_entity_names_are_made_safe(entity: str, shown: str) -> None:
    assert placeholder_entity(entity) == shown


def test_bad_token_is_refused() -> None:
    with pytest.raises(ValueError, match="hex"):
        format_placeholder("PERSON", "XYZ")


def test_every_proper_prefix_is_a_prefix() -> None:
    for i in range(1, len(FULL)):
        assert is_placeholder_prefix(FULL[:i]), FULL[:i]
    assert not is_placeholder_prefix(FULL)  # complete: nothing to wait for


@pytest.mark.parametrize(
    "text",
    [
        "[x",
        "[[a",
        "[[PERSON_0123456789a",
        "[[PERSON_01234]",
        "[[PERSON_0123456789]x",
        "[ [",
        "[[_A",
        "[[PERSON_ABC_g",
    ],
)
def test_look_alikes_are_not_prefixes(text: str) -> None:
    assert not is_placeholder_prefix(text)


def test_escape_makes_placeholders_inert() -> None:
    text = f"sent: {FULL} and [[not one]]"
    escaped = escape_placeholders(text)
    assert PLACEHOLDER.search(escaped) is None
    assert "⟦⟦EMAIL_ADDRESS_0123abcdef⟧⟧" in escaped
    assert "[[not one]]" in escaped
