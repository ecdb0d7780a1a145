"""The pseudonym vault: the same value gets the same token, everywhere, with nothing in clear.

Tokens come from a keyed HMAC-SHA256 of (scope, entity type, normalised value), so every replica
derives the same placeholder for the same value without asking anyone; the vault stores
token → value only to restore answers. Each value is encrypted by an injected :class:`Cipher`
(AES-256-GCM) with the row's identity as associated data, so a ciphertext copied onto another
row does not decrypt. Rows expire (sliding: each use extends them) and are purged.

Scope is the principal id: a user's placeholders are stable across their conversations, and a
placeholder is only ever restored for the scope that made it.

Storage is a :class:`VaultStore` (the SQL one is :class:`annexa.db.vault.SqlVaultStore`; the
pure core holds no database code). Any storage failure raises :class:`VaultError`: the caller
must refuse the request (fail closed), never forward the clear value.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import threading
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol, TypeVar

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from annexa.errors import AnnexaError
from annexa.keys.envelope import Binding, SecretBox
from annexa.transform.placeholders import TOKEN_HEX, placeholder_entity

_T = TypeVar("_T")
FRESH_CACHE_SIZE = 65_536  # rows this process remembers having written

__all__ = [
    "AesGcmCipher",
    "Cipher",
    "EnvelopeCipher",
    "MemoryVaultStore",
    "Vault",
    "VaultEntry",
    "VaultError",
    "VaultStore",
]


class VaultError(AnnexaError):
    """The vault cannot write or read: the request is refused rather than sent in clear."""

    status_code = 503
    hint = "The pseudonym vault's database failed; nothing was forwarded. Check the database."


class Cipher(Protocol):
    """Authenticated encryption with associated data (``annexa.keys.envelope`` fits)."""

    def encrypt(self, plaintext: bytes, aad: bytes) -> bytes:
        """Ciphertext that only decrypts with the same ``aad``."""
        ...

    def decrypt(self, ciphertext: bytes, aad: bytes) -> bytes:
        """The plaintext; raises if the ciphertext or ``aad`` was altered."""
        ...


class EnvelopeCipher:
    """The key provider's envelope encryption (:class:`annexa.keys.envelope.SecretBox`).

    The associated data becomes the envelope's binding: table ``gateway_vault``, column
    ``value``, row ``scope_key:token:ENTITY``.
    """

    def __init__(self, box: SecretBox) -> None:
        self.box = box

    def encrypt(self, plaintext: bytes, aad: bytes) -> bytes:
        """Seal under a data key wrapped by the key provider."""
        return self.box.seal(plaintext, Binding("gateway_vault", "value", aad.decode()))

    def decrypt(self, ciphertext: bytes, aad: bytes) -> bytes:
        """Open; :class:`annexa.keys.interface.DecryptionError` when it does not authenticate."""
        return self.box.open(ciphertext, Binding("gateway_vault", "value", aad.decode()))


class AesGcmCipher:
    """AES-256-GCM under one raw key, ``nonce || ciphertext+tag`` (tests, development)."""

    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("AES-256-GCM needs a 32-byte key")
        self._aead = AESGCM(key)

    def encrypt(self, plaintext: bytes, aad: bytes) -> bytes:
        """Encrypt under a fresh nonce."""
        nonce = os.urandom(12)
        return nonce + self._aead.encrypt(nonce, plaintext, aad)

    def decrypt(self, ciphertext: bytes, aad: bytes) -> bytes:
        """Decrypt; ``cryptography.exceptions.InvalidTag`` when it does not authenticate."""
        return self._aead.decrypt(ciphertext[:12], ciphertext[12:], aad)


@dataclass(frozen=True, slots=True)
class VaultEntry:
    """One stored pseudonym.

    Attributes:
        scope_key: keyed hash of the scope (the principal id is not stored in clear).
        token: the placeholder's hex part.
        entity: the placeholder's entity part.
        digest: the full HMAC, to detect two values sharing a token (then the write fails).
        ciphertext: the encrypted value.
        expires_at: Unix time after which the row is ignored and purged.
    """

    scope_key: str
    token: str
    entity: str
    digest: str
    ciphertext: bytes
    expires_at: int


class VaultStore(Protocol):
    """Where vault rows live; implementations must be safe for concurrent writers."""

    def put(self, entries: Sequence[VaultEntry]) -> dict[str, str]:
        """Insert rows or extend their expiry; return token → digest as now stored."""
        ...

    def get(self, scope_key: str, tokens: Sequence[str], now: int) -> list[VaultEntry]:
        """Unexpired rows of ``scope_key`` among ``tokens``."""
        ...

    def purge_expired(self, now: int) -> int:
        """Delete expired rows; return how many."""
        ...


def normalise_value(value: str) -> str:
    """Values that differ only in case, width or spacing share a token."""
    return " ".join(unicodedata.normalize("NFKC", value).split()).casefold()


def row_aad(scope_key: str, token: str, entity: str) -> bytes:
    """Associated data binding a ciphertext to its row: ``scope_key:token:ENTITY``."""
    return f"{scope_key}:{token}:{entity}".encode()


class Vault:
    """Issues and resolves pseudonym tokens for one deployment (share one across requests)."""

    def __init__(
        self,
        store: VaultStore,
        cipher: Cipher,
        hmac_key: bytes,
        *,
        ttl_s: int = 7 * 24 * 3600,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if len(hmac_key) < 32:
            raise ValueError("the vault's HMAC key needs at least 32 bytes")
        self._store, self._cipher, self._key = store, cipher, hmac_key
        self.ttl_s, self._clock = ttl_s, clock
        self._fresh: OrderedDict[tuple[str, str], tuple[str, int]] = OrderedDict()
        self._lock = threading.Lock()

    def scope_key(self, scope: str) -> str:
        """Keyed hash of a scope, as stored."""
        return hmac.new(self._key, b"scope\0" + scope.encode(), hashlib.sha256).hexdigest()[:32]

    def digest(self, scope: str, entity: str, value: str) -> str:
        """The full HMAC of (scope, entity, normalised value); the token is its prefix."""
        msg = "\0".join(("token", scope, placeholder_entity(entity), normalise_value(value)))
        return hmac.new(self._key, msg.encode(), hashlib.sha256).hexdigest()

    def pseudonyms(self, scope: str, items: Iterable[tuple[str, str]]) -> list[str]:
        """Tokens for (entity, value) pairs, stored before they are returned.

        Raises :class:`VaultError` if the store fails or two values collide on a token.
        """
        pairs = list(items)
        if not pairs:
            return []
        now = int(self._clock())
        skey, expires = self.scope_key(scope), now + self.ttl_s
        entries: dict[str, VaultEntry] = {}
        tokens: list[str] = []
        for entity, value in pairs:
            digest = self.digest(scope, entity, value)
            token, label = digest[:TOKEN_HEX], placeholder_entity(entity)
            tokens.append(token)
            if token in entries and entries[token].digest != digest:
                raise VaultError("two values share a pseudonym token; refusing to mix them up")
            if token in entries or self._is_fresh(skey, token, digest, now):
                continue
            ct = self._cipher.encrypt(value.encode(), row_aad(skey, token, label))
            entries[token] = VaultEntry(skey, token, label, digest, ct, expires)
        if entries:
            stored = self._guarded(lambda: self._store.put(list(entries.values())))
            if any(stored.get(t) != e.digest for t, e in entries.items()):
                raise VaultError("a pseudonym token is taken by another value; refusing to mix")
            self._remember(entries.values())
        return tokens

    def _is_fresh(self, skey: str, token: str, digest: str, now: int) -> bool:
        """True when this process stored the row recently enough to skip writing it again.

        Conversations resend their history every turn; without this every turn would re-encrypt
        and re-write every value. A row is skipped only while more than half its lifetime is
        left, so it cannot expire between turns because of the skip.
        """
        with self._lock:
            hit = self._fresh.get((skey, token))
        return hit is not None and hit[0] == digest and hit[1] - now > self.ttl_s // 2

    def _remember(self, entries: Iterable[VaultEntry]) -> None:
        with self._lock:
            for e in entries:
                self._fresh[(e.scope_key, e.token)] = (e.digest, e.expires_at)
                self._fresh.move_to_end((e.scope_key, e.token))
            while len(self._fresh) > FRESH_CACHE_SIZE:
                self._fresh.popitem(last=False)

    def lookup(self, scope: str, tokens: Iterable[str]) -> dict[str, tuple[str, str]]:
        """token → (entity, value) for the scope's unexpired tokens; others are absent."""
        wanted = sorted(set(tokens))
        if not wanted:
            return {}
        skey = self.scope_key(scope)
        rows = self._guarded(lambda: self._store.get(skey, wanted, int(self._clock())))
        out: dict[str, tuple[str, str]] = {}
        for row in rows:
            aad = row_aad(row.scope_key, row.token, row.entity)
            try:
                out[row.token] = (row.entity, self._cipher.decrypt(row.ciphertext, aad).decode())
            except Exception as exc:  # a tampered row or a foreign key: never restore it
                raise VaultError(f"vault row does not decrypt ({type(exc).__name__})") from exc
        return out

    def purge_expired(self) -> int:
        """Delete expired rows; returns how many went."""
        return self._guarded(lambda: self._store.purge_expired(int(self._clock())))

    @staticmethod
    def _guarded(call: Callable[[], _T]) -> _T:
        try:
            return call()
        except VaultError:
            raise
        except Exception as exc:
            raise VaultError(f"vault storage failed: {type(exc).__name__}") from exc


class MemoryVaultStore:
    """A process-local store (tests, ``annexa policy test``); rows hold ciphertext only."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], VaultEntry] = {}
        self._lock = threading.Lock()

    def put(self, entries: Sequence[VaultEntry]) -> dict[str, str]:
        """Insert or extend, like the SQL store's upsert; a taken token keeps its row."""
        out: dict[str, str] = {}
        with self._lock:
            for e in entries:
                key = (e.scope_key, e.token)
                old = self.rows.get(key)
                if old is None:
                    self.rows[key] = e
                elif old.digest == e.digest:
                    self.rows[key] = replace(old, expires_at=max(old.expires_at, e.expires_at))
                out[e.token] = self.rows[key].digest
        return out

    def get(self, scope_key: str, tokens: Sequence[str], now: int) -> list[VaultEntry]:
        """Unexpired rows of the scope among ``tokens``."""
        with self._lock:
            rows = [self.rows.get((scope_key, t)) for t in tokens]
        return [r for r in rows if r is not None and r.expires_at > now]

    def purge_expired(self, now: int) -> int:
        """Drop expired rows."""
        with self._lock:
            gone = [k for k, r in self.rows.items() if r.expires_at <= now]
            for k in gone:
                del self.rows[k]
        return len(gone)
