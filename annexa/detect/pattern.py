"""Pattern detectors: regular expressions plus a three-valued check and context words.

A :class:`PatternDetector` lists :class:`Pattern` rules. For every match, ``validate()`` returns
``True`` (confirmed: score 1.0, ``validated``), ``False`` (drop) or ``None`` (keep the pattern's
score), the way Presidio's recognizers do. Context words found near a match raise its score by
:data:`CONTEXT_BOOST` (at least to :data:`CONTEXT_FLOOR`).

Every rule carries its own examples: ``positives`` must produce a finding of the rule and
``negatives`` (look-alikes) must not. Examples are *templates* so that no credential-shaped
literal sits in the repository: ``{a:36}`` expands to 36 random characters of the class ``a``
(see :data:`EXAMPLE_ALPHABETS`), drawn from a seeded generator.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar

from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.detect.normalize import normalize

CONTEXT_BOOST = 0.35
CONTEXT_FLOOR = 0.4

EXAMPLE_ALPHABETS: dict[str, str] = {
    "a": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
    "A": "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    "U": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "l": "abcdefghijklmnopqrstuvwxyz0123456789",
    "L": "abcdefghijklmnopqrstuvwxyz",
    "h": "0123456789abcdef",
    "H": "0123456789ABCDEF",
    "d": "0123456789",
    "b": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
    "u": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
}
_TEMPLATE = re.compile(r"\{([aAUlLhHdbu]):(\d{1,4})\}")


def expand_example(template: str, seed: int = 0) -> str:
    """Expand ``{class:length}`` placeholders with seeded random characters."""
    rng = random.Random(seed)  # noqa: S311  # nosec B311

    def fill(m: re.Match[str]) -> str:
        alphabet = EXAMPLE_ALPHABETS[m.group(1)]
        return "".join(rng.choice(alphabet) for _ in range(int(m.group(2))))

    return _TEMPLATE.sub(fill, template)


@dataclass(frozen=True, slots=True)
class Pattern:
    """One rule of a :class:`PatternDetector`.

    Attributes:
        name: rule id, unique within its detector (``"github_pat"``).
        regex: the expression; it must not backtrack catastrophically (no nested quantifiers
            over overlapping classes); ``tests/detect/test_redos.py`` checks every rule.
        score: score of an unvalidated match.
        entity: entity type; ``None`` takes the detector's first entity.
        provider: for secrets, whose credential it is.
        keywords: lower-case literals, one of which must occur in the text for the rule to run.
        group: the regex group that is the sensitive span (0: the whole match).
        flags: ``re`` flags.
        positives: example templates each of which must yield this rule's finding.
        negatives: example templates none of which may yield this rule's finding.
        origin: where the format comes from (spec, vendor documentation).
    """

    name: str
    regex: str
    score: float
    entity: str | None = None
    provider: str | None = None
    keywords: tuple[str, ...] = ()
    group: int | str = 0
    flags: int = 0
    positives: tuple[str, ...] = ()
    negatives: tuple[str, ...] = ()
    origin: str = ""


# Scripts written without spaces between words (Thai, Chinese, Japanese) or with particles
# attached to the word (Korean: "주민등록번호는"): their context words match inside a longer word.
_UNSPACED = ("HANGUL", "THAI", "CJK", "HIRAGANA", "KATAKANA", "LAO", "KHMER", "MYANMAR")


def _unspaced(word: str) -> bool:
    return any(unicodedata.name(c, "").startswith(_UNSPACED) for c in word if c.isalpha())


class ContextWords:
    """Context words found in lower-cased, normalised text (:func:`context_rx`): ``whole`` finds
    the words written with spaces, as whole words; ``every`` those and, anywhere, the words of
    scripts written without spaces. An ASCII text can hold only the first kind, and ``whole``
    alone is cheaper there (each extra branch of one expression is tried at every character)."""

    __slots__ = ("every", "whole")

    def __init__(self, whole: re.Pattern[str] | None, every: re.Pattern[str]) -> None:
        self.whole, self.every = whole, every

    def for_text(self, text: str) -> re.Pattern[str] | None:
        """The expression to search ``text`` with (None: no word could be in it)."""
        return self.whole if text.isascii() else self.every

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """The first word found in ``text[pos:endpos]``."""
        rx = self.for_text(text)
        return None if rx is None else rx.search(text, pos, len(text) if endpos is None else endpos)


def context_rx(words: Iterable[str]) -> ContextWords:
    """What finds any of ``words`` (one at least) in lower-cased, normalised text: as a whole
    word, or anywhere for a word of a script written without spaces or with particles attached
    (:data:`_UNSPACED`); each word in its own spelling and as the scanner reads it (NFKC splits
    the Thai vowel sara am)."""
    spelled = {w.lower() for w in words} | {normalize(w).text.lower() for w in words}
    whole = sorted((w for w in spelled if not _unspaced(w)), key=len, reverse=True)
    anywhere = sorted((w for w in spelled if _unspaced(w)), key=len, reverse=True)
    parts = [re.escape(w) for w in anywhere]
    if whole:
        parts.insert(0, r"(?<!\w)(?:" + "|".join(re.escape(w) for w in whole) + r")(?!\w)")
    every = re.compile("|".join(parts))
    if not anywhere:
        return ContextWords(every, every)
    return ContextWords(re.compile(parts[0]) if whole else None, every)


def near_words(
    rx: re.Pattern[str] | ContextWords, lower: str, start: int, end: int, window: int
) -> bool:
    """Whether ``rx`` finds a word up to ``window`` characters before ``[start, end)`` of
    ``lower`` or half as far after it on the same line.

    A word after the value labels it only on its own line ("078-05-1120 (SSN)"): on the next
    line it is the next field's label ("passport 533380006,\nSSN: ...").

    Nor does a word label this value across another field: in "SSN 078-05-1120 and passport
    533380006" the word "SSN" is the first number's. Between two values, a word after a comma
    or semicolon labels the next one ("533380006 (passport), SSN 078-05-1120"). Values of one
    list after one label share it ("SSN: 536221234, 536221235"; :data:`_LIST_GLUE`). Another
    value here is a run of six digits or more, single spaces, dashes, dots or slashes between
    them (:data:`_OTHER_VALUE`).
    """
    if isinstance(rx, ContextWords):
        picked = rx.for_text(lower)
        if picked is None:
            return False
        rx = picked
    lo = max(0, start - window)
    hi = min(len(lower), end + window // 2)
    line_end = lower.find("\n", end, hi)
    if line_end >= 0:
        hi = line_end
    previous = [m.end() for m in _OTHER_VALUE.finditer(lower, lo, start)]
    if previous and not _LIST_GLUE.fullmatch(lower, previous[-1], start):
        # another field before this one: its words are not this value's, and a word before a
        # comma after it is that value's too
        lo = previous[-1]
        for comma in _FIELD_END.finditer(lower, lo, start):
            lo = comma.end()
    following = _OTHER_VALUE.search(lower, end, hi)
    if following is not None and not _LIST_GLUE.fullmatch(lower, end, following.start()):
        # a word after a comma before the next value is that one's
        cut = _FIELD_END.search(lower, end, following.start())
        hi = following.start() if cut is None else cut.start()
    return rx.search(lower, lo, start) is not None or rx.search(lower, end, hi) is not None


# Another value between a context word and the value it is asked about (``near_words``).
_OTHER_VALUE = re.compile(r"\d(?:[ \-./]?\d){5,}")
_FIELD_END = re.compile("[,;]")
# Between two values of one list after one label ("SSN: 536221234, 536221235", "030 1234567 /
# 030 7654321", "12345678 and 87654321"): the label is both values'
_LIST_GLUE = re.compile(r"[\s,;/|&+]*(?:(?:and|or|und|oder|et|ou|y|o|e|en)[\s,;/|&+]*)?")


class PatternDetector(Detector):
    """A detector made of regex rules; subclasses set ``patterns`` and may override ``validate``."""

    patterns: ClassVar[tuple[Pattern, ...]] = ()
    context: ClassVar[tuple[str, ...]] = ()
    context_window: ClassVar[int] = 48

    @cached_property
    def _compiled(self) -> list[tuple[Pattern, re.Pattern[str], frozenset[str]]]:
        return [(p, re.compile(p.regex, p.flags), frozenset(p.keywords)) for p in self.patterns]

    @cached_property
    def _context_rx(self) -> re.Pattern[str] | ContextWords | None:
        return context_rx(self.context) if self.context else None

    @property
    def keywords(self) -> tuple[str, ...]:  # type: ignore[override]
        if not self.patterns or any(not p.keywords for p in self.patterns):
            return ()
        return tuple(sorted({k for p in self.patterns for k in p.keywords}))

    def validate(self, value: str, pattern: Pattern) -> bool | None:
        """True: confirmed; False: not this entity, drop; None: keep the pattern's score."""
        return None

    def has_context(self, ctx: ScanContext, start: int, end: int) -> bool:
        """Whether a context word occurs within ``context_window`` characters of the span."""
        rx = self._context_rx
        return rx is not None and near_words(rx, ctx.lower, start, end, self.context_window)

    def detect(self, ctx: ScanContext) -> Iterator[Finding]:
        for pattern, rx, kws in self._compiled:
            if kws and kws.isdisjoint(ctx.keywords):
                continue
            yield from self._matches(ctx, pattern, rx)

    def _matches(
        self, ctx: ScanContext, pattern: Pattern, rx: re.Pattern[str]
    ) -> Iterable[Finding]:
        entity = pattern.entity or self.entities[0]
        for m in rx.finditer(ctx.text):
            start, end = m.span(pattern.group)
            if start < 0 or start == end:
                continue
            verdict = self.validate(ctx.text[start:end], pattern)
            if verdict is False:
                continue
            score = 1.0 if verdict else pattern.score
            if self.context and score < 1.0 and self.has_context(ctx, start, end):
                score = min(1.0, max(score + CONTEXT_BOOST, CONTEXT_FLOOR))
            yield Finding(
                entity=entity,
                start=start,
                end=end,
                score=score,
                detector=self.name,
                provider=pattern.provider,
                validated=bool(verdict),
            )
