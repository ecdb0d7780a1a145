"""The backup manifest: what is in a backup, and the MAC that proves nobody changed it.

``manifest.json`` beside the encrypted payload records the format, the backend, the schema
version (Alembic heads), the master-key version and the wrapped data key, the sizes and SHA-256
of the plaintext dump and of the encrypted file, and the row count of every table. Its ``mac`` is
HMAC-SHA256 over the RFC 8785 canonical form of every other field, under a key derived from the
backup's data key, so only someone the key provider serves can make or alter a manifest.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import rfc8785
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from annexa.backup.interface import BackupCorrupt
from annexa.keys.interface import WrappedKey

FORMAT = 1
MANIFEST = "manifest.json"
PAYLOAD = "database.dump.gz.enc"


@dataclass(frozen=True, slots=True)
class Manifest:
    """Everything needed to check and restore one backup (see the module docstring)."""

    backup_id: str
    created_at: str
    backend: str
    schema_heads: list[str]
    key_provider: str
    key_version: str
    wrapped_key: str
    plain_size: int
    plain_sha256: str
    payload_size: int
    payload_sha256: str
    row_counts: dict[str, int]
    compression: str = "gzip"
    encryption: str = "AES-256-GCM chunked (STREAM)"
    format: int = FORMAT
    annexa_version: str = ""
    mac: str = field(default="", compare=False)

    @property
    def wrapped(self) -> WrappedKey:
        """The data key as the provider wrapped it."""
        return WrappedKey(self.key_version, base64.b64decode(self.wrapped_key))

    def signed(self, data_key: bytes) -> Manifest:
        """A copy carrying the MAC under ``data_key``."""
        fields = asdict(self)
        fields["mac"] = _mac(data_key, fields)
        return Manifest(**fields)

    def check(self, data_key: bytes) -> None:
        """Raise :class:`BackupCorrupt` unless the MAC matches."""
        if not hmac.compare_digest(self.mac, _mac(data_key, asdict(self))):
            raise BackupCorrupt("the manifest was altered (MAC mismatch)")

    def write(self, directory: Path) -> Path:
        """Write ``manifest.json`` into ``directory``."""
        path = directory / MANIFEST
        path.write_text(json.dumps(asdict(self), indent=2, sort_keys=True), encoding="utf-8")
        return path

    @classmethod
    def read(cls, directory: Path) -> Manifest:
        """Read and type-check ``manifest.json``; :class:`BackupCorrupt` if unreadable."""
        path = directory / MANIFEST
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise BackupCorrupt(f"{path}: unknown backup format {data.get('format')!r}")
            return cls(**data)
        except (OSError, ValueError, TypeError) as exc:
            raise BackupCorrupt(f"{path}: not a readable Annexa backup manifest: {exc}") from exc


def _mac(data_key: bytes, fields: dict[str, Any]) -> str:
    body = {k: v for k, v in fields.items() if k != "mac"}
    mac_key = HKDF(hashes.SHA256(), 32, salt=None, info=b"annexa-backup-manifest").derive(data_key)
    return hmac.new(mac_key, rfc8785.dumps(body), hashlib.sha256).hexdigest()
