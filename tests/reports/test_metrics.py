"""The metrics report's DLP numbers equal the audit log's: ai-request events go through the real
AuditLog (hash chain, SQLite data directory), then the report data is built and compared with
what was sent and with the stored records themselves."""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from annexa.audit.events import AIRequest, AuthFailure, make_event, parse_time
from annexa.audit.interface import Actor
from annexa.audit.store import AuditLog
from annexa.audit.tables import EVENTS
from annexa.db import database_url, make_engine, upgrade
from annexa.reports.metrics import ACCESS_REVIEW_KIND, gather, summarise
from annexa.settings import Settings, load_settings
from tests.reports import sample

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # a Friday in ISO week 47
ALICE = Actor(kind="key", id="k1", name="alice", role="member")
ENTITIES = ("EMAIL_ADDRESS", "CREDIT_CARD", "AWS_ACCESS_KEY", "PERSON")
DECISIONS = ("allow", "pseudonymize", "redact", "block")


@dataclass
class Sent:
    time: datetime
    decision: str
    entities: dict[str, int]


@dataclass
class Site:
    settings: Settings
    engine: Engine
    data_dir: Path


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    (tmp_path / "annexa.yaml").write_text("keys: {provider: 'file:', development: true}\n")
    (tmp_path / "policy.yaml").write_text("version: 1\n")
    engine = make_engine(database_url(tmp_path))
    upgrade(engine)
    yield Site(load_settings(tmp_path), engine, tmp_path)
    engine.dispose()


def traffic(seed: int = 7, n: int = 60) -> list[Sent]:
    """``n`` requests over the last four weeks with varied decisions and findings."""
    rng = random.Random(seed)
    sent = []
    for _ in range(n):
        time = NOW - timedelta(minutes=rng.randrange(0, 4 * 7 * 24 * 60))
        found = {e: rng.randint(1, 3) for e in ENTITIES if rng.random() < 0.3}
        sent.append(Sent(time, rng.choice(DECISIONS), found))
    return sent


def send(settings: Settings, sent: list[Sent], old: int = 2) -> None:
    """Log ``sent`` plus noise: other event kinds, and ``old`` requests before the window."""
    with AuditLog.open(settings) as log:
        for s in sent:
            details = AIRequest("acme", "m", s.decision, "p" * 64, 200, entities=s.entities)
            log.append(make_event(details, ALICE, "success", time=s.time))
            log.append(make_event(AuthFailure("key", "bad-key"), ALICE, "failure", time=s.time))
        for _ in range(old):
            details = AIRequest("acme", "m", "block", "p" * 64, 403, entities={"PERSON": 9})
            log.append(make_event(details, ALICE, "blocked", time=NOW - timedelta(weeks=30)))


def _week(t: datetime) -> str:
    year, week, _ = t.isocalendar()
    return f"{year}-W{week:02d}"


def test_weekly_numbers_equal_what_was_sent(site: Site) -> None:
    sent = traffic()
    send(site.settings, sent)
    m = gather(site.engine, [], [], [], weeks=12, now=NOW)
    assert m.requests == len(sent) == 60
    assert {w.week: w.requests for w in m.weeks if w.requests} == Counter(
        _week(s.time) for s in sent
    )
    assert [w.week for w in m.weeks][-1] == "2026-W47"
    assert len(m.weeks) == 13  # 12 weeks back from a Friday touch 13 ISO weeks
    assert sum(1 for w in m.weeks if w.requests == 0) == 13 - len({_week(s.time) for s in sent})
    assert {w.week: w.blocked for w in m.weeks if w.blocked} == Counter(
        _week(s.time) for s in sent if s.decision == "block"
    )
    findings: Counter[str] = Counter()
    blocked: Counter[str] = Counter()
    for s in sent:
        findings.update(s.entities)
        if s.decision == "block":
            blocked.update(s.entities)
    assert m.findings == dict(findings)
    assert m.blocked_entities == dict(blocked)
    assert m.decisions == dict(Counter(s.decision for s in sent))  # the 2 old blocks are out


def test_numbers_equal_the_stored_records(site: Site) -> None:
    send(site.settings, traffic(seed=11, n=25), old=3)
    m = gather(site.engine, [], [], [], weeks=52, now=NOW)
    with site.engine.connect() as conn:
        records = [json.loads(r) for (r,) in conn.execute(select(EVENTS.c.record))]
    ai = [r for r in records if r["event"] == "ai-request"]
    assert len(records) == 25 * 2 + 3
    assert m.requests == len(ai) == 28  # 52 weeks reach the older requests too
    per_week = Counter(_week(parse_time(r["time"])) for r in ai)
    assert {w.week: w.requests for w in m.weeks if w.requests} == per_week
    entities: Counter[str] = Counter()
    for r in ai:
        entities.update(r["details"]["entities"])
    assert m.findings == dict(entities)


def test_summary_of_evidence_reviews_and_risks() -> None:
    rows = sample.soa_rows()
    freshness, access, levels = summarise(rows, sample.risk_rows(), sample.evidence_items())
    assert sum(sum(v.values()) for v in freshness.values()) == 93
    assert freshness["People controls"] == {
        s: sum(1 for r in rows if r.theme == "6" and r.evidence == s)
        for s in ("fresh", "stale", "missing")
    }
    assert access is None  # nothing records access reviews: "no data", never a made-up figure
    # current level: residual when rated (AI-01 6 medium, AI-02 3 low, AI-04 1 low), else inherent
    assert levels == {"low": 2, "medium": 1, "high": 0, "critical": 1}


def test_access_review_evidence_is_reported_when_present() -> None:
    review = replace(sample.evidence_items()[0], kind=ACCESS_REVIEW_KIND,
                     summary="12 of 12 accounts reviewed")  # fmt: skip
    _, access, _ = summarise([], [], [review, *sample.evidence_items()])
    assert access == "12 of 12 accounts reviewed"
