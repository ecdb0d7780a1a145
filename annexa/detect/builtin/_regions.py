"""Candidate regions: one linear-time pass that tells the PII detectors where to look.

Running twenty PII expressions over every byte of a prompt costs ~10 ms/MB each in Python's
``re``. Instead, one RE2 pass (linear time, no backtracking) over the UTF-8 bytes finds the few
places worth a closer look: digit runs (with separators), mixed letter-digit tokens, hex groups
with colons or dashes, ``@`` and ``://``. Each PII detector then runs its own expression only in
small windows around the regions it cares about. The result is cached per text, so the twenty
detectors of one scan share a single pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, NamedTuple

import re2

NUM: Final = 1
"""A run of at least six digits, optionally split by spaces, dashes, dots, slashes, brackets."""
TOKEN: Final = 2
"""A letter-digit token of at least eight characters, or a ``bc1``/``0x`` wallet-like token."""
HEX: Final = 3
"""Hex groups joined by colons or dashes (IPv6, MAC), or a four-number dotted quad."""
AT: Final = 4
"""An ``@`` sign."""
LINK: Final = 5
"""``://`` or ``www.``."""
DATE: Final = 6
"""An ISO 8601 date or date-time (no PII detector reads these; they keep digit runs quiet)."""
HASH: Final = 7
"""A lower-case hex digest (16+ characters, a letter among its first 13) or a UUID: dropped like
``DATE``, so the digit runs inside hashes and request ids are no ``NUM`` regions."""

_W = "[A-Za-z0-9]"


def _token(first: str) -> str:
    """A token of 8+ characters led by ``first`` and holding a digit, as an RE2 expression."""
    short = "|".join(f"[A-Za-z]{{{n}}}[0-9]{_W}{{{6 - n},}}" for n in range(6))
    return f"{first}(?:[A-Za-z]{{6,}}[0-9]{_W}*|{short})"


# Alternatives in order (RE2 is leftmost-first): ISO date-times (DATE, swallowed so that log
# lines cost one match), whole hex digests and UUIDs (HASH, swallowed too: their digit runs were
# half of all NUM regions in prompts with code and logs), NUM, dotted quad (NUM), TOKEN (upper-case
# led, or led by a letter that is no hex digit, so hex hashes do not count; wallets), HEX (three
# colons or "::", so a clock time is none), AT, LINK.
_REGION = re2.compile(
    (
        r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2})?(?:[.,][0-9]+)?)?"
        r"|\b(?:[0-9]{1,12}[a-f]|[a-f][0-9])[0-9a-f]{14,}\b"
        r"|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"
        r"|[+(]?[0-9](?:[ \-./()]{0,2}[0-9]){5,}|[0-9]{1,3}(?:\.[0-9]{1,3}){3}"
        f"|{_token('[A-Z]')}|{_token('[g-z]')}|bc1[a-z0-9]{{8,}}|0x[0-9a-fA-F]{{40}}"
        r"|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){3,}[0-9A-Fa-f:.]*|[0-9A-Fa-f]{0,4}::[0-9A-Fa-f:.]*"
        r"|[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5}"
        r"|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}"
        r"|@|://|www\."
    ).encode()
)
_LINKS = frozenset({b"://", b"www."})
_SWALLOWED = frozenset({DATE, HASH})  # matched only so that no NUM region starts inside
_WORD_REST = re.compile(r"[^\W_]*")


class Region(NamedTuple):
    """A candidate span ``[start, end)`` in the text.

    Attributes:
        kind: ``NUM``, ``TOKEN``, ``HEX``, ``AT`` or ``LINK``.
        start, end: offsets into the scanned text.
        digits: for ``NUM``, how many digits it holds (else 0).
        seps: for ``NUM``, its separators other than brackets and ``+``, in order (``"--"`` for
            ``2024-01-06``, ``"..."`` for a dotted quad, ``""`` for a plain run).
    """

    kind: int
    start: int
    end: int
    digits: int = 0
    seps: str = ""


@dataclass(frozen=True, slots=True)
class Regions:
    """The candidate regions of one text, grouped so a detector reads only its own."""

    by_kind: dict[int, list[Region]]
    numbers: dict[int, list[Region]]
    most_digits: int = 0

    def has_any(self, kinds: frozenset[int], min_digits: int | None) -> bool:
        """Whether a region of ``kinds`` (other than ``NUM``), or a ``NUM`` region with at least
        ``min_digits`` digits, exists: the cheap test that lets most detectors skip a text."""
        if not kinds.isdisjoint(self.by_kind):
            return True
        return min_digits is not None and min_digits <= self.most_digits

    def select(
        self,
        kinds: frozenset[int],
        min_digits: int = 0,
        max_digits: int = 1_000,
        seps: Callable[[str], bool] | None = None,
        token_lengths: tuple[int, int] = (0, 1_000_000),
    ) -> list[Region]:
        """Regions of ``kinds``, by start; ``NUM`` ones only with ``min_digits..max_digits``
        digits and, when ``seps`` is given, separators it accepts -- or with more digits and a
        space, since a list of numbers joined by spaces is one region; ``TOKEN`` ones only
        ``token_lengths[0]..token_lengths[1]`` characters long."""
        out: list[Region] = []
        for kind in kinds:
            if kind == TOKEN:
                low, high = token_lengths
                out.extend(r for r in self.by_kind.get(kind, ()) if low <= r.end - r.start <= high)
            elif kind != NUM:
                out.extend(self.by_kind.get(kind, ()))
        if NUM in kinds:
            for digits, found in self.numbers.items():
                if min_digits <= digits <= max_digits:
                    out.extend(found if seps is None else (r for r in found if seps(r.seps)))
                elif digits > max_digits:
                    out.extend(r for r in found if " " in r.seps)
        if len(out) < 2:
            return out
        out.sort(key=_start)
        return out


def _start(region: Region) -> int:
    return region.start


def _kind(value: bytes) -> int:
    if len(value) < 5:
        if value == b"@":
            return AT
        if value in _LINKS:
            return LINK
    if value[4:5] == b"-" and value[7:8] == b"-" and value[:4].isdigit():
        return DATE
    if len(value) >= 16 and _is_hash(value):
        return HASH
    if not value.translate(None, b"0123456789 -./()+"):
        return NUM
    if b":" in value or value[2:3] == b"-" or value.count(b".") == 2:
        return HEX
    return TOKEN


def _is_hash(value: bytes) -> bool:
    """A lower-case hex run with a letter, no dash, or a UUID (8-4-4-4-12) with a letter."""
    if value.translate(None, b"0123456789abcdef-") or not value.translate(None, b"0123456789-"):
        return False
    return b"-" not in value or len(value) == 36


@lru_cache(maxsize=8)
def regions(text: str) -> Regions:
    """Every candidate region of ``text`` (cached: one pass per text per scan)."""
    data = text.encode("utf-8")
    found: list[Region] = []
    for start, end in _spans(data):
        value = data[start:end]
        kind = _kind(value)
        if kind == NUM:  # ASCII by construction: count on the bytes
            digits = len(value) - len(value.translate(None, b"0123456789"))
            seps = value.translate(None, b"0123456789()+").decode("ascii")
            found.append(Region(kind, start, end, digits, seps))
        elif kind not in _SWALLOWED:
            found.append(Region(kind, start, end))
    if len(data) != len(text):
        found = list(_to_chars(data, found))
    by_kind: dict[int, list[Region]] = {}
    numbers: dict[int, list[Region]] = {}
    for region in found:
        if region.kind == NUM:
            numbers.setdefault(region.digits, []).append(region)
        else:
            by_kind.setdefault(region.kind, []).append(region)
    return Regions(by_kind, numbers, max(numbers, default=0))


def _spans(data: bytes) -> Iterator[tuple[int, int]]:
    """Match spans of :data:`_REGION` in ``data``.

    google-re2's ``finditer`` builds a Python match object per hit, which costs more than the
    search itself here; its compiled ``_regexp.Match`` returns the spans directly. Fall back to
    ``finditer`` if a future release renames it.
    """
    low = getattr(_REGION, "_regexp", None)
    anchor = getattr(getattr(re2, "_Anchor", None), "UNANCHORED", None)
    if low is None or anchor is None:
        yield from (m.span() for m in _REGION.finditer(data))
        return
    pos, end = 0, len(data)
    while pos <= end:
        start, stop = low.Match(anchor, data, pos, end)[0]
        if start < 0:
            return
        yield start, stop
        pos = stop if stop > start else stop + 1


def _to_chars(data: bytes, found: Iterable[Region]) -> Iterator[Region]:
    """Map byte offsets (always at ASCII characters) to ``str`` offsets, in one forward walk."""
    byte_pos = char_pos = 0

    def advance(target: int) -> int:
        nonlocal byte_pos, char_pos
        char_pos += len(data[byte_pos:target].decode("utf-8"))
        byte_pos = target
        return char_pos

    for region in found:
        start = advance(region.start)
        yield region._replace(start=start, end=advance(region.end))


def windows(
    text: str, wanted: Iterable[Region], before: int, after: int
) -> Iterator[tuple[int, int]]:
    """Merged windows around ``wanted`` regions, widened to whole words at both ends."""
    n = len(text)
    lo = hi = -1
    for r in wanted:
        a, b = max(0, r.start - before), min(n, r.end + after)
        if b < n and text[b].isalnum():
            b = _WORD_REST.match(text, b).end()  # type: ignore[union-attr]
        if hi >= 0 and a <= hi:
            hi = max(hi, b)
            continue
        if hi >= 0:
            yield lo, hi
        lo, hi = a, b
    if hi >= 0:
        yield lo, hi
