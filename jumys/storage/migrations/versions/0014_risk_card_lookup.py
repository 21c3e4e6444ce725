"""a lookup index on DuckDB: one enterprise's risk scores, for its card

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

DUCKDB = ("duckdb",)  # PostgreSQL has the primary key (as_of, bin) for the same (see storage/metadata.py)


def upgrade() -> None:
    """Apply this revision."""
    if op.get_bind().dialect.name in DUCKDB:
        op.create_index("ix_fact_risk_scores_lookup", "fact_risk_scores", ["bin"], unique=False)


def downgrade() -> None:
    """Undo this revision."""
    if op.get_bind().dialect.name in DUCKDB:
        op.drop_index("ix_fact_risk_scores_lookup", table_name="fact_risk_scores")
