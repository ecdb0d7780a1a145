"""The trail's ai-request event is exactly what ``make_event`` makes of its details."""

from __future__ import annotations

from dataclasses import replace

from annexa.audit.events import AIRequest, make_event
from annexa.forward.trail import Trail
from annexa.identity.apikeys import ApiKey
from annexa.policy.interface import Action, Decision, Principal


def test_request_event_matches_make_event() -> None:
    principal = Principal("u1", "Ann", "user", "member")
    key = ApiKey("k1", "ax-1234", principal, None, None, None, None, "2026-01-01T00:00:00Z")
    trail = Trail("req_1", "10.0.0.1", key=key, provider="up")
    decision = Decision(
        Action.PSEUDONYMIZE, "pii", "why", (), "x" * 64, entity_counts={"EMAIL_ADDRESS": 2}
    )
    for status, decided, refused in ((0, decision, None), (403, None, "supplier-not-approved")):
        trail = replace(trail, decision=decided, refused_by=refused, scanned=decided is not None)
        event = trail.request_event("success", status)
        details = AIRequest(
            provider="up",
            model="",
            decision=decided.action.value if decided else "none",
            policy_version=decided.policy_hash if decided else "",
            status=status,
            rule=decided.rule_id if decided else refused,
            entities=dict(decided.entity_counts) if decided else {},
            latency_ms=event.details["latency_ms"],
            scanned=decided is not None,
        )
        expected = make_event(
            details, trail.actor, "success", request_id="req_1", source_ip="10.0.0.1"
        )
        assert replace(event, time=expected.time) == expected
        assert event.details["entities"] is not (decided.entity_counts if decided else None)
