"""Figures for normalisation, evasion views, term dictionaries and the regex engine of rules.

Prints, over ``prompts.jsonl``:

- throughput (MB/s) of :func:`normalize` and of all :func:`views` (what the Scanner pays before
  any detector runs), and how many derived views and characters they add;
- the 100,000-term dictionary: build time, memory, scan throughput;
- Python ``re`` against RE2 (google-re2) for every pattern rule RE2 can compile: time over the
  corpus, and how many rules RE2 refuses (look-around, backreferences).

Run: ``.venv/bin/python bench/evasion.py [--records N]``.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import string
import time
from collections.abc import Callable
from typing import Any

import re2

from annexa.detect.builtin.terms import TermsDetector
from annexa.detect.interface import ScanContext
from annexa.detect.normalize import normalize, views
from annexa.detect.pattern import PatternDetector
from annexa.detect.scanner import load_detectors
from annexa.settings import ScanSettings, TermList
from bench.common import load


def best_of(runs: int, fn: Callable[[], object]) -> float:
    """The fastest of ``runs`` timings of ``fn`` (the machine is shared)."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def bench_views(texts: list[str], mb: float) -> None:
    t_norm = best_of(3, lambda: [normalize(t) for t in texts])
    t_views = best_of(3, lambda: [list(views(t, 2)) for t in texts])
    derived = [v for t in texts for v in list(views(t, 2))[1:]]
    print(f"normalize:          {mb / t_norm:8.1f} MB/s")
    print(f"views (depth 2):    {mb / t_views:8.1f} MB/s")
    print(f"derived views:      {len(derived)} over {len(texts)} records, ")
    print(f"                    {sum(len(v.text) for v in derived):,} characters")


def _terms(n: int) -> list[str]:
    rng = random.Random(7)
    letters = "".join(rng.choices(string.ascii_lowercase, k=24 * n))
    return [
        " ".join(letters[24 * i + 8 * k : 24 * i + 8 * k + 8] for k in range(1 + i % 3))
        for i in range(n)
    ]


def bench_terms(texts: list[str], mb: float, n: int = 100_000) -> None:
    terms = _terms(n)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    detector = TermsDetector([TermList(entity="CUSTOMER", terms=terms)])
    build = time.perf_counter() - start
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    contexts = [ScanContext(text=t, lower=t.lower()) for t in texts]
    t_scan = best_of(3, lambda: [list(detector.detect(c)) for c in contexts])
    print(f"terms: {detector.size:,} built in {build:.2f} s, +{grown:.0f} MB peak RSS")
    print(f"terms scan:         {mb / t_scan:8.1f} MB/s")


def _re2(regex: str, flags: int) -> Any:
    options = re2.Options()
    options.log_errors = False
    if flags & re.IGNORECASE:
        options.case_sensitive = False
    if flags & re.DOTALL:
        options.dot_nl = True
    try:
        return re2.compile(regex, options=options)
    except re2.error:
        return None


def bench_engines(texts: list[str], mb: float) -> None:
    rules = [
        (p, rx)
        for d in load_detectors(ScanSettings())
        if isinstance(d, PatternDetector)
        for p, rx, _ in d._compiled
    ]
    pairs = [(rx, r2) for p, rx in rules if (r2 := _re2(p.regex, p.flags)) is not None]
    print(f"rules: {len(rules)}, RE2 compiles {len(pairs)} (the rest use look-around or \\1)")

    def run(engine: int) -> None:
        for text in texts:
            for pair in pairs:
                for _ in pair[engine].finditer(text):
                    pass

    t_re = best_of(1, lambda: run(0))
    t_re2 = best_of(1, lambda: run(1))
    print("those rules, every rule over every record (no prefilter, no windows):")
    print(f"  re:  {mb / t_re:8.2f} MB/s    RE2: {mb / t_re2:8.2f} MB/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=2000)
    args = parser.parse_args()
    texts = [r["text"] for r in load("prompts", args.records)]
    mb = sum(len(t.encode()) for t in texts) / 1e6
    print(f"{len(texts)} records, {mb:.1f} MB")
    bench_views(texts, mb)
    bench_terms(texts, mb)
    sample = texts[: max(1, len(texts) // 10)]
    bench_engines(sample, sum(len(t.encode()) for t in sample) / 1e6)


if __name__ == "__main__":
    main()
