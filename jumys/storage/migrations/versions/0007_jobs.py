"""background jobs of any kind: verification_jobs becomes jobs (kind, parameters, result)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

PG = ("postgresql",)  # index-backed constraints exist on PostgreSQL only (see storage/metadata.py)

# a verification job's as-of date and counts as the JSON of the new columns, the same text on both engines
PARAMETERS = "'{\"as_of\": \"' || CAST(as_of AS VARCHAR) || '\"}'"
RESULT = (
    "CASE WHEN status = 'done' THEN '{\"alerts\": ' || CAST(alerts AS VARCHAR) || ', \"projects\": ' "
    "|| CAST(projects AS VARCHAR) || ', \"regions\": ' || CAST(regions AS VARCHAR) || '}' END"
)


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "jobs",
        sa.Column("job_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("parameters", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=7), nullable=False),
        sa.Column("requested_by", sa.String(length=64), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("server", sa.String(length=200), nullable=False),
        sa.CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name=op.f("ck_jobs_status_allowed")),
        sa.PrimaryKeyConstraint("job_id", name=op.f("pk_jobs")).ddl_if(dialect=PG),
        comment="Background jobs started through the doors: kind, parameters, who asked, how it went.",
    )
    op.execute(
        "INSERT INTO jobs (job_id, kind, parameters, status, requested_by, requested_at, started_at, "
        f"finished_at, result, error, server) SELECT run_id, 'verification', {PARAMETERS}, status, "
        f"requested_by, requested_at, started_at, finished_at, {RESULT}, error, server FROM verification_jobs"
    )
    op.drop_table("verification_jobs")


def downgrade() -> None:
    """Undo this revision (jobs of other kinds than verification are dropped)."""
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
    op.drop_table("jobs")
