"""illegal work: employers scored by the signals of illegal work and fictitious contracts, and the runs

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

PG = ("postgresql",)  # index-backed constraints exist on PostgreSQL only (see storage/metadata.py)


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "fact_illegal_work",
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("bin", sa.String(length=12), nullable=False),
        sa.Column("region", sa.String(length=2), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.Column("persons", sa.Integer(), nullable=False),
        sa.Column("amount_kzt", sa.BigInteger(), nullable=False),
        sa.Column("signals", sa.Text(), nullable=False),
        sa.CheckConstraint("score BETWEEN 1 AND 7", name=op.f("ck_fact_illegal_work_score_range")),
        sa.PrimaryKeyConstraint("as_of", "bin", name=op.f("pk_fact_illegal_work")).ddl_if(dialect=PG),
        comment="Employers with illegal-work signals at an as-of date: score (signals shown), persons, amounts, "
        "and the signals with their evidence as JSON.",
    )
    op.create_table(
        "fact_illegal_work_runs",
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("employers", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("as_of", name=op.f("pk_fact_illegal_work_runs")).ddl_if(dialect=PG),
        comment="Each illegal-work run: its date, when it ran, the employers flagged, how long it took.",
    )
    if op.get_bind().dialect.name in PG:
        op.create_index("ix_fact_illegal_work_region", "fact_illegal_work", ["as_of", "region"], unique=False)


def downgrade() -> None:
    """Undo this revision."""
    op.drop_table("fact_illegal_work_runs")
    op.drop_table("fact_illegal_work")
