"""The loaders read the ISMS stores as the renderers need them, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete
from sqlalchemy.engine import Engine

from annexa.db import database_url, make_engine, upgrade
from annexa.isms import evidence, risks, soa
from annexa.isms.evidence import NewEvidence
from annexa.isms.tables import EVIDENCE, RISKS, SOA, SOA_VERSIONS
from annexa.reports.views import load_evidence, load_meta, load_risks, load_soa


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    url = (
        database_url(tmp_path)
        if request.param == "sqlite"
        else str(request.getfixturevalue("postgres_url"))
    )
    eng = make_engine(url)
    upgrade(eng)
    with eng.begin() as conn:
        for table in (EVIDENCE, RISKS, SOA, SOA_VERSIONS):
            conn.execute(delete(table))
    yield eng
    eng.dispose()


def test_version_label_follows_approval_and_later_changes(engine: Engine) -> None:
    assert load_meta(engine, "Org").version_label == "draft (not approved)"
    soa.set_fields(engine, "A.5.1", {"applicable": True, "justification": "policy needed"})
    soa.approve(engine, "Dana Officer")
    meta = load_meta(engine, "Org")
    assert (meta.version_label, meta.approved_by) == ("v1", "Dana Officer")
    soa.set_fields(engine, "A.5.2", {"applicable": False, "justification": "sole trader"})
    assert load_meta(engine, "Org").version_label == "v1 + unapproved changes"


def test_soa_rows_carry_decisions_and_evidence(engine: Engine) -> None:
    now = datetime.now(UTC)
    soa.set_fields(engine, "A.8.12", {"applicable": True, "justification": "AI prompts",
                                      "status": "implemented"})  # fmt: skip
    soa.set_fields(engine, "A.7.1", {"applicable": False, "justification": "no premises"})
    new = NewEvidence(("A.8.12",), "dlp-stats", "DLP", "5 requests", b"{}", timedelta(days=7))
    with engine.begin() as conn:
        evidence.add(conn, new, now - timedelta(days=8))  # already expired
    rows = {r.control_id: r for r in load_soa(engine, now)}
    assert len(rows) == 93
    assert (rows["A.8.12"].applicable, rows["A.8.12"].status) == ("yes", "implemented")
    assert rows["A.8.12"].evidence == "stale"
    assert rows["A.8.12"].theme_name == "Technological controls"
    assert rows["A.7.1"].applicable == "no"
    assert (rows["A.5.1"].applicable, rows["A.5.1"].evidence) == ("undecided", "missing")
    items = load_evidence(engine, now)
    assert [(i.control_id, i.fresh) for i in items] == [("A.8.12", False)]


def test_risk_rows_have_scores_and_levels(engine: Engine) -> None:
    risks.seed(engine)
    rows = load_risks(engine)
    assert [r.id for r in rows] == sorted(r.id for r in risks.starter_risks())
    for row in rows:
        assert row.score == row.likelihood * row.impact
        assert row.level in {"low", "medium", "high", "critical"}
