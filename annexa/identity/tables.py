"""Identity tables (migrations: the ``identity`` Alembic branch).

Times are ISO 8601 UTC strings, as in the audit tables, so SQLite and PostgreSQL compare them
the same way. No secret is stored in clear: API keys as a SHA-256 of the (high-entropy) key,
passwords as argon2id hashes.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import (
    BigInteger,
    Boolean,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
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
    last_used_at: Mapped[str | None] = mapped_column(String(32))  # at most a minute stale


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
    # how the user authenticated: "password" or "oidc" (NULL before identity_0006: password)
    auth_method: Mapped[str | None] = mapped_column(String(16))


class OidcIdentityRow(Base):
    """A local user's link to an identity at an OIDC provider: issuer and subject, never the
    e-mail address alone (identity_0004)."""

    __tablename__ = "oidc_identities"
    __table_args__ = (UniqueConstraint("issuer", "subject"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64), index=True)
    issuer: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(320))
    linked_at: Mapped[str] = mapped_column(String(32))
    last_login_at: Mapped[str | None] = mapped_column(String(32))


class OidcStateRow(Base):
    """A sign-in started at the IdP: the state (its SHA-256 only), nonce and PKCE verifier,
    kept server-side until used once or expired (identity_0004)."""

    __tablename__ = "oidc_states"

    state_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(128))
    code_verifier: Mapped[str] = mapped_column(String(128))
    return_to: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[str] = mapped_column(String(32))
    expires_at: Mapped[str] = mapped_column(String(32))
    used_at: Mapped[str | None] = mapped_column(String(32))


class AccessReviewRow(Base):
    """An access review campaign (A.5.18): a snapshot of users, keys and roles to decide
    (identity_0003)."""

    __tablename__ = "access_reviews"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    reviewer: Mapped[str | None] = mapped_column(String(200))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[str] = mapped_column(String(32))
    due_at: Mapped[str] = mapped_column(String(32))
    closed_at: Mapped[str | None] = mapped_column(String(32))
    closed_by: Mapped[str | None] = mapped_column(String(200))
    total: Mapped[int] = mapped_column(Integer)
    decided: Mapped[int] = mapped_column(Integer)
    revoked: Mapped[int] = mapped_column(Integer)


class AccessReviewItemRow(Base):
    """One thing to confirm or revoke: a user, an API key or a role assignment, as it was when
    the campaign started (``snapshot``, JSON), and the decision on it."""

    __tablename__ = "access_review_items"
    __table_args__ = (UniqueConstraint("campaign_id", "number"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    campaign_id: Mapped[str] = mapped_column(String(64), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1.. within the campaign
    kind: Mapped[str] = mapped_column(String(16))  # user, api-key, role
    subject_id: Mapped[str] = mapped_column(String(64))  # user id or key id
    subject_name: Mapped[str] = mapped_column(String(200))
    snapshot: Mapped[str] = mapped_column(Text)
    decision: Mapped[str | None] = mapped_column(String(16))  # confirm, revoke
    comment: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[str | None] = mapped_column(String(32))
    applied: Mapped[str | None] = mapped_column(String(64))  # what a revocation changed


class AccessReviewProgressRow(Base):
    """The completion of a campaign over time: one row at start, per decision and at close."""

    __tablename__ = "access_review_progress"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    campaign_id: Mapped[str] = mapped_column(String(64), index=True)
    recorded_at: Mapped[str] = mapped_column(String(32))
    decided: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    revoked: Mapped[int] = mapped_column(Integer)


USERS = cast(Table, UserRow.__table__)
LOGIN_FAILURES = cast(Table, LoginFailureRow.__table__)
USER_SESSIONS = cast(Table, UserSessionRow.__table__)
API_KEYS = cast(Table, ApiKeyRow.__table__)
OIDC_IDENTITIES = cast(Table, OidcIdentityRow.__table__)
OIDC_STATES = cast(Table, OidcStateRow.__table__)
ACCESS_REVIEWS = cast(Table, AccessReviewRow.__table__)
ACCESS_REVIEW_ITEMS = cast(Table, AccessReviewItemRow.__table__)
ACCESS_REVIEW_PROGRESS = cast(Table, AccessReviewProgressRow.__table__)
