"""The organisation's own terms (customer names, project code names) from ``scan.terms``.

Each :class:`~annexa.settings.TermList` gives an entity (``CUSTOMER``, ``PROJECT``...; default
``CONFIDENTIAL_TERM``) and terms inline, from a file (UTF-8, one term per line; blank lines and
lines starting with ``#`` are skipped; a relative path is taken from the working directory), or
both. A file that cannot be read, or a term shorter than two characters, stops the load with a
:class:`~annexa.errors.ConfigError`. All terms of all lists go into one Aho-Corasick
automaton (pyahocorasick), so a scan costs one pass over the text however many terms there are
(100,000 terms build in one to two seconds here). Matching is case-insensitive unless the list says
``case_sensitive: true`` (those lists get their own automaton), on whole words only: a term that
starts or ends with a letter or digit must not touch another one there ("Acme" does not match in
"Acmeville"). Whitespace inside a match is ignored, so "Acme Corp" also matches "AcmeCorp",
"Acme  Corp", "Acme" and "Corp" on two lines, and "I n i t e c h" matches "Initech" (up to
:data:`MAX_GAP` whitespace characters in all); hyphens, underscores and dots count as
whitespace, so "Project Falcon" matches "project-falcon" and "PROJECT_FALCON_API" too. Terms
are normalised like the text (NFKC, look-alikes folded), so a term and its look-alike spelling
match alike. Where two lists hold the same term, the first list's entity wins.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import ahocorasick

from annexa.detect.context import is_word_char
from annexa.detect.interface import Detector, Finding, ScanContext
from annexa.detect.normalize import normalize
from annexa.errors import ConfigError
from annexa.settings import ScanSettings, TermList

SCORE = 0.95
MAX_GAP = 32  # whitespace characters a match may hold in all
_LIST_BITS = 16  # an automaton value is (term length << 16) | list index


def read_terms(term_list: TermList) -> list[str]:
    """The list's terms: inline ones, then the file's (``#`` lines and blank lines skipped)."""
    terms = list(term_list.terms)
    if term_list.file is not None:
        try:
            lines = term_list.file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(
                f"term list {term_list.file}: cannot read it ({exc})",
                hint="Point scan.terms[].file at a UTF-8 file with one term per line.",
            ) from exc
        terms.extend(s for s in (line.strip() for line in lines) if s and not s.startswith("#"))
    return terms


def fold_case(text: str) -> str:
    """Lower case that keeps every character in place (``İ`` would otherwise grow)."""
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


# Hyphens, underscores and dots join a term's words as blanks do ("project-falcon",
# "PROJECT_FALCON_API", "globex.corporation"): read as blanks, in the text and in the terms
_SEPARATORS = str.maketrans(dict.fromkeys("-_.", " "))


def _key(term: str, case_sensitive: bool) -> str:
    """The automaton's key: normalised like the text, without whitespace and separators,
    folded if asked."""
    plain = term if term.isascii() else normalize(term).text
    key = "".join(plain.translate(_SEPARATORS).split())
    return key if case_sensitive else fold_case(key)


def _start(text: str, last: int, n: int) -> int:
    """Where a match of ``n`` non-space characters ending at ``last`` starts; -1 when more than
    :data:`MAX_GAP` spaces lie inside it (a term spread over a page is not the term)."""
    i, seen, floor = last, 0, max(-1, last - n - MAX_GAP)
    while i > floor:
        if not text[i].isspace():
            seen += 1
            if seen == n:
                return i
        i -= 1
    return -1


class _Index:
    """One automaton over the terms of some lists."""

    def __init__(self) -> None:
        self.automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        self.size = 0

    def add(self, key: str, list_index: int) -> None:
        if key not in self.automaton:
            self.automaton.add_word(key, (len(key) << _LIST_BITS) | list_index)
            self.size += 1

    def matches(self, haystack: str, text: str) -> Iterator[tuple[int, int, int]]:
        """``(start, end, list index)`` of every whole-word match; offsets into ``text``."""
        if self.size == 0:
            return
        haystack, text = haystack.translate(_SEPARATORS), text.translate(_SEPARATORS)
        mask = (1 << _LIST_BITS) - 1
        for last, value in self.automaton.iter(haystack, ignore_white_space=True):
            end = last + 1
            start = _start(text, last, value >> _LIST_BITS)
            if start < 0:
                continue
            if is_word_char(text[start]) and start > 0 and is_word_char(text[start - 1]):
                continue
            if is_word_char(text[last]) and end < len(text) and is_word_char(text[end]):
                continue
            yield start, end, value & mask


class TermsDetector(Detector):
    """The organisation's confidential terms (customer names, project code names) from config."""

    name = "terms"
    origin = "config: scan.terms"

    def __init__(self, lists: Sequence[TermList]) -> None:
        self.list_entities = tuple(t.entity for t in lists)
        self._folded = _Index()
        self._exact = _Index()
        for i, term_list in enumerate(lists):
            index = self._exact if term_list.case_sensitive else self._folded
            for term in read_terms(term_list):
                key = _key(term, term_list.case_sensitive)
                if len(key) < 2:
                    raise ConfigError(
                        f"term list {i + 1} ({term_list.entity}): term {term!r} is shorter "
                        "than two characters",
                        hint="Remove it: a one-character term would match everywhere.",
                    )
                index.add(key, i)
        for index in (self._folded, self._exact):
            if index.size:
                index.automaton.make_automaton()

    @property
    def entities(self) -> tuple[str, ...]:  # type: ignore[override]
        """The entities of the configured lists."""
        return tuple(dict.fromkeys(self.list_entities))

    @property
    def size(self) -> int:
        """How many distinct terms the detector holds."""
        return self._folded.size + self._exact.size

    def describe(self) -> str:
        kinds = ", ".join(sorted(set(self.list_entities)))
        return f"{self.size:,} confidential terms ({kinds}) from scan.terms"

    def detect(self, ctx: ScanContext) -> Iterable[Finding]:
        lower = ctx.lower if len(ctx.lower) == len(ctx.text) else fold_case(ctx.text)
        for index, haystack in ((self._folded, lower), (self._exact, ctx.text)):
            for start, end, i in index.matches(haystack, ctx.text):
                yield Finding(self.list_entities[i], start, end, SCORE, self.name)


def detectors(settings: ScanSettings) -> list[Detector]:
    """The terms detector, when ``scan.terms`` lists any."""
    return [TermsDetector(settings.terms)] if settings.terms else []
