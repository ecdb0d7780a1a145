"""Audit fixtures: an audit log on SQLite and on the real PostgreSQL (each test a fresh one)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import Engine

from annexa.audit.checkpoint import CheckpointSigner
from annexa.audit.interface import Actor, AuditEvent
from annexa.audit.signing import checkpoint_signer
from annexa.audit.store import AuditLog, AuditOptions, audit_engine
from annexa.db import database_url, upgrade
from annexa.settings import Settings

ALICE = Actor(kind="user", id="u-1", name="alice", role="admin")


def event(n: int, name: str = "auth-success", outcome: str = "success") -> AuditEvent:
    """A small valid event numbered ``n`` (in ``request_id``)."""
    return AuditEvent(
        name=name, actor=ALICE, outcome=outcome,  # type: ignore[arg-type]
        request_id=f"r-{n}", source_ip="127.0.0.1", details={"method": "password", "n": n},
    )  # fmt: skip


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh empty database: SQLite in ``tmp_path`` or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield database_url(tmp_path / "data")
        return
    server = str(request.getfixturevalue("postgres_url"))
    base, _, _ = server.rpartition("/")
    name = f"annexa_audit_{uuid.uuid4().hex[:10]}"
    admin = base.replace("postgresql+psycopg", "postgresql") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A migrated engine on the fresh database."""
    eng = audit_engine(db_url)
    upgrade(eng)
    yield eng
    eng.dispose()


def settings_for_log(data_dir: Path, db_url: str, **audit: object) -> Settings:
    """Settings of a data dir on ``db_url`` with the default (provider) checkpoint key, under a
    development file master key in ``data_dir``."""
    return Settings(
        data_dir=data_dir,
        database_url=db_url,
        keys={"provider": "file:", "development": True},
        audit=audit,
    )


@pytest.fixture
def signer(tmp_path: Path, db_url: str, engine: Engine) -> CheckpointSigner:
    """The default checkpoint signer: its key sealed by the (development) key provider."""
    return checkpoint_signer(settings_for_log(tmp_path / "data", db_url), engine)


def open_log(engine: Engine, signer: CheckpointSigner, **options: object) -> AuditLog:
    """An :class:`AuditLog` on ``engine`` with test-friendly options."""
    return AuditLog(engine, signer, AuditOptions(**options))  # type: ignore[arg-type]
