"""RFC 6962 Merkle maths against the Certificate Transparency test vectors.

Vectors from transparency-dev/merkle (the successor of certificate-transparency-go/merkle):
``testonly/constants.go`` (leaf inputs, root hashes by size) and ``proof/verify_test.go``
(inclusion and consistency proofs; the inclusion vectors number leaves from 1).
"""

from __future__ import annotations

import pytest

from annexa.audit import merkle
from annexa.audit.merkle import CompactTree, ProofError

LEAVES = [bytes.fromhex(h) for h in ["", "00", "10", "2021", "3031", "40414243",
          "5051525354555657", "606162636465666768696a6b6c6d6e6f"]]  # fmt: skip
ROOTS = [bytes.fromhex(h) for h in [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]]  # fmt: skip
H = bytes.fromhex
INCLUSION = [  # (leaf number from 1, tree size, proof)
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (3, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (2, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]  # fmt: skip
CONSISTENCY = [
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    (6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
]  # fmt: skip
HASHED = [merkle.leaf_hash(leaf) for leaf in LEAVES]


@pytest.mark.parametrize("size", range(9))
def test_root_matches_vectors(size: int) -> None:
    assert merkle.root(HASHED[:size]) == ROOTS[size]


@pytest.mark.parametrize(("leaf", "size", "proof"), INCLUSION)
def test_inclusion_proof_matches_and_verifies(leaf: int, size: int, proof: list[str]) -> None:
    expected = [H(p) for p in proof]
    assert merkle.inclusion_proof(leaf - 1, HASHED[:size]) == expected
    merkle.verify_inclusion(leaf - 1, size, HASHED[leaf - 1], expected, ROOTS[size])


@pytest.mark.parametrize(("leaf", "size", "proof"), INCLUSION)
def test_corrupt_inclusion_proofs_fail(leaf: int, size: int, proof: list[str]) -> None:
    good = [H(p) for p in proof]
    index, root = leaf - 1, ROOTS[size]
    bad_cases = [
        (index + 1, size, HASHED[index], good, root),
        (index, size * 2, HASHED[index], good, root),
        (index, size, b"WrongLeaf", good, root),
        (index, size, HASHED[index], good, ROOTS[0]),
        (index, size, HASHED[index], [*good, root], root),
        (index, size, HASHED[index], [root, *good], root),
        (index, size, HASHED[index], good[:-1], root),
    ]
    for i in range(len(good)):
        flipped = list(good)
        flipped[i] = bytes([flipped[i][0] ^ 8]) + flipped[i][1:]
        bad_cases.append((index, size, HASHED[index], flipped, root))
    for case in bad_cases:
        with pytest.raises(ProofError):
            merkle.verify_inclusion(*case)


@pytest.mark.parametrize(("size1", "size2", "proof"), CONSISTENCY)
def test_consistency_proof_matches_and_verifies(size1: int, size2: int, proof: list[str]) -> None:
    expected = [H(p) for p in proof]
    assert merkle.consistency_proof(size1, HASHED[:size2]) == expected
    merkle.verify_consistency(size1, size2, expected, ROOTS[size1], ROOTS[size2])


@pytest.mark.parametrize(("size1", "size2", "proof"), CONSISTENCY)
def test_corrupt_consistency_proofs_fail(size1: int, size2: int, proof: list[str]) -> None:
    good = [H(p) for p in proof]
    r1, r2 = ROOTS[size1], ROOTS[size2]
    bad_cases = [
        (size1 + 1, size2, good, r1, r2),
        (size1, size2 * 2, good, r1, r2),
        (size1, size2, good, b"WrongRoot", r2),
        (size1, size2, good, r2, r1),
        (size1, size2, [], r1, r2),
        (size1, size2, [*good, r2], r1, r2),
        (size1, size2, [r1, *good], r1, r2),
        (size1, size2, good[:-1], r1, r2),
    ]
    for case in bad_cases:
        with pytest.raises(ProofError):
            merkle.verify_consistency(*case)


def test_trivial_consistency_cases() -> None:
    merkle.verify_consistency(0, 3, [], ROOTS[0], ROOTS[3])
    merkle.verify_consistency(4, 4, [], ROOTS[4], ROOTS[4])
    with pytest.raises(ProofError):
        merkle.verify_consistency(4, 4, [], ROOTS[4], ROOTS[5])
    with pytest.raises(ProofError):
        merkle.verify_consistency(5, 4, [], ROOTS[5], ROOTS[4])


def test_generated_proofs_verify_for_every_pair_of_a_larger_tree() -> None:
    leaves = [merkle.leaf_hash(i.to_bytes(4, "big")) for i in range(37)]
    roots = [merkle.root(leaves[:n]) for n in range(len(leaves) + 1)]
    for n in range(1, len(leaves) + 1):
        for m in range(n):
            merkle.verify_inclusion(
                m, n, leaves[m], merkle.inclusion_proof(m, leaves[:n]), roots[n]
            )
            proof = merkle.consistency_proof(m, leaves[:n])
            merkle.verify_consistency(m, n, proof, roots[m], roots[n])


def test_compact_tree_round_trips_and_resumes() -> None:
    tree = CompactTree()
    for h in HASHED[:5]:
        tree.append(h)
    resumed = CompactTree.from_bytes(tree.size, tree.to_bytes())
    for h in HASHED[5:]:
        resumed.append(h)
    assert resumed.root() == ROOTS[8]
    with pytest.raises(ProofError):
        CompactTree.from_bytes(5, tree.to_bytes()[:32])
