"""The event schema: stable record shape, kebab-case names, and no sensitive value."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from annexa.audit import events as ev
from annexa.audit.interface import Actor, AuditError, AuditEvent

ALICE = Actor(kind="user", id="u-1", name="alice", role="admin")
WHEN = datetime(2026, 1, 31, 12, 0, 0, 123456, tzinfo=UTC)


def test_ai_request_record_has_the_stable_fields() -> None:
    details = ev.AIRequest(
        provider="openai", model="gpt-4o", decision="redact", policy_version="sha256:ab12",
        status=200, rule="no-pii", entities={"EMAIL_ADDRESS": 2, "PASSWORD": 1},
        tokens_in=12, tokens_out=40, latency_ms=350,
    )  # fmt: skip
    event = ev.make_event(details, ALICE, "success", request_id="r-1", source_ip="10.0.0.7",
                          time=WHEN)  # fmt: skip
    record = ev.to_record(event)
    assert record["v"] == 1
    assert record["time"] == "2026-01-31T12:00:00.123456Z"
    assert record["event"] == "ai-request"
    assert record["actor"] == {"kind": "user", "id": "u-1", "name": "alice", "role": "admin"}
    assert record["details"]["entities"] == {"EMAIL_ADDRESS": 2, "PASSWORD": 1}
    assert record["details"]["scanned"] is True
    assert ev.from_record(record) == event


@pytest.mark.parametrize(
    "details",
    [
        ev.AuthSuccess(method="password", mfa=True),
        ev.AuthFailure(method="password", reason="bad-password"),
        ev.AuthLockout(failures=5, locked_until="2026-01-31T12:15:00Z"),
        ev.AuthMfa(action="verify"),
        ev.AuthzDecision(resource="policy", action="write", allowed=False, rule="rbac"),
        ev.ConfigChanged(target="policy", action="update", before_hash="a", after_hash="b"),
        ev.KeyOperation(operation="rotate", key_id="vault", key_version=3),
        ev.BackupCreated(backup_id="b1", size_bytes=10, sha256="00"),
        ev.RestoreTested(backup_id="b1", integrity_ok=True, chain_ok=True, rto_seconds=4),
        ev.ExportCreated(kind="audit-bundle", records=10),
    ],
)
def test_every_kind_makes_a_kebab_case_event(details: ev.Details) -> None:
    event = ev.make_event(details, ALICE, "success")
    assert ev.EVENT_NAME.match(event.name)
    assert ev.from_record(ev.to_record(event)).details == event.details


@pytest.mark.parametrize(
    "details",
    [
        {"prompt": "hello"},
        {"user_password": "x"},
        {"nested": {"api-key": "x"}},
        {"list": [{"Text": "x"}]},
        {"secret_value": "x"},
        {"apiKey": "x"},
        {"note": "x" * 300},
        {"entities": {"EMAIL": "a@b.c"}},
        {"ratio": 0.5},
        {"blob": b"raw"},
        {"größe": 1},
        {"n": 2**60},
        {"a": {"b": {"c": {"d": {"e": {"f": 1}}}}}},
    ],
)
def test_sensitive_or_unsafe_details_are_refused(details: dict[str, object]) -> None:
    with pytest.raises(AuditError):
        ev.to_record(AuditEvent(name="ai-request", actor=ALICE, outcome="success",
                                details=details))  # fmt: skip


@pytest.mark.parametrize("name", ["AiRequest", "ai_request", "ai--request", "-x", ""])
def test_event_names_must_be_kebab_case(name: str) -> None:
    with pytest.raises(AuditError):
        ev.check_event(AuditEvent(name=name, actor=ALICE, outcome="success"))


def test_unknown_outcome_and_naive_time_are_refused() -> None:
    with pytest.raises(AuditError):
        ev.check_event(AuditEvent(name="x", actor=ALICE, outcome="maybe"))  # type: ignore[arg-type]
    with pytest.raises(AuditError):
        ev.to_record(AuditEvent(name="x", actor=ALICE, outcome="success",
                                time=datetime(2026, 1, 1)))  # fmt: skip


def test_counts_and_hashes_with_denied_words_are_allowed() -> None:
    event = AuditEvent(name="ai-request", actor=ALICE, outcome="success",
                       details={"tokens_in": 3, "before_hash": "ab", "key_hmac": "cd"})  # fmt: skip
    assert ev.to_record(event)["details"]["tokens_in"] == 3
