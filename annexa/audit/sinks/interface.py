"""The sink contract: what every SIEM destination implements.

A sink delivers a batch of ``(seq, record)`` or raises :class:`SinkError`. The
:class:`~annexa.audit.forwarder.Forwarder` around it keeps the durable position (the outbox
cursor), retries, and so gives at-least-once delivery: a receiver may see an event twice (its
``seq`` tells), never zero times.
"""

from __future__ import annotations

from typing import Any, Protocol

Batch = list[tuple[int, dict[str, Any]]]


class SinkError(Exception):
    """A delivery failed; the forwarder retries from its last confirmed position."""


class Sink(Protocol):
    """One destination."""

    name: str
    confirm_delay_s: float
    """How long after a send the connection must still look healthy before the batch counts
    as delivered (0 when ``send`` itself is acknowledged, e.g. an HTTP 2xx or an fsync)."""

    def send(self, batch: Batch) -> None:
        """Deliver ``batch`` or raise :class:`SinkError`."""

    def alive(self) -> bool:
        """False once the connection the last batches went over is known to be broken."""

    def reset(self) -> None:
        """Drop any connection; the next ``send`` reconnects."""

    def close(self) -> None:
        """Release resources."""
