"""A.8.11, A.8.12: what the gateway scanned, pseudonymized, redacted and blocked, by entity
type, counted from the audit log's ``ai-request`` events (the hashed records, not copies).

An ``ai-request`` event carries the request's overall decision and its finding counts per
entity type; "blocked by entity type" therefore counts the entities found in blocked requests.
Attachments (images, audio, files: what the scanner cannot read) are counted apart, by kind:
those the policy let through unscanned and those it refused.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine

from annexa.audit.events import format_time
from annexa.audit.tables import EVENTS
from annexa.isms.collectors.base import Collected, Context, as_evidence

DECISIONS = ("allow", "pseudonymize", "redact", "block")


@dataclass
class DlpStats:
    """Counts over a period. ``requests``: every ai-request event; ``scanned``: those whose
    every part was scanned; ``decisions``: requests per overall decision; ``entities``: per
    decision, entity type → findings; ``forwarded_unscanned`` and ``refused_unscanned``:
    attachments per kind that the policy let through unscanned, and that it refused."""

    requests: int = 0
    scanned: int = 0
    decisions: Counter[str] = field(default_factory=Counter)
    entities: dict[str, Counter[str]] = field(default_factory=dict)
    forwarded_unscanned: Counter[str] = field(default_factory=Counter)
    refused_unscanned: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready numbers."""
        return {
            "requests": self.requests,
            "scanned": self.scanned,
            "decisions": {d: self.decisions.get(d, 0) for d in DECISIONS} | dict(self.decisions),
            "entities_by_decision": {
                d: dict(sorted(c.items())) for d, c in sorted(self.entities.items())
            },
            "attachments": {
                "forwarded_unscanned": dict(sorted(self.forwarded_unscanned.items())),
                "refused": dict(sorted(self.refused_unscanned.items())),
            },
        }


def tally(records: Iterable[dict[str, Any]]) -> DlpStats:
    """Count ``ai-request`` records (canonical audit records as dicts). Pure."""
    stats = DlpStats()
    for record in records:
        if record.get("event") != "ai-request":
            continue
        details = record.get("details") or {}
        stats.requests += 1
        stats.scanned += bool(details.get("scanned"))
        decision = str(details.get("decision", "none"))
        stats.decisions[decision] += 1
        counts = stats.entities.setdefault(decision, Counter())
        for entity, n in (details.get("entities") or {}).items():
            counts[entity] += int(n)
        # a request refused carries its attachments too; only those of a request that went out
        # (status 0: in flight, or a success) left unscanned
        went = decision != "block" and int(details.get("status") or 0) < 400
        kinds = stats.forwarded_unscanned if went else stats.refused_unscanned
        for kind, n in (details.get("unscanned") or {}).items():
            kinds[kind] += int(n)
    return stats


def ai_requests(engine: Engine, since: str, until: str) -> Iterable[dict[str, Any]]:
    """The ``ai-request`` records with ``since <= time < until`` (RFC 3339 strings)."""
    query = (
        select(EVENTS.c.record)
        .where(EVENTS.c.event == "ai-request", EVENTS.c.time >= since, EVENTS.c.time < until)
        .order_by(EVENTS.c.seq)
    )
    with engine.connect() as conn:
        for (text,) in conn.execute(query):
            yield json.loads(text)


class DlpStatsCollector:
    """The last ``period_days`` of gateway decisions as evidence."""

    name = "dlp-stats"
    controls: tuple[str, ...] = ("A.8.11", "A.8.12")
    valid_days = 7
    period_days = 30

    def collect(self, ctx: Context) -> Collected:
        """Tally the period ending now."""
        since = format_time(ctx.now - timedelta(days=self.period_days))
        until = format_time(ctx.now + timedelta(seconds=1))
        stats = tally(ai_requests(ctx.engine, since, until))
        if stats.requests == 0:
            return Collected(self.name, "no-data", "no gateway requests in the audit log yet")
        d = stats.decisions
        summary = (
            f"{stats.requests} requests, {stats.scanned} scanned: {d['pseudonymize']} "
            f"pseudonymized, {d['redact']} redacted, {d['block']} blocked "
            f"(last {self.period_days} days)"
        )
        forwarded = sum(stats.forwarded_unscanned.values())
        refused = sum(stats.refused_unscanned.values())
        if forwarded or refused:
            summary += (
                f"; attachments the scanner cannot read: {forwarded} let through by policy, "
                f"{refused} refused"
            )
        facts = {"from": since, "until": until, **stats.as_dict()}
        item = as_evidence(self, "Data leakage prevention statistics", summary, facts,
                           self.valid_days)  # fmt: skip
        return Collected(self.name, "ok", summary, (item,))
