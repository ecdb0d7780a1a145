"""The table-driven tests every identifier module shares: each finds its positives with their
spans, ignores its look-alikes, and reports a bare short-checksum number only near a word.

A test module lists ``POSITIVES`` (detector, text, expected span), ``NEGATIVES`` (detector,
text) and ``NEEDS_CONTEXT`` (detector, bare number, context word) and takes the three tests:

    test_finds_with_spans, test_ignores_look_alikes, test_bare_number_needs_a_context_word = (
        table_tests(POSITIVES, NEGATIVES, NEEDS_CONTEXT)
    )
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import pytest

from annexa.detect.interface import Detector
from annexa.detect.pattern import expand_example
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings

OPEN, CLOSE = "⟦", "⟧"


def marked(template: str, seed: int) -> tuple[str, tuple[int, int] | None]:
    """Expand a template (:func:`~annexa.detect.pattern.expand_example`); return the text and
    the span marked between ``⟦`` and ``⟧``, if any."""
    text = expand_example(template, seed)
    if OPEN not in text:
        return text, None
    start = text.index(OPEN)
    text = text.replace(OPEN, "", 1)
    end = text.index(CLOSE)
    return text.replace(CLOSE, "", 1), (start, end)


def secret_spans(
    detector: Detector, template: str, seed: int
) -> tuple[str, tuple[int, int] | None, list[tuple[int, int]]]:
    """The expanded text, its marked span, and the spans of the SECRET findings of
    ``detector`` alone in it."""
    text, expected = marked(template, seed)
    found = Scanner(ScanSettings(), detectors=[detector]).scan(text)
    return text, expected, [(f.start, f.end) for f in found if f.entity == "SECRET"]


def scan_seconds(scanner: Scanner, text: str, runs: int = 3) -> float:
    """CPU seconds of the fastest of ``runs`` scans of ``text``: a collection or a busy, shared
    machine only ever adds time, so the best run is the one a linearity test compares."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        scanner.scan(text)
        times.append(time.process_time() - start)
    return min(times)


def found(detector: Detector, text: str, min_score: float = 0.4) -> list[tuple[str, str]]:
    """(entity, covered text) of every finding at or above ``min_score``."""
    scanner = Scanner(ScanSettings(min_score=min_score), detectors=[detector])
    return [(f.entity, text[f.start : f.end]) for f in scanner.scan(text)]


def table_tests(
    positives: Sequence[tuple[Detector, str, str]],
    negatives: Sequence[tuple[Detector, str]],
    needs_context: Sequence[tuple[Detector, str, str]],
) -> tuple[Callable[..., None], Callable[..., None], Callable[..., None]]:
    """The three parametrized tests over a module's tables."""

    @pytest.mark.parametrize(("detector", "text", "expected"), positives)
    def finds_with_spans(detector: Detector, text: str, expected: str) -> None:
        assert found(detector, text) == [(detector.entities[0], expected)]

    @pytest.mark.parametrize(("detector", "text"), negatives)
    def ignores_look_alikes(detector: Detector, text: str) -> None:
        assert found(detector, text) == []

    @pytest.mark.parametrize(("detector", "number", "word"), needs_context)
    def bare_number_needs_a_context_word(detector: Detector, number: str, word: str) -> None:
        assert found(detector, f"ref {number} noted") == []
        assert found(detector, f"{word}: {number} noted") == [(detector.entities[0], number)]

    tests: tuple[Any, Any, Any] = (
        finds_with_spans,
        ignores_look_alikes,
        bare_number_needs_a_context_word,
    )
    return tests
