"""Evidence collectors against a real data directory: the audit log written by AuditLog, key
events, signed restore tests and supplier reviews. DLP numbers must equal what was logged."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import insert, update
from sqlalchemy.engine import Engine

from annexa.audit.events import AIRequest, make_event
from annexa.audit.interface import Actor
from annexa.audit.store import AuditLog
from annexa.audit.tables import EVENTS
from annexa.backup.tables import VERIFICATIONS
from annexa.db import database_url, make_engine, upgrade
from annexa.isms import evidence, suppliers
from annexa.isms.collectors import COLLECTORS, Collected, Context, run
from annexa.isms.collectors.dlp_stats import tally
from annexa.isms.records import Supplier
from annexa.keys.signing import public_bytes
from annexa.keys.tables import KEY_EVENTS
from annexa.settings import Settings, load_settings

ALICE = Actor(kind="key", id="k1", name="alice", role="member")
TRAFFIC: list[tuple[str, dict[str, int], bool]] = [
    ("allow", {}, True),
    ("pseudonymize", {"EMAIL_ADDRESS": 2, "PERSON": 1}, True),
    ("pseudonymize", {"EMAIL_ADDRESS": 1}, True),
    ("redact", {"SECRET": 1}, True),
    ("block", {"CODENAME": 1, "EMAIL_ADDRESS": 1}, True),
    ("none", {}, False),  # refused before scanning (e.g. an unapproved supplier)
]


@dataclass
class Site:
    settings: Settings
    engine: Engine


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    (tmp_path / "annexa.yaml").write_text("keys: {provider: 'file:', development: true}\n")
    (tmp_path / "policy.yaml").write_text("version: 1\n")
    settings = load_settings(tmp_path)
    engine = make_engine(database_url(tmp_path))
    upgrade(engine)
    yield Site(settings, engine)
    engine.dispose()


def log_traffic(settings: Settings) -> None:
    with AuditLog.open(settings) as log:
        for decision, entities, scanned in TRAFFIC:
            details = AIRequest("acme", "m", decision, "p" * 64, 200, entities=entities,
                                scanned=scanned)  # fmt: skip
            log.append(make_event(details, ALICE, "success" if scanned else "denied"))


def by_name(results: list[Collected]) -> dict[str, Collected]:
    return {r.name: r for r in results}


def test_empty_installation_reports_no_data_honestly(site: Site) -> None:
    results = by_name(run(Context(site.settings, site.engine), COLLECTORS))
    assert results["access-reviews"].status == "no-data"
    assert "no data" in results["access-reviews"].message
    for name in ("audit-chain", "dlp-stats", "supplier-reviews", "key-rotations",
                 "restore-tests"):  # fmt: skip
        assert results[name].status == "no-data", name
    assert results["policy-config"].status == "ok"
    assert {i.control_id for i in evidence.items(site.engine)} == {"A.8.9", "A.8.12"}


def test_dlp_numbers_match_the_audit_log(site: Site) -> None:
    log_traffic(site.settings)
    results = by_name(run(Context(site.settings, site.engine), COLLECTORS))
    dlp = results["dlp-stats"]
    assert dlp.status == "ok"
    assert {i.control_id for i in dlp.stored} == {"A.8.11", "A.8.12"}
    facts: dict[str, Any] = json.loads(evidence.content_of(site.engine, dlp.stored[0].id))
    assert facts["requests"] == 6
    assert facts["scanned"] == 5
    assert facts["decisions"] == {
        "allow": 1, "pseudonymize": 2, "redact": 1, "block": 1, "none": 1}  # fmt: skip
    assert facts["entities_by_decision"]["pseudonymize"] == {"EMAIL_ADDRESS": 3, "PERSON": 1}
    assert facts["entities_by_decision"]["block"] == {"CODENAME": 1, "EMAIL_ADDRESS": 1}
    assert "2 pseudonymized, 1 redacted, 1 blocked" in dlp.message
    chain = results["audit-chain"]
    assert chain.status == "ok"
    assert "records 1..6" in chain.message


def test_tampered_audit_log_is_a_failure_not_evidence(site: Site) -> None:
    log_traffic(site.settings)
    with site.engine.begin() as conn:
        conn.execute(update(EVENTS).where(EVENTS.c.seq == 3).values(record='{"edited": true}'))
    results = by_name(run(Context(site.settings, site.engine), COLLECTORS))
    assert results["audit-chain"].status == "failed"
    assert "TAMPERED" in results["audit-chain"].message
    assert evidence.items(site.engine, "A.8.15") == []


def test_tally_ignores_other_events() -> None:
    stats = tally([
        {"event": "auth-failure", "details": {}},
        {"event": "ai-request", "details": {"decision": "block", "scanned": True,
                                            "entities": {"SECRET": 2}}},
    ])  # fmt: skip
    assert (stats.requests, stats.scanned, stats.decisions["block"]) == (1, 1, 1)
    assert stats.entities["block"]["SECRET"] == 2


def test_attachments_are_counted_apart_forwarded_or_refused(site: Site) -> None:
    with AuditLog.open(site.settings) as log:
        for decision, status, unscanned in [
            ("allow", 0, {"image": 2}),  # in flight: it went out
            ("pseudonymize", 200, {"image": 1, "file": 1}),
            ("block", 403, {"file": 1}),
            ("allow", 502, {"audio": 1}),  # refused before it left (the supplier failed)
            ("allow", 200, {}),
        ]:
            details = AIRequest("acme", "m", decision, "p" * 64, status, scanned=not unscanned,
                                unscanned=unscanned)  # fmt: skip
            log.append(make_event(details, ALICE, "success"))
    dlp = by_name(run(Context(site.settings, site.engine), COLLECTORS))["dlp-stats"]
    facts: dict[str, Any] = json.loads(evidence.content_of(site.engine, dlp.stored[0].id))
    assert facts["scanned"] == 1
    assert facts["attachments"] == {
        "forwarded_unscanned": {"file": 1, "image": 3},
        "refused": {"audio": 1, "file": 1},
    }
    assert "attachments the scanner cannot read: 4 let through by policy, 2 refused" in dlp.message


def test_key_rotations_restore_tests_and_supplier_reviews(site: Site) -> None:
    with site.engine.begin() as conn:
        conn.execute(insert(KEY_EVENTS).values(
            time="2026-11-01T00:00:00+00:00", event="rotate", provider="file:",
            details=json.dumps({"from": "v1", "to": "v2"})))  # fmt: skip
        suppliers.save(conn, Supplier(name="acme-ai", approval="approved"))
        suppliers.save(conn, Supplier(name="other-ai"))
    suppliers.record_review(site.engine, "acme-ai", "Sam", "approved")
    record: dict[str, Any] = {
        "id": "t1",
        "backup_id": "b1",
        "verified_at": "2026-11-20T10:00:00+00:00",
        "passed": True,
        "restore_seconds": 4.2,
        "rto_seconds": 3600,
        "meets_rto": True,
    }
    key = Ed25519PrivateKey.generate()
    payload = rfc8785.dumps(record)
    with site.engine.begin() as conn:
        conn.execute(insert(VERIFICATIONS).values(
            id="t1", backup_id="b1", time=record["verified_at"], passed=True,
            restore_seconds=4.2, rto_seconds=3600, record=payload.decode(),
            signature=key.sign(payload), public_key=public_bytes(key.public_key())))  # fmt: skip
    results = by_name(run(Context(site.settings, site.engine), COLLECTORS))
    assert results["key-rotations"].status == "ok"
    assert "1 rotations" in results["key-rotations"].message
    restore = results["restore-tests"]
    assert restore.status == "ok"
    assert "4.2 s" in restore.message
    facts = json.loads(evidence.content_of(site.engine, restore.stored[0].id))
    assert facts["latest"]["restore_seconds"] == 4.2
    reviews = results["supplier-reviews"]
    assert reviews.message == "1 of 2 suppliers reviewed; 0 overdue, 1 never reviewed"


def test_forged_restore_test_is_refused(site: Site) -> None:
    record: dict[str, Any] = {
        "id": "t2",
        "backup_id": "b2",
        "verified_at": "2026-11-20T10:00:00+00:00",
        "passed": True,
        "restore_seconds": 1.0,
        "rto_seconds": 60,
        "meets_rto": True,
    }
    key = Ed25519PrivateKey.generate()
    with site.engine.begin() as conn:
        conn.execute(insert(VERIFICATIONS).values(
            id="t2", backup_id="b2", time=record["verified_at"], passed=True,
            restore_seconds=1.0, rto_seconds=60, record=json.dumps(record),
            signature=key.sign(b"something else"),
            public_key=public_bytes(key.public_key())))  # fmt: skip
    result = by_name(run(Context(site.settings, site.engine), COLLECTORS))["restore-tests"]
    assert result.status == "failed"
    assert evidence.items(site.engine, "A.8.13") == []


def test_a_crashing_collector_does_not_stop_the_others(site: Site) -> None:
    class Broken:
        name = "broken"
        controls: tuple[str, ...] = ("A.5.1",)

        def collect(self, ctx: Context) -> Collected:
            raise RuntimeError("source unreachable")

    results = run(Context(site.settings, site.engine), [Broken(), COLLECTORS[2]])
    assert [(r.name, r.status) for r in results] == [("broken", "failed"), ("policy-config", "ok")]
    assert "source unreachable" in results[0].message
