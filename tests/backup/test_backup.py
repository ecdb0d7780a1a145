"""Backup → wipe → restore brings every record and the audit chain back, on SQLite and the real
PostgreSQL; a corrupted backup is detected and nothing is restored; a restore test is recorded as
signed evidence."""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select, update

from annexa.audit.events import check_event
from annexa.audit.interface import AuditEvent
from annexa.audit.signing import trusted_public_key
from annexa.audit.tables import EVENTS
from annexa.backup import (
    BackupCorrupt,
    RestoreRefused,
    create_backup,
    record_verification,
    restore_backup,
    verify_backup,
)
from annexa.backup.checks import Scratch, audit_chain, default_checks
from annexa.backup.create import backup_key_usage
from annexa.backup.evidence import list_verifications
from annexa.backup.manifest import MANIFEST, PAYLOAD, Manifest
from annexa.backup.stream import sha256_file
from annexa.backup.tables import VERIFICATIONS
from annexa.db import make_engine
from annexa.keys.rotation import KeyManager
from annexa.keys.signing import verify_signature
from tests.backup.conftest import MARKER, Seeded, every_record, wipe


class ListSink:
    """Keeps audit events in memory."""

    def __init__(self) -> None:
        self.events: list[AuditEvent] = []

    def append(self, event: AuditEvent) -> None:
        self.events.append(event)


def test_backup_wipe_restore_keeps_every_record(seeded: Seeded, tmp_path: Path) -> None:
    before = every_record(seeded.engine)
    assert len(before["audit_events"]) == 25
    phases: list[str] = []
    directory, manifest = create_backup(
        seeded.engine,
        seeded.url,
        seeded.provider,
        tmp_path / "out",
        on_phase=lambda name, _total: phases.append(name),
    )
    assert phases == ["snapshot", "encrypt"]
    assert manifest.row_counts["backup_test_notes"] == 300
    assert manifest.schema_heads
    assert manifest.key_version == "1"
    master = base64.b64decode(json.loads(seeded.provider.path.read_text())["versions"]["1"]["key"])
    for path in directory.iterdir():  # no cleartext, no key material in the backup
        content = path.read_bytes()
        assert MARKER.encode() not in content
        assert master not in content
        assert base64.b64encode(master) not in content
    assert [p.name for p in (tmp_path / "out").iterdir()] == [directory.name]  # no temp left

    wipe(seeded)
    restored = restore_backup(directory, seeded.provider, seeded.url, confirm=False)
    assert restored.backup_id == manifest.backup_id
    engine = make_engine(seeded.url)
    try:
        after = every_record(engine)
        assert after.keys() == before.keys()
        for table in before:
            assert after[table] == before[table], table
        chain = audit_chain(Scratch(seeded.url, engine, manifest))
        assert chain.passed, chain.detail
        assert "25 records" in chain.detail
    finally:
        engine.dispose()


def test_restore_refuses_to_overwrite_without_confirmation(seeded: Seeded, tmp_path: Path) -> None:
    directory, _ = create_backup(seeded.engine, seeded.url, seeded.provider, tmp_path / "out")
    with seeded.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM backup_test_notes WHERE id < 100")
    with pytest.raises(RestoreRefused):
        restore_backup(directory, seeded.provider, seeded.url, confirm=False)
    assert len(every_record(seeded.engine)["backup_test_notes"]) == 200
    seeded.engine.dispose()
    restore_backup(directory, seeded.provider, seeded.url, confirm=True)
    assert len(every_record(seeded.engine)["backup_test_notes"]) == 300


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def _corrupt_payload(d: Path) -> None:
    _flip(d / PAYLOAD, (d / PAYLOAD).stat().st_size // 2)


def _corrupt_payload_and_fix_hash(d: Path) -> None:
    """An attacker who also updates the hashes in the manifest."""
    _corrupt_payload(d)
    data = json.loads((d / MANIFEST).read_text())
    data["payload_sha256"] = sha256_file(d / PAYLOAD)
    (d / MANIFEST).write_text(json.dumps(data))


def _edit_manifest_counts(d: Path) -> None:
    data = json.loads((d / MANIFEST).read_text())
    data["row_counts"]["backup_test_notes"] = 1
    (d / MANIFEST).write_text(json.dumps(data))


def _truncate(d: Path) -> None:
    payload = d / PAYLOAD
    payload.write_bytes(payload.read_bytes()[:-100])


@pytest.mark.parametrize(
    "damage", [_corrupt_payload, _corrupt_payload_and_fix_hash, _edit_manifest_counts, _truncate]
)
def test_corrupted_backup_is_detected_and_not_restored(
    seeded: Seeded, tmp_path: Path, damage: object
) -> None:
    assert callable(damage)
    directory, _ = create_backup(seeded.engine, seeded.url, seeded.provider, tmp_path / "out")
    damage(directory)
    with seeded.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM backup_test_notes WHERE id >= 10")
    with pytest.raises(BackupCorrupt):
        restore_backup(directory, seeded.provider, seeded.url, confirm=True)
    assert len(every_record(seeded.engine)["backup_test_notes"]) == 10  # untouched
    with pytest.raises(BackupCorrupt):
        verify_backup(directory, seeded.provider, rto_seconds=60, pg_server_url=seeded.url)


def test_verify_records_signed_evidence_across_a_rotation(seeded: Seeded, tmp_path: Path) -> None:
    directory, manifest = create_backup(
        seeded.engine, seeded.url, seeded.provider, tmp_path / "out"
    )
    manager = KeyManager(seeded.provider, seeded.engine, usage_sources=[backup_key_usage])
    manager.rotate()  # the backup's key version must still open it
    assert backup_key_usage(seeded.engine)["1"] == 1
    assert manager.usage()["1"] >= 1
    result, _ = verify_backup(directory, seeded.provider, rto_seconds=300, pg_server_url=seeded.url)
    assert [c.name for c in result.checks] == [
        "integrity",
        "row_counts",
        "audit_chain",
        "app_start",
    ]
    assert all(c.passed for c in result.checks), result.checks
    assert result.passed
    assert result.meets_rto
    assert 0 < result.restore_seconds < 300

    sink = ListSink()
    record = record_verification(seeded.engine, seeded.box, result, manifest, sink=sink)
    with seeded.engine.connect() as conn:
        row = conn.execute(select(VERIFICATIONS)).one()
    assert row.passed
    assert row.backup_id == manifest.backup_id
    assert json.loads(row.record) == record
    assert verify_signature(bytes(row.public_key), bytes(row.signature), row.record.encode())
    assert not verify_signature(
        bytes(row.public_key), bytes(row.signature), row.record.replace("true", "false").encode()
    )
    assert record["control"] == "A.8.13"
    (evidence,) = list_verifications(seeded.engine)
    assert evidence.signature_valid
    assert evidence.record == record
    with seeded.engine.begin() as conn:  # a forged verdict no longer verifies
        forged = row.record.replace('"passed":true', '"passed":false')
        conn.execute(update(VERIFICATIONS).values(record=forged))
    assert not list_verifications(seeded.engine)[0].signature_valid
    (event,) = sink.events
    check_event(event)
    assert event.name == "restore-tested"
    assert event.details["evidence_id"] == record["id"]


def test_verify_reports_a_broken_audit_chain(seeded: Seeded, tmp_path: Path) -> None:
    with seeded.engine.begin() as conn:
        record = conn.execute(select(EVENTS.c.record).where(EVENTS.c.seq == 7)).scalar_one()
        forged = record.replace('"n":6', '"n":66')
        assert forged != record
        conn.execute(update(EVENTS).where(EVENTS.c.seq == 7).values(record=forged))
    directory, _ = create_backup(seeded.engine, seeded.url, seeded.provider, tmp_path / "out")
    public = trusted_public_key(seeded.settings, seeded.engine)
    assert public is not None
    result, _ = verify_backup(
        directory,
        seeded.provider,
        rto_seconds=60,
        pg_server_url=seeded.url,
        checks=default_checks(public),
    )
    checks = {c.name: c for c in result.checks}
    assert not checks["audit_chain"].passed
    assert "7" in checks["audit_chain"].detail
    assert checks["row_counts"].passed
    assert not result.passed


@pytest.mark.parametrize("seeded", ["sqlite"], indirect=True)
def test_restore_on_a_fresh_data_directory(seeded: Seeded, tmp_path: Path) -> None:
    before = every_record(seeded.engine)  # the catalog row for this backup comes after it
    directory, _ = create_backup(seeded.engine, seeded.url, seeded.provider, tmp_path / "out")
    moved = tmp_path / "elsewhere"
    shutil.copytree(directory, moved)
    fresh = f"sqlite:///{tmp_path / 'fresh' / 'annexa.db'}"
    manifest = restore_backup(moved, seeded.provider, fresh, confirm=False)
    assert Manifest.read(moved) == manifest
    engine = make_engine(fresh)
    try:
        assert every_record(engine) == before
    finally:
        engine.dispose()
