"""Forward the audit log to SIEMs through a durable outbox, at least once.

The outbox is the events table itself plus one row per sink in ``audit_forward_cursors``: the
highest ``seq`` the sink has acknowledged. A :class:`Forwarder` reads the events after the
position it has sent, sends them, and moves the durable cursor only once the sink acknowledged
(HTTP 2xx, an fsync, or a syslog connection still healthy ``confirm_delay_s`` later). When a
delivery fails it waits (exponential backoff up to ``retry_max_s``) and re-sends everything
after the cursor, so a SIEM that is down for an hour loses nothing; it may see duplicates,
recognisable by ``seq``. Run it in one process (``annexa audit forward``).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Engine

from annexa.audit import metrics
from annexa.audit.events import format_time
from annexa.audit.sinks.interface import Sink, SinkError
from annexa.audit.tables import CURSORS, EVENTS, HEAD

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ForwardOptions:
    """Batching and retry behaviour."""

    batch_size: int = 500
    retry_max_s: float = 30.0
    retry_min_s: float = 0.2
    poll_s: float = 0.5


class Forwarder:
    """Delivers the log to one sink from its durable cursor."""

    def __init__(self, engine: Engine, sink: Sink, options: ForwardOptions | None = None) -> None:
        self.engine, self.sink = engine, sink
        self.options = options or ForwardOptions()
        self.cursor = self._load_cursor()
        self.sent = self.cursor
        self._pending: list[tuple[int, float]] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._delay = self.options.retry_min_s

    def _load_cursor(self) -> int:
        with self.engine.begin() as conn:
            seq = conn.execute(
                select(CURSORS.c.seq).where(CURSORS.c.sink == self.sink.name)
            ).scalar()
            if seq is None:
                conn.execute(insert(CURSORS).values(
                    sink=self.sink.name, seq=0, attempts=0, updated=_now()
                ))  # fmt: skip
                return 0
            return int(seq)

    def _save(self, seq: int, error: str | None = None) -> None:
        values: dict[str, Any] = {"updated": _now(), "last_error": error}
        if error is None:
            values |= {"seq": seq, "attempts": 0}
        else:
            values["attempts"] = CURSORS.c.attempts + 1
        with self.engine.begin() as conn:
            conn.execute(update(CURSORS).where(CURSORS.c.sink == self.sink.name).values(**values))
            head = conn.execute(select(HEAD.c.size)).scalar() or 0
        metrics.FORWARD_LAG.labels(self.sink.name).set(max(0, head - self.cursor))

    def _confirm(self) -> None:
        if not self._pending:
            return
        if not self.sink.alive():
            raise SinkError("the receiver closed the connection")
        ready = time.monotonic() - self.sink.confirm_delay_s
        done = [end for end, at in self._pending if at <= ready]
        if done:
            delivered = done[-1] - self.cursor
            self.cursor = done[-1]
            self._pending = [(e, at) for e, at in self._pending if e > self.cursor]
            self._save(self.cursor)
            metrics.EVENTS_FORWARDED.labels(self.sink.name).inc(delivered)

    def _next_batch(self) -> list[tuple[int, dict[str, Any]]]:
        query = (
            select(EVENTS.c.seq, EVENTS.c.record)
            .where(EVENTS.c.seq > self.sent)
            .order_by(EVENTS.c.seq)
            .limit(self.options.batch_size)
        )
        with self.engine.begin() as conn:
            return [(seq, json.loads(text)) for seq, text in conn.execute(query)]

    def step(self) -> int:
        """One round: confirm, then send the next batch. Returns events sent; raises SinkError."""
        try:
            self._confirm()
            batch = self._next_batch()
            if batch:
                self.sink.send(batch)
                self.sent = batch[-1][0]
                self._pending.append((self.sent, time.monotonic()))
                if self.sink.confirm_delay_s == 0:
                    self._confirm()
            return len(batch)
        except SinkError as exc:
            self.sink.reset()
            self.sent, self._pending = self.cursor, []  # re-send all that is not confirmed
            metrics.FORWARD_FAILURES.labels(self.sink.name).inc()
            self._save(self.cursor, str(exc)[:500])
            raise

    def drain(self, timeout_s: float = 30.0) -> bool:
        """Deliver until everything written so far is confirmed (tests, ``--once``)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                sent = self.step()
            except SinkError:
                time.sleep(self.options.retry_min_s)
                continue
            with self.engine.begin() as conn:
                last = conn.execute(select(func.max(EVENTS.c.seq))).scalar() or 0
            if self.cursor >= last:
                return True
            if not sent:
                time.sleep(min(0.05, self.sink.confirm_delay_s or 0.05))
        return False

    def run(self) -> None:
        """Loop until :meth:`stop`: poll, send, back off on failure."""
        while not self._stop.is_set():
            try:
                sent = self.step()
                self._delay = self.options.retry_min_s
                if not sent:
                    self._stop.wait(self.options.poll_s)
            except SinkError as exc:
                log.warning("audit forwarder %s: %s; retrying", self.sink.name, exc)
                self._stop.wait(self._delay)
                self._delay = min(self._delay * 2, self.options.retry_max_s)
            except Exception as exc:  # the database may be away too: keep trying
                log.warning("audit forwarder %s: %s", self.sink.name, exc)
                self._stop.wait(self._delay)

    def start(self) -> None:
        """Run in a background thread."""
        self._thread = threading.Thread(target=self.run, name=f"audit-fwd-{self.sink.name}")
        self._thread.daemon = True
        self._thread.start()

    def stop(self) -> None:
        """Stop the thread and close the sink."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.sink.close()


def _now() -> str:
    return format_time(datetime.now(UTC))
