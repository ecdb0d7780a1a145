"""The request path's JSON: the standard library's results, faster. Generated documents read and
write the same as with ``json``; the cases where orjson differs go to the standard library."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annexa.providers.json_codec import (
    MAX_DEPTH,
    TooDeep,
    check_depth,
    dumps,
    loads,
    loads_text,
)

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=30,
)


def _std(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


def _same(a: Any, b: Any) -> bool:
    """Equal, with types (1 and 1.0 and True differ)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


@settings(max_examples=300, deadline=None)
@given(JSON)
def test_reads_what_json_reads(value: Any) -> None:
    try:
        data = _std(value)
    except UnicodeEncodeError:  # a lone surrogate: not UTF-8, nothing to read
        return
    assert _same(loads(data), json.loads(data))
    escaped = json.dumps(value).encode()  # ASCII with \\u escapes, lone surrogates included
    assert _same(loads(escaped), json.loads(escaped))


@settings(max_examples=300, deadline=None)
@given(JSON)
def test_writes_what_json_writes(value: Any) -> None:
    try:
        expected = _std(value)
    except UnicodeEncodeError:
        with pytest.raises(UnicodeEncodeError):
            dumps(value)
        return
    out = dumps(value)
    assert _same(json.loads(out), json.loads(expected))


def test_integers_beyond_64_bits_stay_integers() -> None:
    big = 123456789012345678901234567890
    assert loads(b"[-9223372036854775809]") == [-9223372036854775809]  # just below -2**63
    assert loads(b'{"seed": %d}' % big) == {"seed": big}
    assert loads(b"[-%d]" % big) == [-big]
    assert dumps({"seed": big}) == b'{"seed":%d}' % big


@pytest.mark.parametrize("doc", [b"NaN", b"[Infinity]", b'{"x": -Infinity}', b"[1e400]"])
def test_non_standard_numbers_are_refused(doc: bytes) -> None:
    with pytest.raises(ValueError, match=r"not a JSON value|out of range"):
        loads(doc)


@pytest.mark.parametrize("doc", [b"", b"{", b'{"a":1,}', b"\xff\xfe\xfd", b"[1] [2]"])
def test_malformed_documents_raise_value_error(doc: bytes) -> None:
    with pytest.raises(ValueError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        loads(doc)


def test_encodings_json_detects_are_read() -> None:
    doc = {"text": "Grüße 😀"}
    assert loads(b"\xef\xbb\xbf" + json.dumps(doc).encode()) == doc
    assert loads(json.dumps(doc, ensure_ascii=False).encode("utf-16")) == doc


def test_an_escaped_lone_surrogate_reads_as_json_reads_it() -> None:
    assert loads(b'{"t": "\\ud800x"}') == {"t": "\ud800x"}  # the gateway then refuses it


@pytest.mark.parametrize("value", [math.nan, [math.inf], {"x": {"y": [-math.inf]}}])
def test_nan_and_infinity_are_not_written(value: Any) -> None:
    with pytest.raises(ValueError, match="Out of range float"):
        dumps(value)


def test_nulls_are_written() -> None:
    assert dumps({"refusal": None, "n": [None, 1.5]}) == b'{"refusal":null,"n":[null,1.5]}'


def test_what_orjson_writes_its_own_way_goes_to_json() -> None:
    class Colour(StrEnum):
        RED = "red"

    @dataclass
    class Point:
        x: int

    assert dumps({1: "one", Colour.RED: Colour.RED}) == _std({1: "one", Colour.RED: Colour.RED})
    with pytest.raises(TypeError):
        dumps({"p": Point(1)})  # json cannot write it, so neither do we
    with pytest.raises(UnicodeEncodeError):
        dumps({"t": "\udc80"})


def test_parsed_documents_skip_the_nan_walk_and_write_the_same() -> None:
    doc = loads(b'{"a": null, "b": [1.5, -0.0, 1e300], "c": "x"}')
    assert dumps(doc, parsed=True) == dumps(doc) == _std(doc)


def nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 1_000, 100_000])
def test_documents_nested_too_deep_are_refused_as_invalid(depth: int) -> None:
    # the standard library's parser would run out of stack at 100,000 (RecursionError)
    with pytest.raises(TooDeep, match=f"deeper than {MAX_DEPTH} levels"):
        loads(nested(depth))
    with pytest.raises(ValueError):
        loads(b'{"a": ' + nested(depth) + b"}")


def test_documents_nested_up_to_the_limit_are_read() -> None:
    assert loads(nested(MAX_DEPTH)) == json.loads(nested(MAX_DEPTH))
    brackets = json.dumps({"text": "[" * 500 + "{" * 500}).encode()  # in a string: no nesting
    assert loads(brackets) == json.loads(brackets)
    assert loads(b'"' + b"[" * 300 + b'"') == "[" * 300


def test_check_depth_walks_without_recursion() -> None:
    deep: Any = []
    for _ in range(50_000):  # past any stack
        deep = [deep]
    with pytest.raises(TooDeep):
        check_depth(deep)
    check_depth({"a": [{"b": [1, 2, {"c": "x"}]}]})
    check_depth("scalar")


def test_loads_text_reads_as_json_loads_within_the_depth_limit() -> None:
    text = '{"who": "x\\ud800y", "n": [1, {"m": null}]}'  # an escaped lone surrogate reads
    assert loads_text(text) == json.loads(text)
    with pytest.raises(TooDeep):
        loads_text("[" * 100_000 + "]" * 100_000)  # json.loads: RecursionError
    with pytest.raises(TooDeep):
        loads_text("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    with pytest.raises(ValueError):
        loads_text("{nope")
