"""A.8.24: the configured key provider and the key rotations recorded in ``key_events``."""

from __future__ import annotations

import json

from sqlalchemy import inspect, select

from annexa.isms.collectors.base import Collected, Context, as_evidence
from annexa.keys.tables import KEY_EVENTS


class KeyRotationCollector:
    """Key operations (rotation, re-wrap, retirement) of the last year."""

    name = "key-rotations"
    controls: tuple[str, ...] = ("A.8.24",)
    valid_days = 365

    def collect(self, ctx: Context) -> Collected:
        """One item: the provider scheme and every key event, newest first."""
        if "key_events" not in inspect(ctx.engine).get_table_names():
            return Collected(self.name, "no-data", "no key events table")
        query = select(KEY_EVENTS).order_by(KEY_EVENTS.c.id.desc())
        with ctx.engine.connect() as conn:
            rows = [
                {"time": r.time, "event": r.event, **json.loads(r.details)}
                for r in conn.execute(query)
            ]
        if not rows:
            return Collected(self.name, "no-data", "no key rotation recorded yet")
        rotations = [r for r in rows if "rotat" in r["event"]]
        scheme = ctx.settings.keys.provider.split(":", 1)[0]
        last = rotations[0]["time"] if rotations else "never"
        summary = f"key provider {scheme}:, {len(rotations)} rotations, last {last}"
        facts = {"provider": scheme, "events": rows[:200], "rotations": len(rotations)}
        item = as_evidence(self, "Key management events", summary, facts, self.valid_days)
        return Collected(self.name, "ok", summary, (item,))
