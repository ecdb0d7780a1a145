"""The key family's contract: a provider wraps and unwraps data keys under versioned master keys.

Annexa never keeps a master key (a *key-encryption key*) next to the data it protects. Every
sensitive value at rest is encrypted with its own random data key (AES-256-GCM, see
:mod:`annexa.keys.envelope`); the provider wraps that data key under the current master-key
version and unwraps it later under whichever version wrapped it. Providers:

=========  ==========================  =====================================================
ref        class                       where the master key lives
=========  ==========================  =====================================================
``file:``  :class:`LocalFileProvider`  ``keys.json`` (0600) in the data directory (default)
``env:N``  :class:`EnvProvider`        environment variable ``N`` (development only)
``vault:`` :class:`VaultTransitProvider`  HashiCorp Vault / OpenBao transit engine
``kms:``   :class:`KmsProvider`        AWS KMS key (ARN, key id or ``alias/...``)
=========  ==========================  =====================================================

Errors::

    AnnexaError
    └── KeyProviderError            500  the provider failed or is misconfigured
        ├── DecryptionError         500  authentication failed: wrong key, row or tampering
        │   └── KeyVersionUnknown   500  a ciphertext names a version the provider lacks
        ├── KeyVersionInUse         409  retiring a version something still needs
        └── UnsupportedOperation    400  e.g. rotating an environment-variable key
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from annexa.errors import AnnexaError

KeyState = Literal["active", "decrypt-only", "retired"]
DATA_KEY_BYTES = 32  # AES-256


@dataclass(frozen=True, slots=True)
class KeyVersion:
    """One version of a master key.

    Attributes:
        id: the provider's version id (``"3"`` for file/env/Vault, the key ARN for KMS).
        state: ``active`` (wraps new data keys), ``decrypt-only`` or ``retired`` (gone).
        created_at: when the version was made, if the provider knows.
    """

    id: str
    state: KeyState
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class WrappedKey:
    """A data key encrypted under one master-key version.

    Attributes:
        version: the master-key version that wrapped it.
        blob: the provider's opaque ciphertext of the data key.
    """

    version: str
    blob: bytes


class KeyProvider(ABC):
    """Wraps data keys under a versioned master key it never reveals."""

    kind: str = "abstract"

    @abstractmethod
    def current_version(self) -> str:
        """The version new data keys are wrapped with."""

    @abstractmethod
    def versions(self) -> list[KeyVersion]:
        """Every version the provider still knows, oldest first."""

    @abstractmethod
    def wrap(self, data_key: bytes) -> WrappedKey:
        """Encrypt ``data_key`` under the current version."""

    @abstractmethod
    def unwrap(self, wrapped: WrappedKey) -> bytes:
        """Decrypt a data key; raise :class:`DecryptionError` if it does not authenticate."""

    @abstractmethod
    def rotate(self) -> str:
        """Make a new version current and return its id; old versions still unwrap."""

    @abstractmethod
    def retire(self, version: str) -> None:
        """Destroy or disable ``version``; the caller checks that nothing needs it."""

    def generate_data_key(self) -> tuple[bytes, WrappedKey]:
        """A fresh random data key and its wrapped form (KMS does this in one call)."""
        data_key = os.urandom(DATA_KEY_BYTES)
        return data_key, self.wrap(data_key)

    def reference(self) -> str:
        """The stable name of the key (``file:PATH``, ``vault:MOUNT/KEY``, ``kms:REF``)."""
        return self.kind

    def describe(self) -> str:
        """A one-line description for status output; never key material."""
        return self.reference()


class KeyProviderError(AnnexaError):
    """The key provider failed or is misconfigured."""

    hint = "Check the keys.provider reference in annexa.yaml and that the provider answers."


class DecryptionError(KeyProviderError):
    """A ciphertext did not authenticate: wrong key, wrong row, or tampering."""

    hint = "The value was altered, moved to another row, or belongs to another key."


class KeyVersionUnknown(DecryptionError):
    """A ciphertext names a key version the provider does not have (retired or foreign)."""

    hint = "The data was encrypted under a version that is gone or under another provider."


class KeyVersionInUse(KeyProviderError):
    """Retiring a version that data or backups still need."""

    status_code = 409
    hint = "Run `annexa keys rewrap` first so every record uses the current version."


class UnsupportedOperation(KeyProviderError):
    """The provider cannot do this (e.g. rotate a key held in an environment variable)."""

    status_code = 400
