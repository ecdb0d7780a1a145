"""Reading the audit tables: the chain head, checkpoints, and record batches in ``seq`` order.

Shared by the writer (:mod:`annexa.audit.store`), ``verify``, ``export``, ``search`` and the
forwarders. Record batches are read with keyset pagination so memory stays flat on big logs.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from annexa.audit.checkpoint import Checkpoint
from annexa.audit.tables import CHECKPOINTS, HEAD


@dataclass(frozen=True, slots=True)
class Head:
    """The chain head row."""

    size: int
    hash: bytes
    tree: bytes
    checkpoint_size: int
    checkpoint_time: str
    purged_through: int


# Built once (the writer reads the head on every commit; building the statement cost more
# than running it).
_HEAD = select(HEAD).where(HEAD.c.id == 1)
_HEAD_LOCKED = _HEAD.with_for_update()


def read_head(conn: Connection, *, lock: bool = False) -> Head | None:
    """The head row (locked ``FOR UPDATE`` on PostgreSQL when ``lock``), or None if absent."""
    row = conn.execute(_HEAD_LOCKED if lock else _HEAD).first()
    if row is None:
        return None
    return Head(
        size=row.size,
        hash=bytes(row.hash),
        tree=bytes(row.tree),
        checkpoint_size=row.checkpoint_size,
        checkpoint_time=row.checkpoint_time,
        purged_through=row.purged_through,
    )


def read_checkpoints(conn: Connection) -> list[Checkpoint]:
    """Every checkpoint, in size order."""
    rows = conn.execute(select(CHECKPOINTS).order_by(CHECKPOINTS.c.size))
    return [
        Checkpoint(
            size=r.size,
            time=r.time,
            root=bytes(r.root),
            head=bytes(r.head),
            tree=bytes(r.tree),
            key_id=r.key_id,
            note=r.note,
            signature=bytes(r.signature),
        )
        for r in rows
    ]


def iter_records(
    conn: Connection, first: int = 1, last: int | None = None, batch: int = 20_000
) -> Iterator[list[tuple[int, bytes, bytes]]]:
    """Batches of ``(seq, canonical record bytes, chain hash)`` with ``first <= seq <= last``.

    Reads through the DBAPI cursor of ``conn`` (same transaction), which is several times
    faster than result rows: verify walks hundreds of thousands of records a second.
    """
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    # Fixed SQL text; the only values are bound parameters.
    sql = f"SELECT seq, record, hash FROM audit_events WHERE seq > {mark}"  # noqa: S608  # nosec B608
    if last is not None:
        sql += f" AND seq <= {mark}"
    sql += f" ORDER BY seq LIMIT {int(batch)}"
    dbapi: Any = conn.connection.dbapi_connection
    sqlite = isinstance(dbapi, sqlite3.Connection)
    if sqlite:
        saved, dbapi.text_factory = dbapi.text_factory, bytes  # the stored UTF-8 bytes as-is
    cursor = dbapi.cursor()
    after = first - 1
    try:
        while True:
            cursor.execute(sql, (after,) if last is None else (after, last))
            fetched = cursor.fetchall()
            rows = fetched if sqlite else [(s, r.encode("utf-8"), bytes(h)) for s, r, h in fetched]
            if not rows:
                return
            yield rows
            after = rows[-1][0]
            if len(rows) < batch:
                return
    finally:
        cursor.close()
        if sqlite:
            dbapi.text_factory = saved
