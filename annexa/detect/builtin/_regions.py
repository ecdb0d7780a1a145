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
import sys
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Final, NamedTuple

import re2

from annexa.detect.normalize import utf8

NUM: Final = 1
"""A run of at least six digits, optionally split by spaces, dashes, dots, slashes, brackets."""
TOKEN: Final = 2
"""A letter-digit token of at least eight characters, or a ``bc1``/``0x`` wallet-like token; also
the digit-led codes of a few identifiers (``1EG4-TE5-MK72``, ``22AAAAA0000A1Z5``) and a UK
registration mark (``AB12 CDE``)."""
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
# colons or "::", so a clock time is none), the TOKEN shapes of a few identifiers, AT, LINK.
def _options() -> re2.Options:
    """Room for the expression's DFA: past RE2's default 8 MB budget (the MBI's alternative
    takes it there) it falls back to a slower engine and the pass takes twice as long."""
    options = re2.Options()
    options.max_mem = 64 << 20
    return options


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
        # digit-led codes holding letters (TOKEN): a Medicare MBI, an Indian GSTIN
        r"|[1-9][A-Za-z][0-9A-Za-z][0-9]-?[A-Za-z][0-9A-Za-z][0-9]-?[A-Za-z]{2}[0-9]{2}"
        r"|[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][0-9A-Z]Z[0-9A-Z]"
        # a UK registration mark in the current format, written with its space (TOKEN)
        r"|[A-Z]{2}[0-9]{2} [A-Z]{3}"
        r"|@|://|www\."
    ).encode(),
    options=_options(),
)
_LINKS = frozenset({b"://", b"www."})
# The rest of a token from inside it: letters and digits, and the marks that join them
# ("1850317123450-4", "v1.2.3"), so that a rule's look-ahead at a window's end sees what follows
_WORD_REST = re.compile(r"(?:[^\W_]|[\-./+_](?=[^\W_]))*")
_JOINERS = frozenset("-./+_")


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
    """The candidate regions of one text, grouped so a detector reads only its own.

    ``kinds``, ``token_lengths``, ``digit_counts`` and ``spaced_counts`` are bit masks (bit
    ``k``: a region of kind ``k`` other than ``NUM``; bit ``n``: a ``TOKEN`` region ``n``
    characters long; bit ``d``: a ``NUM`` region of ``d`` digits; the same for ``NUM`` regions
    with a space among their separators) and ``number_forms`` holds the ``(digits, seps)`` of
    every ``NUM`` region: what :meth:`may_select` reads, so the scanner can tell without a call
    which detectors would find nothing to select.
    """

    by_kind: dict[int, list[Region]]
    numbers: dict[int, list[Region]]
    most_digits: int = 0
    kinds: int = 0
    digit_counts: int = 0
    spaced_counts: int = 0
    token_lengths: int = 0
    number_forms: frozenset[tuple[int, str]] = frozenset()

    def may_select(self, gate: Gate) -> bool:
        """Whether :meth:`select` returns anything for the arguments ``gate`` was made from
        (:func:`select_gate`): exact, except that a wide ``TOKEN`` length range counts as any."""
        kinds, lengths, counts, forms, above = gate
        return bool(
            self.kinds & kinds
            or self.token_lengths & lengths
            or self.digit_counts & counts
            or (forms and not forms.isdisjoint(self.number_forms))
            or self.spaced_counts >> above
        )

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
        by_kind = self.by_kind
        for kind in kinds:
            if kind == NUM or kind not in by_kind:
                continue
            if kind == TOKEN:
                low, high = token_lengths
                out.extend([r for r in by_kind[kind] if low <= r.end - r.start <= high])
            else:
                out.extend(by_kind[kind])
        numbers = self.numbers
        if NUM in kinds and numbers:
            if max_digits - min_digits < len(numbers):  # a narrow range: look its counts up
                for digits in range(min_digits, max_digits + 1):
                    found = numbers.get(digits)
                    if found is not None:
                        out.extend(found if seps is None else [r for r in found if seps(r[4])])
                if self.spaced_counts >> (max_digits + 1):
                    for digits, found in numbers.items():
                        if digits > max_digits:
                            out.extend([r for r in found if " " in r.seps])
            else:
                for digits, found in numbers.items():
                    if min_digits <= digits <= max_digits:
                        out.extend(found if seps is None else [r for r in found if seps(r[4])])
                    elif digits > max_digits:
                        out.extend([r for r in found if " " in r.seps])
        if len(out) < 2:
            return out
        out.sort(key=_START)
        return out


_START = itemgetter(1)  # Region.start


def _kind(value: bytes) -> int:
    """The kind of a matched span: the reference that :func:`regions` inlines (tested equal).

    ``DATE`` and ``HASH`` spans are matched only so that no ``NUM`` region starts inside them;
    :func:`regions` drops them.
    """
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


Gate = tuple[int, int, int, frozenset[tuple[int, str]], int]
"""What :meth:`Regions.may_select` tests: ``(kinds, token_lengths, digit_counts, number_forms,
spaced_above)``, made by :func:`select_gate`."""

_MASK_LIMIT = 4096  # widest length or digit range tested as a bit mask, most forms listed


def select_gate(
    kinds: frozenset[int],
    min_digits: int = 0,
    max_digits: int = 1_000,
    seps: Collection[str] | None = None,
    token_lengths: tuple[int, int] = (0, 1_000_000),
) -> Gate:
    """The gate :meth:`Regions.may_select` tests for ``select(kinds, min_digits, max_digits,
    seps.__contains__, token_lengths)`` (``seps``: the accepted separators, ``None``: any)."""
    others = sum(1 << k for k in kinds if k not in (NUM, TOKEN))
    lengths = 0
    if TOKEN in kinds:
        low, high = max(0, token_lengths[0]), token_lengths[1]
        if high - low > _MASK_LIMIT or high > 16 * _MASK_LIMIT:
            others |= 1 << TOKEN  # a wide range: any TOKEN region will do (a superset)
        elif low <= high:
            lengths = ((1 << (high + 1)) - 1) & ~((1 << low) - 1)
    if NUM not in kinds or min_digits > max_digits:
        return others, lengths, 0, frozenset(), sys.maxsize
    low = max(0, min_digits)
    counts = ((1 << (max_digits + 1)) - 1) & ~((1 << low) - 1)
    forms: frozenset[tuple[int, str]] = frozenset()
    if seps is not None and (max_digits - low + 1) * len(seps) <= _MASK_LIMIT:
        forms = frozenset((d, s) for d in range(low, max_digits + 1) for s in seps)
        counts = 0
    return others, lengths, counts, forms, max_digits + 1


_NUM_CHARS = b"0123456789 -./()+"
_HASH_CHARS = b"0123456789abcdef-"
_DIGIT_DASH = b"0123456789-"
_DIGIT_CHARS = b"0123456789"
_SEP_DROP = b"0123456789()+"


@lru_cache(maxsize=8)
def regions(text: str) -> Regions:
    """Every candidate region of ``text`` (cached: one pass per text per scan).

    One loop over the RE2 spans with :func:`_kind` inlined: two thirds of the spans in prompts
    are dates and digests, dropped after a few byte tests, so the per-span Python work is what
    this pass costs beyond the RE2 search itself.
    """
    data = utf8(text)
    by_kind: dict[int, list[Region]] = {}
    numbers: dict[int, list[Region]] = {}
    kinds = counts = spaced = lengths = 0
    forms: set[tuple[int, str]] = set()
    chars = CharOffsets(data) if len(data) != len(text) else None
    for a, b in _spans(data) if _MATCH is None else _all_spans(data):
        n = b - a
        if n > 7 and data[a + 4] == 45 and data[a + 7] == 45 and data[a : a + 4].isdigit():
            continue  # DATE ("-" is byte 45), tested before the span is sliced
        value = data[a:b]
        if n < 5 and (value == b"@" or value in _LINKS):
            kind = AT if value == b"@" else LINK
        elif (
            n >= 16
            and not value.translate(None, _HASH_CHARS)
            and value.translate(None, _DIGIT_DASH)
            and (n == 36 or b"-" not in value)
        ):
            continue  # HASH (_is_hash, inlined)
        elif not value.translate(None, _NUM_CHARS):
            # ASCII by construction: count on the bytes
            digits = n - len(value.translate(None, _DIGIT_CHARS))
            seps = value.translate(None, _SEP_DROP).decode("ascii")
            start, end = (a, b) if chars is None else (chars(a), chars(b))
            region = Region(NUM, start, end, digits, seps)
            found = numbers.get(digits)
            if found is None:
                numbers[digits] = [region]
                counts |= 1 << digits
            else:
                found.append(region)
            if " " in seps:
                spaced |= 1 << digits
            forms.add((digits, seps))
            continue
        elif b":" in value or value[2:3] == b"-" or value.count(b".") == 2:
            kind = HEX
        else:
            kind = TOKEN
        start, end = (a, b) if chars is None else (chars(a), chars(b))
        if kind == TOKEN:
            lengths |= 1 << (end - start)
        found = by_kind.get(kind)
        if found is None:
            by_kind[kind] = [Region(kind, start, end)]
            kinds |= 1 << kind
        else:
            found.append(Region(kind, start, end))
    return Regions(
        by_kind,
        numbers,
        max(numbers, default=0),
        kinds,
        counts,
        spaced,
        lengths,
        frozenset(forms),
    )


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


_MATCH = getattr(_REGION, "_regexp", None)
_UNANCHORED = getattr(getattr(re2, "_Anchor", None), "UNANCHORED", None)
if _UNANCHORED is None:  # pragma: no cover - another google-re2 layout: _spans' fallback
    _MATCH = None


def _all_spans(data: bytes) -> list[tuple[int, int]]:
    """:func:`_spans` as a list, its loop inlined (no generator step per span)."""
    match = _MATCH.Match  # type: ignore[union-attr]
    anchor = _UNANCHORED
    out: list[tuple[int, int]] = []
    pos, end = 0, len(data)
    while pos <= end:
        found = match(anchor, data, pos, end)[0]
        start, stop = found
        if start < 0:
            return out
        out.append(found)
        pos = stop if stop > start else stop + 1
    return out


class CharOffsets:
    """Maps byte offsets of UTF-8 ``data`` (at character boundaries) to ``str`` offsets,
    walking forward from the previous target (a target before it starts over)."""

    __slots__ = ("byte_pos", "char_pos", "data")

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.byte_pos = self.char_pos = 0

    def __call__(self, target: int) -> int:
        """The ``str`` offset of byte ``target``."""
        if target < self.byte_pos:
            self.byte_pos = self.char_pos = 0
        self.char_pos += len(self.data[self.byte_pos : target].decode("utf-8"))
        self.byte_pos = target
        return self.char_pos


def windows(text: str, wanted: Iterable[Region], before: int, after: int) -> list[tuple[int, int]]:
    """Merged windows around ``wanted`` regions, widened to whole words at both ends (at the
    end, to the whole token: a window that ended inside "1850317123450-4" would hide the "-4"
    from a rule's look-ahead)."""
    n = len(text)
    out: list[tuple[int, int]] = []
    lo = hi = -1
    for _, start, end, _, _ in wanted:
        a = start - before if start > before else 0
        b = end + after
        if b >= n:
            b = n
        elif text[b].isalnum() or (text[b] in _JOINERS and b + 1 < n and text[b + 1].isalnum()):
            b = _WORD_REST.match(text, b).end()  # type: ignore[union-attr]
        if hi >= 0 and a <= hi:
            hi = max(hi, b)
            continue
        if hi >= 0:
            out.append((lo, hi))
        lo, hi = a, b
    if hi >= 0:
        out.append((lo, hi))
    return out
