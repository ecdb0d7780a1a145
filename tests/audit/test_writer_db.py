"""The writer's held connection (SQLite and the real PostgreSQL): outside the pool, one
transaction per commit, a lost connection replaced without losing or doubling an append, and a
transaction that fails leaves nothing behind."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from annexa.audit import chain
from annexa.audit.checkpoint import CheckpointSigner
from annexa.audit.queries import iter_records, read_checkpoints, read_head
from annexa.audit.tables import EVENTS
from annexa.audit.writer_db import Transaction, WriterDb
from tests.audit.conftest import event, open_log


def _count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(EVENTS)).scalar_one())


def test_appends_use_no_pooled_connection(engine: Engine, signer: CheckpointSigner) -> None:
    with open_log(engine, signer) as log:
        for i in range(20):
            log.append(event(i))
        assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]
    assert _count(engine) == 20


def test_a_failed_transaction_writes_nothing(engine: Engine, signer: CheckpointSigner) -> None:
    open_log(engine, signer).close()  # creates the head row
    db = WriterDb(engine)

    def half(tx: Transaction) -> None:
        head = tx.locked_head()
        assert head is not None
        tx.insert_events([(head.size + 1, "t", "e", "a", "success", None, "{}", bytes(32))])
        raise RuntimeError("the writer failed half-way")

    with pytest.raises(RuntimeError, match="half-way"):
        db.run(half)
    db.close()
    assert _count(engine) == 0


def _cut(held: Any, db_url: str) -> None:
    """Break the writer's held connection from outside: PostgreSQL ends its session (as a
    restart would); a SQLite connection is closed under it."""
    if db_url.startswith("postgresql"):
        admin = db_url.replace("postgresql+psycopg", "postgresql")
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(%s)", (held.info.backend_pid,))
    else:
        held.close()


def test_a_lost_connection_is_replaced(
    engine: Engine, signer: CheckpointSigner, db_url: str
) -> None:
    with open_log(engine, signer) as log:
        log.append(event(1))
        _cut(log._db._connection(), db_url)
        log.append(event(2))  # a new connection; the append is not lost or doubled
        log.append(event(3))
    with engine.connect() as conn:
        head = read_head(conn)
        rows = [r for batch in iter_records(conn) for r in batch]
        checkpoints = read_checkpoints(conn)
    assert head is not None
    assert head.size == 3
    assert [r[0] for r in rows] == [1, 2, 3]
    walker = chain.ChainWalker({cp.size: cp.tree_head for cp in checkpoints})
    assert walker.feed(rows) is None
