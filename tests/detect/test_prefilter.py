"""Region detectors with a prefilter: a scanner of a few entity types (the gateway's output
prescan) skips the region pass and searches the prefilter instead, and finds the same."""

from __future__ import annotations

import re2

from annexa.detect.builtin._base import RegionDetector
from annexa.detect.pattern import expand_example
from annexa.detect.scanner import Scanner
from annexa.settings import ScanSettings

FULL = Scanner(ScanSettings())
PREFILTERED = [d for d in FULL.detectors if isinstance(d, RegionDetector) and d.prefilter]


def _examples(detector: RegionDetector) -> list[str]:
    return [
        expand_example(t, seed).replace("⟦", "").replace("⟧", "")
        for p in detector.patterns
        for t in p.positives
        for seed in range(3)
    ]


def test_some_detector_has_a_prefilter() -> None:
    assert PREFILTERED, "the output prescan of secrets relies on one"


def test_every_positive_example_contains_its_prefilter() -> None:
    for detector in PREFILTERED:
        assert detector.prefilter is not None
        quick = re2.compile(detector.prefilter)
        for text in _examples(detector):
            assert quick.search(text), (detector.name, text)


def test_a_secrets_only_scanner_builds_no_region_table_and_finds_the_same() -> None:
    secrets = FULL.only(frozenset({"SECRET"}))
    assert not secrets._region_gated  # the region pass is skipped
    assert FULL._region_gated
    for detector in PREFILTERED:
        for text in [*_examples(detector), "nothing to see. MTExNjc4OTA. here"]:
            full = {(f.start, f.end) for f in FULL.scan(text) if f.entity == "SECRET"}
            quick = {(f.start, f.end) for f in secrets.scan(text) if f.entity == "SECRET"}
            assert quick == full, text
            if text.startswith("nothing"):
                assert not full
            else:
                assert full, (detector.name, text)
