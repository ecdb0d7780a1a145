"""Ed25519 signing keys held the same way as every other secret: sealed in ``key_secrets``.

For the signed evidence records (backup restore tests) and, when the audit area wants it, the
audit checkpoint key. The private key exists in clear only in memory; the database row holds the
:class:`~annexa.keys.envelope.SecretBox` ciphertext bound to the key's name, and the raw public key
so anyone can verify without the key provider.
"""

from __future__ import annotations

from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from annexa.keys.envelope import Binding, SecretBox
from annexa.keys.tables import SECRETS

KIND = "ed25519"


class SealedSigningKeys:
    """Named Ed25519 keys, created on first use, stored sealed in the database."""

    def __init__(self, engine: Engine, box: SecretBox) -> None:
        self.engine, self.box = engine, box

    def private_key(self, name: str) -> Ed25519PrivateKey:
        """The key called ``name``; made and stored (sealed) if it does not exist yet."""
        found = self._load(name)
        if found is not None:
            return found
        key = Ed25519PrivateKey.generate()
        row = {
            "name": name,
            "kind": KIND,
            "public": public_bytes(key.public_key()),
            "sealed": self.box.seal(key.private_bytes_raw(), _binding(name)),
            "created_at": datetime.now(UTC).isoformat(),
        }
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(SECRETS).values(**row))
        except IntegrityError:  # another process made it first: use theirs
            theirs = self._load(name)
            if theirs is None:
                raise
            return theirs
        return key

    def sign(self, name: str, data: bytes) -> tuple[bytes, bytes]:
        """``(signature, raw public key)`` of ``data`` under the key ``name``."""
        key = self.private_key(name)
        return key.sign(data), public_bytes(key.public_key())

    def _load(self, name: str) -> Ed25519PrivateKey | None:
        with self.engine.connect() as conn:
            sealed = conn.execute(select(SECRETS.c.sealed).where(SECRETS.c.name == name)).scalar()
        if sealed is None:
            return None
        return Ed25519PrivateKey.from_private_bytes(self.box.open(bytes(sealed), _binding(name)))


class SealedCheckpointSigner:
    """A :class:`annexa.audit.checkpoint.CheckpointSigner` whose key is sealed in the database
    by the key provider (instead of a PEM file in the data directory)."""

    def __init__(self, keys: SealedSigningKeys, name: str = "audit-checkpoint") -> None:
        self._key = keys.private_key(name)

    def sign(self, data: bytes) -> bytes:
        """The Ed25519 signature of ``data``."""
        return self._key.sign(data)

    def public_key_bytes(self) -> bytes:
        """The raw public key."""
        return public_bytes(self._key.public_key())


def public_bytes(key: Ed25519PublicKey) -> bytes:
    """The 32-byte raw public key."""
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def verify_signature(public: bytes, signature: bytes, data: bytes) -> bool:
    """Whether ``signature`` over ``data`` verifies under the raw Ed25519 ``public`` key."""
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def _binding(name: str) -> Binding:
    return Binding("key_secrets", "sealed", name)
