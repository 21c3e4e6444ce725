"""the personal cabinet: persons' accounts and sessions, notifications, the e-mail outbox

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

PG = ("postgresql",)  # index-backed constraints exist on PostgreSQL only (see storage/metadata.py)


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "person_accounts",
        sa.Column("account_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("lang IN ('ru', 'kk', 'en')", name=op.f("ck_person_accounts_lang_allowed")),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_person_accounts")).ddl_if(dialect=PG),
        sa.UniqueConstraint("person_id", name=op.f("uq_person_accounts_person_id")).ddl_if(dialect=PG),
        comment="Persons (citizens, kandas, foreign workers) who may sign in to the personal cabinet, by pseudonym.",
    )
    op.create_table(
        "person_sessions",
        sa.Column("session_sha256", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["person_accounts.account_id"], name=op.f("fk_person_sessions_account_id_person_accounts")
        ).ddl_if(dialect=PG),
        sa.PrimaryKeyConstraint("session_sha256", name=op.f("pk_person_sessions")).ddl_if(dialect=PG),
        comment="Sessions of persons signed in to the cabinet: the SHA-256 of the cookie's value, until it expires.",
    )
    op.create_table(
        "cabinet_notifications",
        sa.Column("notification_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("case_kind", sa.String(length=12), nullable=False),
        sa.Column("case_id", sa.String(length=80), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("status_on", sa.Date(), nullable=False),
        sa.Column("noticed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("announced", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "case_kind IN ('application', 'permit', 'resettlement')",
            name=op.f("ck_cabinet_notifications_case_kind_allowed"),
        ),
        sa.PrimaryKeyConstraint("notification_id", name=op.f("pk_cabinet_notifications")).ddl_if(dialect=PG),
        sa.UniqueConstraint(
            "account_id",
            "case_kind",
            "case_id",
            "status",
            name=op.f("uq_cabinet_notifications_account_id_case_kind_case_id_status"),
        ),
        comment="Each status of a person's case, noticed once: shown in the cabinet, and e-mailed when it is news.",
    )
    op.create_table(
        "cabinet_outbox",
        sa.Column("notification_id", sa.Uuid(), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "state IN ('pending', 'sending', 'sent', 'failed', 'unsure')", name=op.f("ck_cabinet_outbox_state_allowed")
        ),
        sa.PrimaryKeyConstraint("notification_id", name=op.f("pk_cabinet_outbox")),
        comment="E-mails of notifications waiting for, in, or past delivery: each claimed before it is sent.",
    )
    if op.get_bind().dialect.name in PG:
        op.create_index("ix_cabinet_outbox_state", "cabinet_outbox", ["state", "next_attempt_at"], unique=False)


def downgrade() -> None:
    """Undo this revision."""
    op.drop_table("cabinet_outbox")
    op.drop_table("cabinet_notifications")
    op.drop_table("person_sessions")
    op.drop_table("person_accounts")
