"""A.8.13: the latest restore tests (``annexa backup verify``), signatures checked."""

from __future__ import annotations

from annexa.backup.evidence import list_verifications
from annexa.isms.collectors.base import Collected, Context, as_evidence


class RestoreTestCollector:
    """The latest signed restore test, with the measured restore time against the RTO."""

    name = "restore-tests"
    controls: tuple[str, ...] = ("A.8.13",)
    valid_days = 90

    def collect(self, ctx: Context) -> Collected:
        """Evidence only from a passed test whose signature holds."""
        tests = list_verifications(ctx.engine, limit=10)
        if not tests:
            return Collected(self.name, "no-data", "no restore test recorded yet")
        latest = tests[0]
        if not latest.signature_valid:
            return Collected(self.name, "failed", "the latest restore test's signature is invalid")
        if not latest.record.get("passed"):
            return Collected(self.name, "failed", f"latest restore test failed: {latest.summary}")
        facts = {"latest": latest.record, "recent": [t.record for t in tests]}
        item = as_evidence(self, "Restore test", latest.summary, facts, self.valid_days)
        return Collected(self.name, "ok", latest.summary, (item,))
