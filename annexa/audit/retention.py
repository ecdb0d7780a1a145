"""Retention: purge whole checkpointed segments older than the retention period.

Only records up to a signed checkpoint are ever removed, so the chain stays verifiable from
that checkpoint (its compact Merkle state and head hash are the new trusted start). A purge is
itself audited (``audit-purged``, written before the rows go), never passes a forwarder's
cursor (undelivered events stay), and a legal hold stops it altogether.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select, update

from annexa.audit.events import AuditPurged, format_time, make_event
from annexa.audit.interface import SYSTEM, AuditError
from annexa.audit.queries import read_checkpoints, read_head
from annexa.audit.store import AuditLog
from annexa.audit.tables import CURSORS, EVENTS, HEAD


@dataclass(frozen=True, slots=True)
class PurgePlan:
    """Records ``purged_through + 1 .. through`` go (``records`` of them)."""

    through: int
    records: int
    cutoff: str


def plan_purge(
    log: AuditLog, retention_days: int, legal_hold: bool, now: datetime | None = None
) -> PurgePlan | None:
    """What a purge would remove now, or None (legal hold, or nothing old enough)."""
    if legal_hold:
        return None
    cutoff = format_time((now or datetime.now(UTC)) - timedelta(days=retention_days))
    with log.engine.begin() as conn:
        head = read_head(conn)
        if head is None:
            return None
        delivered = conn.execute(select(func.min(CURSORS.c.seq))).scalar()
        limit = head.size if delivered is None else min(head.size, int(delivered))
        sizes = [
            cp.size
            for cp in read_checkpoints(conn)
            if head.purged_through < cp.size <= limit and cp.time < cutoff
        ]
    if not sizes:
        return None
    through = max(sizes)
    return PurgePlan(through, through - head.purged_through, cutoff)


def purge(
    log: AuditLog, retention_days: int, legal_hold: bool, now: datetime | None = None
) -> PurgePlan | None:
    """Purge what :func:`plan_purge` finds; audited first. Returns the plan carried out."""
    plan = plan_purge(log, retention_days, legal_hold, now)
    if plan is None:
        return None
    log.append(
        make_event(
            AuditPurged(through_seq=plan.through, records=plan.records,
                        retention_days=retention_days),
            SYSTEM, "success",
        )
    )  # fmt: skip
    with log.engine.begin() as conn:  # the writer's lock on the head row
        head = read_head(conn, lock=True)
        if head is None or head.purged_through >= plan.through:
            raise AuditError("the audit log changed during the purge; run it again")
        conn.execute(delete(EVENTS).where(EVENTS.c.seq <= plan.through))
        conn.execute(update(HEAD).where(HEAD.c.id == 1).values(purged_through=plan.through))
    return plan
