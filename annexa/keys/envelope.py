"""AES-256-GCM envelope encryption for values at rest, bound to the row they belong to.

For the pseudonym vault, retained prompts, provider API keys and TOTP secrets: a random data
key seals each value (one per value, or one for up to ``dek_reuse`` values and ``dek_max_age_s``
seconds), the key provider wraps that data key, and the ciphertext carries everything needed to
open it again::

    b"AXE" | format (1 byte) | len(version) (1) | version | len(wrapped) (2, big-endian)
        | wrapped data key | nonce (12) | AES-256-GCM ciphertext and tag

The associated data is the :class:`Binding` (table, column, row key), so a ciphertext copied to
another row or column fails to open. The key version and wrapped data key are outside the
associated data on purpose: :meth:`SecretBox.rewrap` moves a value to a new master-key version by
re-wrapping only its data key, without touching the ciphertext.
"""

from __future__ import annotations

import json
import os
import struct
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from annexa.keys.interface import DecryptionError, KeyProvider, WrappedKey

MAGIC = b"AXE"
FORMAT = 1
NONCE_BYTES = 12


@dataclass(frozen=True, slots=True)
class Binding:
    """Where a ciphertext lives: its associated data. ``row`` is the primary key as text."""

    table: str
    column: str
    row: str

    def aad(self) -> bytes:
        """Unambiguous bytes for AES-GCM's associated data."""
        return (
            b"annexa-envelope\x00"
            + json.dumps([FORMAT, self.table, self.column, self.row]).encode()
        )


@dataclass(frozen=True, slots=True)
class Envelope:
    """A parsed ciphertext: the wrapped data key, the nonce and the sealed body."""

    wrapped: WrappedKey
    nonce: bytes
    body: bytes

    @property
    def key_version(self) -> str:
        """The master-key version that wrapped the data key."""
        return self.wrapped.version

    def to_bytes(self) -> bytes:
        """The versioned, self-describing serialisation."""
        version = self.wrapped.version.encode()
        blob = self.wrapped.blob
        if len(version) > 255 or len(blob) > 65535:
            raise ValueError("key version or wrapped key too long for the envelope format")
        head = MAGIC + struct.pack(">BB", FORMAT, len(version)) + version
        return head + struct.pack(">H", len(blob)) + blob + self.nonce + self.body

    @classmethod
    def from_bytes(cls, data: bytes) -> Envelope:
        """Parse; raise :class:`DecryptionError` on anything malformed."""
        try:
            if data[:3] != MAGIC or data[3] != FORMAT:
                raise DecryptionError("not an Annexa envelope (or an unknown format version)")
            vlen = data[4]
            version = data[5 : 5 + vlen].decode()
            (blen,) = struct.unpack(">H", data[5 + vlen : 7 + vlen])
            start = 7 + vlen
            blob = data[start : start + blen]
            nonce = data[start + blen : start + blen + NONCE_BYTES]
            body = data[start + blen + NONCE_BYTES :]
        except (IndexError, struct.error, UnicodeDecodeError) as exc:
            raise DecryptionError("truncated or malformed envelope") from exc
        if len(blob) != blen or len(nonce) != NONCE_BYTES or len(body) < 16:
            raise DecryptionError("truncated envelope")
        return cls(WrappedKey(version, blob), nonce, body)


class SecretBox:
    """Seal and open values at rest with data keys wrapped by a :class:`KeyProvider`.

    ``dek_reuse`` lets one data key seal that many values, for at most ``dek_max_age_s``
    seconds (``None``: no limit), before a fresh one is made: the bounded data-key caching of
    the AWS Encryption SDK. Without it every new value costs a provider call (a network round
    trip to Vault or KMS on the gateway's request path); with it a master-key rotation done by
    another process reaches this one's new writes within ``dek_max_age_s`` (values sealed
    meanwhile name the old version, so ``keys retire`` refuses it until ``keys rewrap``).
    Unwrapped data keys are cached, ``cache_size`` at most, so reading many rows costs one
    provider call per data key.
    """

    def __init__(
        self,
        provider: KeyProvider,
        *,
        dek_reuse: int = 1,
        dek_max_age_s: float | None = None,
        cache_size: int = 256,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.provider = provider
        self._dek_reuse = max(1, dek_reuse)
        self._dek_max_age_s = dek_max_age_s
        self._clock = clock
        self._cache_size = cache_size
        self._cache: OrderedDict[tuple[str, bytes], bytes] = OrderedDict()
        self._current: tuple[bytes, WrappedKey] | None = None
        self._uses = 0
        self._made = 0.0
        self._lock = threading.Lock()

    def seal(self, plaintext: bytes, binding: Binding) -> bytes:
        """Encrypt ``plaintext`` for the row ``binding`` names."""
        data_key, wrapped = self._data_key()
        nonce = os.urandom(NONCE_BYTES)
        body = AESGCM(data_key).encrypt(nonce, plaintext, binding.aad())
        return Envelope(wrapped, nonce, body).to_bytes()

    def open(self, sealed: bytes, binding: Binding) -> bytes:
        """Decrypt; raise :class:`DecryptionError` if it was altered or belongs elsewhere."""
        env = Envelope.from_bytes(sealed)
        data_key = self._unwrap(env.wrapped)
        try:
            return AESGCM(data_key).decrypt(env.nonce, env.body, binding.aad())
        except InvalidTag as exc:
            raise DecryptionError(
                f"value for {binding.table}.{binding.column} row {binding.row} did not authenticate"
            ) from exc

    def seal_text(self, text: str, binding: Binding) -> bytes:
        """:meth:`seal` for UTF-8 text."""
        return self.seal(text.encode(), binding)

    def open_text(self, sealed: bytes, binding: Binding) -> str:
        """:meth:`open` for UTF-8 text."""
        return self.open(sealed, binding).decode()

    def rewrap(self, sealed: bytes) -> bytes:
        """The same value with its data key wrapped under the current version."""
        env = Envelope.from_bytes(sealed)
        if env.key_version == self.provider.current_version():
            return sealed
        wrapped = self.provider.wrap(self._unwrap(env.wrapped))
        return Envelope(wrapped, env.nonce, env.body).to_bytes()

    def forget(self) -> None:
        """Drop cached data keys (after a rotation, so new writes use the new version)."""
        with self._lock:
            self._cache.clear()
            self._current = None

    def _data_key(self) -> tuple[bytes, WrappedKey]:
        with self._lock:
            if self._current is None or self._uses >= self._dek_reuse or self._too_old():
                self._current = self.provider.generate_data_key()
                self._uses = 0
                self._made = self._clock()
            self._uses += 1
            return self._current

    def _too_old(self) -> bool:
        limit = self._dek_max_age_s
        return limit is not None and self._clock() - self._made >= limit

    def _unwrap(self, wrapped: WrappedKey) -> bytes:
        key = (wrapped.version, wrapped.blob)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        data_key = self.provider.unwrap(wrapped)
        with self._lock:
            self._cache[key] = data_key
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return data_key


def key_version_of(sealed: bytes) -> str:
    """The master-key version of a sealed value, without decrypting it."""
    return Envelope.from_bytes(sealed).key_version
