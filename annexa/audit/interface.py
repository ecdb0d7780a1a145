"""The audit family's contract: the event every part of Annexa emits and the sink it goes to.

One JSON schema for every event (``SCHEMA_VERSION``), stable field names. An event never holds a
sensitive value: types, counts, offsets, rule ids, at most a keyed HMAC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

SCHEMA_VERSION = 1

ActorKind = Literal["user", "key", "service", "anonymous"]
Outcome = Literal["success", "failure", "denied", "blocked", "error"]


@dataclass(frozen=True, slots=True)
class Actor:
    """Who did it: a user, a virtual API key, or Annexa itself (``service``)."""

    kind: ActorKind
    id: str
    name: str | None = None
    role: str | None = None


SYSTEM = Actor(kind="service", id="annexa")


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """One security-relevant action.

    Attributes:
        name: kebab-case event name (``ai-request``, ``auth-login``, ``policy-changed``...).
        actor: who did it.
        outcome: how it ended.
        request_id: correlates with the HTTP request / CLI run, when there is one.
        source_ip: the client address, when there is one.
        details: per-kind fields (provider, model, decision, rule, entity counts...). JSON
            values only; never a sensitive value.
        time: UTC; set at creation.
    """

    name: str
    actor: Actor
    outcome: Outcome
    request_id: str | None = None
    source_ip: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    time: datetime = field(default_factory=lambda: datetime.now(UTC))


class AuditError(Exception):
    """The event could not be made durable: the caller must fail closed."""


class AuditSink(Protocol):
    """Where events go. ``append`` returns only once the event is durable (committed)."""

    def append(self, event: AuditEvent) -> None:
        """Persist ``event``; raise :class:`AuditError` if it cannot be made durable."""
