"""The shared lockout counter, on the database (SQLite, PostgreSQL) and on Redis."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from annexa.identity.lockout import DatabaseLockout, LockoutOptions
from tests.identity.conftest import make_lockout, make_lockouts


def test_threshold_locks_and_every_replica_sees_it(
    engine: Engine, lockout_kind: str, request: pytest.FixtureRequest
) -> None:
    options = LockoutOptions(threshold=10, cooldown_s=600)
    one, two = make_lockouts(lockout_kind, engine, options, request)
    results = [(one if i % 2 else two).fail("Alice") for i in range(10)]
    assert [r.failures for r in results[:9]] == list(range(1, 10))
    assert all(r.locked_until is None for r in results[:9])
    assert results[9].locked_until is not None
    assert one.locked_until("alice") is not None  # names are case-insensitive
    assert two.locked_until("ALICE") is not None
    assert one.locked_until("bob") is None


def test_success_clears_the_counter(
    engine: Engine, lockout_kind: str, request: pytest.FixtureRequest
) -> None:
    lockout = make_lockout(lockout_kind, engine, LockoutOptions(threshold=3), request)
    lockout.fail("carol")
    lockout.fail("carol")
    lockout.clear("carol")
    assert lockout.fail("carol").failures == 1
    lockout.fail("carol")
    assert lockout.fail("carol").locked_until is not None
    lockout.clear("carol")
    assert lockout.locked_until("carol") is None


def test_lock_ends_after_the_cooldown(
    engine: Engine, lockout_kind: str, request: pytest.FixtureRequest
) -> None:
    lockout = make_lockout(lockout_kind, engine, LockoutOptions(threshold=2, cooldown_s=1), request)
    lockout.fail("dave")
    assert lockout.fail("dave").locked_until is not None
    time.sleep(1.2)
    assert lockout.locked_until("dave") is None
    assert lockout.fail("dave").failures == 1  # old failures are forgotten


def test_database_counter_keeps_no_name_in_clear(engine: Engine) -> None:
    DatabaseLockout(engine).fail("erin@example.org")
    with engine.connect() as conn:
        stored = " ".join(str(v) for v in conn.execute(text("SELECT * FROM login_failures")).one())
    assert "erin" not in stored
