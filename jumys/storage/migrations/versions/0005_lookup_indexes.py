"""lookup indexes on DuckDB: one employer, one project's evidence and verification

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

DUCKDB = ("duckdb",)  # PostgreSQL has primary keys and indexes for these (see storage/metadata.py)
INDEXES = (
    ("ix_employers_lookup", "employers", "bin"),
    ("ix_fact_project_jobs_lookup", "fact_project_jobs", "project_id"),
    ("ix_fact_project_verification_lookup", "fact_project_verification", "project_id"),
)


def upgrade() -> None:
    """Apply this revision."""
    if op.get_bind().dialect.name in DUCKDB:
        for name, table, column in INDEXES:
            op.create_index(name, table, [column], unique=False)


def downgrade() -> None:
    """Undo this revision."""
    if op.get_bind().dialect.name in DUCKDB:
        for name, table, _ in INDEXES:
            op.drop_index(name, table_name=table)
