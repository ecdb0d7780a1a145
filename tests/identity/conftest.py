"""Identity fixtures: a migrated database (SQLite and the real PostgreSQL), a SecretBox, an
in-memory audit sink, and a cheap argon2 hasher so sign-in tests stay fast."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import text
from sqlalchemy.engine import Engine

from annexa.audit.interface import AuditEvent
from annexa.db import make_engine, upgrade
from annexa.identity.lockout import DatabaseLockout, Lockout, LockoutOptions, RedisLockout
from annexa.identity.passwords import PasswordHashing
from annexa.keys.envelope import SecretBox
from annexa.keys.file import LocalFileProvider


@dataclass
class ListSink:
    """A real, in-memory audit sink."""

    events: list[AuditEvent] = field(default_factory=list)

    def append(self, event: AuditEvent) -> None:
        self.events.append(event)

    def named(self, name: str) -> list[AuditEvent]:
        return [e for e in self.events if e.name == name]


@pytest.fixture
def engine(any_database_url: str) -> Iterator[Engine]:
    eng = make_engine(any_database_url)
    upgrade(eng)
    _empty(eng)
    yield eng
    _empty(eng)  # the PostgreSQL database is shared by the whole session
    eng.dispose()


def _empty(engine: Engine) -> None:
    with engine.begin() as conn:
        for table in ("user_sessions", "login_failures", "users"):
            conn.execute(text(f"DELETE FROM {table}"))  # nosec B608


@pytest.fixture
def sink() -> ListSink:
    return ListSink()


@pytest.fixture
def box(tmp_path: Path) -> SecretBox:
    return SecretBox(LocalFileProvider(tmp_path / "keys.json", development=True))


@pytest.fixture
def cheap() -> PasswordHashing:
    """argon2id with small parameters (the default ones are tested in test_passwords)."""
    return PasswordHashing(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture(params=["database", "redis"])
def lockout_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def make_lockouts(
    kind: str, engine: Engine, options: LockoutOptions, request: pytest.FixtureRequest
) -> tuple[Lockout, Lockout]:
    """Two replicas' lockout stores of ``kind`` over one shared store (own connections)."""
    if kind == "redis":
        url = str(request.getfixturevalue("redis_url"))
        prefix = f"annexa-test:{uuid.uuid4().hex}"
        one = RedisLockout(RedisLockout.from_url(url).client, options, prefix=prefix)
        return one, RedisLockout(RedisLockout.from_url(url).client, options, prefix=prefix)
    other = make_engine(engine.url.render_as_string(hide_password=False))
    request.addfinalizer(other.dispose)
    return DatabaseLockout(engine, options), DatabaseLockout(other, options)


def make_lockout(
    kind: str, engine: Engine, options: LockoutOptions, request: pytest.FixtureRequest
) -> Lockout:
    """One lockout store of ``kind``; Redis keys under a fresh prefix."""
    return make_lockouts(kind, engine, options, request)[0]
