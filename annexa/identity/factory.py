"""Build the identity stores from settings: the one place that picks database or Redis."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from annexa.audit.interface import AuditSink
from annexa.identity.accounts import Accounts
from annexa.identity.lockout import DatabaseLockout, Lockout, LockoutOptions, RedisLockout
from annexa.identity.service import SignIn
from annexa.identity.sessions import SessionOptions, SessionStore
from annexa.identity.users import UserRecords
from annexa.keys.envelope import SecretBox
from annexa.settings import IdentitySettings

__all__ = ["accounts_for", "lockout_for", "sessions_for", "sign_in_for"]


def lockout_for(options: IdentitySettings, engine: Engine) -> Lockout:
    """Redis when ``identity.redis_url`` is set, else the database."""
    limits = LockoutOptions(options.lockout_threshold, options.lockout_cooldown_s)
    if options.redis_url:
        return RedisLockout.from_url(options.redis_url, limits)
    return DatabaseLockout(engine, limits)


def sessions_for(options: IdentitySettings, engine: Engine) -> SessionStore:
    """The session store with the configured timeouts."""
    timeouts = SessionOptions(
        options.session_idle_timeout_s,
        options.session_absolute_timeout_s,
        options.reauth_max_age_s,
    )
    return SessionStore(engine, timeouts)


def sign_in_for(
    options: IdentitySettings, engine: Engine, box: SecretBox, audit: AuditSink
) -> SignIn:
    """The sign-in flow on ``engine`` (migrated), sealing TOTP secrets with ``box``."""
    return SignIn(
        UserRecords(engine),
        lockout_for(options, engine),
        sessions_for(options, engine),
        box,
        audit,
        options,
    )


def accounts_for(options: IdentitySettings, engine: Engine, audit: AuditSink) -> Accounts:
    """User administration on ``engine``."""
    return Accounts(
        UserRecords(engine),
        sessions_for(options, engine),
        audit,
        min_length=options.password_min_length,
    )
