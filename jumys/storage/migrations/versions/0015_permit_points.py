"""the points of each decided permit application of a scored category

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

PG = ("postgresql",)  # index-backed constraints exist on PostgreSQL only (see storage/metadata.py)


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "fact_permit_points",
        sa.Column("application_id", sa.String(length=64), nullable=False),
        sa.Column("salary_kzt", sa.BigInteger(), nullable=True),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("pass_mark", sa.Integer(), nullable=False),
        sa.Column("components", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("application_id", name=op.f("pk_fact_permit_points")).ddl_if(dialect=PG),
        comment="The points of each decided application of a scored category: the total, the pass mark then in "
        "force and every criterion with its value, points and rule (JSON).",
    )


def downgrade() -> None:
    """Undo this revision."""
    op.drop_table("fact_permit_points")
