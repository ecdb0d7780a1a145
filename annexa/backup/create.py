"""``annexa backup create``: snapshot, compress, encrypt, write the manifest, catalog it."""

from __future__ import annotations

import base64
import tempfile
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from sqlalchemy import insert, inspect, select, text
from sqlalchemy.engine import Engine

from annexa.backup.manifest import PAYLOAD, Manifest
from annexa.backup.snapshot import backend_of, snapshot
from annexa.backup.stream import encrypt_file
from annexa.backup.tables import CATALOG
from annexa.keys.interface import KeyProvider

Phase = Callable[[str, int | None], None]
Advance = Callable[[int], None]


def create_backup(
    engine: Engine,
    url: str,
    provider: KeyProvider,
    output: Path,
    *,
    level: int = 6,
    on_phase: Phase | None = None,
    on_progress: Advance | None = None,
) -> tuple[Path, Manifest]:
    """Write ``output/annexa-backup-<id>/`` (manifest + encrypted payload); return both."""
    backend = backend_of(url)
    now = datetime.now(UTC)
    backup_id = f"{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
    output.mkdir(parents=True, exist_ok=True)
    directory = output / f"annexa-backup-{backup_id}"
    directory.mkdir(mode=0o700)
    with tempfile.TemporaryDirectory(dir=output, prefix=".annexa-backup-tmp-") as tmp:
        dump = Path(tmp) / "database.dump"
        _phase(on_phase, "snapshot", None)
        counts = snapshot(url, dump)
        data_key, wrapped = provider.generate_data_key()
        _phase(on_phase, "encrypt", dump.stat().st_size)
        digests = encrypt_file(dump, directory / PAYLOAD, data_key, backup_id, level, on_progress)
    manifest = Manifest(
        backup_id=backup_id,
        created_at=now.isoformat(),
        backend=backend,
        schema_heads=schema_heads(engine),
        key_provider=provider.kind,
        key_version=wrapped.version,
        wrapped_key=base64.b64encode(wrapped.blob).decode(),
        plain_size=digests.plain_size,
        plain_sha256=digests.plain_sha256,
        payload_size=digests.sealed_size,
        payload_sha256=digests.sealed_sha256,
        row_counts=counts,
        annexa_version=_annexa_version(),
    ).signed(data_key)
    manifest.write(directory)
    catalog_backup(engine, manifest, directory)
    return directory, manifest


def schema_heads(engine: Engine) -> list[str]:
    """The Alembic revisions the database is at (one per area branch)."""
    if "alembic_version" not in inspect(engine).get_table_names():
        return []
    with engine.connect() as conn:
        return sorted(
            str(r[0]) for r in conn.execute(text("SELECT version_num FROM alembic_version"))
        )


def catalog_backup(engine: Engine, manifest: Manifest, directory: Path) -> None:
    """Record the backup in the catalog, unless it is there (after a restore it may not be)."""
    if "backup_catalog" not in inspect(engine).get_table_names():
        return
    with engine.begin() as conn:
        query = select(CATALOG.c.backup_id).where(CATALOG.c.backup_id == manifest.backup_id)
        if conn.execute(query).first() is not None:
            return
        conn.execute(
            insert(CATALOG).values(
                backup_id=manifest.backup_id,
                created_at=manifest.created_at,
                location=str(directory.resolve()),
                backend=manifest.backend,
                key_version=manifest.key_version,
                payload_size=manifest.payload_size,
                payload_sha256=manifest.payload_sha256,
            )
        )


def _phase(on_phase: Phase | None, name: str, total: int | None) -> None:
    if on_phase:
        on_phase(name, total)


def _annexa_version() -> str:
    try:
        return version("annexa")
    except PackageNotFoundError:
        return "unknown"


def backup_key_usage(engine: Engine) -> Counter[str]:
    """Backups in the catalog per master-key version (a usage source for key retirement)."""
    if "backup_catalog" not in inspect(engine).get_table_names():
        return Counter()
    with engine.connect() as conn:
        return Counter(str(v) for (v,) in conn.execute(select(CATALOG.c.key_version)))


def forget_backup(engine: Engine, backup_id: str) -> bool:
    """Remove a backup from the catalog (after its files were deleted); True if it was there."""
    with engine.begin() as conn:
        done = conn.execute(CATALOG.delete().where(CATALOG.c.backup_id == backup_id))
    return bool(done.rowcount)


def list_backups(engine: Engine) -> list[dict[str, object]]:
    """The catalog, newest first."""
    query = select(CATALOG).order_by(CATALOG.c.created_at.desc())
    with engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(query)]
