"""Virtual API keys on SQLite and the real PostgreSQL: hashed, scoped, expiring, revocable."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from annexa.db import make_engine, upgrade
from annexa.errors import AuthError, InputError
from annexa.identity.apikeys import ApiKeyStore


@pytest.fixture
def engine(any_database_url: str) -> Iterator[Engine]:
    eng = make_engine(any_database_url)
    upgrade(eng)
    with eng.begin() as conn:
        conn.execute(text("DELETE FROM api_keys"))
    yield eng
    eng.dispose()


def test_key_is_stored_hashed_and_authenticates(engine: Engine) -> None:
    store = ApiKeyStore(engine)
    record, key = store.create("alice", "member", providers=["openai"], models=["gpt-4o*"])
    with engine.connect() as conn:
        stored = " ".join(str(v) for v in conn.execute(text("SELECT * FROM api_keys")).one())
    assert key not in stored
    assert record.prefix in stored
    found = store.authenticate(key)
    assert found.principal.id == "user:alice"
    assert found.principal.role == "member"
    assert found.allows("openai", "gpt-4o-mini")
    assert not found.allows("openai", "o1")
    assert not found.allows("anthropic", "gpt-4o")


def test_wrong_revoked_and_expired_keys_are_refused(engine: Engine) -> None:
    store = ApiKeyStore(engine)
    record, key = store.create("svc", "member", kind="service")
    with pytest.raises(AuthError):
        store.authenticate(key[:-1] + ("A" if key[-1] != "A" else "B"))
    with pytest.raises(AuthError):
        store.authenticate("sk-not-ours")
    store.revoke(record.id)
    with pytest.raises(AuthError, match="revoked"):
        store.authenticate(key)
    with pytest.raises(InputError):
        store.revoke(record.id)
    _, old = store.create("bob", "member", expires_at=datetime.now(UTC) - timedelta(seconds=1))
    with pytest.raises(AuthError, match="expired"):
        store.authenticate(old)
    assert len(store.list()) == 2
