"""Signed checkpoints: RFC 6962 tree heads signed with Ed25519, and the key that signs them.

A checkpoint's signed *note* is plain text, one field a line (after C2SP ``tlog-checkpoint``)::

    annexa.audit/v1
    <tree size>
    <base64 Merkle root>
    <base64 chain hash of record <size>>
    <RFC 3339 UTC time>

The signing key comes from a :class:`CheckpointSigner`, chosen by
:func:`annexa.audit.signing.checkpoint_signer`: by default the key is sealed by the key provider
(``annexa.keys.signing``); :class:`FileCheckpointSigner`, an Ed25519 key in a clear PEM file
(mode 0600) in the data directory, is the explicit, weaker ``audit.checkpoint_key: file``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from annexa.audit.chain import TreeHead
from annexa.audit.interface import AuditError

ORIGIN = "annexa.audit/v1"


class CheckpointSigner(Protocol):
    """Signs checkpoint notes with Ed25519."""

    def sign(self, data: bytes) -> bytes:
        """The 64-byte Ed25519 signature of ``data``."""

    def public_key_bytes(self) -> bytes:
        """The raw 32-byte Ed25519 public key."""


def key_id(public_key: bytes) -> str:
    """A short, stable name of a public key: the first 8 bytes of its SHA-256, in hex."""
    return hashlib.sha256(public_key).hexdigest()[:16]


class FileCheckpointSigner:
    """``audit.checkpoint_key: file``: an Ed25519 private key in a 0600 PEM file, in clear."""

    def __init__(self, key: Ed25519PrivateKey) -> None:
        self._key = key

    @classmethod
    def load_or_create(cls, path: Path) -> FileCheckpointSigner:
        """Load the key at ``path``, creating it (directory 0700, file 0600) on first use."""
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            pem = Ed25519PrivateKey.generate().private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(pem)
                handle.flush()
                os.fsync(handle.fileno())
            try:
                os.link(tmp, path)  # atomic: a racing process sees no key or a whole one
            except FileExistsError:
                pass  # another process won; use its key
            finally:
                tmp.unlink()
        if path.stat().st_mode & 0o077:
            raise AuditError(
                f"{path}: the checkpoint signing key is readable by others; chmod 600 it"
            )
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise AuditError(f"{path}: not an Ed25519 private key")
        return cls(key)

    def sign(self, data: bytes) -> bytes:
        """The Ed25519 signature of ``data``."""
        return self._key.sign(data)

    def public_key_bytes(self) -> bytes:
        """The raw public key."""
        return self._key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )


def public_key_pem(public_key: bytes) -> str:
    """The public key as a SubjectPublicKeyInfo PEM (for auditors and bundles)."""
    pem = Ed25519PublicKey.from_public_bytes(public_key).public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return pem.decode("ascii")


def load_public_key(path: Path) -> bytes:
    """A raw Ed25519 public key from a public PEM file, or from a private key file."""
    data = path.read_bytes()
    if b"PRIVATE KEY" in data:
        return FileCheckpointSigner.load_or_create(path).public_key_bytes()
    key = serialization.load_pem_public_key(data)
    if not isinstance(key, Ed25519PublicKey):
        raise AuditError(f"{path}: not an Ed25519 public key")
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A signed tree head plus the compact Merkle state (``tree``) that resumes a walk there."""

    size: int
    time: str
    root: bytes
    head: bytes
    tree: bytes
    key_id: str
    note: str
    signature: bytes

    @property
    def tree_head(self) -> TreeHead:
        """What the signature commits to."""
        return TreeHead(self.size, self.root, self.head)

    def to_json(self) -> dict[str, Any]:
        """A JSON form for the anchor directory and export bundles."""
        return {
            "size": self.size,
            "time": self.time,
            "root": _b64(self.root),
            "head": _b64(self.head),
            "tree": _b64(self.tree),
            "key_id": self.key_id,
            "note": self.note,
            "signature": _b64(self.signature),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Checkpoint:
        """The inverse of :meth:`to_json`."""
        raw = {k: base64.b64decode(data[k]) for k in ("root", "head", "tree", "signature")}
        return cls(
            size=int(data["size"]),
            time=str(data["time"]),
            key_id=str(data["key_id"]),
            note=str(data["note"]),
            **raw,
        )


def make_note(head: TreeHead, time: str) -> str:
    """The text a checkpoint signature covers."""
    return f"{ORIGIN}\n{head.size}\n{_b64(head.root)}\n{_b64(head.head)}\n{time}\n"


def sign_checkpoint(head: TreeHead, time: str, tree: bytes, signer: CheckpointSigner) -> Checkpoint:
    """Sign the tree head ``head`` at ``time``."""
    note = make_note(head, time)
    return Checkpoint(
        size=head.size,
        time=time,
        root=head.root,
        head=head.head,
        tree=tree,
        key_id=key_id(signer.public_key_bytes()),
        note=note,
        signature=signer.sign(note.encode("utf-8")),
    )


def check_checkpoint(cp: Checkpoint, public_key: bytes) -> str | None:
    """Why ``cp`` cannot be trusted under ``public_key``, or None if it verifies."""
    if cp.note != make_note(cp.tree_head, cp.time):
        return f"checkpoint {cp.size}: its fields do not match its signed note"
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(cp.signature, cp.note.encode())
    except (InvalidSignature, ValueError):
        return f"checkpoint {cp.size}: bad signature for key {key_id(public_key)}"
    return None


def write_anchor(directory: Path, cp: Checkpoint) -> None:
    """Copy a checkpoint to the external anchor directory (one JSON file each, fsynced)."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"checkpoint-{cp.size:015d}.json"
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        json.dump(cp.to_json(), handle, indent=1)
        handle.flush()
        os.fsync(handle.fileno())
    tmp.replace(path)


def read_anchor(directory: Path) -> list[Checkpoint]:
    """Every checkpoint in an anchor directory, in size order."""
    if not directory.is_dir():
        return []
    found = [
        Checkpoint.from_json(json.loads(p.read_text(encoding="utf-8")))
        for p in sorted(directory.glob("checkpoint-*.json"))
    ]
    return sorted(found, key=lambda cp: cp.size)
