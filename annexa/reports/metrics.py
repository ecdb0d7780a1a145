"""Clause 9.1 (monitoring, measurement) and Clause 10 (improvement) metrics, for the security
officer and the auditor.

Gathered from the audit log's ``ai-request`` events (the hashed records themselves, read with
:func:`annexa.isms.collectors.dlp_stats.ai_requests`, so the numbers are the log's numbers) and
from the ISMS tables. :func:`weekly` and :func:`summarise` are pure; :func:`gather` reads.

- usage per ISO week: requests, and findings by entity type;
- blocks: blocked requests, and the entity types found in them;
- evidence freshness per Annex A theme (fresh, stale, missing);
- access review completion, or "no data" when nothing records it;
- open risks by level: every risk in the register at its current level (residual when rated).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine

from annexa.audit.events import format_time, parse_time
from annexa.isms.collectors.dlp_stats import ai_requests
from annexa.isms.scoring import LEVELS
from annexa.reports.views import EvidenceView, RiskRow, SoaRow

__all__ = [
    "ACCESS_REVIEW_KIND",
    "MetricsData",
    "WeekStats",
    "fill_weeks",
    "gather",
    "summarise",
    "weekly",
]

ACCESS_REVIEW_KIND = "access-reviews"
FRESHNESS = ("fresh", "stale", "missing")


@dataclass(frozen=True, slots=True)
class WeekStats:
    """One ISO week (``2026-W47``) of gateway traffic."""

    week: str
    requests: int
    blocked: int
    findings: dict[str, int]


@dataclass(frozen=True, slots=True)
class MetricsData:
    """Every figure of the metrics report.

    Attributes:
        since, until: the period read from the audit log (RFC 3339, ``since <= t < until``).
        weeks: every ISO week of the period, oldest first (quiet weeks as zeros).
        decisions: requests per overall decision over the period.
        blocked_entities: entity type → findings in blocked requests.
        freshness: Annex A theme name → {fresh, stale, missing} → controls.
        access_reviews: the latest access review evidence summary, or None (no data).
        risk_levels: level → risks at that level (current: residual when rated).
    """

    since: str
    until: str
    weeks: tuple[WeekStats, ...]
    decisions: dict[str, int]
    blocked_entities: dict[str, int]
    freshness: dict[str, dict[str, int]]
    access_reviews: str | None
    risk_levels: dict[str, int]

    @property
    def requests(self) -> int:
        """Requests over the whole period."""
        return sum(w.requests for w in self.weeks)

    @property
    def findings(self) -> dict[str, int]:
        """Findings by entity type over the whole period."""
        total: Counter[str] = Counter()
        for w in self.weeks:
            total.update(w.findings)
        return dict(sorted(total.items()))


def iso_week(time: str) -> str:
    """``2026-11-22T...Z`` → ``2026-W47``."""
    year, week, _ = parse_time(time).isocalendar()
    return f"{year}-W{week:02d}"


def weekly(records: Iterable[dict[str, Any]]) -> tuple[list[WeekStats], Counter[str], Counter[str]]:
    """Per-week stats, requests per decision and blocked entities from ``ai-request`` records.

    Pure; records of other kinds are ignored.
    """
    requests: Counter[str] = Counter()
    blocked: Counter[str] = Counter()
    findings: dict[str, Counter[str]] = {}
    decisions: Counter[str] = Counter()
    blocked_entities: Counter[str] = Counter()
    for record in records:
        if record.get("event") != "ai-request":
            continue
        week = iso_week(record["time"])
        details = record.get("details") or {}
        entities = {str(k): int(v) for k, v in (details.get("entities") or {}).items()}
        decision = str(details.get("decision", "none"))
        requests[week] += 1
        decisions[decision] += 1
        findings.setdefault(week, Counter()).update(entities)
        if decision == "block":
            blocked[week] += 1
            blocked_entities.update(entities)
    weeks = [
        WeekStats(w, requests[w], blocked[w], dict(sorted(findings[w].items())))
        for w in sorted(requests)
    ]
    return weeks, decisions, blocked_entities


def fill_weeks(weeks: Sequence[WeekStats], start: datetime, end: datetime) -> list[WeekStats]:
    """Every ISO week from ``start`` to ``end``, quiet weeks as zeros, so a trend shows gaps."""
    have = {w.week: w for w in weeks}
    labels: list[str] = []
    day = start
    while day <= end + timedelta(days=6):
        label = iso_week(format_time(min(day, end)))
        if label not in labels:
            labels.append(label)
        day += timedelta(days=7)
    extra = [w for w in sorted(have) if w not in labels]  # outside the span: keep, never drop
    return [have.get(w) or WeekStats(w, 0, 0, {}) for w in sorted([*labels, *extra])]


def summarise(
    soa: Sequence[SoaRow], risks: Sequence[RiskRow], evidence: Sequence[EvidenceView]
) -> tuple[dict[str, dict[str, int]], str | None, dict[str, int]]:
    """Freshness per theme, the access review summary and risks per level. Pure."""
    freshness: dict[str, dict[str, int]] = {}
    for row in soa:
        theme = freshness.setdefault(row.theme_name, dict.fromkeys(FRESHNESS, 0))
        theme[row.evidence] += 1
    reviews = [e for e in evidence if e.kind == ACCESS_REVIEW_KIND]
    access = reviews[0].summary if reviews else None
    levels: dict[str, int] = dict.fromkeys(LEVELS, 0)
    for risk in risks:
        levels[risk.residual_level or risk.level] += 1
    return freshness, access, levels


def gather(
    engine: Engine,
    soa: Sequence[SoaRow],
    risks: Sequence[RiskRow],
    evidence: Sequence[EvidenceView],
    *,
    weeks: int = 12,
    now: datetime | None = None,
) -> MetricsData:
    """The metrics of the last ``weeks`` weeks up to ``now``, from the audit log and the ISMS."""
    end = now or datetime.now(UTC)
    since = format_time(end - timedelta(weeks=weeks))
    until = format_time(end + timedelta(seconds=1))
    per_week, decisions, blocked = weekly(ai_requests(engine, since, until))
    per_week = fill_weeks(per_week, end - timedelta(weeks=weeks), end)
    freshness, access, levels = summarise(soa, risks, evidence)
    return MetricsData(
        since=since,
        until=until,
        weeks=tuple(per_week),
        decisions=dict(sorted(decisions.items())),
        blocked_entities=dict(sorted(blocked.items())),
        freshness=freshness,
        access_reviews=access,
        risk_levels=levels,
    )
