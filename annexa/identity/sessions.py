"""Server-side console sessions (A.8.5): random tokens, stored hashed, that time out.

A token carries 256 random bits; the ``user_sessions`` table keeps only its SHA-256, so a copy
of the database opens no session. A session ends when unused for ``idle_timeout_s``, at
``absolute_timeout_s`` after sign-in whatever its use, or when revoked (sign-out, a disabled
user, a password or MFA reset). ``auth_at`` is the time of the last password (and MFA) check:
:meth:`SessionStore.require_recent_auth` refuses sensitive changes when it is too old.

Purposes: ``full`` (a signed-in user), ``mfa-enrolment`` (a user whose role needs MFA and has
none yet: it may only enrol, and lasts at most ten minutes) and ``mfa-pending`` (the password
was right, the TOTP code is still to come: it may only send the code, for at most five
minutes, so the browser never has to send the password twice).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from annexa.errors import AuthError
from annexa.identity.tables import USER_SESSIONS

__all__ = ["ReauthRequired", "Session", "SessionOptions", "SessionStore"]

Purpose = Literal["full", "mfa-enrolment", "mfa-pending"]
ENROLMENT_LIFETIME_S = 600
PENDING_LIFETIME_S = 300


class ReauthRequired(AuthError):
    """A sensitive change needs a fresh password (and MFA) check."""

    hint = "Sign in again (password and MFA code), then retry the change."


@dataclass(frozen=True, slots=True)
class SessionOptions:
    """Timeouts, in seconds."""

    idle_timeout_s: int = 1800
    absolute_timeout_s: int = 43_200
    reauth_max_age_s: int = 300


@dataclass(frozen=True, slots=True)
class Session:
    """A live session (never its token)."""

    id: str  # the token's SHA-256
    user_id: str
    purpose: str
    created_at: datetime
    last_seen_at: datetime
    auth_at: datetime
    mfa: bool
    method: str = "password"  # how the user authenticated: "password" or "oidc"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")


class SessionStore:
    """Open, check, refresh and revoke console sessions."""

    def __init__(self, engine: Engine, options: SessionOptions | None = None) -> None:
        self.engine = engine
        self.options = options or SessionOptions()

    def open(
        self, user_id: str, *, mfa: bool, purpose: Purpose = "full", method: str = "password"
    ) -> tuple[Session, str]:
        """A new session for ``user_id`` who authenticated by ``method``; returns it and its
        token (for the cookie only)."""
        token = secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        row = {
            "token_hash": _hash(token),
            "user_id": user_id,
            "purpose": purpose,
            "created_at": _iso(now),
            "last_seen_at": _iso(now),
            "auth_at": _iso(now),
            "mfa": mfa,
            "revoked_at": None,
            "auth_method": method,
        }
        with self.engine.begin() as conn:
            conn.execute(USER_SESSIONS.insert().values(**row))
        return _session(row), token

    def check(self, token: str, purpose: Purpose = "full", at: datetime | None = None) -> Session:
        """The live session of ``token`` for ``purpose``, its last use moved to now;
        :class:`AuthError` when unknown, revoked, idle or too old."""
        now = at or datetime.now(UTC)
        with self.engine.begin() as conn:
            row = conn.execute(
                select(USER_SESSIONS).where(USER_SESSIONS.c.token_hash == _hash(token))
            ).one_or_none()
            if row is None or row.revoked_at is not None or row.purpose != purpose:
                raise AuthError("no valid session; sign in")
            session = _session(row._asdict())
            reason = self._expired(session, now)
            change = {"revoked_at": _iso(now)} if reason else {"last_seen_at": _iso(now)}
            conn.execute(
                update(USER_SESSIONS)
                .where(USER_SESSIONS.c.token_hash == session.id)
                .values(**change)
            )
        if reason:  # raised after the commit, so the revocation stays
            raise AuthError(f"session {reason}; sign in again")
        return session

    def _expired(self, session: Session, now: datetime) -> str | None:
        absolute = self.options.absolute_timeout_s
        if session.purpose == "mfa-enrolment":
            absolute = min(absolute, ENROLMENT_LIFETIME_S)
        elif session.purpose == "mfa-pending":
            absolute = min(absolute, PENDING_LIFETIME_S)
        if now - session.created_at > timedelta(seconds=absolute):
            return "expired"
        if now - session.last_seen_at > timedelta(seconds=self.options.idle_timeout_s):
            return "timed out (idle)"
        return None

    def reauthenticated(self, session: Session) -> None:
        """Record a fresh password (and MFA) check on ``session``."""
        with self.engine.begin() as conn:
            conn.execute(
                update(USER_SESSIONS)
                .where(USER_SESSIONS.c.token_hash == session.id)
                .values(auth_at=_iso(datetime.now(UTC)))
            )

    def require_recent_auth(self, session: Session, at: datetime | None = None) -> None:
        """Raise :class:`ReauthRequired` unless ``session`` was authenticated recently."""
        age = (at or datetime.now(UTC)) - session.auth_at
        if age > timedelta(seconds=self.options.reauth_max_age_s):
            raise ReauthRequired("this change needs a fresh sign-in")

    def revoke(self, token: str) -> None:
        """End the session of ``token`` (sign-out)."""
        self._revoke(USER_SESSIONS.c.token_hash == _hash(token))

    def revoke_user(self, user_id: str) -> int:
        """End every session of ``user_id``; how many were live."""
        return self._revoke(USER_SESSIONS.c.user_id == user_id)

    def _revoke(self, where: object) -> int:
        with self.engine.begin() as conn:
            done = conn.execute(
                update(USER_SESSIONS)
                .where(where, USER_SESSIONS.c.revoked_at.is_(None))  # type: ignore[arg-type]
                .values(revoked_at=_iso(datetime.now(UTC)))
            )
        return int(done.rowcount)


def _session(row: dict[str, object]) -> Session:
    return Session(
        id=str(row["token_hash"]),
        user_id=str(row["user_id"]),
        purpose=str(row["purpose"]),
        created_at=datetime.fromisoformat(str(row["created_at"])),
        last_seen_at=datetime.fromisoformat(str(row["last_seen_at"])),
        auth_at=datetime.fromisoformat(str(row["auth_at"])),
        mfa=bool(row["mfa"]),
        method=str(row.get("auth_method") or "password"),
    )
