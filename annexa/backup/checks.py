"""The checks ``annexa backup verify`` runs on a restored scratch database, in order.

Each check is a function ``(Scratch) -> CheckResult``; :data:`DEFAULT_CHECKS` is the list the CLI
runs, and an area with its own invariants appends a check of its own. ``app_start`` goes last
because it migrates the scratch database to the running code's schema.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from annexa.audit.chain import ChainWalker
from annexa.audit.queries import iter_records, read_checkpoints, read_head
from annexa.audit.verify import verify_database
from annexa.backup.interface import CheckResult
from annexa.backup.manifest import Manifest
from annexa.backup.snapshot import pg_counts, sqlite_counts, sqlite_integrity, sqlite_path
from annexa.db import upgrade


@dataclass(frozen=True, slots=True)
class Scratch:
    """A restored scratch database: its URL, an engine on it, and the backup's manifest."""

    url: str
    engine: Engine
    manifest: Manifest

    @property
    def is_sqlite(self) -> bool:
        """Whether the scratch database is a SQLite file."""
        return self.engine.dialect.name == "sqlite"


Check = Callable[[Scratch], CheckResult]


def integrity(scratch: Scratch) -> CheckResult:
    """SQLite ``PRAGMA integrity_check``; PostgreSQL: the restore ran in one transaction."""
    if scratch.is_sqlite:
        answer = sqlite_integrity(sqlite_path(scratch.url))
        return CheckResult("integrity", answer == "ok", f"PRAGMA integrity_check: {answer}")
    tables = inspect(scratch.engine).get_table_names()
    return CheckResult(
        "integrity", True, f"pg_restore --single-transaction succeeded; {len(tables)} tables"
    )


def row_counts(scratch: Scratch) -> CheckResult:
    """Every table has exactly the rows the manifest recorded at backup time."""
    found = sqlite_counts(sqlite_path(scratch.url)) if scratch.is_sqlite else pg_counts(scratch.url)
    expected = scratch.manifest.row_counts
    wrong = {t: (n, found.get(t)) for t, n in expected.items() if found.get(t) != n}
    if wrong:
        detail = "; ".join(f"{t}: expected {n}, found {m}" for t, (n, m) in sorted(wrong.items()))
        return CheckResult("row_counts", False, detail)
    return CheckResult(
        "row_counts", True, f"{len(expected)} tables, {sum(expected.values())} rows match"
    )


def audit_chain_check(public_key: bytes | None = None) -> Check:
    """The audit-chain check; with the checkpoint public key it is the audit area's full verify.

    With ``public_key``: :func:`annexa.audit.verify.verify_database` (chain, signed checkpoints,
    Merkle roots, consistency proofs). Without: the hash chain is re-walked up to its head and
    the checkpoints' tree heads are compared, but their signatures are not checked.
    """

    def audit_chain(scratch: Scratch) -> CheckResult:
        if "audit_head" not in inspect(scratch.engine).get_table_names():
            return CheckResult("audit_chain", True, "no audit log in this backup")
        if public_key is not None:
            report = verify_database(scratch.engine, public_key)
            if not report.ok:
                return CheckResult("audit_chain", False, report.first_problem())
            detail = f"{report.records} records, {report.checkpoints} signed checkpoints verified"
            return CheckResult("audit_chain", True, detail)
        return _walk(scratch)

    return audit_chain


def _walk(scratch: Scratch) -> CheckResult:
    with scratch.engine.connect() as conn:
        head = read_head(conn)
        if head is None or head.size == 0:
            return CheckResult("audit_chain", True, "audit log is empty")
        if head.purged_through:
            return CheckResult(
                "audit_chain", True, f"not walked: records up to {head.purged_through} purged"
            )
        walker = ChainWalker({cp.size: cp.tree_head for cp in read_checkpoints(conn)})
        for rows in iter_records(conn):
            broken = walker.feed(rows)
            if broken:
                return CheckResult("audit_chain", False, str(broken))
        broken = walker.finish(head.size)
    if broken:
        return CheckResult("audit_chain", False, str(broken))
    detail = f"{head.size} records chain to the recorded head (signatures not checked: no key)"
    return CheckResult("audit_chain", True, detail)


audit_chain = audit_chain_check()


def app_start(scratch: Scratch) -> CheckResult:
    """Annexa's migrations run on the restored database (the application can start on it)."""
    try:
        upgrade(scratch.engine)
    except Exception as exc:  # any failure here is the finding
        return CheckResult("app_start", False, f"migrations failed: {exc}")
    heads = ", ".join(scratch.manifest.schema_heads) or "none"
    return CheckResult("app_start", True, f"migrations ran (backup schema: {heads})")


DEFAULT_CHECKS: tuple[Check, ...] = (integrity, row_counts, audit_chain, app_start)


def default_checks(audit_public_key: bytes | None = None) -> tuple[Check, ...]:
    """:data:`DEFAULT_CHECKS`, with the audit checkpoint key when the caller has it."""
    return (integrity, row_counts, audit_chain_check(audit_public_key), app_start)
