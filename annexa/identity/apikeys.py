"""Virtual API keys: what clients send the gateway instead of a supplier's key.

A key is shown once, at creation; the database keeps its visible prefix (to find and list it)
and a SHA-256 of the whole key (keys carry 240 random bits, so a fast hash is enough and
per-request checks stay cheap). Each key acts for one user or service with a role, optionally
limited to some providers and model patterns, optionally expiring. The store is read on every
request, so a revocation takes effect on the next one: a key seen before is re-read by its id
with one prepared statement and its parsed record reused only while the row is unchanged.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from fnmatch import fnmatchcase
from typing import Literal

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Engine

from annexa.db.hot import HotPath, first_row
from annexa.errors import AuthError, InputError
from annexa.identity.tables import API_KEYS
from annexa.policy.interface import Principal

__all__ = ["KEY_PREFIX", "ApiKey", "ApiKeyStore"]

KEY_PREFIX = "ax-"
PREFIX_LEN = len(KEY_PREFIX) + 8
CACHE_MAX = 10_000  # keys whose parsed record this process keeps
# every column but last_used_at: the cache compares this row, and use must not invalidate it
# A typed select built once: SQLAlchemy caches its compiled form and result metadata (a text()
# query rebuilt the metadata of its twelve columns on every request).
_ROW_BY_ID = select(
    *(
        API_KEYS.c[name]
        for name in (
            "id", "prefix", "key_hash", "principal_id", "principal_name", "principal_kind",
            "role", "providers", "models", "expires_at", "revoked_at", "created_at",
        )
    )
).where(API_KEYS.c.id == bindparam("id"))  # fmt: skip
TOUCH_EVERY_S = 60  # last_used_at is written at most once a minute per key and process


def now() -> str:
    """The current UTC time, ISO 8601, as stored."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class ApiKey:
    """A stored key (never the key itself)."""

    id: str
    prefix: str
    principal: Principal
    providers: tuple[str, ...] | None
    models: tuple[str, ...] | None
    expires_at: str | None
    revoked_at: str | None
    created_at: str
    last_used_at: str | None = None

    def allows(self, provider: str, model: str) -> bool:
        """May this key reach ``model`` at ``provider``?"""
        if self.providers is not None and provider not in self.providers:
            return False
        return self.models is None or any(fnmatchcase(model, p) for p in self.models)

    def as_dict(self) -> dict[str, object]:
        """The key's record as JSON-ready data (CLI, admin API); never the key itself."""
        p = self.principal
        return {
            "id": self.id,
            "prefix": self.prefix,
            "principal": p.id,
            "name": p.name,
            "role": p.role,
            "providers": list(self.providers) if self.providers is not None else None,
            "models": list(self.models) if self.models is not None else None,
            "expires_at": self.expires_at,
            "revoked_at": self.revoked_at,
            "created_at": self.created_at,
            "last_used_at": self.last_used_at,
        }

    @property
    def active(self) -> bool:
        """Neither revoked nor expired."""
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now())


class ApiKeyStore:
    """Create, check, list and revoke virtual API keys."""

    def __init__(self, engine: Engine, hot: HotPath | None = None) -> None:
        self.engine = engine
        self.hot = hot  # the gateway's held connections for the per-request read
        self._seen: dict[str, tuple[tuple[object, ...], ApiKey]] = {}  # digest -> (row, record)
        self._touched: dict[str, float] = {}  # key id -> monotonic time last_used_at was written

    def create(
        self,
        name: str,
        role: str,
        *,
        kind: Literal["user", "service"] = "user",
        providers: Sequence[str] | None = None,
        models: Sequence[str] | None = None,
        expires_at: datetime | None = None,
    ) -> tuple[ApiKey, str]:
        """A new key for ``name``; returns the record and the key (shown this once only)."""
        if not name or not role:
            raise InputError("a key needs a user or service name and a role")
        key = KEY_PREFIX + secrets.token_urlsafe(30)
        row = {
            "id": uuid.uuid4().hex,
            "prefix": key[:PREFIX_LEN],
            "key_hash": _hash(key),
            "principal_id": f"{kind}:{name}",
            "principal_name": name,
            "principal_kind": kind,
            "role": role,
            "providers": None if providers is None else json.dumps(list(providers)),
            "models": None if models is None else json.dumps(list(models)),
            "expires_at": expires_at.astimezone(UTC).isoformat(timespec="seconds")
            if expires_at
            else None,
            "revoked_at": None,
            "created_at": now(),
        }
        with self.engine.begin() as conn:
            conn.execute(API_KEYS.insert().values(**row))
        return _record(row), key

    def authenticate(self, key: str) -> ApiKey:
        """The active key matching ``key``; :class:`AuthError` otherwise (never says which
        part failed beyond revoked/expired, and never echoes the key)."""
        if not key.startswith(KEY_PREFIX) or len(key) < PREFIX_LEN + 8:
            raise AuthError("invalid API key")
        digest = _hash(key)
        record = self._known(digest) or self._look_up(key, digest)
        if record.revoked_at is not None:
            raise AuthError("this API key was revoked")
        if not record.active:
            raise AuthError("this API key has expired")
        self._touch(record.id)
        return record

    def _touch(self, key_id: str) -> None:
        """Record the use in ``last_used_at``, at most once a minute per key (one small UPDATE,
        not one per request)."""
        moment = time.monotonic()
        if moment - self._touched.get(key_id, -TOUCH_EVERY_S) < TOUCH_EVERY_S:
            return
        self._touched[key_id] = moment
        if len(self._touched) > CACHE_MAX:
            self._touched.clear()
        with self.engine.begin() as conn:
            conn.execute(update(API_KEYS).where(API_KEYS.c.id == key_id).values(last_used_at=now()))

    def _known(self, digest: str) -> ApiKey | None:
        """The record of a key seen before, if its row is still exactly as it was."""
        seen = self._seen.get(digest)
        if seen is None:
            return None
        row = self._row_by_id(seen[1].id)
        if row is None or row != seen[0]:  # deleted, revoked or changed: read afresh
            self._seen.pop(digest, None)
            return None
        return seen[1]

    def _look_up(self, key: str, digest: str) -> ApiKey:
        with self.engine.connect() as conn:
            rows = conn.execute(select(API_KEYS).where(API_KEYS.c.prefix == key[:PREFIX_LEN]))
            found = [r for r in rows if hmac.compare_digest(r.key_hash, digest)]
            if not found:
                raise AuthError("invalid API key")
        row = self._row_by_id(found[0].id)
        if row is None:  # revoked and deleted in between
            raise AuthError("invalid API key")
        record = _record(dict(zip(_ROW_BY_ID.selected_columns.keys(), row, strict=True)))
        if len(self._seen) >= CACHE_MAX:
            self._seen.clear()
        self._seen[digest] = (row, record)
        return record

    def _row_by_id(self, key_id: str) -> tuple[object, ...] | None:
        return first_row(self.engine, self.hot, _ROW_BY_ID, {"id": key_id})

    def list(self) -> list[ApiKey]:
        """Every key, newest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(API_KEYS).order_by(API_KEYS.c.created_at.desc()))
            return [_record(r._asdict()) for r in rows]

    def revoke(self, key_id: str) -> ApiKey:
        """Revoke by id or visible prefix; effective on the next request."""
        column = API_KEYS.c.prefix if key_id.startswith(KEY_PREFIX) else API_KEYS.c.id
        with self.engine.begin() as conn:
            done = conn.execute(
                update(API_KEYS)
                .where(column == key_id, API_KEYS.c.revoked_at.is_(None))
                .values(revoked_at=now())
            )
            if done.rowcount != 1:
                raise InputError(f"no single active API key {key_id!r}")
            row = conn.execute(select(API_KEYS).where(column == key_id)).one()
        return _record(row._asdict())


def _record(row: Mapping[str, object]) -> ApiKey:
    def listed(value: object) -> tuple[str, ...] | None:
        return None if value is None else tuple(json.loads(str(value)))

    kind: Literal["user", "service"] = "service" if row["principal_kind"] == "service" else "user"
    principal = Principal(
        id=str(row["principal_id"]),
        name=str(row["principal_name"]),
        kind=kind,
        role=str(row["role"]),
    )
    return ApiKey(
        id=str(row["id"]),
        prefix=str(row["prefix"]),
        principal=principal,
        providers=listed(row["providers"]),
        models=listed(row["models"]),
        expires_at=None if row["expires_at"] is None else str(row["expires_at"]),
        revoked_at=None if row["revoked_at"] is None else str(row["revoked_at"]),
        created_at=str(row["created_at"]),
        last_used_at=None if row.get("last_used_at") is None else str(row["last_used_at"]),
    )
