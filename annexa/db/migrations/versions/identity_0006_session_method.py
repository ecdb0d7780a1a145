"""identity: how a console session's user authenticated (password or oidc), so that the MFA
enrolment or challenge that completes an SSO sign-in is audited as ``method="oidc"`` (A.8.15)

Revision ID: identity_0006
Revises: identity_0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "identity_0006"
down_revision = "identity_0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("user_sessions") as batch:
        batch.add_column(sa.Column("auth_method", sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("user_sessions") as batch:
        batch.drop_column("auth_method")
