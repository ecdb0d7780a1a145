"""A.8.15: re-verify the audit log's hash chain, signed checkpoints and Merkle proofs."""

from __future__ import annotations

from annexa.audit.checkpoint import key_id
from annexa.audit.signing import trusted_public_key
from annexa.audit.store import audit_engine
from annexa.audit.verify import verify_database
from annexa.db import database_url
from annexa.isms.collectors.base import Collected, Context, as_evidence


class AuditChainCollector:
    """Runs the same verifier as ``annexa audit verify``; a pass is evidence, a failure is not."""

    name = "audit-chain"
    controls: tuple[str, ...] = ("A.8.15",)
    valid_days = 7

    def collect(self, ctx: Context) -> Collected:
        """Verify the log in the database the settings name."""
        s = ctx.settings
        engine = audit_engine(database_url(s.data_dir, s.database_url), reader=True)
        try:
            public = trusted_public_key(s, engine)
            if public is None:
                return Collected(self.name, "no-data", "no audit signing key yet: nothing logged")
            report = verify_database(engine, public, s.audit.anchor_dir)
        finally:
            engine.dispose()
        if not report.ok:
            return Collected(self.name, "failed", f"audit log TAMPERED: {report.first_problem()}")
        if report.records == 0:
            return Collected(self.name, "no-data", "the audit log is empty")
        facts = {
            "verified_at": ctx.now.isoformat(timespec="seconds"),
            "records": report.records,
            "first_seq": report.first_seq,
            "last_seq": report.last_seq,
            "checkpoints": report.checkpoints,
            "proofs": report.proofs,
            "public_key_id": key_id(public),
            "result": "ok",
        }
        summary = (
            f"audit chain verified: records {report.first_seq}..{report.last_seq}, "
            f"{report.checkpoints} signed checkpoints, {report.proofs} proofs"
        )
        item = as_evidence(self, "Audit log verification", summary, facts, self.valid_days)
        return Collected(self.name, "ok", summary, (item,))
