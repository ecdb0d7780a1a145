"""The collector interface: what a collector gets, what it returns, and the runner."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, Protocol

from sqlalchemy.engine import Engine

from annexa.isms import evidence
from annexa.isms.evidence import Item, NewEvidence
from annexa.settings import Settings

__all__ = ["Collected", "Collector", "Context", "as_evidence", "run"]


@dataclass(frozen=True, slots=True)
class Context:
    """What a collector may read: the settings, the database, the time of the run."""

    settings: Settings
    engine: Engine
    now: datetime = field(default_factory=lambda: datetime.now(UTC))


@dataclass(frozen=True, slots=True)
class Collected:
    """A collector's result. ``no-data``: the system has nothing to show yet (said honestly,
    no item is made); ``failed``: the check ran and did not pass, or could not run."""

    name: str
    status: Literal["ok", "no-data", "failed"]
    message: str
    evidence: tuple[NewEvidence, ...] = ()
    stored: tuple[Item, ...] = ()


class Collector(Protocol):
    """Reads one kind of system record; ``controls`` are the controls its evidence supports."""

    name: str
    controls: tuple[str, ...]

    def collect(self, ctx: Context) -> Collected:
        """Look at the system and return evidence (not stored yet)."""
        ...


def as_evidence(
    collector: Collector, title: str, summary: str, facts: dict[str, Any], days: int
) -> NewEvidence:
    """Facts as canonical JSON evidence on the collector's controls, valid ``days``."""
    body = json.dumps(facts, sort_keys=True, ensure_ascii=False, indent=1).encode()
    return NewEvidence(collector.controls, collector.name, title, summary, body,
                       timedelta(days=days))  # fmt: skip


def run(
    ctx: Context,
    collectors: Sequence[Collector],
    on_done: Callable[[Collected], None] | None = None,
) -> list[Collected]:
    """Run each collector and store its evidence; one failing collector does not stop others."""
    results: list[Collected] = []
    for collector in collectors:
        try:
            result = collector.collect(ctx)
        except Exception as exc:  # a broken source is reported, never hidden
            result = Collected(collector.name, "failed", f"{type(exc).__name__}: {exc}")
        if result.evidence:
            with ctx.engine.begin() as conn:
                stored = [i for new in result.evidence for i in evidence.add(conn, new, ctx.now)]
            result = Collected(result.name, result.status, result.message, result.evidence,
                               tuple(stored))  # fmt: skip
        results.append(result)
        if on_done:
            on_done(result)
    return results
