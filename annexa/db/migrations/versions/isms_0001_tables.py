"""isms: SoA and its approved versions, AI suppliers and their reviews, AI systems, AI risks,
evidence items

Revision ID: isms_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "isms_0001"
down_revision = None
branch_labels = ("isms",)
depends_on = None


def _keyed(name: str, key: str, length: int, *extra: sa.Column) -> None:  # type: ignore[type-arg]
    op.create_table(
        name,
        sa.Column(key, sa.String(length), nullable=False),
        *extra,
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint(key, name=op.f(f"pk_{name}")),
    )


def upgrade() -> None:
    _keyed("isms_soa", "control_id", 16)
    _keyed(
        "isms_suppliers",
        "name",
        100,
        sa.Column("approval", sa.String(16), nullable=False),
        sa.Column("max_level", sa.String(64), nullable=True),
    )
    _keyed("isms_systems", "name", 100)
    _keyed("isms_risks", "id", 64)
    op.create_table(
        "isms_soa_versions",
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("approved_by", sa.String(200), nullable=False),
        sa.Column("approved_at", sa.String(32), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_isms_soa_versions")),
    )
    op.create_table(
        "isms_supplier_reviews",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("supplier", sa.String(100), nullable=False),
        sa.Column("reviewed_at", sa.String(32), nullable=False),
        sa.Column("reviewer", sa.String(200), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_isms_supplier_reviews")),
    )
    op.create_index(
        op.f("ix_isms_supplier_reviews_supplier"), "isms_supplier_reviews", ["supplier"]
    )
    op.create_table(
        "isms_evidence",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("control_id", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("collected_at", sa.String(32), nullable=False),
        sa.Column("expires_at", sa.String(32), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("filename", sa.String(300), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_isms_evidence")),
    )
    op.create_index(op.f("ix_isms_evidence_control_id"), "isms_evidence", ["control_id"])
    op.create_index(op.f("ix_isms_evidence_collected_at"), "isms_evidence", ["collected_at"])


def downgrade() -> None:
    for name in (
        "isms_evidence",
        "isms_supplier_reviews",
        "isms_soa_versions",
        "isms_risks",
        "isms_systems",
        "isms_suppliers",
        "isms_soa",
    ):
        op.drop_table(name)
