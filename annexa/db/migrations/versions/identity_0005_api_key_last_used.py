"""identity: when each virtual API key was last used (A.5.18 access reviews, A.8.2)

Revision ID: identity_0005
Revises: identity_0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "identity_0005"
down_revision = "identity_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("api_keys") as batch:
        batch.add_column(sa.Column("last_used_at", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("api_keys") as batch:
        batch.drop_column("last_used_at")
