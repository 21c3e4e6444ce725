"""Tables of the personal cabinet: persons' accounts and sessions, their notifications, the e-mail outbox.

A person is known by the pseudonym of their IIN (person_id), never by the IIN itself. The notifications'
key (account, case, status) and the outbox's key are unique on both engines, not only on PostgreSQL: they
are what makes a status notified and e-mailed once, whoever writes at the same time.
"""

from __future__ import annotations

import sqlalchemy as sa

from jumys.storage.metadata import foreign_key, index, metadata, primary_key

person_accounts = sa.Table(
    "person_accounts",
    metadata,
    sa.Column("account_id", sa.Integer, nullable=False, autoincrement=False),
    sa.Column("person_id", sa.Uuid, nullable=False),  # the IIN's pseudonym
    sa.Column("email", sa.String(254), nullable=False),
    sa.Column("lang", sa.String(2), nullable=False),  # the language of the e-mails
    sa.Column("password_hash", sa.Text, nullable=False),  # argon2id
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(64), nullable=False),
    sa.Column("disabled_at", sa.DateTime(timezone=True)),
    primary_key("account_id"),
    sa.UniqueConstraint("person_id").ddl_if(dialect="postgresql"),
    sa.CheckConstraint("lang IN ('ru', 'kk', 'en')", name="lang_allowed"),
    comment="Persons (citizens, kandas, foreign workers) who may sign in to the personal cabinet, by pseudonym.",
)

person_sessions = sa.Table(
    "person_sessions",
    metadata,
    sa.Column("session_sha256", sa.String(64), nullable=False),
    sa.Column("account_id", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    primary_key("session_sha256"),
    foreign_key(["account_id"], ["person_accounts.account_id"]),
    comment="Sessions of persons signed in to the cabinet: the SHA-256 of the cookie's value, until it expires.",
)

cabinet_notifications = sa.Table(
    "cabinet_notifications",
    metadata,
    sa.Column("notification_id", sa.Uuid, nullable=False),
    sa.Column("account_id", sa.Integer, nullable=False),
    sa.Column("case_kind", sa.String(12), nullable=False),
    sa.Column("case_id", sa.String(80), nullable=False),
    sa.Column("status", sa.String(12), nullable=False),
    sa.Column("status_on", sa.Date, nullable=False),
    sa.Column("noticed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("announced", sa.Boolean, nullable=False),  # false: known when the account was made, not news
    primary_key("notification_id"),
    sa.UniqueConstraint("account_id", "case_kind", "case_id", "status"),
    sa.CheckConstraint("case_kind IN ('application', 'permit', 'resettlement')", name="case_kind_allowed"),
    comment="Each status of a person's case, noticed once: shown in the cabinet, and e-mailed when it is news.",
)

cabinet_outbox = sa.Table(
    "cabinet_outbox",
    metadata,
    sa.Column("notification_id", sa.Uuid, nullable=False),
    sa.Column("recipient", sa.String(254), nullable=False),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("state", sa.String(8), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("claimed_at", sa.DateTime(timezone=True)),
    sa.Column("claimed_by", sa.String(64)),
    sa.Column("sent_at", sa.DateTime(timezone=True)),
    sa.Column("last_error", sa.Text),
    sa.PrimaryKeyConstraint("notification_id"),
    index("ix_cabinet_outbox_state", "state", "next_attempt_at"),
    sa.CheckConstraint("state IN ('pending', 'sending', 'sent', 'failed', 'unsure')", name="state_allowed"),
    comment="E-mails of notifications waiting for, in, or past delivery: each claimed before it is sent.",
)
