"""Deterministic overlap resolution: the more specific, validated finding wins.

A web address, a date, a place or another generic finding that holds a credential found inside
it is dropped first, and a web address that holds any specific finding (a phone number in a
WhatsApp link, a member's name in a profile's address): what is inside is kept.

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
    wanted = _without_containers(wanted)
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


def _without_containers(findings: list[Finding]) -> list[Finding]:
    """``findings`` without the generic ones (:data:`GENERIC_ENTITIES`) that hold a credential
    found inside them, and without the web addresses that hold any specific finding: in
    ``https://deploy:…@pypi.example/`` the password, in ``https://wa.me/4915112345678`` the
    phone number, in a LinkedIn profile's address its member's name is what must not leave,
    and the policy's action for the web address around it (allow, often) would let it go. A
    person's or an address's span stays whole (its placeholder covers what is inside); a
    finding on the same span as another is ranked as any finding is (a checksum-valid
    national ID under ``api_key =`` stays the ID)."""
    inner = [f for f in findings if f.entity not in GENERIC_ENTITIES]
    if not inner:
        return findings

    def holds(f: Finding, kinds: frozenset[str] | None) -> bool:
        return any(
            f.start <= g.start
            and g.end <= f.end
            and (g.start, g.end) != (f.start, f.end)
            and (kinds is None or g.entity in kinds)
            for g in inner
        )

    return [
        f
        for f in findings
        if f.entity not in GENERIC_ENTITIES
        or not holds(f, None if f.entity == "URL" else _CREDENTIAL)
    ]


_CREDENTIAL = frozenset({"SECRET"})
