"""Verify the audit log: in the database, or an exported bundle offline.

Both re-walk the chain from a trusted start (the empty log, or the checkpoint a retention purge
or an export starts from), check every checkpoint's Ed25519 signature against a trusted public
key, recompute every checkpoint's Merkle root from the records, compare against the external
anchor, and check RFC 6962 consistency proofs between checkpoints. The result names the first
record that does not fit.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from annexa.audit.chain import Break, ChainWalker, TreeHead, canonical
from annexa.audit.checkpoint import Checkpoint, check_checkpoint, key_id, read_anchor
from annexa.audit.merkle import (
    EMPTY_ROOT,
    CompactTree,
    MerkleTree,
    ProofError,
    verify_consistency,
    verify_inclusion,
)
from annexa.audit.queries import iter_records, read_checkpoints, read_head
from annexa.audit.tables import EVENTS

Progress = Callable[[int], None]
MAX_PROOF_LEAVES = 1_000_000  # ~130 MB of cached tree levels; above it roots only


@dataclass(slots=True)
class VerifyReport:
    """What a verification found: counts, the first broken record, other problems."""

    records: int = 0
    checkpoints: int = 0
    first_seq: int = 1
    last_seq: int = 0
    proofs: int = 0
    broken: Break | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return self.broken is None and not self.problems

    def first_problem(self) -> str:
        """The message to show first (the broken record if any)."""
        return str(self.broken) if self.broken else (self.problems[0] if self.problems else "")


TrustedKeys = bytes | Sequence[bytes]


def check_signatures(cps: Sequence[Checkpoint], trusted: TrustedKeys, report: VerifyReport) -> None:
    """Add a problem for every checkpoint not validly signed by one of the trusted keys
    (several after a key rotation; each checkpoint names its key by id)."""
    keys = {key_id(k): k for k in ([trusted] if isinstance(trusted, bytes) else trusted)}
    for cp in cps:
        key = keys.get(cp.key_id)
        if key is None:
            report.problems.append(
                f"checkpoint {cp.size}: bad signature: signed by key {cp.key_id}, which is not "
                f"a trusted key ({', '.join(keys)})"
            )
            continue
        problem = check_checkpoint(cp, key)
        if problem:
            report.problems.append(problem)


def _merge_anchor(
    heads: dict[int, TreeHead], anchor: Sequence[Checkpoint], report: VerifyReport
) -> None:
    for cp in anchor:
        known = heads.get(cp.size)
        if known is None:
            report.notes.append(f"checkpoint {cp.size} is only in the anchor (deleted from log?)")
            heads[cp.size] = cp.tree_head
        elif known != cp.tree_head:
            report.problems.append(f"checkpoint {cp.size} differs from its anchored copy")


def _start(cps: Sequence[Checkpoint], purged_through: int) -> tuple[TreeHead | None, CompactTree]:
    if purged_through == 0:
        return None, CompactTree()
    for cp in cps:
        if cp.size == purged_through:
            tree = CompactTree.from_bytes(cp.size, cp.tree)
            if tree.root() != cp.root:
                raise ProofError(f"checkpoint {cp.size}: stored Merkle state does not match root")
            return cp.tree_head, tree
    raise ProofError(f"records up to {purged_through} are gone but no checkpoint covers them")


def walk(
    batches: Iterable[list[tuple[int, bytes, bytes]]],
    heads: dict[int, TreeHead],
    start: TreeHead | None,
    tree: CompactTree,
    report: VerifyReport,
    claimed: int,
    progress: Progress | None = None,
) -> MerkleTree | None:
    """Feed record batches to a :class:`ChainWalker`; the whole tree when small enough for
    proofs (logs of up to ``MAX_PROOF_LEAVES`` walked from the start)."""
    keep: list[bytes] | None = [] if start is None and claimed <= MAX_PROOF_LEAVES else None
    walker = ChainWalker(heads, start=start, tree=tree, collect=keep)
    for rows in batches:
        found = walker.feed(rows)
        report.records += len(rows)
        if progress:
            progress(len(rows))
        if found:
            report.broken = found
            return None
    report.last_seq = walker.seq
    merkle_tree = None
    if keep is not None:
        merkle_tree, report.broken = walker.check_collected()
    report.broken = report.broken or walker.finish(claimed)
    return merkle_tree


def check_proofs(tree: MerkleTree, cps: Sequence[Checkpoint], report: VerifyReport) -> None:
    """Compute and check RFC 6962 proofs between every pair of consecutive checkpoints.

    For each pair: the consistency proof (the older tree head is a prefix of the newer) and
    the inclusion proof of the newer checkpoint's last record.
    """
    leaves = tree.levels[0]
    sizes = sorted({cp.size for cp in cps if cp.size <= len(leaves)})
    roots = {cp.size: cp.root for cp in cps}
    for old, new in zip([0, *sizes], sizes, strict=False):
        try:
            proof = tree.consistency_proof(old, new)
            verify_consistency(old, new, proof, roots.get(old, EMPTY_ROOT), roots[new])
            path = tree.inclusion_proof(new - 1, new)
            verify_inclusion(new - 1, new, leaves[new - 1], path, roots[new])
            report.proofs += 2
        except ProofError as exc:
            report.problems.append(str(exc))


def verify_database(
    engine: Engine,
    public_key: TrustedKeys,
    anchor_dir: Path | None = None,
    progress: Progress | None = None,
    on_total: Callable[[int], None] | None = None,
) -> VerifyReport:
    """Verify the log in ``engine``'s database (use a reader engine: one snapshot) against
    the trusted public key(s)."""
    report = VerifyReport()
    with engine.begin() as conn:
        head = read_head(conn)
        if head is None:
            report.notes.append("the audit log is empty")
            return report
        cps = read_checkpoints(conn)
        report.checkpoints = len(cps)
        report.first_seq = head.purged_through + 1
        if on_total:
            on_total(head.size - head.purged_through)
        check_signatures(cps, public_key, report)
        heads = {cp.size: cp.tree_head for cp in cps}
        if anchor_dir is not None:
            anchored = read_anchor(anchor_dir)
            check_signatures(anchored, public_key, report)
            _merge_anchor(heads, anchored, report)
        try:
            start, tree = _start(cps, head.purged_through)
        except ProofError as exc:
            report.broken = Break(head.purged_through, str(exc))
            return report
        rows = iter_records(conn, first=head.purged_through + 1)
        merkle_tree = walk(rows, heads, start, tree, report, head.size, progress)
        if report.broken is None and report.last_seq > head.size:
            report.broken = Break(
                head.size + 1, f"is beyond the chain head ({head.size}): inserted outside Annexa"
            )
        if report.broken is None and head.purged_through:
            _check_purge_event(conn, head.purged_through, report)
    if merkle_tree is not None and report.ok:
        check_proofs(merkle_tree, cps, report)
    return report


def _check_purge_event(conn: Connection, through: int, report: VerifyReport) -> None:
    query = select(EVENTS.c.record).where(EVENTS.c.event == "audit-purged")
    for (record,) in conn.execute(query):
        if json.loads(record)["details"].get("through_seq") == through:
            return
    report.broken = Break(through + 1, "records before it are gone without an audit-purged event")


def key_of(public_key: bytes) -> str:
    """The key id shown to the operator."""
    return key_id(public_key)


def verify_rows(
    lines: Iterable[dict[str, object]],
) -> Iterable[list[tuple[int, bytes, bytes]]]:
    """Bundle lines ``{"seq", "hash", "record"}`` as record batches for :func:`walk`."""
    batch: list[tuple[int, bytes, bytes]] = []
    for line in lines:
        record = line["record"]
        if not isinstance(record, dict):
            raise ProofError(f"bundle line {line.get('seq')}: the record is not a JSON object")
        batch.append((int(str(line["seq"])), canonical(record), bytes.fromhex(str(line["hash"]))))
        if len(batch) == 5000:
            yield batch
            batch = []
    if batch:
        yield batch
