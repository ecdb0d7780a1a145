"""JSON on the request path: orjson where it gives the standard library's result, the standard
library where it would not.

A request pays for four JSON steps (the client's body, the body to the supplier, the supplier's
answer, the answer to the client). With the standard library they cost about 55 µs of CPU per
1 KB request on one core here; this way about 12. The results are the same:

- :func:`loads` returns what ``json.loads`` returns, except that it refuses the non-standard
  ``NaN``, ``Infinity`` and numbers too large for a float (RFC 8259 has none of them; an answer
  holding one could not be written back out). orjson reads integers beyond 64 bits as floats,
  so a document with a run of 20 digits (19 after a minus) is read by the standard library, as
  is anything orjson refuses (a byte-order mark, UTF-16, an escaped lone surrogate): one rule,
  the standard library's, decides what is valid.
- :func:`dumps` writes what ``json.dumps(value, ensure_ascii=False, allow_nan=False,
  separators=(",", ":")).encode()`` writes (floats may be spelt differently, ``1e16`` for
  ``1e+16``: the same number). What orjson cannot write (a lone surrogate, a non-string key,
  an integer beyond 64 bits, a type that is not JSON's own) goes to the standard library, which
  writes it or raises as before. NaN cannot reach it from :func:`loads`; a NaN built in code is
  refused by a check, which callers passing only what :func:`loads` read may skip.

A document nested deeper than :data:`MAX_DEPTH` arrays and objects is refused
(:class:`TooDeep`, a ``ValueError``): the standard library's parser would run out of stack on
it, and so would the walks and copies the gateway makes of a request. Model APIs nest a few
levels (a tool's JSON schema a few more); 128 leaves room.
"""

from __future__ import annotations

import contextlib
import json
import math
from typing import Any

import orjson

__all__ = ["MAX_DEPTH", "TooDeep", "check_depth", "dumps", "loads", "loads_text"]

MAX_DEPTH = 128
_UNREAD = object()


class TooDeep(ValueError):
    """A JSON document nested deeper than :data:`MAX_DEPTH` levels."""

    def __init__(self) -> None:
        super().__init__(f"JSON nested deeper than {MAX_DEPTH} levels")


# Integers beyond orjson's (below -2**63, above 2**64 - 1), which it would read as floats, have
# 20 digits, or 19 after a minus: found as runs of "0" once every digit is a "0" (a regular
# expression took 50 µs per KB here, this takes 3).
_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")
_TWENTY_DIGITS = b"0" * 20
_MINUS_NINETEEN_DIGITS = b"-" + b"0" * 19
# What the standard library cannot write (a dataclass, a datetime) or writes its own way (a
# subclass of str, int, dict or list) goes to it too.
_STANDARD_TYPES_ONLY = (
    orjson.OPT_PASSTHROUGH_DATACLASS
    | orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_SUBCLASS
)


def loads(data: bytes) -> Any:
    """The JSON document ``data`` (UTF-8, or any encoding ``json.loads`` detects).
    Raises ``ValueError`` (or ``UnicodeError``) when it is not valid JSON, :class:`TooDeep`
    (a ``ValueError`` too) when it nests deeper than :data:`MAX_DEPTH`."""
    value: Any = _UNREAD
    zeros = data.translate(_DIGITS_TO_ZERO)
    if _TWENTY_DIGITS not in zeros and _MINUS_NINETEEN_DIGITS not in zeros:
        with contextlib.suppress(orjson.JSONDecodeError):  # the standard library decides
            value = orjson.loads(data)
    if value is _UNREAD:
        try:
            value = json.loads(data, parse_constant=_refuse_constant, parse_float=_finite)
        except RecursionError:
            raise TooDeep() from None
    check_depth(value, data)
    return value


def loads_text(text: str) -> Any:
    """``json.loads(text)`` for JSON inside a JSON string (tool-call arguments, a stream
    event's data), with :func:`loads`' nesting limit: :class:`TooDeep` (a ``ValueError``, as
    for any invalid document) past :data:`MAX_DEPTH`, where the parser would run out of stack
    or the walks of the result could."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise TooDeep() from None
    check_depth(value, text)
    return value


def check_depth(value: Any, source: bytes | str | None = None) -> None:
    """Raise :class:`TooDeep` when ``value`` (parsed JSON) nests more than :data:`MAX_DEPTH`
    arrays and objects. Iterative: it never runs out of stack itself. Given the ``source`` text
    it was parsed from, a source with too few brackets to nest that deep is not walked (two
    counts in C: what a stream's every event pays)."""
    if isinstance(source, bytes):
        if source.count(b"[") + source.count(b"{") <= MAX_DEPTH:
            return
    elif source is not None and source.count("[") + source.count("{") <= MAX_DEPTH:
        return
    if not isinstance(value, (dict, list)):
        return
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node
        for child in children:
            if isinstance(child, (dict, list)):
                if depth >= MAX_DEPTH:
                    raise TooDeep()
                stack.append((child, depth + 1))


def dumps(value: Any, *, parsed: bool = False) -> bytes:
    """``value`` as compact UTF-8 JSON. Raises ``ValueError`` for NaN or infinity, ``TypeError``
    or ``UnicodeEncodeError`` for what JSON in UTF-8 cannot hold.

    ``parsed=True`` says that every float in ``value`` came from :func:`loads`, which refuses
    non-finite numbers (a document read by it, strings changed): the walk that looks for NaN
    (most of this function's time when the output holds a ``null``) is then skipped.
    """
    try:
        out = orjson.dumps(value, option=_STANDARD_TYPES_ONLY)
    except orjson.JSONEncodeError:
        out = None
    if out is None or (not parsed and b"null" in out and _has_non_finite(value)):
        return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode(
            "utf-8"
        )
    return out


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _finite(text: str) -> float:
    number = float(text)
    if math.isinf(number):
        raise ValueError(f"the number {text[:40]} is out of range")
    return number


def _has_non_finite(value: Any) -> bool:
    """Whether ``value`` holds a NaN or infinity (which orjson writes as ``null``)."""
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, dict):
        return any(_has_non_finite(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_has_non_finite(v) for v in value)
    return False
