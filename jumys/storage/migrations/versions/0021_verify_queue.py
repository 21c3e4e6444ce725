"""the BINs of events waiting for their projects to be verified again, and when each project was verified

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

PG = ("postgresql",)  # index-backed constraints exist on PostgreSQL only (see storage/metadata.py)


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "verify_queue",
        sa.Column("batch_no", sa.Integer(), nullable=False),
        sa.Column("bin", sa.String(length=12), nullable=False),
        sa.PrimaryKeyConstraint("batch_no", "bin", name=op.f("pk_verify_queue")).ddl_if(dialect=PG),
        comment="The BINs of events applied whose projects are not verified again yet: written in the events' "
        "own transaction, removed in the one that verifies them (jumys/projects/live.py).",
    )
    op.create_table(
        "fact_project_freshness",
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("project_id", sa.Text(), nullable=False),
        sa.Column("data_batch_no", sa.Integer(), nullable=False, comment="The newest batch in the store then."),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("as_of", "project_id", name=op.f("pk_fact_project_freshness")).ddl_if(dialect=PG),
        comment="When each project was last verified at an as-of date, and the newest batch its figures include.",
    )


def downgrade() -> None:
    """Undo this revision."""
    op.drop_table("fact_project_freshness")
    op.drop_table("verify_queue")
