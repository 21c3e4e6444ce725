"""scorecards and alerts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

PG = ("postgresql",)  # index-backed constraints exist on PostgreSQL only (see storage/metadata.py)


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "fact_alerts",
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("project_id", sa.Text(), nullable=False),
        sa.Column("region", sa.String(length=2), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("severity", sa.String(length=8), nullable=False),
        sa.Column("message_ru", sa.Text(), nullable=False),
        sa.Column("message_kk", sa.Text(), nullable=False),
        sa.Column("message_en", sa.Text(), nullable=False),
        sa.Column("numbers", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('failed', 'at_risk', 'unconfirmed', 'low_wage_share')",
            name=op.f("ck_fact_alerts_kind_allowed"),
        ),
        sa.CheckConstraint("severity IN ('high', 'medium')", name=op.f("ck_fact_alerts_severity_allowed")),
        sa.PrimaryKeyConstraint("as_of", "project_id", "kind", name=op.f("pk_fact_alerts")).ddl_if(
            dialect=PG
        ),
        comment="Alerts at an as-of date: each says why in a sentence, with the numbers behind it (JSON).",
    )
    op.create_table(
        "fact_region_scorecard",
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("region", sa.String(length=2), nullable=False),
        sa.Column("projects", sa.Integer(), nullable=False),
        sa.Column("pending", sa.Integer(), nullable=False),
        sa.Column("on_track", sa.Integer(), nullable=False),
        sa.Column("at_risk", sa.Integer(), nullable=False),
        sa.Column("fulfilled", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("promised_permanent_jobs", sa.BigInteger(), nullable=False),
        sa.Column("verified_permanent_jobs", sa.BigInteger(), nullable=False),
        sa.Column("fulfilment", sa.Double(), nullable=True),
        sa.Column("credited", sa.BigInteger(), nullable=False),
        sa.Column("youth_jobs", sa.BigInteger(), nullable=False),
        sa.Column("youth_share", sa.Double(), nullable=True),
        sa.Column("wage_rule_projects", sa.Integer(), nullable=False),
        sa.Column("wage_rule_share", sa.Double(), nullable=True),
        sa.Column("mean_salary_kzt", sa.Double(), nullable=True),
        sa.Column("region_avg_wage_kzt", sa.Double(), nullable=True),
        sa.Column("salary_ratio", sa.Double(), nullable=True),
        sa.Column("unconfirmed", sa.BigInteger(), nullable=False),
        sa.Column("temporary_jobs", sa.BigInteger(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("as_of", "region", name=op.f("pk_fact_region_scorecard")).ddl_if(dialect=PG),
        comment="Each region's scorecard at an as-of date, ranked by verified / promised permanent jobs.",
    )


def downgrade() -> None:
    """Undo this revision."""
    op.drop_table("fact_region_scorecard")
    op.drop_table("fact_alerts")
