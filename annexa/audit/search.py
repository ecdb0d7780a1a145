"""Search the audit log by time, actor, event name and outcome (``annexa audit search``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine

from annexa.audit.tables import EVENTS


@dataclass(frozen=True, slots=True)
class SearchFilter:
    """Filters; ``None`` matches anything. Times are RFC 3339 UTC as :func:`format_time` makes."""

    time_from: str | None = None
    time_to: str | None = None
    actor: str | None = None
    event: str | None = None
    outcome: str | None = None
    limit: int = 100


def _matches(record: dict[str, Any], f: SearchFilter) -> bool:
    actor = record["actor"]
    full = f"{actor['kind']}:{actor['id']}"
    return (
        (f.event is None or record["event"] == f.event)
        and (f.outcome is None or record["outcome"] == f.outcome)
        and (f.actor is None or f.actor in (full, actor["id"]))
        and (f.time_from is None or record["time"] >= f.time_from)
        and (f.time_to is None or record["time"] <= f.time_to)
    )


def search(engine: Engine, f: SearchFilter) -> list[tuple[int, dict[str, Any]]]:
    """Newest first, at most ``f.limit``: ``(seq, record)``.

    The indexed columns narrow the query; every result is then checked against its hashed
    record, so a row whose columns were edited is never shown as something it is not.
    """
    query = select(EVENTS.c.seq, EVENTS.c.record).order_by(EVENTS.c.seq.desc()).limit(f.limit)
    if f.time_from:
        query = query.where(EVENTS.c.time >= f.time_from)
    if f.time_to:
        query = query.where(EVENTS.c.time <= f.time_to)
    if f.event:
        query = query.where(EVENTS.c.event == f.event)
    if f.outcome:
        query = query.where(EVENTS.c.outcome == f.outcome)
    if f.actor:
        query = query.where(EVENTS.c.actor.in_([f.actor]) | EVENTS.c.actor.like(f"%:{f.actor}"))
    with engine.begin() as conn:
        rows = [(seq, json.loads(text)) for seq, text in conn.execute(query)]
    return [(seq, rec) for seq, rec in rows if _matches(rec, f)]
