"""identity: sign-in state (disabled, TOTP MFA, recovery codes), lockout counter, sessions

Revision ID: identity_0002
Revises: identity_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "identity_0002"
down_revision = "identity_0001"
branch_labels = None
depends_on = None

USER_COLUMNS = (
    ("mfa_secret", sa.LargeBinary()),
    ("mfa_last_step", sa.BigInteger()),
    ("mfa_enrolled_at", sa.String(32)),
    ("recovery_codes", sa.Text()),
    ("password_changed_at", sa.String(32)),
)


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        for name, kind in USER_COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))
    op.create_table(
        "login_failures",
        sa.Column("subject", sa.String(64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.String(32), nullable=False),
        sa.Column("locked_until", sa.String(32), nullable=True),
        sa.PrimaryKeyConstraint("subject", name=op.f("pk_login_failures")),
    )
    op.create_table(
        "user_sessions",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("purpose", sa.String(32), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("last_seen_at", sa.String(32), nullable=False),
        sa.Column("auth_at", sa.String(32), nullable=False),
        sa.Column("mfa", sa.Boolean(), nullable=False),
        sa.Column("revoked_at", sa.String(32), nullable=True),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_user_sessions")),
    )
    op.create_index(op.f("ix_user_sessions_user_id"), "user_sessions", ["user_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_user_sessions_user_id"), table_name="user_sessions")
    op.drop_table("user_sessions")
    op.drop_table("login_failures")
    with op.batch_alter_table("users") as batch:
        for name, _kind in reversed(USER_COLUMNS):
            batch.drop_column(name)
        batch.drop_column("disabled")
