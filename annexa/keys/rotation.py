"""Rotate, re-wrap and retire master-key versions, each one recorded as A.8.24 evidence.

:class:`KeyManager` is what ``annexa keys`` and the admin API call. Every operation writes a row
to ``key_events`` (the evidence trail) and, when a sink is injected, a ``key-operation`` audit
event (the audit schema's :class:`~annexa.audit.events.KeyOperation`, ``operation`` one of
``rotate``, ``rewrap``, ``retire``, ``retire-refused``) with ``control: A.8.24``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from annexa.audit.events import KeyOperation, make_event
from annexa.audit.interface import SYSTEM, Actor, AuditSink, Outcome
from annexa.keys.envelope import SecretBox
from annexa.keys.interface import KeyProvider, KeyVersionInUse
from annexa.keys.registry import (
    KNOWN_COLUMNS,
    EncryptedColumn,
    RewrapResult,
    count_values,
    rewrap,
    usage,
)
from annexa.keys.tables import KEY_EVENTS

UsageSource = Callable[[Engine], Counter[str]]


class KeyManager:
    """Key operations over one provider and one database, with evidence for each.

    Args:
        provider: the master-key provider.
        engine: the Annexa database (migrated).
        sink: where audit events go (the audit log); None records ``key_events`` only.
        columns: the encrypted columns to re-wrap and count.
        usage_sources: more users of key versions (backups), each ``engine -> Counter``.
        actor: who is acting (the CLI user, an admin); Annexa itself by default.
    """

    def __init__(
        self,
        provider: KeyProvider,
        engine: Engine,
        *,
        sink: AuditSink | None = None,
        columns: Sequence[EncryptedColumn] = KNOWN_COLUMNS,
        usage_sources: Sequence[UsageSource] = (),
        actor: Actor = SYSTEM,
    ) -> None:
        self.provider, self.engine, self.sink = provider, engine, sink
        self.box = SecretBox(provider)
        self.columns, self.usage_sources, self.actor = columns, usage_sources, actor

    def rotate(self) -> str:
        """A new current version; old versions keep decrypting until retired."""
        old = self.provider.current_version()
        new = self.provider.rotate()
        self.box.forget()
        self._record("rotate", "success", {"old_version": old, "new_version": new})
        return new

    def pending(self) -> int:
        """How many sealed values the re-wrap pass will look at."""
        return count_values(self.engine, self.columns)

    def rewrap(self, on_progress: Callable[[int], None] | None = None) -> RewrapResult:
        """Move every registered value to the current version."""
        result = rewrap(self.engine, self.box, self.columns, on_progress)
        self._record(
            "rewrap",
            "success" if result.unreadable == 0 else "error",
            {
                "version": self.provider.current_version(),
                "scanned": result.scanned,
                "rewrapped": result.rewrapped,
                "unreadable": result.unreadable,
            },
        )
        return result

    def usage(self) -> Counter[str]:
        """Values (and backups) per key version."""
        counts = usage(self.engine, self.columns)
        for source in self.usage_sources:
            counts.update(source(self.engine))
        return counts

    def retire(self, version: str) -> None:
        """Retire ``version``; refused (and audited) while anything still needs it."""
        values = usage(self.engine, self.columns).get(version, 0)
        others = sum(source(self.engine).get(version, 0) for source in self.usage_sources)
        if values or others:
            details = {"version": version, "in_use": values, "backups": others}
            self._record("retire-refused", "denied", details)
            if values:
                raise KeyVersionInUse(f"key version {version} still protects {values} value(s)")
            raise KeyVersionInUse(
                f"key version {version} is needed to restore {others} backup(s)",
                hint="Retire it once those backups have expired: `annexa backup forget ID` "
                "removes a deleted backup from the catalog.",
            )
        self.provider.retire(version)
        self._record("retire", "success", {"version": version})

    def events(self, limit: int = 50) -> list[dict[str, Any]]:
        """The latest key events, newest first."""
        query = select(KEY_EVENTS).order_by(KEY_EVENTS.c.id.desc()).limit(limit)
        with self.engine.connect() as conn:
            return [
                {"time": r.time, "event": r.event, "provider": r.provider, **json.loads(r.details)}
                for r in conn.execute(query)
            ]

    def _record(self, operation: str, outcome: Outcome, details: dict[str, Any]) -> None:
        version = str(details.get("new_version") or details.get("version") or "")
        record = {"operation": operation, "control": "A.8.24", **details}
        with self.engine.begin() as conn:
            conn.execute(
                insert(KEY_EVENTS).values(
                    time=datetime.now(UTC).isoformat(),
                    event=operation,
                    provider=self.provider.describe(),
                    details=json.dumps(record, sort_keys=True),
                )
            )
        if self.sink is not None:
            op = KeyOperation(
                operation=operation,
                key_id=self.provider.reference(),
                key_version=int(version) if version.isdigit() else None,
                provider=self.provider.kind,
            )
            extra = {k: v for k, v in record.items() if k not in {"operation"}}
            event = make_event(op, self.actor, outcome)
            self.sink.append(replace(event, details={**event.details, **extra}))
