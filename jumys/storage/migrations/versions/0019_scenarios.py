"""scenario runs of new growth points and their results

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

PG = ("postgresql",)  # index-backed constraints exist on PostgreSQL only (see storage/metadata.py)


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "scenario_runs",
        sa.Column("run_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("base_year", sa.Integer(), nullable=False),
        sa.Column("horizon", sa.Integer(), nullable=False),
        sa.Column("parameters", sa.Text(), nullable=False),
        sa.Column("provenance", sa.Text(), nullable=False),
        sa.Column("ran_by", sa.String(length=64), nullable=False),
        sa.Column("ran_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("run_id", name=op.f("pk_scenario_runs")).ddl_if(dialect=PG),
        comment="Scenario runs of new growth points: the file they came from (its SHA-256), their parameters and "
        "changes, the data they used, who ran them and when.",
    )
    op.create_table(
        "scenario_results",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("variant", sa.String(length=8), nullable=False),
        sa.Column("kato2", sa.String(length=2), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("measure", sa.String(length=24), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.CheckConstraint("variant IN ('scenario', 'baseline')", name=op.f("ck_scenario_results_variant_allowed")),
        sa.PrimaryKeyConstraint(
            "run_id", "variant", "kato2", "year", "measure", name=op.f("pk_scenario_results")
        ).ddl_if(dialect=PG),
        comment="What a scenario run computed, and its baseline beside it: population, age groups, net migration "
        "and needs by region and year.",
    )


def downgrade() -> None:
    """Undo this revision."""
    op.drop_table("scenario_results")
    op.drop_table("scenario_runs")
