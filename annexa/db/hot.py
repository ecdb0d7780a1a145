"""The request path's statements: a few fixed ones, over DB-API connections kept for them.

Every AI request reads its API key's row and its supplier's row in the register (so that a
revocation or a withdrawal counts on the next request, on every replica), and most write the
pseudonyms of new values to the vault. Through SQLAlchemy each statement checks a connection
out of the pool, runs, builds ``Row`` objects and resets the connection on return: about 70 us
of CPU on SQLite for a read that costs the database 8 us, and about 0.2 ms for the vault's
upsert, contended among the gateway's worker threads. :class:`HotPath` compiles each ``SELECT``
once for the engine's dialect (:meth:`HotPath.first`) or takes the driver's SQL as it is
(:meth:`HotPath.rows`), and runs it on a DB-API connection held for the request path, in
autocommit: every statement is its own transaction (a read sees the latest commit, a write is
durable when it returns) and no transaction stays open.

Its connections come from the engine (its ``connect`` events, so SQLite's pragmas, run) and are
then detached from the pool, so they never starve it; there are at most as many as statements
ever ran at once, and :meth:`HotPath.close` closes them. A connection that fails is dropped, and
the statement is tried once more on a new one (a database restart costs one retry, not an
error; statements here are reads or idempotent upserts); a second failure is raised: the caller
fails closed.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.sql import Select

__all__ = ["HotPath", "close_quietly", "detached_connection", "first_row"]


class _Compiled:
    """One statement as the driver takes it: SQL text and how to order its parameters."""

    __slots__ = ("names", "sql")

    def __init__(self, statement: Select[Any], engine: Engine) -> None:
        compiled = statement.compile(dialect=engine.dialect)
        if compiled._bind_processors:  # a typed bind needs SQLAlchemy's help
            raise TypeError("HotPath takes statements whose parameters need no conversion")
        self.sql = str(compiled)
        self.names = tuple(compiled.positiontup or ()) if compiled.positional else None

    def args(self, params: Mapping[str, Any]) -> Any:
        if self.names is None:
            return dict(params)
        return tuple(params[name] for name in self.names)


class HotPath:
    """Run the request path's statements on held autocommit connections."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._compiled: dict[int, tuple[Select[Any], _Compiled]] = {}
        self._idle: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._all: list[Any] = []
        self._lock = threading.Lock()
        self._closed = False

    def first(self, statement: Select[Any], params: Mapping[str, Any]) -> tuple[Any, ...] | None:
        """The first row of ``statement`` with ``params`` as a tuple, or ``None``."""
        compiled = self._compile(statement)
        found = self._run(compiled.sql, compiled.args(params), many=False)
        return found[0] if found else None

    def rows(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        """Every row of one statement in the driver's own SQL and parameter style (its own
        transaction: use it for a write that must be whole, such as one ``INSERT``). Run again
        on a new connection if the held one failed, so the statement must be idempotent."""
        return self._run(sql, tuple(params), many=True)

    def _run(self, sql: str, args: Any, *, many: bool) -> list[tuple[Any, ...]]:
        for attempt in (1, 2):
            conn = self._checkout()
            try:
                cursor = conn.dbapi_connection.cursor()
                try:
                    cursor.execute(sql, args)
                    if cursor.description is None:
                        found = []
                    elif many:
                        found = cursor.fetchall()
                    else:
                        row = cursor.fetchone()
                        found = [] if row is None else [row]
                finally:
                    cursor.close()
            except Exception:
                self._discard(conn)
                if attempt == 2 or self._closed:
                    raise
                continue
            self._checkin(conn)
            return [tuple(row) for row in found]
        raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        """Close every held connection; statements after this open none and fail."""
        with self._lock:
            self._closed = True
            held, self._all = self._all, []
        while True:  # none is handed out again
            try:
                self._idle.get_nowait()
            except queue.Empty:
                break
        for conn in held:
            close_quietly(conn)

    def _compile(self, statement: Select[Any]) -> _Compiled:
        found = self._compiled.get(id(statement))
        if found is not None and found[0] is statement:
            return found[1]
        compiled = _Compiled(statement, self.engine)
        self._compiled[id(statement)] = (statement, compiled)  # keeps the statement alive
        return compiled

    def _checkout(self) -> Any:
        if self._closed:
            raise RuntimeError("the request path's held connections are closed")
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        conn = detached_connection(self.engine)
        try:
            self.engine.dialect.set_isolation_level(conn.dbapi_connection, "AUTOCOMMIT")
        except Exception:
            close_quietly(conn)
            raise
        with self._lock:
            self._all.append(conn)
        return conn

    def _checkin(self, conn: Any) -> None:
        if self._closed:
            self._discard(conn)
        else:
            self._idle.put(conn)

    def _discard(self, conn: Any) -> None:
        with self._lock:
            if conn in self._all:
                self._all.remove(conn)
        close_quietly(conn)


def detached_connection(engine: Engine) -> Any:
    """A connection of ``engine`` (its ``connect`` events run: SQLite's pragmas) taken out of
    its pool for good: the caller holds it and closes it with :func:`close_quietly`; the pool
    opens another when it needs one. SQLAlchemy's connection wrapper (``.dbapi_connection``
    is the driver's)."""
    conn = engine.raw_connection()
    try:
        conn.detach()
        if conn.dbapi_connection is None:  # pragma: no cover - a fresh checkout always has one
            raise RuntimeError("no DB-API connection")
    except Exception:
        conn.close()
        raise
    return conn


def close_quietly(conn: Any) -> None:
    """Close a held connection; one that fails to close is gone all the same."""
    with contextlib.suppress(Exception):
        conn.close()


def first_row(
    engine: Engine, hot: HotPath | None, statement: Select[Any], params: Mapping[str, Any]
) -> tuple[Any, ...] | None:
    """The first row of ``statement`` as a tuple: on ``hot``'s held connections when given
    (the gateway), else on a connection from ``engine``'s pool (the CLI, the console)."""
    if hot is not None:
        return hot.first(statement, params)
    with engine.connect() as conn:
        row = conn.execute(statement, params).first()
    return None if row is None else tuple(row)
