"""The audit writer's transactions, on one DB-API connection it holds.

Every commit of the log runs the same few statements: lock and read the chain head, insert the
batch's events, maybe insert a checkpoint, save the head. Through SQLAlchemy (a pooled
connection checked out and reset, its events, compiled statements and result objects) a commit
of one event took about 0.7 ms of CPU on SQLite here; in the driver's SQL on a connection held
for it, 0.26 ms, with the same system calls (one ``fdatasync`` per commit). :class:`WriterDb`
is that connection.

It comes from the engine (its ``connect`` events run, so SQLite's pragmas and the driver's
autocommit mode that the audit engine sets) and is then detached from the pool. A transaction
begins with ``BEGIN IMMEDIATE`` on SQLite, the cross-process write lock, or with the head row
locked ``FOR UPDATE`` on PostgreSQL, so that writers in several processes extend one chain.

A transaction that fails is rolled back and its connection closed; the next one opens a new
connection. When a held connection fails before the commit was sent (a database that restarted
since the last commit), the transaction is run once more on a new connection: nothing of it was
written. A failure during the commit itself is not retried (the commit may have happened), it
is raised: the appends fail closed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from sqlalchemy.engine import Engine

from annexa.audit.checkpoint import Checkpoint
from annexa.audit.queries import Head
from annexa.db.hot import close_quietly, detached_connection

__all__ = ["EVENT_COLUMNS", "Transaction", "WriterDb"]

_T = TypeVar("_T")
EVENT_COLUMNS = ("seq", "time", "event", "actor", "outcome", "request_id", "record", "hash")
_HEAD_COLUMNS = "size, hash, tree, checkpoint_size, checkpoint_time, purged_through"
_CHECKPOINT_COLUMNS = ("size", "time", "root", "head", "tree", "key_id", "note", "signature")


class Transaction:
    """One open transaction of the writer (a DB-API cursor and the statements it runs)."""

    def __init__(self, cursor: Any, sql: _Sql) -> None:
        self._cursor, self._sql = cursor, sql

    def locked_head(self) -> Head | None:
        """The head row, locked until the commit (the first statement of a transaction)."""
        self._cursor.execute(self._sql.head)
        row = self._cursor.fetchone()
        if row is None:
            return None
        size, hash_, tree, checkpoint_size, checkpoint_time, purged = row
        return Head(size, bytes(hash_), bytes(tree), checkpoint_size, checkpoint_time, purged)

    def insert_events(self, rows: Sequence[tuple[Any, ...]]) -> None:
        """Rows of :data:`EVENT_COLUMNS`, in one ``executemany``."""
        self._cursor.executemany(self._sql.insert_events, rows)

    def insert_checkpoint(self, cp: Checkpoint) -> None:
        values = (cp.size, cp.time, cp.root, cp.head, cp.tree, cp.key_id, cp.note, cp.signature)
        self._cursor.execute(self._sql.insert_checkpoint, values)

    def save_head(self, size: int, head: bytes, tree: bytes, cp: Checkpoint | None) -> None:
        """The new head; with the last checkpoint's size and time when ``cp`` is given."""
        if cp is None:
            self._cursor.execute(self._sql.save_head, (size, head, tree))
        else:
            values = (size, head, tree, cp.size, cp.time)
            self._cursor.execute(self._sql.save_head_checkpoint, values)


class _Sql:
    """The writer's statements in the driver's SQL. Table and column names are constants of
    this module and the only other part is the driver's parameter mark: every value is bound."""

    def __init__(self, engine: Engine) -> None:
        sqlite = engine.dialect.name == "sqlite"
        m = "?" if engine.dialect.paramstyle == "qmark" else "%s"
        self.begin = "BEGIN IMMEDIATE" if sqlite else None
        lock = "" if sqlite else " FOR UPDATE"
        self.head = f"SELECT {_HEAD_COLUMNS} FROM audit_head WHERE id = 1{lock}"  # noqa: S608  # nosec B608
        self.insert_events = _insert("audit_events", EVENT_COLUMNS, m)
        self.insert_checkpoint = _insert("audit_checkpoints", _CHECKPOINT_COLUMNS, m)
        self.save_head = _update_head(("size", "hash", "tree"), m)
        self.save_head_checkpoint = _update_head(
            ("size", "hash", "tree", "checkpoint_size", "checkpoint_time"), m
        )


def _insert(table: str, columns: Sequence[str], mark: str) -> str:
    names, marks = ", ".join(columns), ", ".join([mark] * len(columns))
    return f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608  # nosec B608


def _update_head(columns: Sequence[str], mark: str) -> str:
    sets = ", ".join(f"{c} = {mark}" for c in columns)
    return f"UPDATE audit_head SET {sets} WHERE id = 1"  # noqa: S608  # nosec B608


class WriterDb:
    """The writer thread's connection: :meth:`run` runs one transaction on it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sql = _Sql(engine)
        self._conn: Any = None  # SQLAlchemy's detached connection fairy (closes the driver's)

    def run(self, work: Callable[[Transaction], _T]) -> _T:
        """``work(transaction)`` in one transaction, committed when it returns; rolled back
        (and the connection dropped) when it raises. Once more on a new connection when a held
        one failed before the commit was sent."""
        reused = self._conn is not None
        committing = False

        def attempt() -> _T:
            nonlocal committing
            committing = False
            conn = self._connection()
            cursor = conn.cursor()
            try:
                if self._sql.begin is not None:
                    cursor.execute(self._sql.begin)
                result = work(Transaction(cursor, self._sql))
                committing = True
                conn.commit()
                return result
            finally:
                cursor.close()

        try:
            return attempt()
        except Exception:
            self._drop()
            if not reused or committing:
                raise
        try:
            return attempt()
        except Exception:
            self._drop()
            raise

    def close(self) -> None:
        """Close the held connection (a later :meth:`run` opens a new one)."""
        self._drop()

    def _connection(self) -> Any:
        if self._conn is None:
            self._conn = detached_connection(self.engine)
        return self._conn.dbapi_connection

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        with contextlib.suppress(Exception):  # a broken connection may fail to roll back
            conn.dbapi_connection.rollback()
        close_quietly(conn)
