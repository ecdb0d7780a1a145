"""backup: catalog of backups made, signed restore-test evidence

Revision ID: backup_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "backup_0001"
down_revision = None
branch_labels = ("backup",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "backup_catalog",
        sa.Column("backup_id", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("location", sa.Text(), nullable=False),
        sa.Column("backend", sa.String(16), nullable=False),
        sa.Column("key_version", sa.String(300), nullable=False),
        sa.Column("payload_size", sa.BigInteger(), nullable=False),
        sa.Column("payload_sha256", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("backup_id", name=op.f("pk_backup_catalog")),
    )
    op.create_index(op.f("ix_backup_catalog_created_at"), "backup_catalog", ["created_at"])
    op.create_table(
        "backup_verifications",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("backup_id", sa.String(64), nullable=False),
        sa.Column("time", sa.String(32), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("restore_seconds", sa.Float(), nullable=False),
        sa.Column("rto_seconds", sa.Float(), nullable=False),
        sa.Column("record", sa.Text(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_backup_verifications")),
    )
    op.create_index(
        op.f("ix_backup_verifications_backup_id"), "backup_verifications", ["backup_id"]
    )
    op.create_index(op.f("ix_backup_verifications_time"), "backup_verifications", ["time"])


def downgrade() -> None:
    op.drop_table("backup_verifications")
    op.drop_table("backup_catalog")
