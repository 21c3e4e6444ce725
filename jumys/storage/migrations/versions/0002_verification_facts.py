"""verification facts

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

PG = ("postgresql",)  # index-backed constraints exist on PostgreSQL only (see storage/metadata.py)


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "fact_project_jobs",
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("project_id", sa.Text(), nullable=False),
        sa.Column("contract_id", sa.Text(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("job_kind", sa.String(length=9), nullable=False),
        sa.Column("status", sa.String(length=11), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("months_checked", sa.Integer(), nullable=True),
        sa.Column("paid_months", sa.Integer(), nullable=True),
        sa.Column("youth", sa.Boolean(), nullable=True),
        sa.Column("salary_kzt", sa.BigInteger(), nullable=False),
        sa.Column("nkz_major", sa.String(length=1), nullable=False),
        sa.Column("conditions", sa.String(length=9), nullable=False),
        sa.PrimaryKeyConstraint("as_of", "contract_id", name=op.f("pk_fact_project_jobs")).ddl_if(dialect=PG),
        comment="The evidence: each contract assigned to a project at an as-of date and how it was classed.",
    )
    if op.get_bind().dialect.name in PG:
        op.create_index(
            "ix_fact_project_jobs_project", "fact_project_jobs", ["as_of", "project_id"], unique=False
        )
    op.create_table(
        "fact_project_verification",
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("project_id", sa.Text(), nullable=False),
        sa.Column("region", sa.String(length=2), nullable=False),
        sa.Column("status", sa.String(length=9), nullable=False),
        sa.Column("promised_permanent_jobs", sa.BigInteger(), nullable=False),
        sa.Column("promised_temporary_jobs", sa.BigInteger(), nullable=True),
        sa.Column("expected_jobs", sa.BigInteger(), nullable=False),
        sa.Column("verified_permanent_jobs", sa.BigInteger(), nullable=False),
        sa.Column("credited", sa.BigInteger(), nullable=False),
        sa.Column("provisional", sa.BigInteger(), nullable=False),
        sa.Column("unconfirmed", sa.BigInteger(), nullable=False),
        sa.Column("baseline_headcount", sa.BigInteger(), nullable=False),
        sa.Column("current_headcount", sa.BigInteger(), nullable=False),
        sa.Column("youth_jobs", sa.BigInteger(), nullable=False),
        sa.Column("temporary_jobs", sa.BigInteger(), nullable=False),
        sa.Column("wage_bill_kzt", sa.BigInteger(), nullable=False),
        sa.Column("investment_kzt", sa.BigInteger(), nullable=False),
        sa.Column("wage_share", sa.Double(), nullable=True),
        sa.Column("meets_wage_share", sa.Boolean(), nullable=True),
        sa.Column("mean_salary_kzt", sa.Double(), nullable=True),
        sa.Column("region_avg_wage_kzt", sa.Double(), nullable=True),
        sa.Column("salary_ratio", sa.Double(), nullable=True),
        sa.Column("harmful_share", sa.Double(), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'on_track', 'at_risk', 'fulfilled', 'failed')",
            name=op.f("ck_fact_project_verification_status_allowed"),
        ),
        sa.CheckConstraint(
            "verified_permanent_jobs <= credited",
            name=op.f("ck_fact_project_verification_verified_le_credited"),
        ),
        sa.PrimaryKeyConstraint("as_of", "project_id", name=op.f("pk_fact_project_verification")).ddl_if(
            dialect=PG
        ),
        comment="Job-creation verification of every project at an as-of date (docs/methodology.md).",
    )
    op.create_table(
        "fact_verification_runs",
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("parameters", sa.Text(), nullable=False),
        sa.Column("projects", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("as_of", name=op.f("pk_fact_verification_runs")).ddl_if(dialect=PG),
        comment="Each verification run: its as-of date, when it ran, with which methodology parameters.",
    )


def downgrade() -> None:
    """Undo this revision."""
    op.drop_table("fact_verification_runs")
    op.drop_table("fact_project_verification")
    if op.get_bind().dialect.name in PG:
        op.drop_index("ix_fact_project_jobs_project", table_name="fact_project_jobs")
    op.drop_table("fact_project_jobs")
