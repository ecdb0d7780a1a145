"""The SQL vault store on SQLite and the real PostgreSQL: ciphertext only, expiry and purge,
row-bound encryption, concurrent replicas."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from annexa.db import database_url, make_engine, upgrade
from annexa.db.hot import HotPath
from annexa.db.vault import SqlVaultStore, VaultRow
from annexa.keys.envelope import SecretBox
from annexa.keys.file import LocalFileProvider
from annexa.transform.vault import (
    AesGcmCipher,
    Cipher,
    EnvelopeCipher,
    Vault,
    VaultEntry,
    VaultError,
)

VALUES = [("PERSON", "Jane Roe"), ("EMAIL_ADDRESS", "jane.roe@example.com")]


@pytest.fixture
def engine(any_database_url: str) -> Iterator[Engine]:
    eng = make_engine(any_database_url)
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture(params=["pooled", "hot"])
def stores(request: pytest.FixtureRequest) -> Iterator[Callable[[Engine], SqlVaultStore]]:
    """Makes the store as the CLI does (pooled SQLAlchemy connections) and as the gateway does
    (its upserts on the request path's held connections)."""
    held: list[HotPath] = []

    def make(engine: Engine) -> SqlVaultStore:
        if request.param == "pooled":
            return SqlVaultStore(engine)
        held.append(HotPath(engine))
        return SqlVaultStore(engine, held[-1])

    yield make
    for hot in held:
        hot.close()


def scope() -> str:
    return f"user-{uuid.uuid4()}"


def test_round_trip_and_nothing_in_clear(
    engine: Engine, stores: Callable[[Engine], SqlVaultStore], cipher: AesGcmCipher, hmac_key: bytes
) -> None:
    vault, who = Vault(stores(engine), cipher, hmac_key), scope()
    tokens = vault.pseudonyms(who, VALUES)
    assert vault.pseudonyms(who, VALUES) == tokens  # idempotent
    assert vault.lookup(who, tokens) == dict(zip(tokens, VALUES, strict=True))
    assert vault.lookup(scope(), tokens) == {}
    with engine.connect() as conn:
        rows = conn.execute(
            select(VaultRow).where(VaultRow.scope_key == vault.scope_key(who))
        ).all()
    assert len(rows) == 2
    for row in rows:
        dump = repr(tuple(row)).encode() + row.value
        for clear in (b"Jane Roe", b"jane.roe", who.encode()):
            assert clear not in dump


def test_expiry_and_purge(
    engine: Engine, stores: Callable[[Engine], SqlVaultStore], cipher: AesGcmCipher, hmac_key: bytes
) -> None:
    now = [2_000_000_000.0]
    vault = Vault(stores(engine), cipher, hmac_key, ttl_s=100, clock=lambda: now[0])
    who = scope()
    tokens = vault.pseudonyms(who, VALUES)
    now[0] += 60
    vault.pseudonyms(who, VALUES[:1])  # extends the first row only
    now[0] += 60
    assert set(vault.lookup(who, tokens)) == {tokens[0]}
    assert vault.purge_expired() >= 1
    now[0] += 200
    assert vault.purge_expired() >= 1
    assert vault.lookup(who, tokens) == {}


def test_a_ciphertext_moved_to_another_row_does_not_open(
    engine: Engine, stores: Callable[[Engine], SqlVaultStore], cipher: AesGcmCipher, hmac_key: bytes
) -> None:
    vault, who = Vault(stores(engine), cipher, hmac_key), scope()
    first, second = vault.pseudonyms(who, VALUES)
    with engine.begin() as conn:
        stolen = conn.execute(select(VaultRow.value).where(VaultRow.token == second)).scalar_one()
        conn.execute(update(VaultRow).where(VaultRow.token == first).values(value=stolen))
    with pytest.raises(VaultError, match="does not decrypt"):
        vault.lookup(who, [first])


def test_concurrent_replicas_agree(
    engine: Engine, stores: Callable[[Engine], SqlVaultStore], cipher: AesGcmCipher, hmac_key: bytes
) -> None:
    who = scope()
    values = [("PERSON", f"Person {i}") for i in range(20)]

    def replica(_: int) -> list[str]:
        return Vault(stores(engine), cipher, hmac_key).pseudonyms(who, values)

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(replica, range(12)))
    assert all(r == results[0] for r in results)
    vault = Vault(stores(engine), cipher, hmac_key)
    found = vault.lookup(who, results[0])
    assert [found[t] for t in results[0]] == values


def test_a_dead_database_fails_closed(
    tmp_path: Path,
    cipher: AesGcmCipher,
    hmac_key: bytes,
    stores: Callable[[Engine], SqlVaultStore],
) -> None:
    engine = make_engine(database_url(tmp_path))  # never migrated: no table
    vault = Vault(stores(engine), cipher, hmac_key)
    with pytest.raises(VaultError, match="storage failed"):
        vault.pseudonyms(scope(), VALUES)
    engine.dispose()


def test_with_the_key_providers_envelope(
    engine: Engine, stores: Callable[[Engine], SqlVaultStore], tmp_path: Path, hmac_key: bytes
) -> None:
    box = SecretBox(LocalFileProvider(tmp_path / "keys.json", development=True))
    envelope: Cipher = EnvelopeCipher(box)
    vault, who = Vault(stores(engine), envelope, hmac_key), scope()
    tokens = vault.pseudonyms(who, VALUES)
    assert vault.lookup(who, tokens)[tokens[0]] == VALUES[0]
    other = Vault(stores(engine), AesGcmCipher(os.urandom(32)), hmac_key)
    with pytest.raises(VaultError):
        other.lookup(who, tokens)


def test_a_taken_token_is_not_overwritten_and_batches_are_whole(
    engine: Engine, stores: Callable[[Engine], SqlVaultStore]
) -> None:
    store = stores(engine)
    skey = uuid.uuid4().hex
    mine = VaultEntry(skey, "aa11", "PERSON", "digest-mine", b"sealed-1", 2_000_000_000)
    assert store.put([mine]) == {"aa11": "digest-mine"}
    later = replace(mine, expires_at=2_000_000_100)
    theirs = replace(mine, digest="digest-theirs", ciphertext=b"sealed-2", expires_at=2_100_000_000)
    assert store.put([later]) == {"aa11": "digest-mine"}  # extended
    assert store.put([theirs]) == {}  # refused: the Vault raises on the missing token
    [row] = store.get(skey, ["aa11"], 0)
    assert (row.digest, row.ciphertext, row.expires_at) == (
        "digest-mine",
        b"sealed-1",
        2_000_000_100,
    )
    many = [
        VaultEntry(skey, f"{i:08x}", "EMAIL_ADDRESS", f"d{i}", b"v", 2_000_000_000)
        for i in range(1_203)
    ]
    stored = store.put(many)
    assert len(stored) == 1_203
    assert stored["000004b2"] == "d1202"
