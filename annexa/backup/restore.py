"""``annexa backup restore``: replace the database with a backup, after checking it whole.

Refused (:class:`RestoreRefused`) when the target holds any table and ``confirm`` is false. The
backup is checked and decrypted into a temporary file first; a corrupt backup raises
:class:`BackupCorrupt` before the target is touched. SQLite: integrity-checked, then copied in
with the online backup API. PostgreSQL: ``pg_restore --clean --single-transaction``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import inspect

from annexa.backup.interface import BackupCorrupt, BackupError, RestoreRefused
from annexa.backup.manifest import Manifest
from annexa.backup.open import open_backup
from annexa.backup.snapshot import (
    backend_of,
    pg_restore,
    sqlite_integrity,
    sqlite_path,
    sqlite_restore,
)
from annexa.db import make_engine
from annexa.keys.interface import KeyProvider


def target_tables(url: str) -> list[str]:
    """The tables the target database holds now (empty for a fresh data directory)."""
    if backend_of(url) == "sqlite" and not sqlite_path(url).exists():
        return []
    engine = make_engine(url)
    try:
        return inspect(engine).get_table_names()
    finally:
        engine.dispose()


def restore_backup(
    path: Path,
    provider: KeyProvider,
    url: str,
    *,
    confirm: bool,
    on_progress: Callable[[int], None] | None = None,
) -> Manifest:
    """Restore the backup at ``path`` into the database at ``url``."""
    backend = backend_of(url)
    existing = target_tables(url)
    if existing and not confirm:
        raise RestoreRefused(f"the target database holds {len(existing)} tables")
    with tempfile.TemporaryDirectory(prefix="annexa-restore-") as tmp:
        dump = Path(tmp) / "database.dump"
        manifest = open_backup(path, provider, dump, on_progress)
        if manifest.backend != backend:
            raise BackupError(f"a {manifest.backend} backup cannot restore into {backend}")
        if backend == "sqlite":
            answer = sqlite_integrity(dump)
            if answer != "ok":
                raise BackupCorrupt(f"the restored copy fails PRAGMA integrity_check: {answer}")
            sqlite_restore(dump, sqlite_path(url))
        else:
            pg_restore(dump, url, clean=True)
    return manifest
