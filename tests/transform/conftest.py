"""A vault with a real AES-256-GCM key made here, on the in-memory store."""

from __future__ import annotations

import os

import pytest

from annexa.transform.vault import AesGcmCipher, MemoryVaultStore, Vault


@pytest.fixture
def hmac_key() -> bytes:
    return os.urandom(32)


@pytest.fixture
def cipher() -> AesGcmCipher:
    return AesGcmCipher(os.urandom(32))


@pytest.fixture
def store() -> MemoryVaultStore:
    return MemoryVaultStore()


@pytest.fixture
def vault(store: MemoryVaultStore, cipher: AesGcmCipher, hmac_key: bytes) -> Vault:
    return Vault(store, cipher, hmac_key)
