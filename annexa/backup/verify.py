"""``annexa backup verify``: restore into a scratch database, check it, time it, sign the result.

The scratch database is a temporary SQLite file, or a temporary PostgreSQL database created on
the configured server and dropped afterwards. The measured time covers everything a real restore
needs: reading and checking the backup, decrypting, restoring and the checks (migrations
included); it is compared with the configured RTO. The result becomes evidence for A.8.13: a row
in ``backup_verifications`` with an Ed25519 signature (key sealed by the key provider) and a
``restore-tested`` audit event.
"""

from __future__ import annotations

import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import rfc8785
from sqlalchemy import insert
from sqlalchemy.engine import Engine, make_url

from annexa.audit.events import RestoreTested, make_event
from annexa.audit.interface import SYSTEM, Actor, AuditEvent, AuditSink, Outcome
from annexa.backup.checks import DEFAULT_CHECKS, Check, Scratch
from annexa.backup.interface import BackupError, VerifyResult
from annexa.backup.manifest import Manifest
from annexa.backup.open import open_backup
from annexa.backup.snapshot import pg_restore
from annexa.backup.tables import VERIFICATIONS
from annexa.db import make_engine
from annexa.keys.envelope import SecretBox
from annexa.keys.interface import KeyProvider
from annexa.keys.signing import SealedSigningKeys

EVIDENCE_KEY = "backup-evidence"


def verify_backup(
    path: Path,
    provider: KeyProvider,
    *,
    rto_seconds: float,
    pg_server_url: str | None = None,
    checks: Sequence[Check] = DEFAULT_CHECKS,
    on_progress: Callable[[int], None] | None = None,
) -> tuple[VerifyResult, Manifest]:
    """Restore ``path`` into a scratch database and run ``checks``; raise if it is corrupt."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="annexa-verify-") as tmp:
        dump = Path(tmp) / "database.dump"
        manifest = open_backup(path, provider, dump, on_progress)
        with _scratch(manifest, dump, Path(tmp), pg_server_url) as url:
            engine = make_engine(url)
            try:
                scratch = Scratch(url, engine, manifest)
                results = [check(scratch) for check in checks]
            finally:
                engine.dispose()
    elapsed = time.perf_counter() - started
    passed = bool(results) and all(r.passed for r in results)
    return VerifyResult(manifest.backup_id, passed, elapsed, rto_seconds, results), manifest


def record_verification(
    engine: Engine,
    box: SecretBox,
    result: VerifyResult,
    manifest: Manifest,
    *,
    sink: AuditSink | None = None,
    actor: Actor = SYSTEM,
) -> dict[str, Any]:
    """Store the signed evidence record; emit ``restore-tested``; return the record."""
    record = evidence_record(result, manifest)
    payload = rfc8785.dumps(record)
    signature, public = SealedSigningKeys(engine, box).sign(EVIDENCE_KEY, payload)
    with engine.begin() as conn:
        conn.execute(
            insert(VERIFICATIONS).values(
                id=record["id"],
                backup_id=result.backup_id,
                time=record["verified_at"],
                passed=result.passed,
                restore_seconds=result.restore_seconds,
                rto_seconds=result.rto_seconds,
                record=payload.decode(),
                signature=signature,
                public_key=public,
            )
        )
    if sink is not None:
        sink.append(_restore_tested(result, record, actor))
    return record


def evidence_record(result: VerifyResult, manifest: Manifest) -> dict[str, Any]:
    """The JSON evidence of one restore test (what is signed)."""
    return {
        "id": uuid.uuid4().hex,
        "control": "A.8.13",
        "backup_id": result.backup_id,
        "backup_created_at": manifest.created_at,
        "backend": manifest.backend,
        "verified_at": datetime.now(UTC).isoformat(),
        "passed": result.passed,
        "restore_seconds": round(result.restore_seconds, 3),
        "rto_seconds": result.rto_seconds,
        "meets_rto": result.meets_rto,
        "checks": [asdict(c) for c in result.checks],
        "key_version": manifest.key_version,
        "payload_sha256": manifest.payload_sha256,
        "schema_heads": manifest.schema_heads,
        "rows": sum(manifest.row_counts.values()),
    }


def _restore_tested(result: VerifyResult, record: dict[str, Any], actor: Actor) -> AuditEvent:
    """The audit schema's ``restore-tested`` event, with the evidence id and measured time."""
    by_name = {c.name: c.passed for c in result.checks}
    details = RestoreTested(
        backup_id=result.backup_id,
        integrity_ok=by_name.get("integrity", False),
        chain_ok=by_name.get("audit_chain", False),
        rto_seconds=round(result.rto_seconds),
    )
    outcome: Outcome = "success" if result.passed and result.meets_rto else "failure"
    event = make_event(details, actor, outcome)
    extra = {
        "evidence_id": record["id"],
        "control": "A.8.13",
        "passed": result.passed,
        "meets_rto": result.meets_rto,
        "restore_ms": round(result.restore_seconds * 1000),
    }
    return replace(event, details={**event.details, **extra})


@contextmanager
def _scratch(manifest: Manifest, dump: Path, tmp: Path, pg_server_url: str | None) -> Iterator[str]:
    if manifest.backend == "sqlite":
        scratch = tmp / "scratch.db"
        shutil.move(dump, scratch)
        yield f"sqlite:///{scratch}"
        return
    if not pg_server_url or not pg_server_url.startswith("postgresql"):
        raise BackupError(
            "verifying a PostgreSQL backup needs a PostgreSQL server for the scratch database",
            hint="Configure database_url to PostgreSQL or pass --scratch-url.",
        )
    server = make_url(pg_server_url)
    name = f"annexa_verify_{uuid.uuid4().hex[:12]}"
    admin = server.set(drivername="postgresql", database="postgres")
    admin_dsn = admin.render_as_string(hide_password=False)
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = server.set(database=name).render_as_string(hide_password=False)
    try:
        pg_restore(dump, url, clean=False)
        yield url
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
