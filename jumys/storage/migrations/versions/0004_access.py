"""access: users, machine tokens, sessions, audit log

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

PG = ("postgresql",)  # index-backed constraints exist on PostgreSQL only (see storage/metadata.py)


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "audit_log",
        sa.Column("audit_id", sa.Uuid(), nullable=False),
        sa.Column("logged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=9), nullable=False),
        sa.Column("via", sa.String(length=9), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("resource", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=8), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.CheckConstraint("outcome IN ('ok', 'denied', 'failed')", name=op.f("ck_audit_log_outcome_allowed")),
        sa.PrimaryKeyConstraint("audit_id", name=op.f("pk_audit_log")).ddl_if(dialect=PG),
        comment="Who read person-level data or wrote anything, when, and with what outcome.",
    )
    if op.get_bind().dialect.name in PG:
        op.create_index("ix_audit_log_logged_at", "audit_log", ["logged_at"], unique=False)
    op.create_table(
        "users",
        sa.Column("user_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=True),
        sa.Column("role", sa.String(length=9), nullable=False),
        sa.Column("region", sa.String(length=2), nullable=True),
        sa.Column("bins", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("role <> 'akimat' OR region IS NOT NULL", name=op.f("ck_users_akimat_has_region")),
        sa.CheckConstraint("role <> 'investor' OR bins IS NOT NULL", name=op.f("ck_users_investor_has_bins")),
        sa.CheckConstraint(
            "role IN ('ministry', 'akimat', 'inspector', 'investor', 'public')", name=op.f("ck_users_role_allowed")
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_users")).ddl_if(dialect=PG),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")).ddl_if(dialect=PG),
        comment="People and machines that may use the API and the dashboard, with their role and its limits.",
    )
    op.create_table(
        "api_tokens",
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.user_id"], name=op.f("fk_api_tokens_user_id_users")
        ).ddl_if(dialect=PG),
        sa.PrimaryKeyConstraint("token_sha256", name=op.f("pk_api_tokens")).ddl_if(dialect=PG),
        comment="Machine tokens: the SHA-256 of a random token shown once when it was issued.",
    )
    op.create_table(
        "sessions",
        sa.Column("session_sha256", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.user_id"], name=op.f("fk_sessions_user_id_users")
        ).ddl_if(dialect=PG),
        sa.PrimaryKeyConstraint("session_sha256", name=op.f("pk_sessions")).ddl_if(dialect=PG),
        comment="Sessions of people signed in: the SHA-256 of the cookie's value, until it expires.",
    )


def downgrade() -> None:
    """Undo this revision."""
    op.drop_table("sessions")
    op.drop_table("api_tokens")
    op.drop_table("users")
    if op.get_bind().dialect.name in PG:
        op.drop_index("ix_audit_log_logged_at", table_name="audit_log")
    op.drop_table("audit_log")
