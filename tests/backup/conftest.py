"""A seeded Annexa database on SQLite or on the real PostgreSQL: tables from every migrated
area, an audit log written by the real audit writer, a sealed signing key and a table of
assorted rows; plus helpers to read every record and to wipe the database."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import (
    Column,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    insert,
    inspect,
    select,
)
from sqlalchemy.engine import Engine, make_url

from annexa.audit.interface import SYSTEM, AuditEvent
from annexa.audit.store import AuditLog
from annexa.db import database_url, make_engine, upgrade
from annexa.keys.envelope import SecretBox
from annexa.keys.file import LocalFileProvider
from annexa.keys.signing import SealedSigningKeys
from annexa.settings import Settings

MARKER = "needle-4f1c9e-customer-Zürich"
NOTES = Table(
    "backup_test_notes",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("title", String(100)),
    Column("body", Text),
    Column("blob", LargeBinary),
)


@dataclass
class Seeded:
    """A seeded database and what it takes to back it up."""

    settings: Settings
    url: str
    engine: Engine
    provider: LocalFileProvider

    @property
    def box(self) -> SecretBox:
        return SecretBox(self.provider)


@pytest.fixture(params=["sqlite", "postgres"])
def seeded(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Seeded]:
    """A migrated, seeded database of the parametrized backend."""
    if request.param == "sqlite":
        url = database_url(tmp_path / "data")
        yield from _seed(tmp_path, url)
        return
    server = make_url(str(request.getfixturevalue("postgres_url")))
    name = f"annexa_bk_{uuid.uuid4().hex[:10]}"
    admin = server.set(drivername="postgresql", database="postgres")
    admin_dsn = admin.render_as_string(hide_password=False)
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield from _seed(tmp_path, server.set(database=name).render_as_string(False))
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _seed(tmp_path: Path, url: str) -> Iterator[Seeded]:
    settings = Settings(data_dir=tmp_path / "data", database_url=url)
    engine = make_engine(url)
    upgrade(engine)
    provider = LocalFileProvider(tmp_path / "data" / "keys.json", development=True)
    with AuditLog.open(settings) as log:
        for i in range(25):
            log.append(AuditEvent("backup-test", SYSTEM, "success", details={"n": i}))
    SealedSigningKeys(engine, SecretBox(provider)).private_key("backup-evidence")
    NOTES.create(engine)
    rows = [
        {"id": i, "title": f"note {i} {MARKER}", "body": "é∑\n" * i, "blob": bytes([i % 256]) * i}
        for i in range(300)
    ]
    with engine.begin() as conn:
        conn.execute(insert(NOTES), rows)
    try:
        yield Seeded(settings, url, engine, provider)
    finally:
        engine.dispose()


def every_record(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted, bytes normalised: for before/after comparisons."""
    meta = MetaData()
    meta.reflect(engine)
    out = {}
    with engine.connect() as conn:
        for name, table in meta.tables.items():
            rows = [
                tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
                for row in conn.execute(select(table))
            ]
            out[name] = sorted(rows, key=repr)
    return out


def wipe(seeded: Seeded) -> None:
    """Lose the database: delete the SQLite files, or drop everything in PostgreSQL."""
    seeded.engine.dispose()
    if seeded.url.startswith("sqlite"):
        path = Path(make_url(seeded.url).database or "")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    with seeded.engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    seeded.engine.dispose()
    assert inspect(seeded.engine).get_table_names() == []
