"""safe work: enterprise risk runs and scores, labour-conflict warnings and their runs

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

PG = ("postgresql",)  # index-backed constraints exist on PostgreSQL only (see storage/metadata.py)


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "fact_risk_runs",
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("model", sa.Text(), nullable=False),
        sa.Column("employers", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("as_of", name=op.f("pk_fact_risk_runs")).ddl_if(dialect=PG),
        comment="Each enterprise-risk run: its date and the fitted model (weights, scaling, training dates) as JSON.",
    )
    op.create_table(
        "fact_risk_scores",
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("bin", sa.String(length=12), nullable=False),
        sa.Column("region", sa.String(length=2), nullable=False),
        sa.Column("section", sa.String(length=1), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.Column("class", sa.String(length=6), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.Column("vision_zero", sa.Boolean(), nullable=False),
        sa.Column("open_arrears_kzt", sa.BigInteger(), nullable=False),
        sa.Column("factors", sa.Text(), nullable=False),
        sa.CheckConstraint("score BETWEEN 0 AND 100", name=op.f("ck_fact_risk_scores_score_range")),
        sa.CheckConstraint(
            "class IN ('high', 'medium', 'low')", name=op.f("ck_fact_risk_scores_class_allowed")
        ),
        sa.PrimaryKeyConstraint("as_of", "bin", name=op.f("pk_fact_risk_scores")).ddl_if(dialect=PG),
        comment="Enterprise risk at an as-of date: score 0-100, class, and the factors with their points as JSON.",
    )
    op.create_table(
        "fact_warnings",
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("bin", sa.String(length=12), nullable=False),
        sa.Column("region", sa.String(length=2), nullable=False),
        sa.Column("level", sa.String(length=5), nullable=False),
        sa.Column("signals", sa.Text(), nullable=False),
        sa.CheckConstraint("level IN ('watch', 'high')", name=op.f("ck_fact_warnings_level_allowed")),
        sa.PrimaryKeyConstraint("as_of", "bin", name=op.f("pk_fact_warnings")).ddl_if(dialect=PG),
        comment="Labour-conflict early warnings at an as-of date: level and the signals with their evidence as JSON.",
    )
    op.create_table(
        "fact_warning_runs",
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("employers", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("as_of", name=op.f("pk_fact_warning_runs")).ddl_if(dialect=PG),
        comment="Each labour-conflict warning run: its date, when it ran, the employers warned, how long it took.",
    )
    if op.get_bind().dialect.name in PG:
        op.create_index("ix_fact_risk_scores_region", "fact_risk_scores", ["as_of", "region"], unique=False)
        op.create_index("ix_fact_warnings_region", "fact_warnings", ["as_of", "region"], unique=False)


def downgrade() -> None:
    """Undo this revision."""
    op.drop_table("fact_warning_runs")
    op.drop_table("fact_warnings")
    op.drop_table("fact_risk_scores")
    op.drop_table("fact_risk_runs")
