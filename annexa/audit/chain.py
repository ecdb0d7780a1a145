"""The hash chain: how each audit record is bound to everything before it. Pure, no I/O.

``hash(n) = SHA-256(DOMAIN || hash(n-1) || canonical(record n))`` with ``hash(0) = GENESIS``
(32 zero bytes) and ``canonical`` the RFC 8785 JSON Canonicalization Scheme. Each chain hash
is also a leaf of the RFC 6962 Merkle tree (:mod:`annexa.audit.merkle`) whose signed tree heads
are the checkpoints. :class:`ChainWalker` re-walks stored records and names the first one that
does not fit: a changed, missing, inserted or moved record, or a tail shorter than a checkpoint.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import orjson
import rfc8785

from annexa.audit.merkle import CompactTree, MerkleTree, leaf_hash

DOMAIN = b"annexa.audit.record.v1\x00"
GENESIS = bytes(32)


MAX_SAFE_INT = 2**53 - 1


def _is_plain(value: Any) -> bool:
    """True when stdlib JSON with sorted keys already is RFC 8785: ASCII keys, no floats,
    integers within ±2^53, no lone surrogates (the audit schema allows nothing else)."""
    if isinstance(value, str):
        return value.isascii() or not any(0xD800 <= ord(c) <= 0xDFFF for c in value)
    if isinstance(value, bool) or value is None:
        return True
    if isinstance(value, int):
        return -MAX_SAFE_INT <= value <= MAX_SAFE_INT
    if isinstance(value, dict):
        return all(k.isascii() and _is_plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_is_plain(v) for v in value)
    return False


def canonical(record: Mapping[str, Any]) -> bytes:
    """The RFC 8785 canonical JSON bytes of a record.

    Audit records are JSON without floats, so the standard library's sorted, compact output
    is already canonical and much faster; anything else goes through the ``rfc8785`` package.
    """
    data = dict(record)
    if _is_plain(data):
        return _sorted_compact(data)
    return rfc8785.dumps(data)


def _sorted_compact(data: Mapping[str, Any]) -> bytes:
    """``json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`` in UTF-8,
    byte for byte (its escapes are RFC 8785's: ``\\b \\t \\n \\f \\r``, other controls
    as lower-case ``\\u00xx``). orjson writes the same bytes for what a record holds (ASCII keys,
    strings, integers within ±2^53, booleans, null) ten times faster; what it cannot write (a
    lone surrogate) raises :class:`UnicodeEncodeError` as the standard library's encoding does."""
    try:
        return orjson.dumps(data, option=orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_SUBCLASS)
    except orjson.JSONEncodeError:
        text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return text.encode("utf-8")


def canonical_checked(record: Mapping[str, Any]) -> bytes:
    """:func:`canonical` for records made by :func:`annexa.audit.events.to_record`, which
    already guarantees ASCII keys, no floats and integers within ±2^53 (the fast path)."""
    try:
        return _sorted_compact(record)
    except UnicodeEncodeError:  # a lone surrogate: RFC 8785 decides
        return rfc8785.dumps(dict(record))


def record_hash(prev: bytes, canonical_record: bytes) -> bytes:
    """The chain hash of one record given the previous record's hash."""
    return hashlib.sha256(DOMAIN + prev + canonical_record).digest()


@dataclass(frozen=True, slots=True)
class TreeHead:
    """What a checkpoint commits to: tree ``size``, Merkle ``root``, and the chain ``head``."""

    size: int
    root: bytes
    head: bytes


CHANGED = "content or position was changed (chain hash mismatch)"


@dataclass(frozen=True, slots=True)
class Break:
    """The first record that does not verify, and why (for a person)."""

    seq: int
    reason: str

    def __str__(self) -> str:
        return f"record {self.seq}: {self.reason}"


class ChainWalker:
    """Re-walks records in ``seq`` order from a trusted starting point.

    Args:
        heads: tree heads of *verified* checkpoints by size; each is checked when the walk
            reaches its size.
        start: the state before the first record: the checkpoint the walk resumes from
            (after a retention purge), or the empty log.
        tree: the compact Merkle state at ``start``.
        collect: if given, every leaf hash walked is appended to it (for proofs), and
            checkpoints are checked by :meth:`check_collected` after the walk.
    """

    def __init__(
        self,
        heads: Mapping[int, TreeHead] | None = None,
        start: TreeHead | None = None,
        tree: CompactTree | None = None,
        collect: list[bytes] | None = None,
    ) -> None:
        self.collect = collect
        self.heads = dict(heads or {})
        self.prev = start.head if start else GENESIS
        self.tree = tree.copy() if tree else CompactTree()
        self.seq = self.tree.size
        self.last_checked = self.seq
        self.seen_heads: dict[int, bytes] = {}

    def feed(self, rows: Iterable[tuple[int, bytes, bytes]]) -> Break | None:
        """Check ``(seq, canonical record, stored hash)`` rows; the first :class:`Break` or None.

        When collecting leaves, checkpoint roots are checked afterwards by
        :meth:`check_collected` (one tree over all leaves is cheaper than a running one).
        """
        if self.collect is not None:
            return self._feed_collect(rows, self.collect)
        sha, domain, heads = hashlib.sha256, DOMAIN, self.heads
        nodes, size = self.tree.nodes, self.tree.size
        prev, expected = self.prev, self.seq + 1
        for seq, record, stored in rows:
            if seq != expected:
                self.tree.size = size
                return _gap(expected, seq)
            h = sha(domain + prev + record).digest()
            if h != stored:
                self.tree.size = size
                return Break(seq, CHANGED)
            node = sha(b"\x00" + h).digest()
            n = size  # CompactTree.append, inlined for speed
            while n & 1:
                node = sha(b"\x01" + nodes.pop() + node).digest()
                n >>= 1
            nodes.append(node)
            size += 1
            prev = h
            expected += 1
            if seq in heads:
                self.tree.size, self.prev, self.seq = size, prev, seq
                found = self._check_head(heads[seq], self.tree.root())
                if found:
                    return found
        self.tree.size = size
        self.prev, self.seq = prev, expected - 1
        return None

    def _feed_collect(
        self, rows: Iterable[tuple[int, bytes, bytes]], leaves: list[bytes]
    ) -> Break | None:
        sha, domain, heads, seen = hashlib.sha256, DOMAIN, self.heads, self.seen_heads
        prev, expected = self.prev, self.seq + 1
        for seq, record, stored in rows:
            if seq != expected:
                return _gap(expected, seq)
            h = sha(domain + prev + record).digest()
            if h != stored:
                return Break(seq, CHANGED)
            leaves.append(sha(b"\x00" + h).digest())
            prev = h
            expected += 1
            if seq in heads:
                seen[seq] = prev
        self.prev, self.seq = prev, expected - 1
        return None

    def check_collected(self) -> tuple[MerkleTree, Break | None]:
        """In collecting mode: the tree of all leaves walked, and the first checkpoint that
        does not match it."""
        tree = MerkleTree(self.collect or [])
        for size in sorted(self.seen_heads):
            self.prev = self.seen_heads[size]
            found = self._check_head(self.heads[size], tree.root(size))
            if found:
                return tree, found
        return tree, None

    def _check_head(self, head: TreeHead, root: bytes) -> Break | None:
        first = self.last_checked + 1
        self.last_checked = head.size
        if root != head.root or self.prev != head.head:
            return Break(
                first,
                f"records {first}..{head.size} do not match the signed checkpoint at size "
                f"{head.size} (rewritten; the first bad record is in this range)",
            )
        return None

    def finish(self, claimed_size: int) -> Break | None:
        """After the last row: catch a tail shorter than a checkpoint or the recorded head."""
        beyond = [size for size in self.heads if size > self.seq]
        if beyond:
            return Break(
                self.seq + 1,
                f"is missing: the log ends at {self.seq} but a signed checkpoint covers "
                f"{max(beyond)} records (tail truncated)",
            )
        if claimed_size > self.seq:
            return Break(
                self.seq + 1,
                f"is missing: the log ends at {self.seq}, its head says {claimed_size}",
            )
        return None


def _gap(expected: int, found: int) -> Break:
    what = "is missing" if found > expected else "is out of order or duplicated"
    return Break(expected, f"{what} (found record {found} next)")


def leaf_of(record_chain_hash: bytes) -> bytes:
    """The Merkle leaf hash of a record, from its chain hash."""
    return leaf_hash(record_chain_hash)
