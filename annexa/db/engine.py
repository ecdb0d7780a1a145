"""Engines for SQLite (the embedded default, WAL) and PostgreSQL (the scale path).

SQLite's ``synchronous`` level is a setting (``database_synchronous``): ``normal`` (the default)
commits into the write-ahead log without an fsync per transaction, durable against a crash or
``kill -9`` of any Annexa process (the committed pages are in the operating system's cache and
the next open replays them); only an operating-system crash or power loss can lose the
transactions committed since the last WAL checkpoint, leaving an older, consistent database.
``full`` fsyncs every commit (about 8 ms each on a typical cloud disk), durable against power
loss too. PostgreSQL's own ``synchronous_commit`` governs there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine, create_engine
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every Annexa table."""

    metadata = MetaData(naming_convention=NAMING)


def database_url(data_dir: Path, configured: str | None = None) -> str:
    """The configured URL, or the SQLite file ``annexa.db`` in the data directory."""
    if configured:
        return configured
    return f"sqlite:///{(data_dir / 'annexa.db').resolve()}"


Synchronous = Literal["full", "normal"]
PRAGMAS: dict[str, str] = {"full": "PRAGMA synchronous=FULL", "normal": "PRAGMA synchronous=NORMAL"}


def _sqlite_pragmas(synchronous: Synchronous) -> Any:
    level = PRAGMAS[synchronous]

    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(level)
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=10000")
        cur.close()

    return on_connect


def make_engine(url: str, *, synchronous: Synchronous = "full", **kwargs: Any) -> Engine:
    """An engine with Annexa's connection settings for the URL's backend.

    ``synchronous`` (SQLite only): ``full`` fsyncs every commit; ``normal`` survives process
    crashes but not power loss (see the module docstring). Callers on the request path pass
    ``settings.database_synchronous``; tools that write rarely keep the ``full`` default.
    """
    if url.startswith("sqlite"):
        if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas(synchronous))
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)
