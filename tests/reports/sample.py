"""Hand-built views for the renderer tests: every applicability, status, freshness and level."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from annexa.isms.catalogue import THEMES, controls
from annexa.isms.records import STATUSES, Risk
from annexa.reports.metrics import MetricsData, WeekStats
from annexa.reports.views import EvidenceView, ReportMeta, RiskRow, SoaRow, risk_row

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
APPLICABLE = ("yes", "yes", "no", "undecided")
FRESHNESS = ("fresh", "stale", "missing")


def meta(organisation: str = "Example Bank plc") -> ReportMeta:
    """An approved SoA, version 3."""
    return ReportMeta(organisation, 3, "Dana Officer", "2026-11-19T10:00:00+00:00", NOW)


def soa_rows() -> list[SoaRow]:
    """All 93 controls cycling through the decisions; A.5.1's justification looks like a formula."""
    rows = []
    for i, c in enumerate(controls()):
        applicable = APPLICABLE[i % len(APPLICABLE)]
        rows.append(
            SoaRow(
                control_id=c.id,
                title=c.title,
                theme=c.theme,
                theme_name=THEMES[c.theme],
                applicable=applicable,
                justification="=1+2 looks like a formula" if i == 0 else f"reason {i}",
                status=STATUSES[i % len(STATUSES)],
                owner="ciso" if i % 2 else "",
                how="the Annexa gateway" if i % 3 == 0 else "",
                risks=("AI-01",) if i % 5 == 0 else (),
                last_reviewed="2026-10-01" if i % 2 else "",
                evidence=FRESHNESS[i % len(FRESHNESS)],
            )
        )
    return rows


def risk_rows() -> list[RiskRow]:
    """Four risks across the levels, one accepted, one without residual ratings."""
    risks = [
        Risk(id="AI-01", title="Prompt data leakage", likelihood=4, impact=5,
             residual_likelihood=2, residual_impact=3, controls=["A.8.12"]),
        Risk(id="AI-02", title="Credentials in prompts", likelihood=3, impact=3,
             residual_likelihood=1, residual_impact=3, accepted_by="Dana Officer",
             acceptance_expires=date(2027, 6, 30)),
        Risk(id="AI-03", title="Shadow AI", likelihood=5, impact=4),
        Risk(id="AI-04", title="Supplier breach", likelihood=1, impact=2,
             residual_likelihood=1, residual_impact=1),
    ]  # fmt: skip
    return [risk_row(r, NOW.date()) for r in risks]


def evidence_items() -> list[EvidenceView]:
    """A fresh automatic item on A.8.15 and a stale manual one on A.5.1."""
    return [
        EvidenceView("e1", "A.8.15", "audit-chain", "Audit chain verified",
                     "2026-11-20T10:00:00+00:00",
                     (NOW + timedelta(days=1)).isoformat(), "ab" * 32, "12 records verified", True),
        EvidenceView("e2", "A.5.1", "manual", "Policy PDF", "2026-01-01T10:00:00+00:00",
                     "2026-02-01T10:00:00+00:00", "cd" * 32, "uploaded file policy.pdf", False),
    ]  # fmt: skip


def metrics_data() -> MetricsData:
    """Three weeks of traffic."""
    weeks = (
        WeekStats("2026-W45", 10, 1, {"EMAIL_ADDRESS": 4}),
        WeekStats("2026-W46", 25, 3, {"EMAIL_ADDRESS": 2, "AWS_ACCESS_KEY": 3}),
        WeekStats("2026-W47", 7, 0, {}),
    )
    return MetricsData(
        since="2026-08-28T12:00:00.000000Z", until="2026-11-20T12:00:01.000000Z", weeks=weeks,
        decisions={"allow": 30, "block": 4, "pseudonymize": 8},
        blocked_entities={"AWS_ACCESS_KEY": 3, "EMAIL_ADDRESS": 1},
        freshness={"Organizational controls": {"fresh": 10, "stale": 5, "missing": 22}},
        access_reviews=None, risk_levels={"low": 1, "medium": 2, "high": 0, "critical": 1},
    )  # fmt: skip
