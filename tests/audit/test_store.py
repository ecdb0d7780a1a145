"""The durable log on SQLite and PostgreSQL: group commit, chain head, checkpoints, anchor."""

from __future__ import annotations

import asyncio
import json
import stat
import threading
import time
from concurrent.futures import Future
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine

from annexa.audit import chain, merkle
from annexa.audit.checkpoint import (
    CheckpointSigner,
    FileCheckpointSigner,
    check_checkpoint,
    read_anchor,
)
from annexa.audit.interface import AuditError, AuditEvent, AuditSink
from annexa.audit.queries import iter_records, read_checkpoints, read_head
from annexa.audit.store import AuditLog, audit_engine
from annexa.audit.tables import EVENTS
from tests.audit.conftest import ALICE, event, open_log


def test_concurrent_appends_form_one_gapless_chain(
    engine: Engine, signer: CheckpointSigner
) -> None:
    log = open_log(engine, signer, checkpoint_every=50)
    seqs: list[int] = []
    lock = threading.Lock()

    def worker(w: int) -> None:
        for i in range(40):
            s = log.append_seq(event(w * 1000 + i))
            with lock:
                seqs.append(s)

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    log.close()
    assert sorted(seqs) == list(range(1, 321))
    with engine.connect() as conn:
        head = read_head(conn)
        cps = read_checkpoints(conn)
        rows = [r for batch in iter_records(conn) for r in batch]
    assert head is not None
    assert head.size == 320
    assert [cp.size for cp in cps][-1] == 320  # final checkpoint on close
    walker = chain.ChainWalker({cp.size: cp.tree_head for cp in cps})
    assert walker.feed(rows) is None
    for cp in cps:
        assert check_checkpoint(cp, signer.public_key_bytes()) is None


def test_every_append_that_returned_has_its_row(engine: Engine, signer: CheckpointSigner) -> None:
    with open_log(engine, signer) as log:
        seq = log.append_seq(event(7))
        with engine.connect() as conn:
            stored = conn.execute(select(EVENTS.c.record).where(EVENTS.c.seq == seq)).scalar_one()
    assert '"request_id":"r-7"' in stored
    assert stored.encode() == chain.canonical(json.loads(stored))


def test_async_append(engine: Engine, signer: CheckpointSigner) -> None:
    async def go(log_: object) -> list[int]:
        assert isinstance(log_, AuditLog)
        return list(await asyncio.gather(*(log_.append_async(event(i)) for i in range(20))))

    with open_log(engine, signer) as log:
        assert sorted(asyncio.run(go(log))) == list(range(1, 21))


def _hold_writer(log: AuditLog, seconds: float) -> Future[None]:
    """Keep the writer thread busy for ``seconds`` (appends queue up behind it)."""
    held: Future[None] = Future()
    log._queue.put((lambda: time.sleep(seconds), held))
    return held


def test_a_cancelled_async_append_waits_for_its_commit(
    engine: Engine, signer: CheckpointSigner
) -> None:
    async def go(log_: AuditLog) -> list[str]:
        _hold_writer(log_, 0.3)
        task = asyncio.ensure_future(log_.append_async(event(5)))
        await asyncio.sleep(0.05)
        task.cancel()  # the client went away while its record was being written
        with pytest.raises(asyncio.CancelledError):
            await task
        with engine.connect() as conn:  # the caller learns of its cancellation only now
            return list(conn.execute(select(EVENTS.c.record)).scalars())

    with open_log(engine, signer) as log:
        stored = asyncio.run(go(log))
    assert len(stored) == 1
    assert '"request_id":"r-5"' in stored[0]


def test_an_async_append_that_takes_too_long_fails(
    engine: Engine, signer: CheckpointSigner
) -> None:
    async def go(log_: AuditLog) -> None:
        _hold_writer(log_, 0.5)
        await log_.append_async(event(6))

    log = open_log(engine, signer, append_timeout_s=0.1)
    with pytest.raises(AuditError, match="did not complete in time"):
        asyncio.run(go(log))
    log.close()


def test_sensitive_event_is_refused_before_it_is_queued(
    engine: Engine, signer: CheckpointSigner
) -> None:
    with open_log(engine, signer) as log:
        with pytest.raises(AuditError):
            log.append(AuditEvent(name="ai-request", actor=ALICE, outcome="success",
                                  details={"prompt": "my password is"}))  # fmt: skip
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(EVENTS)).scalar_one() == 0


def test_failed_commit_fails_the_caller_closed(engine: Engine, signer: CheckpointSigner) -> None:
    log = open_log(engine, signer)
    log.append(event(1))
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE audit_events"))
    with pytest.raises(AuditError):
        log.append(event(2))
    log.close()  # the final checkpoint fails too, and close still stops


def test_submitted_events_are_committed_in_order_without_waiting(
    engine: Engine, signer: CheckpointSigner
) -> None:
    failures: list[BaseException] = []
    with open_log(engine, signer) as log:
        for i in range(50):
            log.submit(event(i), failures.append)
        seq = log.append_seq(event(99))  # queued after them: returns once they are committed
        with engine.connect() as conn:
            ids = conn.execute(select(EVENTS.c.record).order_by(EVENTS.c.seq)).scalars().all()
    assert seq == 51
    assert [json.loads(r)["request_id"] for r in ids] == [f"r-{i}" for i in (*range(50), 99)]
    assert failures == []


def test_a_submitted_event_that_fails_reaches_its_failure_callback(
    engine: Engine, signer: CheckpointSigner
) -> None:
    log = open_log(engine, signer)
    log.append(event(1))
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE audit_events"))
    failed = threading.Event()
    errors: list[BaseException] = []

    def on_failure(error: BaseException) -> None:
        errors.append(error)
        failed.set()

    log.submit(event(2), on_failure)
    assert failed.wait(10)
    assert isinstance(errors[0], AuditError)
    log.close()
    with pytest.raises(AuditError, match="closed"):
        log.submit(event(3), on_failure)


def _count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(EVENTS)).scalar_one())


def test_a_lingering_submitted_event_never_delays_a_waited_append(
    engine: Engine, signer: CheckpointSigner
) -> None:
    with open_log(engine, signer, linger_s=5.0) as log:
        log.submit(event(1), lambda _e: None)
        started = time.monotonic()
        seq = log.append_seq(event(2))  # shares the lingering event's commit, at once
        assert time.monotonic() - started < 2.5
        assert seq == 2
        assert _count(engine) == 2


def test_a_lone_submitted_event_is_committed_after_the_linger(
    engine: Engine, signer: CheckpointSigner
) -> None:
    with open_log(engine, signer, linger_s=0.2) as log:
        log.submit(event(1), lambda _e: None)
        deadline = time.monotonic() + 10
        while _count(engine) == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert _count(engine) == 1


def test_close_commits_a_lingering_event(engine: Engine, signer: CheckpointSigner) -> None:
    log = open_log(engine, signer, linger_s=30.0)
    log.submit(event(1), lambda _e: None)
    started = time.monotonic()
    log.close()  # its checkpoint request ends the linger: no 30 s wait
    assert time.monotonic() - started < 10
    assert _count(engine) == 1


def test_two_logs_on_one_database_share_the_chain(
    engine: Engine, signer: CheckpointSigner, db_url: str
) -> None:
    other_engine = audit_engine(db_url)
    a = open_log(engine, signer, checkpoint_every=7)
    b = open_log(other_engine, signer, checkpoint_every=7)
    threads = [
        threading.Thread(target=lambda lg=lg: [lg.append(event(i)) for i in range(30)])
        for lg in (a, b)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    a.close()
    b.close()
    with engine.connect() as conn:
        rows = [r for batch in iter_records(conn) for r in batch]
        cps = read_checkpoints(conn)
    assert [r[0] for r in rows] == list(range(1, 61))
    assert chain.ChainWalker({cp.size: cp.tree_head for cp in cps}).feed(rows) is None
    leaves = [merkle.leaf_hash(r[2]) for r in rows]
    for cp in cps:
        assert merkle.root(leaves[: cp.size]) == cp.root


def test_checkpoint_by_time_and_anchor(
    engine: Engine, signer: CheckpointSigner, tmp_path: Path
) -> None:
    anchor = tmp_path / "anchor"
    with open_log(engine, signer, checkpoint_interval_s=0.2, anchor_dir=anchor) as log:
        log.append(event(1))
        log.append(event(2))
        deadline = time.monotonic() + 5
        while not read_anchor(anchor) and time.monotonic() < deadline:
            time.sleep(0.05)
        anchored = read_anchor(anchor)
    assert anchored
    assert anchored[0].size == 2
    assert check_checkpoint(anchored[0], signer.public_key_bytes()) is None


def test_signing_key_file_is_private_and_stable(tmp_path: Path) -> None:
    path = tmp_path / "k" / "audit.pem"
    first = FileCheckpointSigner.load_or_create(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert FileCheckpointSigner.load_or_create(path).public_key_bytes() == first.public_key_bytes()
    path.chmod(0o644)
    with pytest.raises(AuditError):
        FileCheckpointSigner.load_or_create(path)


def test_audit_log_is_an_audit_sink(engine: Engine, signer: CheckpointSigner) -> None:
    with open_log(engine, signer) as log:
        sink: AuditSink = log
        sink.append(event(1))
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(EVENTS)).scalar_one() == 1


def test_an_unwritable_anchor_does_not_fail_appends(
    engine: Engine, signer: CheckpointSigner, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the anchor directory should be")
    with open_log(engine, signer, checkpoint_every=2, anchor_dir=blocker / "anchor") as log:
        for i in range(5):
            log.append(event(i))
        assert log.append_seq(event(5)) == 6
