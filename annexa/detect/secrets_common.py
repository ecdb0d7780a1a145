"""Shared machinery of the credential detectors: keyword windows, look-alike rejection, checks.

Every secret rule names the literal keywords (lower case) one of which must occur in the text.
:class:`SecretDetector` runs a rule's expression only inside windows around those keywords, so a
long prompt that mentions ``ghp_`` once is matched on a few hundred characters, not all of it.
Its values then pass :func:`looks_like_placeholder` (``xxxx``, ``<token>``, ``${VAR}``, ``EXAMPLE``)
before the rule's own structural check. Detector authors (built-in or plugin) subclass it and list
:class:`~annexa.detect.pattern.Pattern` rules; ``checks`` maps a rule name to its validator.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar

from annexa.detect.interface import Finding, ScanContext
from annexa.detect.pattern import CONTEXT_BOOST, CONTEXT_FLOOR, Pattern, PatternDetector

Check = Callable[[str], bool | None]

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

_PLACEHOLDER = re.compile(
    r"([xXa*#•?_.-])\1{5,}|([0-9])\2{9,}"  # xxxxxx, aaaaaa, ******, ######, 0000000000
    r"|example|sample|dummy|placeholder|redacted|changeme|change_me|replace|insert|fake|"
    r"your[_-]?(?:own|api|secret|token|key|pass)|<[^>]*>|\$\{[\w.]+\}|\{\{\s*[\w.]+\s*\}\}|"
    r"%\(\w+\)s|^%s$|^\[[A-Za-z_ -]+\]$|\.\.\.|…",
    re.IGNORECASE,
)


def shannon_entropy(value: str) -> float:
    """Bits per character of ``value`` (0 for the empty string)."""
    if not value:
        return 0.0
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())


def looks_like_placeholder(value: str) -> bool:
    """True for documentation stand-ins rather than credentials: runs, ``<...>``, ``${...}``.

    A run counts only of the characters documentation fills blanks with (``x``, ``X``, ``a``,
    ``*``, ``#``, ``•``, ``?``, ``_``, ``.``, ``-``; ten or more of one digit). A run of any other
    letter in a value of the credential's own shape (``AKIA`` and sixteen ``Z``, an age key of
    ``q``, Bech32's zero) follows no such convention: it is judged like any other value.
    """
    return _PLACEHOLDER.search(value) is not None


def occurrences(lower: str, kw: str) -> list[int]:
    """Every start offset of ``kw`` in ``lower`` (overlapping ones included)."""
    found: list[int] = []
    i = lower.find(kw)
    while i >= 0:
        found.append(i)
        i = lower.find(kw, i + 1)
    return found


@dataclass(frozen=True, slots=True)
class SecretContext(ScanContext):
    """A :class:`ScanContext` that remembers keyword offsets for the rules of one detector."""

    found: dict[str, list[int]] = field(default_factory=dict)

    def positions(self, kw: str) -> list[int]:
        """Offsets of ``kw`` in ``lower``; none when the prefilter saw no such keyword."""
        if kw not in self.keywords:
            return []
        hit = self.found.get(kw)
        if hit is None:
            hit = self.found[kw] = occurrences(self.lower, kw)
        return hit


def _positions(ctx: ScanContext, kw: str) -> list[int]:
    if isinstance(ctx, SecretContext):
        return ctx.positions(kw)
    return occurrences(ctx.lower, kw)


def keyword_windows(
    lower: str, keywords: Iterable[str], back: int, fwd: int, ctx: ScanContext | None = None
) -> list[tuple[int, int]]:
    """Merged ``[lo, hi)`` windows around every occurrence of any keyword in ``lower``."""
    spans: list[tuple[int, int]] = []
    size = len(lower)
    for kw in keywords:
        for i in _positions(ctx, kw) if ctx is not None else occurrences(lower, kw):
            spans.append((max(0, i - back), min(size, i + len(kw) + fwd)))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            if hi > merged[-1][1]:
                merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    return merged


DENSE_KEYWORDS = 128  # occurrences past which an anchored rule scans the whole text instead


def anchored_matches(
    ctx: ScanContext,
    keywords: Iterable[str],
    rx: re.Pattern[str],
    needs: tuple[tuple[str, ...], int] | None = None,
    reach: int = 480,
) -> Iterator[re.Match[str]]:
    """``rx.match`` at every occurrence of any keyword outside the previous match, in order.

    ``reach`` bounds a match's length from its keyword. ``needs`` = (strings, distance): skip an
    occurrence unless one of those strings occurs within ``distance`` characters after it
    (``=`` or ``:`` for an assignment), a cheap test that spares the expression most keywords
    in prose.
    """
    starts: set[int] = set()
    for kw in keywords:
        starts.update(_positions(ctx, kw))
    text = ctx.text
    if len(starts) > DENSE_KEYWORDS:
        # So many occurrences that a scan in C beats a Python step per occurrence: search the
        # merged stretches [occurrence, occurrence + reach); the expression starts with the
        # keyword, so it matches at the same places.
        ordered = sorted(starts)
        lo, hi = ordered[0], ordered[0] + reach
        for i in ordered[1:]:
            if i > hi:
                yield from rx.finditer(text, lo, hi)
                lo = i
            hi = i + reach
        yield from rx.finditer(text, lo, hi)
        return
    last_end = -1
    for i in sorted(starts):
        if i < last_end:
            continue  # inside the previous match (a value that repeats the keyword)
        if needs is not None:
            wanted, distance = needs
            ahead = text[i : i + distance]
            if not any(w in ahead for w in wanted):
                continue
        m = rx.match(text, i)
        if m is not None:
            last_end = m.end()
            yield m


def key_before(text: str, start: int, limit: int = 40) -> str:
    """The identifier characters (``[A-Za-z0-9_.-]``) right before ``start``, at most ``limit``."""
    j = start
    while j > 0 and start - j < limit and (text[j - 1].isalnum() or text[j - 1] in "_.-"):
        j -= 1
    return text[j:start]


def b64decode_loose(value: str) -> bytes | None:
    """Decode base64 or base64url with or without padding; ``None`` when it is not."""
    s = value.strip().replace("-", "+").replace("_", "/")
    s += "=" * (-len(s) % 4)
    try:
        return base64.b64decode(s, validate=True)
    except (binascii.Error, ValueError):
        return None


def base62_crc32(payload: str, width: int = 6) -> str:
    """CRC32 of ``payload`` written in base62, left-padded with ``0`` to ``width``."""
    n = zlib.crc32(payload.encode("ascii", "replace"))
    digits = ""
    while n:
        n, r = divmod(n, 62)
        digits = BASE62[r] + digits
    return digits.rjust(width, "0")


def crc32_suffix_check(prefix_len: int, width: int = 6) -> Check:
    """Validator for tokens whose last ``width`` base62 chars are the CRC32 of the random part.

    GitHub (and npm, which copied the scheme) publish ``prefix_`` + 30 random base62 chars + a
    6-char base62 CRC32 of those 30. A match is confirmed (``True``) when the checksum holds and
    kept at the rule's score (``None``) when not: a token typed by hand may still be real.
    """

    def check(value: str) -> bool | None:
        body, crc = value[prefix_len:-width], value[-width:]
        return True if base62_crc32(body, width) == crc else None

    return check


def mixed_token(value: str) -> bool | None:
    """Drop values without both letters and digits (names, words): real tokens are random."""
    has_digit = any(c.isdigit() for c in value)
    has_alpha = any(c.isalpha() for c in value)
    return None if has_digit and has_alpha else False


def min_length(n: int) -> Check:
    """Validator dropping matches shorter than ``n`` characters."""

    def check(value: str) -> bool | None:
        return None if len(value) >= n else False

    return check


class SecretDetector(PatternDetector):
    """A pattern detector for credentials: keyword windows, placeholder rejection, checks.

    Class attributes:
        window: default (characters before, characters after) a keyword occurrence that a match
            may reach; a rule whose keyword is the token's own prefix needs only ``(0, length)``.
        windows: per-rule overrides of ``window``.
        checks: per-rule validators (``True`` confirmed, ``False`` drop, ``None`` keep score).
        anchored: rules whose expression starts with one of its keywords: they are tried only
            exactly where a keyword occurs (``re.match`` at each occurrence), the cheapest way.
        anchor_needs: per anchored rule, (strings, reach) one of which must follow the keyword
            within reach for the expression to be tried (see :func:`anchored_matches`).
        anchor_all: treat every rule as anchored except those in ``unanchored`` (a rule wrongly
            anchored fails its own positive examples in ``tests/detect/test_rule_examples.py``).
    """

    entities: ClassVar[tuple[str, ...]] = ("SECRET",)
    window: ClassVar[tuple[int, int]] = (80, 400)
    windows: ClassVar[dict[str, tuple[int, int]]] = {}
    checks: ClassVar[dict[str, Check]] = {}
    anchored: ClassVar[frozenset[str]] = frozenset()
    anchor_all: ClassVar[bool] = False
    anchor_needs: ClassVar[dict[str, tuple[tuple[str, ...], int]]] = {}
    unanchored: ClassVar[frozenset[str]] = frozenset()
    min_entropy: ClassVar[float] = 0.0

    @cached_property
    def keywords(self) -> tuple[str, ...]:  # type: ignore[override]
        """Every rule's keywords, computed once; none (always run) if a rule has no keywords."""
        if any(not p.keywords for p in self.patterns):
            return ()
        return tuple(sorted({k for p in self.patterns for k in p.keywords}))

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        if looks_like_placeholder(value):
            return False
        if self.min_entropy and shannon_entropy(value) < self.min_entropy:
            return False
        check = self.checks.get(pattern.name)
        return None if check is None else check(value)

    def _matches(
        self, ctx: ScanContext, pattern: Pattern, rx: re.Pattern[str]
    ) -> Iterable[Finding]:
        entity = pattern.entity or self.entities[0]
        for m in self._finditer(ctx, pattern, rx):
            start, end = m.span(pattern.group)
            if start < 0 or start == end:
                continue
            verdict = self.validate(ctx.text[start:end], pattern)
            if verdict is False:
                continue
            score = 1.0 if verdict else pattern.score
            if self.context and score < 1.0 and self.has_context(ctx, start, end):
                score = min(1.0, max(score + CONTEXT_BOOST, CONTEXT_FLOOR))
            yield Finding(entity, start, end, score, self.name, pattern.provider, bool(verdict))

    @cached_property
    def _by_keyword(self) -> dict[str | None, list[int]]:
        """Keyword -> indexes of the rules that name it; ``None`` -> the rules without keywords."""
        index: dict[str | None, list[int]] = {}
        for i, pattern in enumerate(self.patterns):
            for kw in pattern.keywords:
                index.setdefault(kw, []).append(i)
            if not pattern.keywords:
                index.setdefault(None, []).append(i)
        return index

    def detect(self, ctx: ScanContext) -> Iterator[Finding]:
        """Run only the rules one of whose keywords the prefilter found."""
        by_keyword = self._by_keyword
        picked = set(by_keyword.get(None, ()))
        for kw in ctx.keywords:
            found = by_keyword.get(kw)
            if found is not None:
                picked.update(found)
        rules = sorted(picked)
        sctx = SecretContext(ctx.text, ctx.lower, ctx.keywords)
        compiled = self._compiled
        for i in rules:
            pattern, rx, _ = compiled[i]
            yield from self._matches(sctx, pattern, rx)

    def _finditer(
        self, ctx: ScanContext, pattern: Pattern, rx: re.Pattern[str]
    ) -> Iterator[re.Match[str]]:
        if not pattern.keywords or len(ctx.lower) != len(ctx.text):
            yield from rx.finditer(ctx.text)
            return
        if pattern.name in self.anchored or (
            self.anchor_all and pattern.name not in self.unanchored
        ):
            needs = self.anchor_needs.get(pattern.name)
            reach = self.windows.get(pattern.name, self.window)[1] + 80
            yield from anchored_matches(ctx, pattern.keywords, rx, needs, reach)
            return
        back, fwd = self.windows.get(pattern.name, self.window)
        for lo, hi in keyword_windows(ctx.lower, pattern.keywords, back, fwd, ctx):
            yield from rx.finditer(ctx.text, lo, hi)


# Expression fragments shared by the rule tables.
B = r"(?<![A-Za-z0-9_])"  # no word character right before a token
E = r"(?![A-Za-z0-9_])"  # ... nor right after
ED = r"(?![A-Za-z0-9_-])"  # ... nor a dash, for tokens whose alphabet has one
# Between a key name and its value: the rest of the name, a closing quote, and one of
# ``=``, ``:``, ``:=``, ``=>``, ``->``, a plain space, or Go's ``string =``; then an opening quote.
# Possessive repeats (``{m,n}+``) keep an attempt linear: the name and each run of blanks are
# taken whole, never re-split.
SEP = (
    r"[\w.-]{0,30}+[\"'\]]?"
    r"(?:[ \t]{0,16}+(?:string[ \t]{1,3}+)?(?:[:=]{1,4}>?|\?=|\.=|->)|[ \t]{1,16}+)"
    r"[ \t]{0,16}+[\"'`]?"
)


def token(
    name: str,
    provider: str,
    regex: str,
    keywords: tuple[str, ...],
    positives: tuple[str, ...],
    negatives: tuple[str, ...],
    origin: str,
    score: float = 0.9,
    group: int = 0,
    flags: int = 0,
) -> Pattern:
    """A secret rule (entity ``SECRET``); positional arguments keep the tables compact."""
    return Pattern(
        name=name,
        regex=regex,
        score=score,
        entity="SECRET",
        provider=provider,
        keywords=keywords,
        group=group,
        flags=flags,
        positives=positives,
        negatives=negatives,
        origin=origin,
    )


def keyed(
    name: str,
    provider: str,
    key: str,
    value: str,
    keywords: tuple[str, ...],
    positives: tuple[str, ...],
    negatives: tuple[str, ...],
    origin: str,
    score: float = 0.8,
) -> Pattern:
    """A rule for a credential without a prefix of its own: ``KEY <sep> VALUE`` (value = group 1).

    ``key`` is matched case-insensitively; ``value`` is the credential's documented alphabet and
    length. Used where the provider's format is only recognisable next to its name.
    """
    regex = rf"(?i:{key}){SEP}({value}){ED}"
    return token(name, provider, regex, keywords, positives, negatives, origin, score, group=1)
