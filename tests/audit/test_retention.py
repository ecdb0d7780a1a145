"""Retention purges whole checkpointed segments; the chain still verifies; holds stop it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine

from annexa.audit.bundle import export_bundle, plan_range, verify_bundle
from annexa.audit.checkpoint import CheckpointSigner
from annexa.audit.forwarder import Forwarder, ForwardOptions
from annexa.audit.retention import plan_purge, purge
from annexa.audit.sinks import FileSink
from annexa.audit.store import AuditLog, audit_engine
from annexa.audit.verify import verify_database
from tests.audit.conftest import event, open_log

LATER = datetime.now(UTC) + timedelta(days=401)


def _filled(engine: Engine, signer: CheckpointSigner) -> AuditLog:
    log = open_log(engine, signer, checkpoint_every=10)
    for i in range(35):
        log.append(event(i))
    return log


def _verify(db_url: str, signer: CheckpointSigner) -> str:
    reader = audit_engine(db_url, reader=True)
    report = verify_database(reader, signer.public_key_bytes())
    reader.dispose()
    return "ok" if report.ok else report.first_problem()


def test_nothing_recent_or_held_is_purged(engine: Engine, signer: CheckpointSigner) -> None:
    with _filled(engine, signer) as log:
        assert plan_purge(log, 400, legal_hold=False) is None
        assert purge(log, 400, legal_hold=True, now=LATER) is None


def test_purge_stops_at_the_forwarders_cursor_and_stays_verifiable(
    engine: Engine, signer: CheckpointSigner, db_url: str, tmp_path: Path
) -> None:
    with _filled(engine, signer) as log:
        fwd = Forwarder(engine, FileSink("f", tmp_path / "f.jsonl"), ForwardOptions(batch_size=25))
        fwd.step()  # delivered 1..25: only the segment up to checkpoint 20 may go
        plan = purge(log, 400, legal_hold=False, now=LATER)
        assert plan is not None
        assert (plan.through, plan.records) == (20, 20)
        log.append(event(99))
    with engine.begin() as conn:
        first = conn.execute(text("SELECT min(seq) FROM audit_events")).scalar()
    assert first == 21
    assert _verify(db_url, signer) == "ok"
    rng = plan_range(engine, None, None)
    assert rng.start == 20
    export_bundle(engine, tmp_path / "b", signer.public_key_bytes(), rng, "now")
    assert verify_bundle(tmp_path / "b").ok


def test_deleting_a_prefix_without_a_purge_event_is_caught(
    engine: Engine, signer: CheckpointSigner, db_url: str
) -> None:
    _filled(engine, signer).close()
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_events WHERE seq <= 10"))
        conn.execute(text("UPDATE audit_head SET purged_through = 10"))
    assert "without an audit-purged event" in _verify(db_url, signer)
