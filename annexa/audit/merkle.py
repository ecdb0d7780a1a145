"""RFC 6962 Merkle trees over the audit log: tree head, inclusion and consistency proofs.

Pure functions, no I/O. The hashing follows RFC 6962 §2.1 (SHA-256, leaf prefix ``0x00``,
node prefix ``0x01``, the empty tree hashes to ``SHA-256("")``); proof generation follows its
``PATH`` and ``PROOF`` definitions and verification the algorithms of RFC 9162 §2.1.3.2 and
§2.1.4.2. :class:`CompactTree` keeps only the ``popcount(size)`` perfect-subtree roots, so an
appending log can compute its tree head in O(log n) memory, and resume from a stored state.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()


class ProofError(ValueError):
    """A proof or a compact-tree state does not verify or is malformed."""


def leaf_hash(data: bytes) -> bytes:
    """``SHA-256(0x00 || data)``: the hash of one leaf."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """``SHA-256(0x01 || left || right)``: the hash of an interior node."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two strictly below ``n`` (``n`` ≥ 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def root(leaves: Sequence[bytes]) -> bytes:
    """MTH(D[n]) of a list of leaf hashes (RFC 6962 §2.1).

    Computed level by level: pair neighbours, promote an unpaired last node; for RFC 6962's
    left-full trees this is the same tree as the recursive definition.
    """
    if not leaves:
        return EMPTY_ROOT
    level, sha = list(leaves), hashlib.sha256
    while len(level) > 1:
        paired = [
            sha(b"\x01" + level[i] + level[i + 1]).digest() for i in range(0, len(level) - 1, 2)
        ]
        if len(level) & 1:
            paired.append(level[-1])
        level = paired
    return level[0]


class MerkleTree:
    """A whole tree in memory with every perfect subtree hash cached by level.

    Building it costs one hash per leaf; then ``root``, ``inclusion_proof`` and
    ``consistency_proof`` for any tree size cost O(log² n): verify checks a proof between every
    pair of consecutive checkpoints of a million-record log in well under a second.
    """

    def __init__(self, leaves: Sequence[bytes]) -> None:
        self.levels: list[list[bytes]] = [list(leaves)]
        sha = hashlib.sha256
        while len(self.levels[-1]) > 1:
            low = self.levels[-1]
            self.levels.append(
                [sha(b"\x01" + low[i] + low[i + 1]).digest() for i in range(0, len(low) - 1, 2)]
            )

    @property
    def size(self) -> int:
        """How many leaves the tree holds."""
        return len(self.levels[0])

    def _mth(self, lo: int, hi: int) -> bytes:
        n = hi - lo
        if n & (n - 1) == 0 and lo % n == 0:
            return self.levels[n.bit_length() - 1][lo // n]
        k = _split(n)
        return node_hash(self._mth(lo, lo + k), self._mth(lo + k, hi))

    def root(self, size: int | None = None) -> bytes:
        """MTH of the first ``size`` leaves (default: all)."""
        size = self.size if size is None else size
        return EMPTY_ROOT if size == 0 else self._mth(0, size)

    def _path(self, index: int, lo: int, hi: int) -> list[bytes]:
        if hi - lo == 1:
            return []
        k = _split(hi - lo)
        if index < lo + k:
            return [*self._path(index, lo, lo + k), self._mth(lo + k, hi)]
        return [*self._path(index, lo + k, hi), self._mth(lo, lo + k)]

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """PATH(m, D[n]) for leaf ``index`` in the tree of the first ``size`` leaves."""
        size = self.size if size is None else size
        if not 0 <= index < size <= self.size:
            raise ProofError(f"leaf {index} is not in a tree of size {size}")
        return self._path(index, 0, size)

    def _subproof(self, m: int, lo: int, hi: int, complete: bool) -> list[bytes]:
        if m == hi - lo:
            return [] if complete else [self._mth(lo, hi)]
        k = _split(hi - lo)
        if m <= k:
            return [*self._subproof(m, lo, lo + k, complete), self._mth(lo + k, hi)]
        return [*self._subproof(m - k, lo + k, hi, False), self._mth(lo, lo + k)]

    def consistency_proof(self, size1: int, size2: int | None = None) -> list[bytes]:
        """PROOF(m, D[n]): the tree of ``size1`` leaves is a prefix of the tree of ``size2``."""
        size2 = self.size if size2 is None else size2
        if not 0 <= size1 <= size2 <= self.size:
            raise ProofError(f"no consistency proof from {size1} to {size2}")
        if size1 in (0, size2):
            return []
        return self._subproof(size1, 0, size2, True)


def inclusion_proof(index: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PATH(m, D[n]): the audit path of leaf ``index`` (0-based) in the tree of ``leaves``."""
    return MerkleTree(leaves).inclusion_proof(index)


def consistency_proof(size1: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PROOF(m, D[n]): shows the tree of the first ``size1`` leaves is a prefix of ``leaves``."""
    if not 0 <= size1 <= len(leaves):
        raise ProofError(f"size {size1} is larger than the tree ({len(leaves)})")
    return MerkleTree(leaves).consistency_proof(size1)


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], root_hash: bytes
) -> None:
    """Raise :class:`ProofError` unless ``proof`` puts ``leaf`` at ``index`` under the root."""
    if not 0 <= index < size:
        raise ProofError(f"leaf {index} is not in a tree of size {size}")
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise ProofError("inclusion proof is too long")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0 or r != root_hash:
        raise ProofError(f"inclusion proof for leaf {index} of {size} does not verify")


def verify_consistency(
    size1: int, size2: int, proof: Sequence[bytes], root1: bytes, root2: bytes
) -> None:
    """Raise :class:`ProofError` unless the tree ``(size1, root1)`` is a prefix of ``size2``."""
    if size1 > size2:
        raise ProofError(f"tree size went back from {size1} to {size2}")
    if size1 == size2:
        if proof or root1 != root2:
            raise ProofError(f"two different roots for the same size {size1}")
        return
    if size1 == 0:
        if proof:
            raise ProofError("a proof from the empty tree must be empty")
        return
    if not proof:
        raise ProofError("empty consistency proof")
    path = list(proof)
    if size1 & (size1 - 1) == 0:
        path.insert(0, root1)
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("consistency proof is too long")
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0 or fr != root1 or sr != root2:
        raise ProofError(f"consistency proof {size1} -> {size2} does not verify")


class CompactTree:
    """An append-only Merkle tree that keeps only its perfect-subtree roots (left to right)."""

    __slots__ = ("nodes", "size")

    def __init__(self, size: int = 0, nodes: Sequence[bytes] = ()) -> None:
        if len(nodes) != size.bit_count() or any(len(n) != HASH_SIZE for n in nodes):
            raise ProofError(f"a compact tree of size {size} needs {size.bit_count()} hashes")
        self.size = size
        self.nodes = list(nodes)

    def append(self, leaf: bytes) -> None:
        """Add one leaf hash (already ``leaf_hash``-ed)."""
        size, h, nodes = self.size, leaf, self.nodes
        while size & 1:
            h = node_hash(nodes.pop(), h)
            size >>= 1
        nodes.append(h)
        self.size += 1

    def root(self) -> bytes:
        """The tree head hash of the leaves appended so far."""
        if not self.nodes:
            return EMPTY_ROOT
        h = self.nodes[-1]
        for n in reversed(self.nodes[:-1]):
            h = node_hash(n, h)
        return h

    def to_bytes(self) -> bytes:
        """The state as bytes (the hashes concatenated), for storage beside the size."""
        return b"".join(self.nodes)

    @classmethod
    def from_bytes(cls, size: int, data: bytes) -> CompactTree:
        """Rebuild a state stored with :meth:`to_bytes`."""
        nodes = [data[i : i + HASH_SIZE] for i in range(0, len(data), HASH_SIZE)]
        return cls(size, nodes)

    def copy(self) -> CompactTree:
        """An independent copy."""
        return CompactTree(self.size, self.nodes)
