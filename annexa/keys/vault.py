"""Master key in HashiCorp Vault's (or OpenBao's) transit engine: ``vault:MOUNT/KEY``.

The key never leaves Vault: data keys are sent to ``transit/encrypt`` and come back as
``vault:vN:...`` ciphertexts, whose ``N`` is the key version. Rotation is
``transit/keys/KEY/rotate``; retiring raises ``min_decryption_version``, so Vault retires oldest
versions first. The token comes from a reference (``env:VAULT_TOKEN`` by default), never from
the configuration file.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

import hvac
import hvac.exceptions
import requests

from annexa.keys.interface import (
    DecryptionError,
    KeyProvider,
    KeyProviderError,
    KeyState,
    KeyVersion,
    KeyVersionUnknown,
    UnsupportedOperation,
    WrappedKey,
)

VAULT_ERRORS = (hvac.exceptions.VaultError, requests.RequestException)


class VaultTransitProvider(KeyProvider):
    """Wraps data keys with a named transit key; creates the key if it does not exist."""

    kind = "vault"

    def __init__(self, client: hvac.Client, key: str, mount: str = "transit") -> None:
        self.client, self.key, self.mount = client, key, mount
        self._transit = client.secrets.transit
        try:
            self._read()
        except hvac.exceptions.InvalidPath:
            self._call(self._transit.create_key, name=key, key_type="aes256-gcm96")

    def current_version(self) -> str:
        """Vault's ``latest_version`` of the key."""
        return str(self._read()["latest_version"])

    def versions(self) -> list[KeyVersion]:
        """Versions from ``min_decryption_version`` up; older ones are retired."""
        data = self._read()
        latest, floor = int(data["latest_version"]), int(data["min_decryption_version"])
        out = [KeyVersion(str(n), "retired") for n in range(1, floor)]
        for vid in sorted(data["keys"], key=int):
            n = int(vid)
            if n < floor:
                continue
            state: KeyState = (
                "active" if n == latest else "decrypt-only" if n >= floor else "retired"
            )
            out.append(KeyVersion(str(n), state, _created(data["keys"][vid])))
        return out

    def wrap(self, data_key: bytes) -> WrappedKey:
        """``transit/encrypt`` under the latest version."""
        result = self._call(
            self._transit.encrypt_data,
            name=self.key,
            plaintext=base64.b64encode(data_key).decode(),
            mount_point=self.mount,
        )
        ciphertext = str(result["data"]["ciphertext"])
        return WrappedKey(_version_of(ciphertext), ciphertext.encode())

    def unwrap(self, wrapped: WrappedKey) -> bytes:
        """``transit/decrypt``; Vault picks the version from the ``vault:vN:`` prefix."""
        try:
            result = self._transit.decrypt_data(
                name=self.key, ciphertext=wrapped.blob.decode(), mount_point=self.mount
            )
        except hvac.exceptions.InvalidRequest as exc:
            if "too old" in str(exc) or "min_decryption_version" in str(exc):
                raise KeyVersionUnknown(
                    f"Vault key {self.key} v{wrapped.version} is retired"
                ) from exc
            raise DecryptionError(f"Vault refused to decrypt a data key: {exc}") from exc
        except VAULT_ERRORS as exc:
            raise KeyProviderError(f"Vault transit decrypt failed: {exc}") from exc
        return base64.b64decode(result["data"]["plaintext"])

    def rotate(self) -> str:
        """``transit/keys/KEY/rotate``; returns the new latest version."""
        self._call(self._transit.rotate_key, name=self.key, mount_point=self.mount)
        return self.current_version()

    def retire(self, version: str) -> None:
        """Raise ``min_decryption_version`` past ``version`` (oldest versions first)."""
        data = self._read()
        floor = int(data["min_decryption_version"])
        if str(version) == str(data["latest_version"]):
            raise KeyProviderError("the current version cannot be retired; rotate first")
        if int(version) != floor:
            raise UnsupportedOperation(
                f"Vault retires the oldest live version first: retire {floor} before {version}"
            )
        self._call(
            self._transit.update_key_configuration,
            name=self.key,
            min_decryption_version=floor + 1,
            mount_point=self.mount,
        )

    def reference(self) -> str:
        """The key's reference, as in ``keys.provider``."""
        return f"vault:{self.mount}/{self.key}"

    def describe(self) -> str:
        """``vault:MOUNT/KEY`` at the server address."""
        return f"vault:{self.mount}/{self.key} at {self.client.url}"

    def _read(self) -> dict[str, Any]:
        result = self._transit.read_key(name=self.key, mount_point=self.mount)  # type: ignore[no-untyped-call]
        data: dict[str, Any] = result["data"]
        return data

    def _call(self, fn: Any, **kwargs: Any) -> Any:
        try:
            return fn(**kwargs)
        except VAULT_ERRORS as exc:
            raise KeyProviderError(f"Vault transit call failed: {exc}") from exc


def _version_of(ciphertext: str) -> str:
    prefix, _, rest = ciphertext.partition(":")
    version = rest.partition(":")[0]
    if prefix != "vault" or not version.startswith("v") or not version[1:].isdigit():
        raise KeyProviderError("Vault returned a ciphertext without a vault:vN: prefix")
    return version[1:]


def _created(value: Any) -> datetime | None:
    if isinstance(value, int):
        return datetime.fromtimestamp(value, UTC)
    return None
