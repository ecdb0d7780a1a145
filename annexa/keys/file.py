"""Master keys in a local file (``file:`` or ``file:/path``): the embedded default.

The file (``keys.json`` in the data directory) is created on first use with mode 0600 and holds
every version still needed, as base64. It protects data in a stolen database copy or backup, not
against someone who can read the data directory: production deployments should use Vault or KMS,
so outside development Annexa warns loudly whenever this provider is used.
"""

from __future__ import annotations

import base64
import json
import os
import stat
import warnings
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from annexa.keys._local import decode_master, unwrap_with, wrap_with
from annexa.keys.interface import (
    DATA_KEY_BYTES,
    KeyProvider,
    KeyProviderError,
    KeyState,
    KeyVersion,
    KeyVersionUnknown,
    WrappedKey,
)

FILE_FORMAT = 1
FILE_NAME = "keys.json"


class LocalKeyFileWarning(UserWarning):
    """The master key sits on the same disk as the data; fine for development only."""


class LocalFileProvider(KeyProvider):
    """Master-key versions in a 0600 JSON file, created on first use."""

    kind = "file"

    def __init__(self, path: Path, *, development: bool = False) -> None:
        self.path = path
        if not development:
            warnings.warn(
                f"master key kept in the local file {path}: anyone who can read the data "
                "directory can decrypt. Use keys.provider vault:... or kms:... in production.",
                LocalKeyFileWarning,
                stacklevel=2,
            )
        self._stamp: tuple[int, int, int] = (0, 0, 0)
        if not path.exists():
            self._state = _new_state()
            self._save()
        self._state = self._load()

    def current_version(self) -> str:
        """The version marked current in the file."""
        return str(self._fresh()["current"])

    def versions(self) -> list[KeyVersion]:
        """Every version in the file, oldest first."""
        current = self.current_version()
        out = []
        for vid, entry in sorted(self._fresh()["versions"].items(), key=lambda kv: int(kv[0])):
            state: KeyState = "retired" if "key" not in entry else "decrypt-only"
            out.append(
                KeyVersion(
                    vid,
                    "active" if vid == current else state,
                    datetime.fromisoformat(entry["created_at"]),
                )
            )
        return out

    def wrap(self, data_key: bytes) -> WrappedKey:
        """Wrap under the current version."""
        version = self.current_version()
        return wrap_with(self._master(version), version, data_key)

    def unwrap(self, wrapped: WrappedKey) -> bytes:
        """Unwrap under the version named in ``wrapped``."""
        return unwrap_with(self._master(wrapped.version), wrapped)

    def rotate(self) -> str:
        """Add a fresh random version and make it current."""
        new = str(max(int(v) for v in self._fresh()["versions"]) + 1)
        self._state["versions"][new] = _new_entry()
        self._state["current"] = new
        self._save()
        return new

    def retire(self, version: str) -> None:
        """Erase the key material of ``version`` (never the current one)."""
        if version == self.current_version():
            raise KeyProviderError("the current version cannot be retired; rotate first")
        entry = self._fresh()["versions"].get(version)
        if entry is None:
            raise KeyVersionUnknown(f"{self.path} has no key version {version}")
        entry.pop("key", None)
        entry["retired_at"] = datetime.now(UTC).isoformat()
        self._save()

    def reference(self) -> str:
        """The key's reference, as in ``keys.provider``."""
        return f"file:{self.path}"

    def describe(self) -> str:
        """``file:PATH`` and the current version."""
        return f"file:{self.path} (current version {self.current_version()})"

    def _master(self, version: str) -> bytes:
        entry = self._fresh()["versions"].get(version)
        if entry is None:  # maybe rotated elsewhere within the file system's time resolution
            self._state = self._load()
            entry = self._state["versions"].get(version)
        if entry is None or "key" not in entry:
            raise KeyVersionUnknown(f"{self.path}: key version {version} is unknown or retired")
        return decode_master(entry["key"], f"{self.path} version {version}")

    def _fresh(self) -> dict[str, Any]:
        """The file's state, re-read if another process (``annexa keys rotate``) changed it."""
        if _stamp(self.path.stat()) != self._stamp:
            self._state = self._load()
        return self._state

    def _load(self) -> dict[str, Any]:
        info = self.path.stat()
        self._stamp = _stamp(info)
        mode = stat.S_IMODE(info.st_mode)
        if mode & 0o077:
            raise KeyProviderError(
                f"{self.path} is readable by others (mode {mode:o})",
                hint=f"chmod 600 {self.path}",
            )
        try:
            state: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise KeyProviderError(f"{self.path}: unreadable key file: {exc}") from exc
        if state.get("format") != FILE_FORMAT or "versions" not in state:
            raise KeyProviderError(f"{self.path}: not an Annexa key file (format {FILE_FORMAT})")
        return state

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(self._state, fh, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
        self._stamp = _stamp(self.path.stat())


def _stamp(info: os.stat_result) -> tuple[int, int, int]:
    """Inode, modification time and size: a save (new file, renamed over) changes them."""
    return (info.st_ino, info.st_mtime_ns, info.st_size)


def _new_entry() -> dict[str, str]:
    key = base64.b64encode(os.urandom(DATA_KEY_BYTES)).decode()
    return {"key": key, "created_at": datetime.now(UTC).isoformat()}


def _new_state() -> dict[str, Any]:
    return {"format": FILE_FORMAT, "current": "1", "versions": {"1": _new_entry()}}
