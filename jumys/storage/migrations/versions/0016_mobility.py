"""mobility: the government's list of labour-surplus and labour-deficit regions, as loaded

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

PG = ("postgresql",)  # index-backed constraints exist on PostgreSQL only (see storage/metadata.py)


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "mobility_region_list",
        sa.Column("from_year", sa.Integer(), nullable=False),
        sa.Column("kato2", sa.String(length=2), nullable=False),
        sa.Column("labour_class", sa.String(length=8), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "labour_class IN ('surplus', 'deficit', 'balanced')",
            name=op.f("ck_mobility_region_list_labour_class_allowed"),
        ),
        sa.PrimaryKeyConstraint("from_year", "kato2", name=op.f("pk_mobility_region_list")).ddl_if(
            dialect=PG
        ),
        comment="The government's list of labour-surplus and labour-deficit regions, as last loaded "
        "(jumys regions override): it replaces the list shipped in jumys/reference/data.",
    )


def downgrade() -> None:
    """Undo this revision."""
    op.drop_table("mobility_region_list")
