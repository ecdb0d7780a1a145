"""Consistent database snapshots and restores: SQLite's online backup API, pg_dump/pg_restore.

A snapshot is a plain file plus the row count of every table *as of the snapshot*: for SQLite
the counts are read from the copy; for PostgreSQL a repeatable-read transaction exports its
snapshot, counts rows in it, and ``pg_dump --snapshot`` dumps exactly that state.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # nosec B404
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy import create_engine, func, inspect, select, table
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from annexa.backup.interface import BackupError

Progress = Callable[[int], None]


def backend_of(url: str) -> str:
    """``sqlite`` or ``postgresql``; anything else is refused."""
    name = make_url(url).get_backend_name()
    if name not in {"sqlite", "postgresql"}:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {name}")
    return name


def sqlite_path(url: str) -> Path:
    """The database file of a SQLite URL."""
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(database)


def snapshot(url: str, dst: Path, on_progress: Progress | None = None) -> dict[str, int]:
    """Write a consistent copy of the database to ``dst``; return row counts per table."""
    if backend_of(url) == "sqlite":
        return _sqlite_snapshot(sqlite_path(url), dst, on_progress)
    return _pg_snapshot(make_url(url), dst)


def sqlite_counts(path: Path) -> dict[str, int]:
    """Rows per table of a SQLite file (read only; the file's journal mode is left alone)."""
    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(path), poolclass=NullPool)
    try:
        with engine.connect() as conn:
            names = inspect(conn).get_table_names()
            return {
                n: conn.execute(select(func.count()).select_from(table(n))).scalar_one()
                for n in names
            }
    finally:
        engine.dispose()


def sqlite_integrity(path: Path) -> str:
    """``ok`` or SQLite's list of problems (``PRAGMA integrity_check``)."""
    with closing(sqlite3.connect(path)) as conn:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    return "\n".join(str(r[0]) for r in rows)


def sqlite_restore(src: Path, target: Path) -> None:
    """Replace the content of ``target`` with ``src`` through the backup API (WAL-safe)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(src)) as source, closing(sqlite3.connect(target)) as dest:
        source.backup(dest)


def pg_counts(url: str) -> dict[str, int]:
    """Rows per table in the ``public`` schema of a PostgreSQL database."""
    with psycopg.connect(_libpq(make_url(url))) as conn:
        return _pg_count(conn)


def pg_restore(dump: Path, url: str, *, clean: bool) -> None:
    """``pg_restore`` the dump into the database at ``url`` in one transaction."""
    target = make_url(url)
    args = [_tool("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction"]
    args += ["--exit-on-error", "--dbname", str(target.database)]
    if clean:
        args += ["--clean", "--if-exists"]
    _run([*args, str(dump)], target)


def _sqlite_snapshot(src: Path, dst: Path, on_progress: Progress | None) -> dict[str, int]:
    if not src.exists():
        raise BackupError(f"database file {src} does not exist")

    def pages(_status: int, remaining: int, total: int) -> None:
        if on_progress:
            on_progress(total - remaining)

    with closing(sqlite3.connect(src)) as source, closing(sqlite3.connect(dst)) as dest:
        source.backup(dest, pages=256, progress=pages)
        dest.execute("PRAGMA journal_mode=DELETE")
    return sqlite_counts(dst)


def _pg_snapshot(url: URL, dst: Path) -> dict[str, int]:
    with psycopg.connect(_libpq(url)) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        row = conn.execute("SELECT pg_export_snapshot()").fetchone()
        if row is None:
            raise BackupError("pg_export_snapshot() returned nothing")
        counts = _pg_count(conn)
        args = [_tool("pg_dump"), "--format=custom", "--compress=0", f"--snapshot={row[0]}"]
        _run([*args, "--file", str(dst), "--dbname", str(url.database)], url)
        conn.execute("COMMIT")
    return counts


def _pg_count(conn: psycopg.Connection[tuple[object, ...]]) -> dict[str, int]:
    names = [
        str(r[0])
        for r in conn.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
    ]
    counts = {}
    for name in names:
        query = sql.SQL("SELECT count(*) FROM public.{}").format(sql.Identifier(name))
        found = conn.execute(query).fetchone()
        counts[name] = int(found[0]) if found else 0  # type: ignore[call-overload]
    return counts


def _libpq(url: URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed",
            hint="Install the PostgreSQL client tools (Debian: apt-get install postgresql-client).",
        )
    return found


def _run(args: list[str], url: URL) -> None:
    """Run a libpq tool with the connection in the environment (no password on the command line)."""
    env = dict(os.environ)
    for key, value in {
        "PGHOST": url.host,
        "PGPORT": str(url.port) if url.port else None,
        "PGUSER": url.username,
        "PGPASSWORD": url.password,
    }.items():
        if value:
            env[key] = str(value)
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603  # nosec B603
    if done.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {done.stderr.strip()[-2000:]}")
