"""foreign labour: decided permit applications, the permits they issued, and the employer role

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

PG = ("postgresql",)  # index-backed constraints exist on PostgreSQL only (see storage/metadata.py)
ROLES_BEFORE = "role IN ('ministry', 'akimat', 'inspector', 'investor', 'public')"
ROLES_AFTER = "role IN ('ministry', 'akimat', 'inspector', 'investor', 'employer', 'public')"
EMPLOYER_BINS = "role <> 'employer' OR bins IS NOT NULL"


def _users_checks(roles: str, employer: bool) -> list[sa.CheckConstraint]:
    checks = [
        sa.CheckConstraint("role <> 'akimat' OR region IS NOT NULL", name=op.f("ck_users_akimat_has_region")),
        sa.CheckConstraint("role <> 'investor' OR bins IS NOT NULL", name=op.f("ck_users_investor_has_bins")),
        sa.CheckConstraint(roles, name=op.f("ck_users_role_allowed")),
    ]
    if employer:
        checks.append(sa.CheckConstraint(EMPLOYER_BINS, name=op.f("ck_users_employer_has_bins")))
    return checks


def _rebuild_users_duckdb(roles: str, employer: bool) -> None:
    """DuckDB cannot alter a CHECK constraint: the users table is made again with the new ones, rows copied."""
    op.create_table(
        "users_new",
        sa.Column("user_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=True),
        sa.Column("role", sa.String(length=9), nullable=False),
        sa.Column("region", sa.String(length=2), nullable=True),
        sa.Column("bins", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        *_users_checks(roles, employer),
        comment="People and machines that may use the API and the dashboard, with their role and its limits.",
    )
    op.execute(
        "INSERT INTO users_new SELECT user_id, username, password_hash, role, region, bins, created_at, "
        "disabled_at FROM users"
    )
    op.drop_table("users")
    op.rename_table("users_new", "users")


def _users(roles_from: str, roles_to: str, employer: bool) -> None:
    if op.get_bind().dialect.name in PG:
        op.drop_constraint(op.f("ck_users_role_allowed"), "users", type_="check")
        op.create_check_constraint(op.f("ck_users_role_allowed"), "users", roles_to)
        if employer:
            op.create_check_constraint(op.f("ck_users_employer_has_bins"), "users", EMPLOYER_BINS)
        else:
            op.drop_constraint(op.f("ck_users_employer_has_bins"), "users", type_="check")
    else:
        _rebuild_users_duckdb(roles_to, employer)


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "fact_permit_decisions",
        sa.Column("application_id", sa.String(length=64), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=False),
        sa.Column("bin", sa.String(length=12), nullable=True),
        sa.Column("category", sa.String(length=14), nullable=False),
        sa.Column("nkz", sa.String(length=4), nullable=False),
        sa.Column("kato", sa.String(length=9), nullable=False),
        sa.Column("region", sa.String(length=2), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("citizenship", sa.String(length=3), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("decision", sa.String(length=7), nullable=False),
        sa.Column("permit_id", sa.String(length=80), nullable=True),
        sa.Column("failed_checks", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "decision IN ('issued', 'refused')", name=op.f("ck_fact_permit_decisions_decision_allowed")
        ),
        sa.PrimaryKeyConstraint("application_id", name=op.f("pk_fact_permit_decisions")).ddl_if(dialect=PG),
        comment="Each permit application decided by the rules: the decision, the failed checks and their numbers (JSON).",
    )
    op.create_table(
        "fact_issued_permits",
        sa.Column("permit_id", sa.String(length=80), nullable=False),
        sa.Column("application_id", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("citizenship", sa.String(length=3), nullable=False),
        sa.Column("bin", sa.String(length=12), nullable=True),
        sa.Column("category", sa.String(length=14), nullable=False),
        sa.Column("nkz", sa.String(length=4), nullable=False),
        sa.Column("kato", sa.String(length=9), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("permit_id", name=op.f("pk_fact_issued_permits")).ddl_if(dialect=PG),
        comment="Permits issued by decided applications: each takes a unit of its year's quota at once.",
    )
    if op.get_bind().dialect.name in PG:
        op.create_index("ix_fact_permit_decisions_bin", "fact_permit_decisions", ["bin"], unique=False)
        op.create_index("ix_fact_issued_permits_bin", "fact_issued_permits", ["bin"], unique=False)
    _users(ROLES_BEFORE, ROLES_AFTER, employer=True)


def downgrade() -> None:
    """Undo this revision (employer users must be removed first)."""
    _users(ROLES_AFTER, ROLES_BEFORE, employer=False)
    op.drop_table("fact_issued_permits")
    op.drop_table("fact_permit_decisions")
