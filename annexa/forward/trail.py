"""The audit trail of one gateway request: what it is known to be so far, and its events.

Events (see docs/gateway.md, "Audit"):

- ``ai-request``, once per request, appended BEFORE anything is forwarded (status ``0``: in
  flight) or, for a refused request, with the refusal's outcome (``blocked``, ``denied``,
  ``error``) and HTTP status. If it cannot be appended the request fails closed (503).
- ``ai-response``, once per forwarded request, with the final status, tokens and latency:
  appended without holding the answer back (its ``ai-request`` is already durable; a failure is
  logged), when the answer is complete, streamed or not. A supplier failure is appended before
  the client gets its error.
- ``auth-failure`` for a request without a valid key.

``scanned`` is true only once every part of the request went through the scanner: a request
that carries an image, audio or a file (which the policy's ``attachments`` rules may let through
unscanned) never says so; ``unscanned`` counts those parts by kind.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from annexa.audit.events import AIRequest, AuthFailure, make_event
from annexa.audit.interface import Actor, AuditEvent, Outcome
from annexa.errors import AuthError
from annexa.identity.apikeys import ApiKey
from annexa.policy.interface import Decision, Principal
from annexa.providers.interface import Exchange

__all__ = ["Trail"]


@dataclass
class Trail:
    """Facts about one request, filled in along the path."""

    request_id: str
    source_ip: str | None
    started: float = field(default_factory=time.perf_counter)
    key: ApiKey | None = None
    exchange: Exchange | None = None
    provider: str = ""
    decision: Decision | None = None
    refused_by: str | None = None  # the rule id of a refusal that came before any decision
    scanned: bool = False
    request_logged: bool = False

    @property
    def actor(self) -> Actor:
        """Who sent it: the virtual key (with its principal's name and role), or anonymous."""
        if self.key is None:
            return Actor(kind="anonymous", id="anonymous")
        p = self.key.principal
        return Actor(kind="key", id=self.key.id, name=p.name, role=p.role)

    def actor_principal(self) -> Principal:
        """The authenticated principal (the policy's view of the caller)."""
        if self.key is None:
            raise AuthError("not authenticated")
        return self.key.principal

    def latency_ms(self) -> int:
        """Milliseconds since the request arrived."""
        return int((time.perf_counter() - self.started) * 1000)

    def request_event(self, outcome: Outcome, status: int) -> AuditEvent:
        """The ``ai-request`` event (or ``auth-failure`` when no key was accepted)."""
        self.request_logged = True
        if self.key is None:
            details: Any = AuthFailure(method="key", reason="invalid-key")
            return make_event(details, self.actor, "failure", **self._ids())
        d = self.decision
        # make_event(AIRequest(...)) as a dict built directly (test_trail checks they agree):
        # the frozen dataclass and asdict's deep copy cost a tenth of the event loop's time
        values = {
            "provider": self.provider,
            "model": self.exchange.model if self.exchange else "",
            "decision": d.action.value if d else "none",
            "policy_version": d.policy_hash if d else "",
            "status": status,
            "rule": d.rule_id if d else self.refused_by,
            "entities": dict(d.entity_counts) if d else {},
            "tokens_in": None,
            "tokens_out": None,
            "latency_ms": self.latency_ms() if status else None,
            "scanned": self.scanned,
            "unscanned": self._unscanned(),
        }
        # Not checked here: the audit log checks every event before it queues it (to_record)
        return AuditEvent(AIRequest.NAME, self.actor, outcome, details=values, **self._ids())

    def _unscanned(self) -> dict[str, int]:
        """The request's attachments per kind (none until it is parsed)."""
        if self.exchange is None or not self.exchange.attachments:
            return {}
        return dict(Counter(a.media for a in self.exchange.attachments))

    def response_event(
        self, status: int, tokens_in: int | None, tokens_out: int | None, *, redacted: int = 0
    ) -> AuditEvent:
        """The ``ai-response`` event of a forwarded request."""
        details = {
            "provider": self.provider,
            "model": self.exchange.model if self.exchange else "",
            "status": status,
            "stream": bool(self.exchange and self.exchange.stream),
            "tokens_in": tokens_in,
            "tokens_out": tokens_out,
            "latency_ms": self.latency_ms(),
            "output_redacted": redacted,
        }
        outcome: Outcome = "success" if status < 400 else "error"
        return AuditEvent("ai-response", self.actor, outcome, details=details, **self._ids())

    def _ids(self) -> dict[str, Any]:
        return {"request_id": self.request_id, "source_ip": self.source_ip}
