"""Restore answers whole and streamed: any chunking gives exactly the whole-text result."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annexa.transform.placeholders import escape_placeholders
from annexa.transform.restore import StreamRestorer, json_escape, restore
from annexa.transform.vault import Vault

VALUES = [("PERSON", "Jane Roe"), ("EMAIL_ADDRESS", 'j"r@example.com'), ("PROJECT", "Bluefin")]


@pytest.fixture
def issued(vault: Vault) -> dict[str, str]:
    """placeholder → value, issued for scope u1."""
    tokens = vault.pseudonyms("u1", VALUES)
    return {f"[[{e}_{t}]]": v for (e, v), t in zip(VALUES, tokens, strict=True)}


def answer_with(issued: dict[str, str]) -> str:
    ph = list(issued)
    return (
        f"Dear {ph[0]}, [ok] [[maybe]] we mailed {ph[1]}{ph[1]} about [[{ph[2][2:]} and {ph[2]}."
        " Unknown: [[PERSON_0123456789]] [[PERSON_"
    )


def chunked(restorer: StreamRestorer, text: str, cuts: list[int]) -> str:
    bounds = [0, *sorted(set(cuts)), len(text)]
    out = [restorer.feed(text[a:b]) for a, b in itertools.pairwise(bounds)]
    return "".join(out) + restorer.flush()


def test_whole_text_restore(vault: Vault, issued: dict[str, str]) -> None:
    text = answer_with(issued)
    out = restore(text, vault, "u1")
    for value in ("Jane Roe", 'j"r@example.com', "Bluefin"):
        assert value in out
    for ph in issued:
        assert ph not in out
    assert "[[PERSON_0123456789]]" in out  # never issued: left alone
    assert restore(text, vault, "u1", known=issued) == out  # the request's own map suffices
    assert restore(text, None, "u1", known=issued) == out


def test_other_scopes_are_never_restored(vault: Vault, issued: dict[str, str]) -> None:
    text = answer_with(issued)
    assert restore(text, vault, "u2") == text


def test_escaped_placeholders_are_left_alone(vault: Vault, issued: dict[str, str]) -> None:
    text = escape_placeholders(answer_with(issued))
    assert restore(text, vault, "u1") == text


def test_json_escape_keeps_tool_arguments_valid(vault: Vault, issued: dict[str, str]) -> None:
    email = list(issued)[1]
    args = json.dumps({"to": email, "note": "hi"})
    restored = restore(args, vault, "u1", escape=json_escape)
    assert json.loads(restored) == {"to": 'j"r@example.com', "note": "hi"}


def test_every_split_position(vault: Vault, issued: dict[str, str]) -> None:
    text = answer_with(issued)
    whole = restore(text, vault, "u1")
    for i in range(len(text) + 1):
        assert chunked(StreamRestorer(vault, "u1"), text, [i]) == whole, i
        assert chunked(StreamRestorer(None, "u1", known=issued), text, [i]) == whole, i


def test_character_by_character_holds_back_only_a_placeholder_prefix(
    vault: Vault, issued: dict[str, str]
) -> None:
    restorer = StreamRestorer(vault, "u1")
    assert restorer.feed("Hello ") == "Hello "
    assert restorer.feed("[") == ""
    assert restorer.feed("x") == "[x"  # not a placeholder after all: released at once
    ph = next(iter(issued))
    assert restorer.feed(ph[:-1]) == ""
    assert restorer.feed(ph[-1] + " bye") == "Jane Roe bye"
    assert restorer.flush() == ""


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],  # the vault is only read
)
@given(
    pieces=st.lists(
        st.one_of(
            st.sampled_from([0, 1, 2, 3]),  # a placeholder (3: never issued)
            st.text(alphabet="[]_abAB0 \n⟦", max_size=6),
        ),
        max_size=12,
    ),
    cuts=st.lists(st.integers(min_value=0, max_value=400), max_size=12),
)
def test_any_chunking_restores_like_the_whole(
    vault: Vault, issued: dict[str, str], pieces: list[int | str], cuts: list[int]
) -> None:
    phs = [*issued, "[[PERSON_0123456789]]"]
    text = "".join(phs[p] if isinstance(p, int) else p for p in pieces)
    whole = restore(text, vault, "u1")
    got = chunked(StreamRestorer(vault, "u1"), text, [c for c in cuts if c <= len(text)])
    assert got == whole
    for ph in issued:
        assert ph not in got
