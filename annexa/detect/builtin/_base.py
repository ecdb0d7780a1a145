"""The base of the PII detectors: pattern rules run only in windows around candidate regions.

A :class:`RegionDetector` is a :class:`~annexa.detect.pattern.PatternDetector` (rules, examples,
three-valued ``validate``, context words) that looks only where :mod:`._regions` found something
of the kinds it declares, so twenty PII detectors cost about one pass over the text.

Scoring, for every match:

- ``validate`` (or ``check``, which also sees the surrounding text) returns ``False``: dropped.
- ``True``: confirmed, score 1.0 and ``validated`` -- unless the rule is in ``needs_context``
  (a short checksum that one random number in ten passes, like a nine-digit Luhn): then it is
  confirmed only when a context word is near, and keeps the rule's low score otherwise. A
  ``phone_shaped`` detector's match is not confirmed either when a phone's context word
  ("fax", "mobile", "call") is near and none of its own is.
- ``None``: the rule's score, raised by :data:`~annexa.detect.pattern.CONTEXT_BOOST` when a
  context word is near.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from typing import ClassVar

import re2

from annexa.detect.builtin._regions import NUM, Gate, Region, regions, select_gate, windows
from annexa.detect.context import words_for
from annexa.detect.interface import Finding, ScanContext
from annexa.detect.normalize import normalize
from annexa.detect.pattern import (
    CONTEXT_BOOST,
    CONTEXT_FLOOR,
    Pattern,
    PatternDetector,
    context_rx,
    near_words,
)
from annexa.settings import ScanSettings

_PHONE_WORDS = context_rx(words_for("PHONE_NUMBER"))
_REPORTED = ScanSettings().min_score  # the default reporting threshold


def context_keywords(words: Iterable[str]) -> tuple[str, ...]:
    """Context words as the keyword pass looks for them: as the scanner reads the text,
    normalised (NFKC folds some Thai vowels) and in lower case."""
    return tuple(sorted({normalize(w).text.lower() for w in words}))


class RegionDetector(PatternDetector):
    """Pattern rules evaluated in windows around the candidate regions of ``region_kinds``.

    Class attributes:
        region_kinds: the :mod:`._regions` kinds worth a look (``NUM``, ``TOKEN``...).
        min_digits, max_digits: for ``NUM`` regions, the digit counts the rules can match.
        before, after: how many characters around a region the rules may see.
        needs_context: names of rules whose confirmed matches count only near a context word.
        separators: for ``NUM`` regions, the separator strings (``Region.seps``) worth a look;
            ``None``: any.
        token_lengths: for ``TOKEN`` regions, the shortest and longest worth a look.
        phone_shaped: its numbers are written the way phone numbers are (``943 476 5919``,
            ``516 466 638``) and its check is passed by about one random number in ten: near a
            phone's context word and none of its own, a match is not confirmed (it keeps the
            rule's score, below the phone number's, which then wins the span).
    """

    region_kinds: ClassVar[frozenset[int]] = frozenset({NUM})
    min_digits: ClassVar[int] = 0
    max_digits: ClassVar[int] = 1_000
    before: ClassVar[int] = 8
    after: ClassVar[int] = 8
    needs_context: ClassVar[frozenset[str]] = frozenset()
    separators: ClassVar[frozenset[str] | None] = None
    token_lengths: ClassVar[tuple[int, int]] = (0, 1_000_000)
    phone_shaped: ClassVar[bool] = False
    # A regular expression (RE2) that every match of the rules contains, for a scanner that
    # builds no region table (one running only a few entity types, where this detector would
    # be the only one to need it): the scanner then runs the detector without its region gate
    # and :meth:`detect` searches for this first, which costs a fifth of the region pass.
    prefilter: ClassVar[str | None] = None

    @cached_property
    def keywords(self) -> tuple[str, ...]:  # type: ignore[override]
        """The prefilter keywords (see :class:`PatternDetector`), computed once.

        A detector whose every rule needs a context word (``needs_context``) and scores below
        the default reporting threshold reports nothing where none of its context words
        occurs: those words are its keywords, so the scanner skips it in most texts. (Its
        findings below the threshold are then never made without one, even when a lower
        ``min_score`` is set.)
        """
        if (
            self.patterns
            and self.context
            and all(p.name in self.needs_context and p.score < _REPORTED for p in self.patterns)
        ):
            return context_keywords(self.context)
        if not self.patterns or any(not p.keywords for p in self.patterns):
            return ()
        return tuple(sorted({k for p in self.patterns for k in p.keywords}))

    @cached_property
    def _accept(self) -> Callable[[str], bool] | None:
        return None if self.separators is None else self.separators.__contains__

    @cached_property
    def _selection(
        self,
    ) -> tuple[
        Gate,
        tuple[frozenset[int], int, int, Callable[[str], bool] | None, tuple[int, int]],
    ]:
        """The select gate and the arguments of ``Regions.select``, read once."""
        gate = select_gate(
            self.region_kinds,
            self.min_digits,
            self.max_digits,
            self.separators,
            self.token_lengths,
        )
        args = (
            self.region_kinds,
            self.min_digits,
            self.max_digits,
            self._accept,
            self.token_lengths,
        )
        return gate, args

    @cached_property
    def _narrows(self) -> bool:
        return type(self).keep is not RegionDetector.keep

    @cached_property
    def region_gate(self) -> Gate | None:
        """What the scanner tests on the shared region table before calling :meth:`detect`.

        A :func:`~._regions.select_gate`: when :meth:`~._regions.Regions.may_select` says no,
        :meth:`wanted` is empty and :meth:`detect` finds nothing, so the scanner skips the call
        (most texts, for most of these detectors). ``None`` when a subclass overrides
        :meth:`detect`: it may look beyond the selected regions.
        """
        if type(self).detect is not RegionDetector.detect:
            return None
        return self._selection[0]

    def wanted(self, ctx: ScanContext) -> list[Region]:
        """The candidate regions of ``ctx.text`` that may hold a match of this detector.

        A subclass may narrow the list (filter ``super().wanted(ctx)``), never widen it:
        :attr:`region_gate` relies on it.
        """
        selected = regions(ctx.text).select(*self._selection[1])
        if self._narrows:
            text = ctx.text
            return [r for r in selected if self.keep(text, r)]
        return selected

    def keep(self, text: str, region: Region) -> bool:
        """Whether a selected region can still hold a match (default: yes).

        A subclass may look at a few characters around the region (a NIF's control letter after
        its digits) to spare the windows and expressions where no match can be: a necessary
        condition only, never a stricter rule than its patterns.
        """
        return True

    def check(self, ctx: ScanContext, start: int, end: int, pattern: Pattern) -> bool | None:
        """Like ``validate``, with the whole text at hand (for look-around rules)."""
        return self.validate(ctx.text[start:end], pattern)

    def detect(self, ctx: ScanContext) -> Iterator[Finding]:
        quick = self._prefilter
        if quick is not None and not quick.search(ctx.text):
            return iter(())
        wanted = self.wanted(ctx)
        if not wanted:
            return iter(())  # most texts: no generator to build and drain
        return self._in_windows(ctx, wanted)

    @cached_property
    def _prefilter(self) -> re2._Regexp | None:
        return re2.compile(self.prefilter) if self.prefilter else None

    @cached_property
    def _own_window(self) -> bool:
        return type(self)._window is not RegionDetector._window

    def _in_windows(self, ctx: ScanContext, wanted: list[Region]) -> Iterator[Finding]:
        text = ctx.text
        spans = windows(text, wanted, self.before, self.after)
        own_window = self._own_window
        for pattern, rx, kws in self._compiled:
            if kws and kws.isdisjoint(ctx.keywords):
                continue
            if own_window:
                for lo, hi in spans:
                    yield from self._window(ctx, pattern, rx, lo, hi)
                continue
            group = pattern.group  # _window, inlined: no generator per window
            for lo, hi in spans:
                for m in rx.finditer(text, lo, hi):
                    start, end = m.span(group)
                    if start < 0 or start == end:
                        continue
                    finding = self.score(ctx, pattern, start, end)
                    if finding is not None:
                        yield finding

    def _window(
        self, ctx: ScanContext, pattern: Pattern, rx: re.Pattern[str], lo: int, hi: int
    ) -> Iterable[Finding]:
        for m in rx.finditer(ctx.text, lo, hi):
            start, end = m.span(pattern.group)
            if start < 0 or start == end:
                continue
            finding = self.score(ctx, pattern, start, end)
            if finding is not None:
                yield finding

    def score(self, ctx: ScanContext, pattern: Pattern, start: int, end: int) -> Finding | None:
        """The finding for a match at ``[start, end)``, or ``None`` when it is dropped."""
        verdict = self.check(ctx, start, end, pattern)
        if verdict is False:
            return None
        near = bool(self.context) and self.has_context(ctx, start, end)
        confirmed = bool(verdict) and (pattern.name not in self.needs_context or near)
        if confirmed and self.phone_shaped and not near:
            confirmed = not near_phone_word(ctx, start, end, self.context_window)
        score = 1.0 if confirmed else pattern.score
        if near and not confirmed:
            score = min(1.0, max(score + CONTEXT_BOOST, CONTEXT_FLOOR))
        return Finding(
            entity=pattern.entity or self.entities[0],
            start=start,
            end=end,
            score=score,
            detector=self.name,
            provider=pattern.provider,
            validated=confirmed,
        )


def near_phone_word(ctx: ScanContext, start: int, end: int, window: int) -> bool:
    """Whether a phone's context word ("phone", "fax", "mobile"...) is near ``[start, end)``,
    or a country's calling code stands right before it: "+34 612 345 678" is a phone whose
    national part looks like a Canadian SIN."""
    if _CALLING_CODE.search(ctx.text, max(0, start - 10), start):
        return True
    return near_words(_PHONE_WORDS, ctx.lower, start, end, window)


_CALLING_CODE = re.compile(r"(?<![\w+])\+\d{1,3}[ \t.\-]?(?:\(0\)[ \t]?)?$")


def digits_only(value: str) -> str:
    """``value`` without anything but ASCII digits."""
    if value.isascii() and value.isdigit():
        return value  # the common case: a bare run of digits
    return "".join(c for c in value if "0" <= c <= "9")
