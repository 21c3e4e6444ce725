"""events applied through the API, by the id their sender gave them

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

PG = ("postgresql",)  # index-backed constraints exist on PostgreSQL only (see storage/metadata.py)


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "events",
        sa.Column("event_id", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("batch_no", sa.Integer(), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('contract', 'payroll')", name=op.f("ck_events_kind_allowed")),
        sa.ForeignKeyConstraint(
            ["batch_no"], ["batches.batch_no"], name=op.f("fk_events_batch_no_batches")
        ).ddl_if(dialect=PG),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_events")).ddl_if(dialect=PG),
        comment="Events applied through POST /api/v1/events: the id the sender gave, the SHA-256 of its kind and "
        "row, the batch that applied it and when.",
    )


def downgrade() -> None:
    """Undo this revision."""
    op.drop_table("events")
