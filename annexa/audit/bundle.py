"""Export bundles: a slice of the log an auditor verifies offline, no database needed.

A bundle is a directory::

    events.jsonl       {"seq": n, "hash": "<hex chain hash>", "record": {...}} one a line
    checkpoints.jsonl  the signed checkpoints covering the slice (and the one it starts from)
    public-key.pem     the Ed25519 key the checkpoints are signed with
    manifest.json      range, start checkpoint, SHA-256 of every file
    README.md          how to verify it, for the auditor

The slice is widened to checkpoint boundaries so it verifies on its own: it starts right after
the last checkpoint at or before ``--from`` and ends at the first checkpoint at or after
``--to`` (or at the log's end, whose tail a later checkpoint will cover).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from annexa.audit.checkpoint import Checkpoint, key_id, load_public_key, public_key_pem
from annexa.audit.merkle import CompactTree, ProofError
from annexa.audit.queries import iter_records, read_checkpoints, read_head
from annexa.audit.tables import EVENTS
from annexa.audit.verify import (
    Progress,
    TrustedKeys,
    VerifyReport,
    check_proofs,
    check_signatures,
    verify_rows,
    walk,
)

README = """# Annexa audit log bundle

Records {first}..{last} of an Annexa audit log (A.8.15), exported {when}.

- `events.jsonl`: one record a line, with its position (`seq`) and chain hash. Each chain hash is
  SHA-256("annexa.audit.record.v1\\0" || previous hash || RFC 8785 canonical JSON of the record).
- `checkpoints.jsonl`: RFC 6962 Merkle tree heads over the chain hashes, Ed25519-signed.
- `public-key.pem`: the signing key, key id `{key_id}`. Compare this id with the one the
  operator published (e.g. `annexa audit verify` prints it) before trusting the bundle.
- `manifest.json`: the range and the SHA-256 of every file.

Verify: `annexa audit verify --bundle .` (add `--public-key KEY.pem` with the key you trust).
"""


@dataclass(frozen=True, slots=True)
class BundleRange:
    """The records a bundle holds and the checkpoint (size, 0 for none) it starts from."""

    first: int
    last: int
    start: int


def plan_range(engine: Engine, time_from: str | None, time_to: str | None) -> BundleRange:
    """Map RFC 3339 bounds to a checkpoint-aligned ``seq`` range."""
    with engine.begin() as conn:
        head = read_head(conn)
        sizes = [cp.size for cp in read_checkpoints(conn)]
        lo = conn.execute(
            select(func.min(EVENTS.c.seq)).where(EVENTS.c.time >= (time_from or ""))
        ).scalar()
        hi_query = select(func.max(EVENTS.c.seq))
        if time_to:
            hi_query = hi_query.where(EVENTS.c.time <= time_to)
        hi = conn.execute(hi_query).scalar()
    floor = head.purged_through if head else 0
    size = head.size if head else 0
    if lo is None or hi is None or lo > hi:
        return BundleRange(floor + 1, floor, floor)
    start = max([s for s in sizes if floor <= s < lo], default=floor)
    end = min([s for s in sizes if s >= hi], default=size)
    return BundleRange(start + 1, end, start)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def export_bundle(
    engine: Engine,
    out: Path,
    public_key: bytes,
    rng: BundleRange,
    exported_at: str,
) -> dict[str, Any]:
    """Write the bundle for ``rng`` into ``out`` (created); return its manifest."""
    out.mkdir(parents=True, exist_ok=True)
    with engine.begin() as conn:
        cps = [
            cp for cp in read_checkpoints(conn) if rng.start <= cp.size <= max(rng.last, rng.start)
        ]
        with (out / "events.jsonl").open("w", encoding="utf-8") as handle:
            for rows in iter_records(conn, first=rng.first, last=rng.last):
                for seq, record, chain_hash in rows:
                    line = {"seq": seq, "hash": chain_hash.hex(), "record": json.loads(record)}
                    handle.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
    with (out / "checkpoints.jsonl").open("w", encoding="utf-8") as handle:
        for cp in cps:
            handle.write(json.dumps(cp.to_json(), sort_keys=True) + "\n")
    (out / "public-key.pem").write_text(public_key_pem(public_key), encoding="ascii")
    (out / "README.md").write_text(
        README.format(first=rng.first, last=rng.last, when=exported_at, key_id=key_id(public_key)),
        encoding="utf-8",
    )
    names = ["events.jsonl", "checkpoints.jsonl", "public-key.pem", "README.md"]
    manifest = {
        "format": "annexa-audit-bundle/1",
        "first_seq": rng.first,
        "last_seq": rng.last,
        "start_checkpoint": rng.start,
        "exported_at": exported_at,
        "files": {name: _sha256(out / name) for name in names},
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def verify_bundle(
    directory: Path, public_key: TrustedKeys | None = None, progress: Progress | None = None
) -> VerifyReport:
    """Verify a bundle offline; ``public_key`` (one or several) replaces the bundle's key."""
    report = VerifyReport()
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    for name, digest in manifest["files"].items():
        if _sha256(directory / name) != digest:
            report.problems.append(f"{name}: does not match the manifest's SHA-256")
    key = public_key
    if key is None:
        key = load_public_key(directory / "public-key.pem")
        report.notes.append(
            f"trusting the bundle's own key {key_id(key)}: compare it with the key id the "
            "operator published, or pass --public-key"
        )
    cps = [Checkpoint.from_json(d) for d in _lines(directory / "checkpoints.jsonl")]
    report.checkpoints, report.first_seq = len(cps), manifest["first_seq"]
    check_signatures(cps, key, report)
    start_size = manifest["start_checkpoint"]
    start, tree = None, CompactTree()
    if start_size:
        found = [cp for cp in cps if cp.size == start_size]
        if not found:
            report.problems.append(f"the start checkpoint {start_size} is missing")
            return report
        start, tree = found[0].tree_head, CompactTree.from_bytes(start_size, found[0].tree)
        if tree.root() != found[0].root:
            report.problems.append(str(ProofError("start checkpoint state does not match root")))
            return report
    heads = {cp.size: cp.tree_head for cp in cps}
    rows = verify_rows(_lines(directory / "events.jsonl"))
    merkle_tree = walk(rows, heads, start, tree, report, manifest["last_seq"], progress)
    if report.last_seq > max(heads, default=0):
        report.notes.append(f"records after {max(heads, default=0)} are not yet checkpointed")
    if merkle_tree is not None and report.ok:
        check_proofs(merkle_tree, cps, report)
    return report
