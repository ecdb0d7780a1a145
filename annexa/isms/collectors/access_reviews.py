"""A.5.18: access review campaigns (``annexa reviews``): completion rates and revocations."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import func, inspect, select

from annexa.identity.tables import ACCESS_REVIEW_ITEMS, ACCESS_REVIEW_PROGRESS, ACCESS_REVIEWS
from annexa.isms.collectors.base import Collected, Context, as_evidence

LATEST = 5  # campaigns reported


class AccessReviewCollector:
    """The latest campaigns: completion rate (decided / total) and its history, revocations by
    kind, due and closing dates. "no data" until a campaign exists; never a made-up figure."""

    name = "access-reviews"
    controls: tuple[str, ...] = ("A.5.18",)
    valid_days = 120  # a quarterly review, with a month's grace

    def collect(self, ctx: Context) -> Collected:
        """One item over the latest campaigns; its summary leads with the newest."""
        if "access_reviews" not in inspect(ctx.engine).get_table_names():
            return Collected(
                self.name, "no-data", "no data: this installation does not record access reviews"
            )
        query = select(ACCESS_REVIEWS).order_by(
            ACCESS_REVIEWS.c.created_at.desc(), ACCESS_REVIEWS.c.id
        )
        with ctx.engine.connect() as conn:
            rows = conn.execute(query.limit(LATEST)).all()
            if not rows:
                return Collected(self.name, "no-data", "no data: no access review started yet")
            ids = [r.id for r in rows]
            by_kind = conn.execute(
                select(ACCESS_REVIEW_ITEMS.c.campaign_id, ACCESS_REVIEW_ITEMS.c.kind, func.count())
                .where(
                    ACCESS_REVIEW_ITEMS.c.campaign_id.in_(ids),
                    ACCESS_REVIEW_ITEMS.c.decision == "revoke",
                )
                .group_by(ACCESS_REVIEW_ITEMS.c.campaign_id, ACCESS_REVIEW_ITEMS.c.kind)
            ).all()
            progress = conn.execute(
                select(ACCESS_REVIEW_PROGRESS)
                .where(ACCESS_REVIEW_PROGRESS.c.campaign_id.in_(ids))
                .order_by(ACCESS_REVIEW_PROGRESS.c.id)
            ).all()
        revoked: dict[str, Counter[str]] = {i: Counter() for i in ids}
        for campaign_id, kind, count in by_kind:
            revoked[campaign_id][kind] += int(count)
        history: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
        for p in progress:
            history[p.campaign_id].append(
                {"at": p.recorded_at, "decided": p.decided, "total": p.total, "revoked": p.revoked}
            )
        moment = ctx.now.isoformat(timespec="seconds")
        campaigns = []
        for r in rows:
            status = "closed" if r.closed_at else ("overdue" if r.due_at < moment else "open")
            campaigns.append(
                {
                    "id": r.id,
                    "name": r.name,
                    "reviewer": r.reviewer,
                    "started_at": r.created_at,
                    "due_at": r.due_at,
                    "closed_at": r.closed_at,
                    "status": status,
                    "total": r.total,
                    "decided": r.decided,
                    "completion": round(r.decided / r.total, 4) if r.total else 1.0,
                    "revoked": r.revoked,
                    "revoked_by_kind": dict(sorted(revoked[r.id].items())),
                    "history": history[r.id][-100:],
                }
            )
        summary = "; ".join(_line(c) for c in campaigns)
        facts = {"campaigns": campaigns}
        item = as_evidence(self, "Access reviews", summary, facts, self.valid_days)
        return Collected(self.name, "ok", summary, (item,))


def _line(c: dict[str, Any]) -> str:
    percent = round(100 * c["completion"])
    return (
        f"{c['name']}: {c['decided']} of {c['total']} items decided ({percent}%), "
        f"{c['revoked']} revoked, {c['status']}"
    )
