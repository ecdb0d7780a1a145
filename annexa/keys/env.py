"""Master key from an environment variable (``env:NAME``): for development and CI only.

The variable holds one base64 AES-256 key (version ``1``) or several versions as
``1:<base64>,2:<base64>``; the highest version is current. Rotation means setting a new value,
so :meth:`EnvProvider.rotate` refuses and says how.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from annexa.keys._local import decode_master, unwrap_with, wrap_with
from annexa.keys.interface import (
    KeyProvider,
    KeyProviderError,
    KeyVersion,
    KeyVersionUnknown,
    UnsupportedOperation,
    WrappedKey,
)


class EnvProvider(KeyProvider):
    """Reads its master-key versions from one environment variable at construction."""

    kind = "env"

    def __init__(self, name: str, environ: Mapping[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        value = env.get(name)
        if not value:
            raise KeyProviderError(
                f"environment variable {name} is not set",
                hint=f"Set {name} to a base64 32-byte key (python -c 'import os,base64;"
                "print(base64.b64encode(os.urandom(32)).decode())').",
            )
        self.name = name
        self._keys = _parse(value, name)

    def current_version(self) -> str:
        """The highest version in the variable."""
        return max(self._keys, key=int)

    def versions(self) -> list[KeyVersion]:
        """Every version in the variable; all but the highest are decrypt-only."""
        current = self.current_version()
        return [
            KeyVersion(v, "active" if v == current else "decrypt-only")
            for v in sorted(self._keys, key=int)
        ]

    def wrap(self, data_key: bytes) -> WrappedKey:
        """Wrap under the highest version."""
        version = self.current_version()
        return wrap_with(self._keys[version], version, data_key)

    def unwrap(self, wrapped: WrappedKey) -> bytes:
        """Unwrap under the version the data key names."""
        master = self._keys.get(wrapped.version)
        if master is None:
            raise KeyVersionUnknown(f"{self.name} has no key version {wrapped.version}")
        return unwrap_with(master, wrapped)

    def rotate(self) -> str:
        """Refused: the operator rotates by adding a version to the variable."""
        raise UnsupportedOperation(
            "an environment-variable key cannot be rotated by Annexa",
            hint=f"Set {self.name}='1:<old>,2:<new>' (base64 keys), restart, then run "
            "`annexa keys rewrap`.",
        )

    def retire(self, version: str) -> None:
        """Refused: the operator removes the version from the variable."""
        raise UnsupportedOperation(
            f"remove version {version} from {self.name} yourself once nothing needs it"
        )

    def reference(self) -> str:
        """The key's reference, as in ``keys.provider``."""
        return f"env:{self.name}"

    def describe(self) -> str:
        """``env:NAME`` and the versions, never the values."""
        return f"env:{self.name} (versions {', '.join(sorted(self._keys, key=int))})"


def _parse(value: str, name: str) -> dict[str, bytes]:
    if ":" not in value:
        return {"1": decode_master(value, name)}
    keys: dict[str, bytes] = {}
    for part in value.split(","):
        version, _, text = part.partition(":")
        if not version.strip().isdigit():
            raise KeyProviderError(f"{name}: expected 'N:<base64>,...' with integer versions")
        keys[version.strip()] = decode_master(text, f"{name} version {version.strip()}")
    return keys
