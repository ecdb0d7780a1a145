"""AES-256-GCM key wrapping for the providers that hold the master key in this process."""

from __future__ import annotations

import base64
import binascii
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from annexa.keys.interface import DecryptionError, KeyProviderError, WrappedKey

NONCE_BYTES = 12


def wrap_with(master: bytes, version: str, data_key: bytes) -> WrappedKey:
    """Encrypt ``data_key`` under ``master``; the version is authenticated as associated data."""
    nonce = os.urandom(NONCE_BYTES)
    blob = nonce + AESGCM(master).encrypt(nonce, data_key, _aad(version))
    return WrappedKey(version=version, blob=blob)


def unwrap_with(master: bytes, wrapped: WrappedKey) -> bytes:
    """Decrypt a data key wrapped by :func:`wrap_with`."""
    nonce, body = wrapped.blob[:NONCE_BYTES], wrapped.blob[NONCE_BYTES:]
    try:
        return AESGCM(master).decrypt(nonce, body, _aad(wrapped.version))
    except (InvalidTag, ValueError) as exc:
        raise DecryptionError(f"data key for version {wrapped.version} did not unwrap") from exc


def decode_master(text: str, where: str) -> bytes:
    """A 32-byte master key from base64 text; the error never echoes the text."""
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise KeyProviderError(f"{where}: not valid base64") from exc
    if len(key) != 32:
        raise KeyProviderError(f"{where}: a master key must be 32 bytes (AES-256), not {len(key)}")
    return key


def _aad(version: str) -> bytes:
    return b"annexa-kek\x00" + version.encode()
