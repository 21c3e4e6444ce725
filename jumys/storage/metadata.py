"""The one MetaData of Jumys and the constraint helpers every domain's tables use.

Keys and foreign keys are declared for both engines but created only on PostgreSQL: on DuckDB
they are ART indexes, which cost 27 s per 7M contracts on insert and did not finish 80M payroll
rows in 4 minutes (docs/storage.md has the measurements). The ingest guarantees keys and
references on both engines (it is the only writer) and `jumys check` verifies them.
NOT NULL and CHECK constraints are created on both.
"""

from __future__ import annotations

import sqlalchemy as sa

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING)

# the engine on which index-backed constraints (PK, UNIQUE, FK) are created
INDEXED_DIALECTS = "postgresql"


def primary_key(*columns: str) -> sa.PrimaryKeyConstraint:
    """A primary key, enforced by the database on PostgreSQL and by the ingest everywhere."""
    return sa.PrimaryKeyConstraint(*columns).ddl_if(dialect=INDEXED_DIALECTS)


def foreign_key(columns: list[str], target: list[str]) -> sa.ForeignKeyConstraint:
    """A reference, enforced by the database on PostgreSQL and by the ingest everywhere."""
    return sa.ForeignKeyConstraint(columns, target).ddl_if(dialect=INDEXED_DIALECTS)


def index(name: str, *columns: str | sa.Column[object]) -> sa.Index:
    """A secondary index for PostgreSQL's query plans (DuckDB scans columns instead)."""
    return sa.Index(name, *columns).ddl_if(dialect=INDEXED_DIALECTS)
