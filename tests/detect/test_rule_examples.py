"""Every rule of every pattern detector the scanner loads proves itself on its own examples.

A positive template must yield a finding of its rule (the span between ``⟦`` and ``⟧`` when the
template marks one, else any); a negative must yield nothing at the default ``min_score``. Each
rule is run alone (a copy of its detector holding only that rule), through the real
:class:`~annexa.detect.scanner.Scanner` with its keyword prefilter and normalisation.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator

import pytest

from annexa.detect.builtin._base import RegionDetector
from annexa.detect.interface import Finding
from annexa.detect.pattern import Pattern, PatternDetector, expand_example
from annexa.detect.scanner import Scanner, load_detectors
from annexa.settings import ScanSettings
from tests.detect.tables import CLOSE, OPEN, marked

DEFAULT_MIN_SCORE = ScanSettings().min_score


def pattern_detectors() -> list[PatternDetector]:
    return [d for d in load_detectors(ScanSettings()) if isinstance(d, PatternDetector)]


def rules() -> Iterator[tuple[PatternDetector, Pattern]]:
    for detector in pattern_detectors():
        for pattern in detector.patterns:
            yield detector, pattern


def only(detector: PatternDetector, pattern: Pattern) -> PatternDetector:
    """A copy of ``detector`` that runs just ``pattern``."""
    alone = copy.copy(detector)
    alone.__dict__.pop("_compiled", None)
    alone.__dict__.pop("keywords", None)
    alone.__dict__.pop("_by_keyword", None)
    vars(alone)["patterns"] = (pattern,)
    return alone


def scan(detector: PatternDetector, pattern: Pattern, text: str, min_score: float) -> list[Finding]:
    scanner = Scanner(ScanSettings(min_score=min_score), detectors=[only(detector, pattern)])
    return [f for f in scanner.scan(text) if f.detector == detector.name]


RULES = list(rules())
IDS = [f"{d.name}:{p.name}" for d, p in RULES]


def test_the_scanner_loads_pattern_detectors() -> None:
    assert RULES, "no pattern detector is registered"
    assert len(set(IDS)) == len(IDS), "rule names must be unique within a detector"


@pytest.mark.parametrize(("detector", "pattern"), RULES, ids=IDS)
def test_rule_has_examples_both_ways(detector: PatternDetector, pattern: Pattern) -> None:
    assert pattern.positives, f"{detector.name}:{pattern.name} has no positive example"
    assert pattern.negatives, f"{detector.name}:{pattern.name} has no negative example"


@pytest.mark.parametrize(("detector", "pattern"), RULES, ids=IDS)
def test_positives_match(detector: PatternDetector, pattern: Pattern) -> None:
    for i, template in enumerate(pattern.positives):
        for seed in (i, i + 101):
            text, span = marked(template, seed)
            found = scan(detector, pattern, text, 0.0)
            spans = [(f.start, f.end) for f in found]
            assert found, f"{pattern.name}: no finding in {text!r}"
            if span is not None:
                assert span in spans, f"{pattern.name}: {span} not in {spans} for {text!r}"
            entity = pattern.entity or detector.entities[0]
            assert all(f.entity == entity for f in found)
            if pattern.provider is not None:
                assert all(f.provider == pattern.provider for f in found)


@pytest.mark.parametrize(("detector", "pattern"), RULES, ids=IDS)
def test_negatives_do_not_match(detector: PatternDetector, pattern: Pattern) -> None:
    for i, template in enumerate(pattern.negatives):
        text = expand_example(template, i).replace(OPEN, "").replace(CLOSE, "")
        found = scan(detector, pattern, text, DEFAULT_MIN_SCORE)
        assert not found, f"{pattern.name}: look-alike {text!r} matched {found}"


def test_every_secret_rule_names_its_provider_keywords_and_origin() -> None:
    secret_rules = [(d, p) for d, p in RULES if (p.entity or d.entities[0]) == "SECRET"]
    assert len(secret_rules) >= 100, f"only {len(secret_rules)} credential rules"
    for detector, pattern in secret_rules:
        label = f"{detector.name}:{pattern.name}"
        assert pattern.provider, f"{label} has no provider"
        # a region detector is gated by the shared region pass instead of keywords
        gated = bool(pattern.keywords) or isinstance(detector, RegionDetector)
        assert gated, f"{label} has no prefilter keywords"
        assert all(k == k.lower() for k in pattern.keywords), f"{label}: keywords not lower case"
        assert pattern.origin or detector.origin != "built-in", f"{label} has no origin"
