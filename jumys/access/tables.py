"""Tables of access: users, their machine tokens and sessions (stored as hashes only), the audit log."""

from __future__ import annotations

import sqlalchemy as sa

from jumys.storage.metadata import foreign_key, index, metadata, primary_key

users = sa.Table(
    "users",
    metadata,
    sa.Column("user_id", sa.Integer, nullable=False, autoincrement=False),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("password_hash", sa.Text),  # argon2id; NULL for a machine that signs in by token only
    sa.Column("role", sa.String(9), nullable=False),
    sa.Column("region", sa.String(2)),  # akimat: its region (2-digit KATO)
    sa.Column("bins", sa.Text),  # investor, employer: its BINs, separated by spaces
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("disabled_at", sa.DateTime(timezone=True)),
    primary_key("user_id"),
    sa.UniqueConstraint("username").ddl_if(dialect="postgresql"),
    sa.CheckConstraint(
        "role IN ('ministry', 'akimat', 'inspector', 'investor', 'employer', 'public')", name="role_allowed"
    ),
    sa.CheckConstraint("role <> 'akimat' OR region IS NOT NULL", name="akimat_has_region"),
    sa.CheckConstraint("role <> 'investor' OR bins IS NOT NULL", name="investor_has_bins"),
    sa.CheckConstraint("role <> 'employer' OR bins IS NOT NULL", name="employer_has_bins"),
    comment="People and machines that may use the API and the dashboard, with their role and its limits.",
)

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("token_sha256", sa.String(64), nullable=False),
    sa.Column("user_id", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True)),
    primary_key("token_sha256"),
    foreign_key(["user_id"], ["users.user_id"]),
    comment="Machine tokens: the SHA-256 of a random token shown once when it was issued.",
)

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("session_sha256", sa.String(64), nullable=False),
    sa.Column("user_id", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    primary_key("session_sha256"),
    foreign_key(["user_id"], ["users.user_id"]),
    comment="Sessions of people signed in: the SHA-256 of the cookie's value, until it expires.",
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("audit_id", sa.Uuid, nullable=False),
    sa.Column("logged_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("role", sa.String(9), nullable=False),
    sa.Column("via", sa.String(9), nullable=False),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("resource", sa.Text, nullable=False),
    sa.Column("outcome", sa.String(8), nullable=False),
    sa.Column("detail", sa.Text),  # JSON; never an IIN
    primary_key("audit_id"),
    index("ix_audit_log_logged_at", "logged_at"),
    sa.CheckConstraint("outcome IN ('ok', 'denied', 'failed')", name="outcome_allowed"),
    comment="Who read person-level data or wrote anything, when, and with what outcome.",
)
