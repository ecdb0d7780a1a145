"""identity: access review campaigns, their items and their completion over time (A.5.18)

Revision ID: identity_0003
Revises: identity_0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "identity_0003"
down_revision = "identity_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "access_reviews",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("reviewer", sa.String(200), nullable=True),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("due_at", sa.String(32), nullable=False),
        sa.Column("closed_at", sa.String(32), nullable=True),
        sa.Column("closed_by", sa.String(200), nullable=True),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("decided", sa.Integer(), nullable=False),
        sa.Column("revoked", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_reviews")),
    )
    op.create_table(
        "access_review_items",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("campaign_id", sa.String(64), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("subject_id", sa.String(64), nullable=False),
        sa.Column("subject_name", sa.String(200), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.Column("decision", sa.String(16), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.String(200), nullable=True),
        sa.Column("decided_at", sa.String(32), nullable=True),
        sa.Column("applied", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_review_items")),
        sa.UniqueConstraint(
            "campaign_id", "number", name=op.f("uq_access_review_items_campaign_id")
        ),
    )
    op.create_index(
        op.f("ix_access_review_items_campaign_id"), "access_review_items", ["campaign_id"]
    )
    op.create_table(
        "access_review_progress",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("campaign_id", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.String(32), nullable=False),
        sa.Column("decided", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("revoked", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_review_progress")),
    )
    op.create_index(
        op.f("ix_access_review_progress_campaign_id"), "access_review_progress", ["campaign_id"]
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_access_review_progress_campaign_id"), table_name="access_review_progress"
    )
    op.drop_table("access_review_progress")
    op.drop_index(op.f("ix_access_review_items_campaign_id"), table_name="access_review_items")
    op.drop_table("access_review_items")
    op.drop_table("access_reviews")
