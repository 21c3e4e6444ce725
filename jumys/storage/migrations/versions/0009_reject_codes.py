"""the code and parameters of each stored reject's reason

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision (rejects stored before it keep NULL: their English reason is all there is)."""
    op.add_column("batch_rejects", sa.Column("code", sa.String(length=64), nullable=True))
    op.add_column("batch_rejects", sa.Column("params", sa.Text(), nullable=True))


def downgrade() -> None:
    """Undo this revision."""
    op.drop_column("batch_rejects", "params")
    op.drop_column("batch_rejects", "code")
