"""Compress-then-encrypt a file in chunks (gzip, AES-256-GCM), and the way back.

Each chunk of at most ``CHUNK`` compressed bytes is sealed separately with the backup's data key;
its nonce is the chunk number and its associated data the backup id, the chunk number and a
*last chunk* flag, so chunks cannot be reordered, dropped, swapped between backups or the file
truncated without decryption failing (the STREAM construction of Hoang, Reyhanitabar, Rogaway
and Vizár, "Online authenticated-encryption", CRYPTO 2015). On disk: ``u32 length | sealed``
repeated. SHA-256 of the plaintext and of the encrypted file are computed on the fly.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from annexa.keys.interface import DecryptionError

CHUNK = 1 << 20
READ = 1 << 20
Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class Digests:
    """Sizes and SHA-256 of the plaintext and of the encrypted file."""

    plain_size: int
    plain_sha256: str
    sealed_size: int
    sealed_sha256: str


def encrypt_file(
    src: Path,
    dst: Path,
    data_key: bytes,
    backup_id: str,
    level: int = 6,
    on_progress: Progress | None = None,
) -> Digests:
    """gzip ``src`` and seal it chunk by chunk into ``dst``."""
    aead, plain, sealed = AESGCM(data_key), hashlib.sha256(), hashlib.sha256()
    plain_size = sealed_size = 0
    compressor = zlib.compressobj(level, wbits=31)
    with src.open("rb") as fin, dst.open("wb") as fout:
        pending = b""
        index = 0
        for block in iter(lambda: fin.read(READ), b""):
            plain.update(block)
            plain_size += len(block)
            pending += compressor.compress(block)
            while len(pending) > CHUNK:
                sealed_size += _write(fout, sealed, aead, backup_id, index, pending[:CHUNK], False)
                pending, index = pending[CHUNK:], index + 1
            if on_progress:
                on_progress(len(block))
        pending += compressor.flush()
        sealed_size += _write(fout, sealed, aead, backup_id, index, pending, True)
    return Digests(plain_size, plain.hexdigest(), sealed_size, sealed.hexdigest())


def decrypt_file(
    src: Path, dst: Path, data_key: bytes, backup_id: str, on_progress: Progress | None = None
) -> Digests:
    """Open every chunk of ``src`` and gunzip into ``dst``; :class:`DecryptionError` if altered."""
    aead, plain, sealed = AESGCM(data_key), hashlib.sha256(), hashlib.sha256()
    plain_size = sealed_size = 0
    decompressor = zlib.decompressobj(wbits=31)
    with src.open("rb") as fin, dst.open("wb") as fout:
        for index, (body, last, raw_len) in enumerate(_chunks(fin, sealed)):
            sealed_size += raw_len
            try:
                data = aead.decrypt(_nonce(index), body, _aad(backup_id, index, last))
            except InvalidTag as exc:
                raise DecryptionError(f"backup chunk {index} did not authenticate") from exc
            out = decompressor.decompress(data)
            if last:
                out += decompressor.flush()
            fout.write(out)
            plain.update(out)
            plain_size += len(out)
            if on_progress:
                on_progress(raw_len)
        if not decompressor.eof:
            raise DecryptionError("backup ends before its last chunk (truncated)")
    return Digests(plain_size, plain.hexdigest(), sealed_size, sealed.hexdigest())


def sha256_file(path: Path) -> str:
    """SHA-256 of a file, streamed."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(READ), b""):
            digest.update(block)
    return digest.hexdigest()


def _write(
    fout: BinaryIO,
    digest: hashlib._Hash,
    aead: AESGCM,
    backup_id: str,
    index: int,
    data: bytes,
    last: bool,
) -> int:
    body = aead.encrypt(_nonce(index), data, _aad(backup_id, index, last))
    frame = struct.pack(">I", len(body)) + body
    fout.write(frame)
    digest.update(frame)
    return len(frame)


def _chunks(fin: BinaryIO, digest: hashlib._Hash) -> Iterator[tuple[bytes, bool, int]]:
    """``(sealed body, is last, frame length)``; the last flag is known by peeking one ahead."""
    frame = _read_frame(fin, digest)
    while frame is not None:
        following = _read_frame(fin, digest)
        yield frame, following is None, len(frame) + 4
        frame = following


def _read_frame(fin: BinaryIO, digest: hashlib._Hash) -> bytes | None:
    head = fin.read(4)
    if not head:
        return None
    if len(head) < 4:
        raise DecryptionError("backup file is truncated inside a chunk header")
    (length,) = struct.unpack(">I", head)
    if length > CHUNK + 64:
        raise DecryptionError("backup chunk header is corrupt (chunk too large)")
    body = fin.read(length)
    if len(body) != length:
        raise DecryptionError("backup file is truncated inside a chunk")
    digest.update(head + body)
    return body


def _nonce(index: int) -> bytes:
    return struct.pack(">IQ", 0, index)


def _aad(backup_id: str, index: int, last: bool) -> bytes:
    return b"annexa-backup\x00" + backup_id.encode() + struct.pack(">Q?", index, last)
