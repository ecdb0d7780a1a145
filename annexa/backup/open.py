"""Open a backup: check it against its manifest and decrypt it, or refuse it whole.

Order matters: the payload's size and SHA-256 are checked before any decryption, the data key is
unwrapped by the key provider, the manifest's MAC is checked with it, and only then is the payload
decrypted (every chunk authenticated) and its plaintext hash compared. Any mismatch raises
:class:`BackupCorrupt` and nothing downstream (a scratch restore, a real restore) runs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from annexa.backup.interface import BackupCorrupt
from annexa.backup.manifest import PAYLOAD, Manifest
from annexa.backup.stream import decrypt_file, sha256_file
from annexa.keys.interface import DecryptionError, KeyProvider


def open_backup(
    path: Path,
    provider: KeyProvider,
    dst: Path,
    on_progress: Callable[[int], None] | None = None,
) -> Manifest:
    """Check ``path`` (a backup directory) and decrypt its database dump into ``dst``."""
    manifest = Manifest.read(path)
    payload = path / PAYLOAD
    if not payload.is_file():
        raise BackupCorrupt(f"{payload} is missing")
    size = payload.stat().st_size
    if size != manifest.payload_size:
        raise BackupCorrupt(f"{payload}: {size} bytes, the manifest says {manifest.payload_size}")
    if sha256_file(payload) != manifest.payload_sha256:
        raise BackupCorrupt(f"{payload}: SHA-256 does not match the manifest")
    try:
        data_key = provider.unwrap(manifest.wrapped)
    except DecryptionError as exc:
        raise BackupCorrupt(f"the backup's data key does not unwrap: {exc.message}") from exc
    manifest.check(data_key)
    try:
        digests = decrypt_file(payload, dst, data_key, manifest.backup_id, on_progress)
    except DecryptionError as exc:
        dst.unlink(missing_ok=True)
        raise BackupCorrupt(f"{payload}: {exc.message}") from exc
    if (digests.plain_size, digests.plain_sha256) != (manifest.plain_size, manifest.plain_sha256):
        dst.unlink(missing_ok=True)
        raise BackupCorrupt(f"{payload}: decrypted dump does not match the manifest hash")
    return manifest
