"""Deterministic overlap resolution: the more specific, validated finding wins.

Findings are ranked by (validated, score, length, entity specificity) and kept greedily when they
do not overlap a finding already kept. Ties fall back to (start, entity, detector) so the same
input always gives the same output, whatever order the detectors ran in.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable
from operator import attrgetter

from annexa.detect.interface import Finding

_START = attrgetter("start")

# Entities that say less than a more specific one covering the same span (a passport of no
# known country against a US or Spanish one).
GENERIC_ENTITIES = frozenset(
    {"URL", "DATE_TIME", "NRP", "ORGANIZATION", "LOCATION", "NUMBER", "PASSPORT"}
)


def rank(f: Finding) -> tuple[int, float, int, int, int, str, str]:
    """Sort key: smaller is better."""
    return (
        0 if f.validated else 1,
        -f.score,
        -(f.end - f.start),
        1 if f.entity in GENERIC_ENTITIES else 0,
        f.start,
        f.entity,
        f.detector,
    )


def resolve(findings: Iterable[Finding], min_score: float = 0.0) -> list[Finding]:
    """Keep non-overlapping findings at or above ``min_score``, ordered by start offset."""
    wanted = [f for f in findings if f.score >= min_score]
    if len(wanted) < 2:
        return wanted
    by_start = sorted(wanted, key=_START)
    end = -1
    for f in by_start:
        if f.start < end or f.end <= f.start:
            break
        end = f.end
    else:
        return by_start  # no two overlap (most texts): every one is kept, no ranking needed
    kept_starts: list[int] = []
    kept: dict[int, Finding] = {}
    for f in sorted(wanted, key=rank):
        i = bisect_left(kept_starts, f.start)
        if i < len(kept_starts) and kept_starts[i] < f.end:
            continue  # a kept finding starts inside this one
        if i > 0 and kept[kept_starts[i - 1]].end > f.start:
            continue  # the kept finding before this one reaches into it
        insort(kept_starts, f.start)
        kept[f.start] = f
    return [kept[s] for s in kept_starts]
