"""verification jobs started through the API, kept in the store

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

PG = ("postgresql",)  # index-backed constraints exist on PostgreSQL only (see storage/metadata.py)


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "verification_jobs",
        sa.Column("run_id", sa.String(length=32), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=7), nullable=False),
        sa.Column("requested_by", sa.String(length=64), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("projects", sa.Integer(), nullable=True),
        sa.Column("regions", sa.Integer(), nullable=True),
        sa.Column("alerts", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("server", sa.String(length=200), nullable=False),
        sa.CheckConstraint(
            "status IN ('queued', 'running', 'done', 'failed')", name=op.f("ck_verification_jobs_status_allowed")
        ),
        sa.PrimaryKeyConstraint("run_id", name=op.f("pk_verification_jobs")).ddl_if(dialect=PG),
        comment="Verifications started through the API: who asked, when, how it went (kept across restarts).",
    )


def downgrade() -> None:
    """Undo this revision."""
    op.drop_table("verification_jobs")
