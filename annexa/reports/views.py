"""The frozen view types every renderer reads, and the loaders that fill them from the database.

The renderers (:mod:`csv`, :mod:`xlsx`, :mod:`pdf`, :mod:`oscal`, :mod:`charts`) are pure: they
take these views and return bytes or dicts, so a test builds a view by hand and checks the output.
Only :func:`load_meta`, :func:`load_soa`, :func:`load_risks` and :func:`load_evidence` touch the
ISMS tables, through the ISMS store functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy.engine import Engine

from annexa.isms import evidence as evidence_store
from annexa.isms import risks as risk_store
from annexa.isms import soa as soa_store
from annexa.isms.catalogue import THEMES
from annexa.isms.records import Risk

__all__ = [
    "EvidenceView",
    "ReportMeta",
    "RiskRow",
    "SoaRow",
    "load_evidence",
    "load_meta",
    "load_risks",
    "load_soa",
    "risk_row",
]


@dataclass(frozen=True, slots=True)
class ReportMeta:
    """What goes on a cover and in page headers.

    Attributes:
        organisation: the organisation's name (``isms.organisation``; may be empty).
        soa_version: the latest approved SoA version, or None when none is approved yet.
        approved_by, approved_at: who approved that version and when (ISO 8601), or "".
        generated_at: when the report was made (UTC).
        changed: whether the current SoA differs from that approved version (the tables show
            the current SoA, so the label says so).
    """

    organisation: str
    soa_version: int | None
    approved_by: str
    approved_at: str
    generated_at: datetime
    changed: bool = False

    @property
    def version_label(self) -> str:
        """``v3``, ``v3 + unapproved changes`` or ``draft (not approved)``."""
        if not self.soa_version:
            return "draft (not approved)"
        return (
            f"v{self.soa_version} + unapproved changes" if self.changed else f"v{self.soa_version}"
        )

    @property
    def org_label(self) -> str:
        """The organisation's name, or a placeholder that says it is not configured."""
        return self.organisation or "(organisation not set)"


@dataclass(frozen=True, slots=True)
class SoaRow:
    """One control's SoA line, flattened for a table.

    ``applicable`` is "yes", "no" or "undecided"; ``evidence`` is fresh, stale or missing.
    """

    control_id: str
    title: str
    theme: str
    theme_name: str
    applicable: str
    justification: str
    status: str
    owner: str
    how: str
    risks: tuple[str, ...]
    last_reviewed: str
    evidence: str


@dataclass(frozen=True, slots=True)
class RiskRow:
    """One risk, with both scores and levels worked out."""

    id: str
    title: str
    threat: str
    likelihood: int
    impact: int
    score: int
    level: str
    treatment: str
    controls: tuple[str, ...]
    owner: str
    residual_likelihood: int | None
    residual_impact: int | None
    residual_score: int | None
    residual_level: str | None
    review_date: str
    acceptance: str


@dataclass(frozen=True, slots=True)
class EvidenceView:
    """One evidence item, as an auditor sees it (never its content)."""

    id: str
    control_id: str
    kind: str
    title: str
    collected_at: str
    expires_at: str
    sha256: str
    summary: str
    fresh: bool


def load_meta(engine: Engine, organisation: str, now: datetime | None = None) -> ReportMeta:
    """The cover facts: the organisation and the latest approved SoA version."""
    approved = soa_store.versions(engine)
    last = approved[-1] if approved else None
    return ReportMeta(
        organisation=organisation,
        soa_version=last.version if last else None,
        approved_by=last.approved_by if last else "",
        approved_at=last.approved_at if last else "",
        generated_at=now or datetime.now(UTC),
        changed=bool(last and soa_store.diff_versions(engine, last.version, None)),
    )


def _yes_no(value: bool | None) -> str:
    return "undecided" if value is None else ("yes" if value else "no")


def load_soa(engine: Engine, now: datetime | None = None) -> list[SoaRow]:
    """The current SoA, one row per control in catalogue order, with evidence freshness."""
    lines = soa_store.entries(engine)
    fresh = evidence_store.status(engine, [line.control.id for line in lines], now)
    return [
        SoaRow(
            control_id=line.control.id,
            title=line.control.title,
            theme=line.control.theme,
            theme_name=THEMES[line.control.theme],
            applicable=_yes_no(line.entry.applicable),
            justification=line.entry.justification,
            status=line.entry.status,
            owner=line.entry.owner,
            how=line.entry.how,
            risks=tuple(line.entry.risks),
            last_reviewed=line.entry.last_reviewed.isoformat() if line.entry.last_reviewed else "",
            evidence=fresh[line.control.id],
        )
        for line in lines
    ]


def risk_row(risk: Risk, today: date) -> RiskRow:
    """A register entry as a row (pure)."""
    state = risk.acceptance_state(today)
    acceptance = "" if state == "none" else f"{state}: {risk.accepted_by}"
    if state != "none" and risk.acceptance_expires:
        acceptance += f" until {risk.acceptance_expires.isoformat()}"
    return RiskRow(
        id=risk.id,
        title=risk.title,
        threat=risk.threat,
        likelihood=risk.likelihood,
        impact=risk.impact,
        score=risk.score,
        level=risk.level,
        treatment=risk.treatment,
        controls=tuple(risk.controls),
        owner=risk.owner,
        residual_likelihood=risk.residual_likelihood,
        residual_impact=risk.residual_impact,
        residual_score=risk.residual_score,
        residual_level=risk.residual_level,
        review_date=risk.review_date.isoformat() if risk.review_date else "",
        acceptance=acceptance,
    )


def load_risks(engine: Engine, today: date | None = None) -> list[RiskRow]:
    """Every risk in the register, by id."""
    day = today or datetime.now(UTC).date()
    return [risk_row(r, day) for r in risk_store.list_risks(engine)]


def load_evidence(engine: Engine, now: datetime | None = None) -> list[EvidenceView]:
    """Every evidence item, newest first, with whether it is still fresh at ``now``."""
    moment = now or datetime.now(UTC)
    return [
        EvidenceView(
            i.id,
            i.control_id,
            i.kind,
            i.title,
            i.collected_at,
            i.expires_at,
            i.sha256,
            i.summary,
            i.state(moment) == "fresh",
        )
        for i in evidence_store.items(engine)
    ]
