"""The hash chain: canonical JSON, the chain hash, and the walker naming the first bad record."""

from __future__ import annotations

import hashlib
from typing import Any, cast

import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from annexa.audit import chain, merkle
from annexa.audit.chain import ChainWalker, TreeHead


def _log(n: int) -> tuple[list[tuple[int, bytes, bytes]], list[bytes]]:
    rows, prev, leaves = [], chain.GENESIS, []
    for seq in range(1, n + 1):
        rec = chain.canonical({"seq_note": seq, "event": "x", "a": [1, "é"]})
        h = chain.record_hash(prev, rec)
        rows.append((seq, rec, h))
        leaves.append(merkle.leaf_hash(h))
        prev = h
    return rows, leaves


def test_canonical_json_is_rfc8785() -> None:
    assert chain.canonical({"b": 1, "a": "é", "c": None}) == b'{"a":"\xc3\xa9","b":1,"c":null}'


def test_record_hash_uses_domain_prev_and_record() -> None:
    expected = hashlib.sha256(b"annexa.audit.record.v1\x00" + bytes(32) + b"{}").digest()
    assert chain.record_hash(chain.GENESIS, b"{}") == expected


def test_an_intact_log_verifies_with_its_checkpoints() -> None:
    rows, leaves = _log(10)
    heads = {n: TreeHead(n, merkle.root(leaves[:n]), rows[n - 1][2]) for n in (4, 10)}
    walker = ChainWalker(heads)
    assert walker.feed(rows[:5]) is None
    assert walker.feed(rows[5:]) is None
    assert walker.finish(10) is None


def test_modification_deletion_and_reordering_name_the_record() -> None:
    rows, _ = _log(6)
    changed = list(rows)
    changed[2] = (3, rows[2][1].replace(b"x", b"y"), rows[2][2])
    assert str(ChainWalker().feed(changed)).startswith("record 3: content")
    assert ChainWalker().feed(rows[:3] + rows[4:]) == chain.Break(
        4, "is missing (found record 5 next)"
    )
    swapped = [rows[0], (2, rows[2][1], rows[2][2]), (3, rows[1][1], rows[1][2]), *rows[3:]]
    found = ChainWalker().feed(swapped)
    assert found is not None
    assert found.seq == 2


def test_rewritten_chain_is_caught_by_the_checkpoint() -> None:
    rows, leaves = _log(8)
    heads = {8: TreeHead(8, merkle.root(leaves), rows[-1][2])}
    forged, prev = [], chain.GENESIS
    for seq, rec, _ in rows:
        body = rec.replace(b'"x"', b'"z"') if seq == 5 else rec
        prev = chain.record_hash(prev, body)
        forged.append((seq, body, prev))
    found = ChainWalker(heads).feed(forged)
    assert found is not None
    assert found.seq == 1
    assert "checkpoint at size 8" in found.reason


def test_truncated_tail_is_caught_by_checkpoint_and_head() -> None:
    rows, leaves = _log(8)
    walker = ChainWalker({8: TreeHead(8, merkle.root(leaves), rows[-1][2])})
    assert walker.feed(rows[:6]) is None
    found = walker.finish(6)
    assert found is not None
    assert found.seq == 7
    plain = ChainWalker()
    assert plain.feed(rows[:6]) is None
    assert plain.finish(8) == chain.Break(7, "is missing: the log ends at 6, its head says 8")


def test_walk_resumes_from_a_checkpoint() -> None:
    rows, leaves = _log(8)
    tree = merkle.CompactTree()
    for leaf in leaves[:4]:
        tree.append(leaf)
    start = TreeHead(4, tree.root(), rows[3][2])
    heads = {8: TreeHead(8, merkle.root(leaves), rows[-1][2])}
    assert ChainWalker(heads, start=start, tree=tree).feed(rows[4:]) is None
    assert ChainWalker(heads, start=start, tree=tree).feed(rows[5:]) is not None


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(), json_values, max_size=6))
def test_fast_canonical_json_equals_rfc8785(record: dict[str, object]) -> None:
    assert chain.canonical(record) == rfc8785.dumps(cast(Any, record))


ascii_keys = st.text(alphabet=st.characters(max_codepoint=127), max_size=8)
checked_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ascii_keys, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(ascii_keys, checked_values, max_size=6))
def test_checked_canonical_json_equals_rfc8785(record: dict[str, object]) -> None:
    assert chain.canonical_checked(record) == rfc8785.dumps(cast(Any, record))


def test_canonical_json_escapes_every_control_character_as_rfc8785() -> None:
    text = "".join(chr(i) for i in range(0x20)) + '"\\\x7f\u2028\u2029é😀'
    record = {"details": {"note": text, "n": -(2**53) + 1}, "actor": {"name": "Zoë"}}
    assert chain.canonical_checked(record) == rfc8785.dumps(cast(Any, record))
    assert chain.canonical(record) == rfc8785.dumps(cast(Any, record))
