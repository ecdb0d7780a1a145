"""gateway: the pseudonym vault

Revision ID: gateway_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "gateway_0001"
down_revision = None
branch_labels = ("gateway",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gateway_vault",
        sa.Column("scope_key", sa.String(64), nullable=False),
        sa.Column("token", sa.String(32), nullable=False),
        sa.Column("entity", sa.String(64), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("value", sa.LargeBinary(), nullable=False),
        sa.Column("expires_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("scope_key", "token", name=op.f("pk_gateway_vault")),
    )
    op.create_index(
        op.f("ix_gateway_vault_expires_at"), "gateway_vault", ["expires_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_gateway_vault_expires_at"), table_name="gateway_vault")
    op.drop_table("gateway_vault")
