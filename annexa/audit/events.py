"""The audit event schema (version ``SCHEMA_VERSION``): one record shape, one dataclass per kind.

Every event serialises to the same JSON record, with stable field names::

    {"v": 1, "time": "2026-01-31T12:00:00.000000Z", "event": "ai-request",
     "actor": {"kind": "key", "id": "vk_12", "name": null, "role": "member"},
     "source_ip": "10.0.0.7", "outcome": "success", "request_id": "req-1",
     "details": {...per kind...}}

``time`` is RFC 3339 in UTC with microseconds and a ``Z`` (so it also sorts as text), ``event`` is
kebab-case. The per-kind ``details`` come from the frozen dataclasses below (``AIRequest``,
``AuthFailure``...): build one and call :func:`make_event`. Callers that need a kind not listed
here may build an :class:`AuditEvent` by hand; :func:`check_event` still guards it.

No sensitive value may ever enter a record (DESIGN §1). :func:`check_event` enforces it with two
rules that fail closed: no key in ``details`` (at any depth) may be or contain a word from
``DENIED_KEY_WORDS`` (``prompt``, ``password``, ``value``...), and no string may be longer than
``MAX_STRING`` characters (a prompt or a document does not fit; a keyed HMAC does).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar, get_args

from annexa.audit.interface import SCHEMA_VERSION, Actor, AuditError, AuditEvent, Outcome

OUTCOMES = frozenset(get_args(Outcome))
EVENT_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
DENIED_KEY_WORDS = frozenset(
    {
        "prompt",
        "completion",
        "content",
        "message",
        "messages",
        "text",
        "value",
        "values",
        "body",
        "password",
        "passphrase",
        "secret",
        "token",
        "apikey",
        "credential",
        "credentials",
        "plaintext",
        "cleartext",
    }
)
# Words denied even inside a longer key (``userPassword``, ``x_api_key``, ``systemprompt``).
DENIED_INSIDE_WORDS = ("password", "passphrase", "secret", "apikey", "prompt", "plaintext")
# Key words that contain a denied word but name a count or a hash, never the value itself.
ALLOWED_KEYS = frozenset(
    {"tokens_in", "tokens_out", "token_count", "before_hash", "after_hash", "key_hmac"}
)
# Mappings under these keys are counts by type (``{"PASSWORD": 1}``): keys are type names, values
# must be integers, so the words of the keys are not checked.
COUNT_MAPS = frozenset({"entities", "counts"})
MAX_STRING = 256
MAX_SAFE_INT = 2**53 - 1
MAX_DEPTH = 4
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def format_time(moment: datetime) -> str:
    """RFC 3339 UTC text with microseconds and ``Z``: sorts in time order as a string."""
    if moment.tzinfo is None:
        raise AuditError("audit times must be timezone-aware")
    return moment.astimezone(UTC).strftime(TIME_FORMAT)


def parse_time(text: str) -> datetime:
    """The inverse of :func:`format_time` (also accepts any RFC 3339 offset)."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


@functools.lru_cache(maxsize=4096)
def _is_denied(key: str) -> bool:
    words = [w for w in re.split(r"[^a-z0-9]+", key) if w]
    joined = "".join(words)
    return bool(DENIED_KEY_WORDS.intersection(words)) or any(
        w in joined for w in DENIED_INSIDE_WORDS
    )


def _check_counts(path: str, value: Any) -> None:
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str)
        and k.isascii()
        and len(k) <= 64
        and isinstance(v, int)
        and not isinstance(v, bool)
        for k, v in value.items()
    ):
        raise AuditError(f"audit detail {path} must map type names to integer counts")


def _check_value(path: str, value: Any, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise AuditError(f"audit details too deeply nested at {path}")
    if isinstance(value, Mapping):
        for key, sub in value.items():
            if not isinstance(key, str) or not key.isascii():
                raise AuditError(f"audit detail key {key!r} at {path} is not an ASCII string")
            lowered = key.lower()
            if lowered not in ALLOWED_KEYS and _is_denied(lowered):
                raise AuditError(
                    f"audit detail {path}.{key} looks like a sensitive value; audit events "
                    "hold types, counts, offsets, rule ids or a keyed HMAC, never the value"
                )
            if lowered in COUNT_MAPS:
                _check_counts(f"{path}.{key}", sub)
            else:
                _check_value(f"{path}.{key}", sub, depth + 1)
    elif isinstance(value, list | tuple):
        for i, sub in enumerate(value):
            _check_value(f"{path}[{i}]", sub, depth + 1)
    elif isinstance(value, str):
        if len(value) > MAX_STRING:
            raise AuditError(f"audit detail {path} is longer than {MAX_STRING} characters")
    elif isinstance(value, float):
        raise AuditError(f"audit detail {path}: use integers (ms, counts), not floats")
    elif isinstance(value, int) and not isinstance(value, bool):
        if abs(value) > MAX_SAFE_INT:
            raise AuditError(f"audit detail {path}: integer outside ±(2^53 - 1)")
    elif value is not None and not isinstance(value, bool):
        raise AuditError(f"audit detail {path} is not a JSON value: {type(value).__name__}")


def _fast_ok(value: Any, depth: int) -> bool:
    """The rules of :func:`_check_value` without building paths (the common, valid case)."""
    if depth > MAX_DEPTH:
        return False
    t = type(value)
    if t is str:
        return len(value) <= MAX_STRING
    if t is int:
        return bool(-MAX_SAFE_INT <= value <= MAX_SAFE_INT)
    if t is bool or value is None:
        return True
    if t is dict:
        for key, sub in value.items():
            if type(key) is not str or not key.isascii():
                return False
            lowered = key.lower()
            if lowered not in ALLOWED_KEYS and _is_denied(lowered):
                return False
            if lowered in COUNT_MAPS:
                if type(sub) is not dict or not all(
                    type(k) is str and k.isascii() and len(k) <= 64 and type(v) is int
                    for k, v in sub.items()
                ):
                    return False
            elif not _fast_ok(sub, depth + 1):
                return False
        return True
    if t is list:
        return all(_fast_ok(sub, depth + 1) for sub in value)
    return False


def check_event(event: AuditEvent) -> None:
    """Raise :class:`AuditError` unless ``event`` fits the schema and holds no sensitive value."""
    if not EVENT_NAME.match(event.name):
        raise AuditError(f"audit event name {event.name!r} is not kebab-case")
    for label, text in (("request_id", event.request_id), ("source_ip", event.source_ip)):
        if text is not None and len(text) > MAX_STRING:
            raise AuditError(f"audit {label} is longer than {MAX_STRING} characters")
    if not _fast_ok(event.details, 0):
        _check_value("details", event.details, 0)  # raises, naming the offending detail
        raise AuditError("audit details do not fit the schema")
    if event.outcome not in OUTCOMES:
        raise AuditError(f"audit outcome {event.outcome!r} is not one of {sorted(OUTCOMES)}")


def to_record(event: AuditEvent) -> dict[str, Any]:
    """The JSON record of ``event`` (checked first): what is hashed, stored and exported."""
    check_event(event)
    actor = event.actor
    return {
        "v": SCHEMA_VERSION,
        "time": format_time(event.time),
        "event": event.name,
        "actor": {"kind": actor.kind, "id": actor.id, "name": actor.name, "role": actor.role},
        "source_ip": event.source_ip,
        "outcome": event.outcome,
        "request_id": event.request_id,
        "details": dict(event.details),
    }


def from_record(record: Mapping[str, Any]) -> AuditEvent:
    """Rebuild the :class:`AuditEvent` a record was made from."""
    a = record["actor"]
    return AuditEvent(
        name=record["event"],
        actor=Actor(kind=a["kind"], id=a["id"], name=a.get("name"), role=a.get("role")),
        outcome=record["outcome"],
        request_id=record.get("request_id"),
        source_ip=record.get("source_ip"),
        details=dict(record.get("details") or {}),
        time=parse_time(record["time"]),
    )


@dataclass(frozen=True, slots=True)
class Details:
    """Base of the per-kind details; ``NAME`` is the stable kebab-case event name."""

    NAME: ClassVar[str] = ""


def make_event(
    details: Details,
    actor: Actor,
    outcome: Outcome,
    *,
    request_id: str | None = None,
    source_ip: str | None = None,
    time: datetime | None = None,
) -> AuditEvent:
    """An :class:`AuditEvent` of ``details``' kind, checked against the schema."""
    event = AuditEvent(
        name=details.NAME,
        actor=actor,
        outcome=outcome,
        request_id=request_id,
        source_ip=source_ip,
        details=asdict(details),
        time=time or datetime.now(UTC),
    )
    check_event(event)
    return event


@dataclass(frozen=True, slots=True)
class AuthSuccess(Details):
    """A login or API-key authentication that succeeded. ``method``: password, oidc, key."""

    NAME: ClassVar[str] = "auth-success"
    method: str
    mfa: bool = False


@dataclass(frozen=True, slots=True)
class AuthFailure(Details):
    """A failed authentication; ``reason`` is a code (bad-password, unknown-user, expired-key)."""

    NAME: ClassVar[str] = "auth-failure"
    method: str
    reason: str
    failures_in_window: int = 1


@dataclass(frozen=True, slots=True)
class AuthLockout(Details):
    """An account locked after repeated failures, until ``locked_until`` (RFC 3339)."""

    NAME: ClassVar[str] = "auth-lockout"
    failures: int
    locked_until: str


@dataclass(frozen=True, slots=True)
class AuthMfa(Details):
    """An MFA step: ``action`` is enrol, verify or reset; the outcome says how it went."""

    NAME: ClassVar[str] = "auth-mfa"
    action: str
    factor: str = "totp"


@dataclass(frozen=True, slots=True)
class AuthzDecision(Details):
    """An authorisation decision: may ``actor`` do ``action`` on ``resource``, by which rule."""

    NAME: ClassVar[str] = "authz-decision"
    resource: str
    action: str
    allowed: bool
    rule: str | None = None


@dataclass(frozen=True, slots=True)
class AIRequest(Details):
    """One request through the gateway (the event committed before the client's answer).

    Attributes:
        provider, model: the upstream the request was (or would have been) sent to.
        decision: overall policy decision: allow, pseudonymize, redact or block.
        rule: the id of the deciding rule, if any.
        policy_version: hash of the policy version in force.
        entities: finding counts by entity type (``{"EMAIL_ADDRESS": 2}``), never values.
        tokens_in, tokens_out: token usage reported by the provider.
        latency_ms: end-to-end latency in milliseconds.
        status: the HTTP status returned to the client.
        scanned: whether every part of the request was scanned (never true when it was not:
            false for a request that carried an image, audio or a file, forwarded or not).
        unscanned: the attachments the scanner could not read, per kind (``{"image": 1}``).
    """

    NAME: ClassVar[str] = "ai-request"
    provider: str
    model: str
    decision: str
    policy_version: str
    status: int
    rule: str | None = None
    entities: dict[str, int] = field(default_factory=dict)
    tokens_in: int | None = None
    tokens_out: int | None = None
    latency_ms: int | None = None
    scanned: bool = True
    unscanned: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ConfigChanged(Details):
    """An admin or configuration change: ``target`` (policy, settings, user:42) before/after."""

    NAME: ClassVar[str] = "config-changed"
    target: str
    action: str
    before_hash: str | None
    after_hash: str | None
    version: str | None = None


@dataclass(frozen=True, slots=True)
class KeyOperation(Details):
    """A key operation: create, rotate, disable, destroy, export-public, on ``key_id``."""

    NAME: ClassVar[str] = "key-operation"
    operation: str
    key_id: str
    key_version: int | None = None
    provider: str | None = None


@dataclass(frozen=True, slots=True)
class BackupCreated(Details):
    """A backup was written: where (a reference, not a secret), its size and digest."""

    NAME: ClassVar[str] = "backup-created"
    backup_id: str
    size_bytes: int
    sha256: str


@dataclass(frozen=True, slots=True)
class RestoreTested(Details):
    """A restore test: restored ``backup_id`` into scratch, integrity and chain checked, RTO."""

    NAME: ClassVar[str] = "restore-tested"
    backup_id: str
    integrity_ok: bool
    chain_ok: bool
    rto_seconds: int


@dataclass(frozen=True, slots=True)
class ExportCreated(Details):
    """Data left Annexa as an export (audit bundle, SoA report...): what, how many records."""

    NAME: ClassVar[str] = "export-created"
    kind: str
    records: int
    sha256: str | None = None
    first_seq: int | None = None
    last_seq: int | None = None


@dataclass(frozen=True, slots=True)
class AuditPurged(Details):
    """Retention removed whole checkpointed segments: every record up to ``through_seq``."""

    NAME: ClassVar[str] = "audit-purged"
    through_seq: int
    records: int
    retention_days: int
