"""Rotation end to end on a real database: new writes use the new version, everything stays
readable, re-wrap moves every value, retiring is refused while a value still needs the version,
and each step is evidence (``key_events``) and an audit event."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, LargeBinary, MetaData, Table, insert, select
from sqlalchemy.engine import Engine

from annexa.audit.events import check_event
from annexa.audit.interface import AuditEvent
from annexa.db import database_url, make_engine, upgrade
from annexa.keys.envelope import Binding, key_version_of
from annexa.keys.file import LocalFileProvider
from annexa.keys.interface import KeyVersionInUse
from annexa.keys.registry import KNOWN_COLUMNS, EncryptedColumn
from annexa.keys.rotation import KeyManager
from annexa.keys.signing import SealedSigningKeys, verify_signature

ROWS = 1200  # more than two re-wrap batches


class ListSink:
    """An audit sink that keeps events in memory (the audit log is tested by its own area)."""

    def __init__(self) -> None:
        self.events: list[AuditEvent] = []

    def append(self, event: AuditEvent) -> None:
        self.events.append(event)


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    url = (
        database_url(tmp_path)
        if request.param == "sqlite"
        else str(request.getfixturevalue("postgres_url"))
    )
    eng = make_engine(url)
    upgrade(eng)
    yield eng
    TEST_TABLE.drop(eng, checkfirst=True)
    with eng.begin() as conn:
        conn.exec_driver_sql("DELETE FROM key_secrets")
        conn.exec_driver_sql("DELETE FROM key_events")
    eng.dispose()


TEST_TABLE = Table(
    "rotation_test_secrets",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("value", LargeBinary),
)
COLUMNS = (*KNOWN_COLUMNS, EncryptedColumn("rotation_test_secrets", "value", "id"))


def _fill(engine: Engine, manager: KeyManager) -> None:
    TEST_TABLE.create(engine)
    rows = [{"id": i, "value": manager.box.seal_text(f"secret {i}", _row(i))} for i in range(ROWS)]
    with engine.begin() as conn:
        conn.execute(insert(TEST_TABLE), rows)


def _row(i: int) -> Binding:
    return Binding("rotation_test_secrets", "value", str(i))


def _values(engine: Engine) -> dict[int, bytes]:
    with engine.connect() as conn:
        return {r.id: bytes(r.value) for r in conn.execute(select(TEST_TABLE))}


def test_rotate_rewrap_retire(engine: Engine, tmp_path: Path) -> None:
    provider = LocalFileProvider(tmp_path / "keys.json", development=True)
    sink = ListSink()
    manager = KeyManager(provider, engine, sink=sink, columns=COLUMNS)
    _fill(engine, manager)
    signing = SealedSigningKeys(engine, manager.box)
    sig, public = signing.sign("evidence", b"payload")

    assert manager.rotate() == "2"
    assert manager.box.seal(b"new", _row(9999)).startswith(b"AXE\x01\x012")
    assert all(key_version_of(v) == "1" for v in _values(engine).values())
    assert manager.usage()["1"] == ROWS + 1  # + the sealed signing key
    with pytest.raises(KeyVersionInUse):
        manager.retire("1")

    seen: list[int] = []
    result = manager.rewrap(seen.append)
    assert (result.scanned, result.rewrapped, result.unreadable) == (ROWS + 1, ROWS + 1, 0)
    assert sum(seen) == manager.pending() == ROWS + 1
    manager.retire("1")
    manager.box.forget()
    values = _values(engine)
    assert {key_version_of(v) for v in values.values()} == {"2"}
    assert all(manager.box.open_text(v, _row(i)) == f"secret {i}" for i, v in values.items())
    again, public_again = SealedSigningKeys(engine, manager.box).sign("evidence", b"payload")
    assert public_again == public  # the sealed signing key survived the re-wrap
    assert verify_signature(public, sig, b"payload")
    assert verify_signature(public, again, b"payload")
    assert not verify_signature(public, again, b"payload!")

    operations = [e.details["operation"] for e in sink.events]
    assert operations == ["rotate", "retire-refused", "rewrap", "retire"]
    assert {e.name for e in sink.events} == {"key-operation"}
    assert all(e.details["control"] == "A.8.24" for e in sink.events)
    assert sink.events[0].details["key_version"] == 2
    assert sink.events[1].outcome == "denied"
    assert sink.events[2].details["rewrapped"] == ROWS + 1
    for event in sink.events:
        check_event(event)  # fits the audit schema, no sensitive value
    assert [e["event"] for e in manager.events()] == list(reversed(operations))


def test_no_key_material_in_the_database_in_clear(engine: Engine, tmp_path: Path) -> None:
    provider = LocalFileProvider(tmp_path / "keys.json", development=True)
    manager = KeyManager(provider, engine, columns=COLUMNS)
    private = SealedSigningKeys(engine, manager.box).private_key("evidence").private_bytes_raw()
    masters = [
        base64.b64decode(v["key"])
        for v in json.loads((tmp_path / "keys.json").read_text())["versions"].values()
    ]
    with engine.connect() as conn:
        dump = b"".join(
            bytes(v) if isinstance(v, bytes | memoryview) else str(v).encode()
            for table in ("key_secrets", "key_events")
            for row in conn.exec_driver_sql(f"SELECT * FROM {table}")
            for v in row
        )
    assert dump  # the sealed key is there...
    for secret in (private, *masters):
        assert secret not in dump  # ...but no key in clear
        assert base64.b64encode(secret) not in dump


def test_rewrap_walks_composite_keys_of_the_pseudonym_vault(engine: Engine, tmp_path: Path) -> None:
    provider = LocalFileProvider(tmp_path / "keys.json", development=True)
    manager = KeyManager(provider, engine)  # the default registry: key_secrets, gateway_vault
    vault = Table("gateway_vault", MetaData(), autoload_with=engine)
    rows = [
        {
            "scope_key": f"scope-{s}",
            "token": f"T{t:04d}",
            "entity": "PERSON",
            "digest": f"{s}-{t}",
            "value": manager.box.seal_text(f"name {s}/{t}", _vault_row(s, t)),
            "expires_at": 2_000_000_000,
        }
        for s in range(3)
        for t in range(250)  # 750 rows: two batches whose boundary falls inside a scope
    ]
    with engine.begin() as conn:
        conn.execute(insert(vault), rows)
    try:
        manager.rotate()
        result = manager.rewrap()
        assert (result.scanned, result.rewrapped) == (750, 750)
        with engine.connect() as conn:
            stored = list(conn.execute(select(vault.c.scope_key, vault.c.token, vault.c.value)))
        assert {key_version_of(bytes(v)) for _s, _t, v in stored} == {"2"}
        for scope, token, value in stored:
            s, t = int(scope.split("-")[1]), int(token[1:])
            assert manager.box.open_text(bytes(value), _vault_row(s, t)) == f"name {s}/{t}"
    finally:
        with engine.begin() as conn:
            conn.execute(vault.delete())


def _vault_row(scope: int, token: int) -> Binding:
    return Binding("gateway_vault", "value", f"scope-{scope}:T{token:04d}:PERSON")
