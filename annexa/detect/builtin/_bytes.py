"""One RE2 pass over a text's UTF-8 bytes: the shape of the detectors whose rules are a single
expression that finds nothing in most texts.

google-re2's ``finditer`` builds a Python match object per hit and encodes the text on every
call; its compiled ``_regexp.Match`` over bytes returns the spans of every group directly, and
the text's bytes are encoded once per scan (:func:`~annexa.detect.normalize.utf8`). A
:class:`BytePassDetector` runs its expression once; in most texts that one DFA pass finds
nothing and the detector returns without building a generator. Byte offsets become ``str``
offsets through :class:`~annexa.detect.builtin._regions.CharOffsets` where the text is not ASCII.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import Any, ClassVar

import re2

from annexa.detect.builtin._regions import CharOffsets
from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.detect.normalize import utf8

__all__ = [
    "UNANCHORED",
    "BytePassDetector",
    "Spans",
    "byte_matcher",
    "char_span",
    "every_match",
]

UNANCHORED = re2._Anchor.UNANCHORED
Spans = Any  # a tuple of (start, end) byte offsets per group, (-1, -1) for a group not taken


def byte_matcher(pattern: str, *, case_sensitive: bool = True) -> Any:
    """``pattern`` compiled by RE2 for UTF-8 bytes, as its low-level ``Match(anchor, data, pos,
    end)``. The DFA gets room past RE2's default 8 MB (beyond it RE2 falls back to a slower
    engine) and a bad pattern raises instead of logging."""
    options = re2.Options()
    options.max_mem = 64 << 20
    options.log_errors = False
    options.case_sensitive = case_sensitive
    return re2.compile(pattern.encode("utf-8"), options=options)._regexp.Match


def char_span(chars: CharOffsets | None, span: tuple[int, int]) -> tuple[int, int]:
    """A byte span as ``str`` offsets (the same when ``chars`` is ``None``: an ASCII text)."""
    return span if chars is None else (chars(span[0]), chars(span[1]))


def every_match(match: Any, data: bytes, first: Spans | None = None) -> Iterator[Spans]:
    """The spans of every match of ``match`` in ``data``, left to right, each search from where
    the one before ended (one character on after an empty match); ``first``: the first match's
    spans, when the caller has them already."""
    size = len(data)
    spans = match(UNANCHORED, data, 0, size) if first is None else first
    while spans[0][0] >= 0:
        yield spans
        a, b = spans[0]
        pos = b if b > a else a + 1
        if pos > size:
            return
        spans = match(UNANCHORED, data, pos, size)


class BytePassDetector(Detector):
    """A detector whose rules are one RE2 expression (:attr:`expression`) over the text's bytes;
    subclasses read each match's groups in :meth:`found`."""

    expression: ClassVar[str]
    case_sensitive: ClassVar[bool] = True

    @cached_property
    def _match(self) -> Any:
        return byte_matcher(self.expression, case_sensitive=self.case_sensitive)

    def warm_up(self) -> None:
        """Compile the expression now."""
        _ = self._match

    def first_match(self, text: str) -> tuple[bytes, CharOffsets | None, Spans] | None:
        """The text's bytes, their ``str`` offsets (``None`` for ASCII) and the first match's
        spans; ``None`` when nothing matches, as in most texts (one DFA pass)."""
        data = utf8(text)
        first = self._match(UNANCHORED, data, 0, len(data))
        if first[0][0] < 0:
            return None
        return data, CharOffsets(data) if len(data) != len(text) else None, first

    def detect(self, ctx: ScanContext) -> Iterable[Finding]:
        started = self.first_match(ctx.text)
        if started is None:
            return ()  # most texts: one DFA pass, no generator
        data, chars, first = started
        return self.found(ctx.text, chars, every_match(self._match, data, first))

    @abstractmethod
    def found(
        self, text: str, chars: CharOffsets | None, matches: Iterator[Spans]
    ) -> Iterator[Finding]:
        """Findings for ``matches`` (byte spans per group); ``chars`` maps a byte offset to a
        ``str`` offset, ``None`` when the text is ASCII (the offsets are the same)."""
