"""Identity tables (migrations: the ``identity`` Alembic branch).

Times are ISO 8601 UTC strings, as in the audit tables, so SQLite and PostgreSQL compare them
the same way. No secret is stored in clear: API keys as a SHA-256 of the (high-entropy) key,
passwords as argon2id hashes.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import BigInteger, Boolean, Integer, LargeBinary, String, Table, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from annexa.db import Base


class UserRow(Base):
    """A person who can sign in (minimal; the identity issue adds MFA, lockout, sessions)."""

    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(64))
    password_hash: Mapped[str] = mapped_column(String(300))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[str] = mapped_column(String(32))
    # identity_0002: account state, TOTP MFA (secret sealed, bound to this row), recovery codes.
    disabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    mfa_secret: Mapped[bytes | None] = mapped_column(LargeBinary)  # SecretBox, AAD users/id
    mfa_last_step: Mapped[int | None] = mapped_column(BigInteger)  # last TOTP step accepted
    mfa_enrolled_at: Mapped[str | None] = mapped_column(String(32))
    recovery_codes: Mapped[str | None] = mapped_column(Text)  # JSON list of SHA-256 hex
    password_changed_at: Mapped[str | None] = mapped_column(String(32))


class ApiKeyRow(Base):
    """A virtual API key: who it acts for, with which role, where it may go, until when."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    prefix: Mapped[str] = mapped_column(String(32), index=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    principal_id: Mapped[str] = mapped_column(String(300))
    principal_name: Mapped[str] = mapped_column(String(200))
    principal_kind: Mapped[str] = mapped_column(String(16))
    role: Mapped[str] = mapped_column(String(64))
    providers: Mapped[str | None] = mapped_column(Text)  # JSON list; NULL = any
    models: Mapped[str | None] = mapped_column(Text)  # JSON list of patterns; NULL = any
    expires_at: Mapped[str | None] = mapped_column(String(32))
    revoked_at: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[str] = mapped_column(String(32))


class LoginFailureRow(Base):
    """Failed sign-ins per user name (known or not), shared by every replica on the database."""

    __tablename__ = "login_failures"

    subject: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the name
    failures: Mapped[int] = mapped_column(Integer)
    last_failure_at: Mapped[str] = mapped_column(String(32))
    locked_until: Mapped[str | None] = mapped_column(String(32))


class UserSessionRow(Base):
    """A console session; the token itself is never stored, only its SHA-256."""

    __tablename__ = "user_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64), index=True)
    purpose: Mapped[str] = mapped_column(String(32))  # "full" or "mfa-enrolment"
    created_at: Mapped[str] = mapped_column(String(32))
    last_seen_at: Mapped[str] = mapped_column(String(32))
    auth_at: Mapped[str] = mapped_column(String(32))  # last password (+MFA) check
    mfa: Mapped[bool] = mapped_column(Boolean)
    revoked_at: Mapped[str | None] = mapped_column(String(32))


USERS = cast(Table, UserRow.__table__)
LOGIN_FAILURES = cast(Table, LoginFailureRow.__table__)
USER_SESSIONS = cast(Table, UserSessionRow.__table__)
API_KEYS = cast(Table, ApiKeyRow.__table__)
