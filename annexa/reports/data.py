"""Everything one report needs, read once from the database: :func:`load` for the CLI (and any
other front end), so each renderer gets the same snapshot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.engine import Engine

from annexa.reports.metrics import MetricsData, gather
from annexa.reports.views import (
    EvidenceView,
    ReportMeta,
    RiskRow,
    SoaRow,
    load_evidence,
    load_meta,
    load_risks,
    load_soa,
)

__all__ = ["ReportData", "load"]


@dataclass(frozen=True, slots=True)
class ReportData:
    """The cover facts, the SoA, the risks, the evidence items and the metrics at one time."""

    meta: ReportMeta
    soa: list[SoaRow]
    risks: list[RiskRow]
    evidence: list[EvidenceView]
    metrics: MetricsData


def load(
    engine: Engine, organisation: str, *, weeks: int = 12, now: datetime | None = None
) -> ReportData:
    """Read the ISMS tables and the audit log as of ``now`` (default: the current time)."""
    moment = now or datetime.now(UTC)
    soa = load_soa(engine, moment)
    risks = load_risks(engine, moment.date())
    evidence = load_evidence(engine, moment)
    metrics = gather(engine, soa, risks, evidence, weeks=weeks, now=moment)
    return ReportData(load_meta(engine, organisation, moment), soa, risks, evidence, metrics)
