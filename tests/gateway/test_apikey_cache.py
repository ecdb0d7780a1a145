"""A key seen before is served from its parsed record only while its row is unchanged: a
revocation from another store (another process), an expiry or a changed role counts on the
caller's very next request. SQLite and the real PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text, update
from sqlalchemy.engine import Engine

from annexa.db import make_engine, upgrade
from annexa.errors import AuthError
from annexa.identity.apikeys import ApiKeyStore
from annexa.identity.tables import API_KEYS


@pytest.fixture
def engine(any_database_url: str) -> Iterator[Engine]:
    eng = make_engine(any_database_url)
    upgrade(eng)
    with eng.begin() as conn:
        conn.execute(text("DELETE FROM api_keys"))
    yield eng
    eng.dispose()


def test_revocation_by_another_store_counts_on_the_next_request(engine: Engine) -> None:
    gateway, admin = ApiKeyStore(engine), ApiKeyStore(engine)
    record, key = admin.create("alice", "member")
    for _ in range(3):
        assert gateway.authenticate(key).id == record.id
    admin.revoke(record.id)
    with pytest.raises(AuthError, match="revoked"):
        gateway.authenticate(key)


def test_a_changed_row_is_read_afresh(engine: Engine) -> None:
    store = ApiKeyStore(engine)
    record, key = store.create("bob", "member")
    assert store.authenticate(key).principal.role == "member"
    with engine.begin() as conn:
        conn.execute(update(API_KEYS).where(API_KEYS.c.id == record.id).values(role="auditor"))
    assert store.authenticate(key).principal.role == "auditor"


def test_expiry_counts_for_a_cached_key(engine: Engine) -> None:
    store = ApiKeyStore(engine)
    record, key = store.create("carol", "member", expires_at=datetime.now(UTC) + timedelta(days=1))
    store.authenticate(key)
    past = (datetime.now(UTC) - timedelta(seconds=1)).isoformat(timespec="seconds")
    with engine.begin() as conn:
        conn.execute(update(API_KEYS).where(API_KEYS.c.id == record.id).values(expires_at=past))
    with pytest.raises(AuthError, match="expired"):
        store.authenticate(key)


def test_a_deleted_key_is_refused(engine: Engine) -> None:
    store = ApiKeyStore(engine)
    record, key = store.create("dave", "member")
    store.authenticate(key)
    with engine.begin() as conn:
        conn.execute(API_KEYS.delete().where(API_KEYS.c.id == record.id))
    with pytest.raises(AuthError, match="invalid"):
        store.authenticate(key)
    with pytest.raises(AuthError, match="invalid"):
        store.authenticate(key[:-1] + ("A" if key[-1] != "A" else "B"))


def test_last_use_is_recorded_at_most_once_a_minute_and_keeps_the_cache(engine: Engine) -> None:
    store = ApiKeyStore(engine)
    record, key = store.create("alice", "member")
    assert store.list()[0].last_used_at is None
    store.authenticate(key)
    first = store.list()[0].last_used_at
    assert first is not None
    with engine.begin() as conn:  # pretend the recorded use is old
        conn.execute(update(API_KEYS).values(last_used_at="2000-01-01T00:00:00+00:00"))
    assert store.authenticate(key).id == record.id  # still served: last_used_at is not compared
    assert store.list()[0].last_used_at == "2000-01-01T00:00:00+00:00"  # not rewritten yet
    ApiKeyStore(engine).authenticate(key)  # another process: its first use is written
    assert store.list()[0].last_used_at != "2000-01-01T00:00:00+00:00"
