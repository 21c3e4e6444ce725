"""the matching of job seekers of labour-surplus regions to vacancies of labour-deficit regions

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

PG = ("postgresql",)  # index-backed constraints exist on PostgreSQL only (see storage/metadata.py)


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "fact_resettlement_matches",
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("vacancy_id", sa.String(length=64), nullable=False),
        sa.Column("nkz", sa.String(length=4), nullable=False),
        sa.Column("from_region", sa.String(length=2), nullable=False),
        sa.Column("to_region", sa.String(length=2), nullable=False),
        sa.Column("kandas", sa.Boolean(), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("salary_kzt", sa.BigInteger(), nullable=False),
        sa.Column("reference_wage_kzt", sa.BigInteger(), nullable=False),
        sa.Column("distance_km", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("as_of", "person_id", name=op.f("pk_fact_resettlement_matches")).ddl_if(dialect=PG),
        comment="Job seekers of labour-surplus regions matched to open vacancies of labour-deficit regions at a "
        "date: the optimal assignment, each match with what explains it (occupation, wage against the seeker's "
        "region, distance).",
    )
    op.create_table(
        "fact_resettlement_match_runs",
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("classes_year", sa.Integer(), nullable=False),
        sa.Column("seekers", sa.Integer(), nullable=False),
        sa.Column("vacancies", sa.Integer(), nullable=False),
        sa.Column("matched", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("as_of", name=op.f("pk_fact_resettlement_match_runs")).ddl_if(dialect=PG),
        comment="One matching run a date: the regions' classes it used, the counts, and why seekers and vacancies "
        "were left unmatched (JSON).",
    )


def downgrade() -> None:
    """Undo this revision."""
    op.drop_table("fact_resettlement_match_runs")
    op.drop_table("fact_resettlement_matches")
