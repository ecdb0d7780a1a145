"""A.5.22: supplier reviews recorded in the register (``annexa suppliers review``)."""

from __future__ import annotations

from annexa.isms import suppliers
from annexa.isms.collectors.base import Collected, Context, as_evidence


class SupplierReviewCollector:
    """The latest review of every registered supplier, and which suppliers are overdue."""

    name = "supplier-reviews"
    controls: tuple[str, ...] = ("A.5.22",)
    valid_days = 90

    def collect(self, ctx: Context) -> Collected:
        """One item listing each supplier's last review and review due date."""
        found = suppliers.reviews(ctx.engine)
        registered = suppliers.list_suppliers(ctx.engine)
        if not found:
            return Collected(self.name, "no-data", "no supplier review recorded yet")
        latest: dict[str, suppliers.Review] = {}
        for review in found:  # newest first
            latest.setdefault(review.supplier, review)
        today = ctx.now.date()
        overdue = [s.name for s in registered if s.next_review and s.next_review < today]
        unreviewed = [s.name for s in registered if s.name not in latest]
        facts = {
            "latest": {
                name: {"reviewed_at": r.reviewed_at, "reviewer": r.reviewer, "outcome": r.outcome}
                for name, r in sorted(latest.items())
            },
            "overdue": overdue,
            "never_reviewed": unreviewed,
        }
        summary = (
            f"{len(latest)} of {len(registered)} suppliers reviewed; "
            f"{len(overdue)} overdue, {len(unreviewed)} never reviewed"
        )
        item = as_evidence(self, "AI supplier reviews", summary, facts, self.valid_days)
        return Collected(self.name, "ok", summary, (item,))
