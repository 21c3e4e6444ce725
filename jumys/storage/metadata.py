"""The one MetaData of Jumys and the constraint helpers every domain's tables use.

Keys and foreign keys are declared for both engines but created only on PostgreSQL: on DuckDB
they are ART indexes, which cost 27 s per 7M contracts on insert and did not finish 80M payroll
rows in 4 minutes (docs/storage.md has the measurements). The ingest guarantees keys and
references on both engines (it is the only writer) and `jumys check` verifies them.
NOT NULL and CHECK constraints are created on both. A few ART indexes exist on DuckDB alone, for
the API's lookups of one employer or one project's evidence (lookup_index).
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


# the engine on which lookup indexes are created (PostgreSQL has its keys and index() for the same)
LOOKUP_DIALECTS = "duckdb"


def lookup_index(name: str, *columns: str | sa.Column[object]) -> sa.Index:
    """An ART index on DuckDB for the API's lookups of a few rows by one column.

    Without one a project page scanned every employer for its parties' names (13 of its 28 ms at
    scale 1) and every project's evidence for its own; with them the page takes 12 ms. DuckDB's
    index scans take one column's equality, hence one column each. Small tables only: the ingest and
    the verification keep them up to date as they write (building the employers' took 0.17 s).
    """
    return sa.Index(name, *columns).ddl_if(dialect=LOOKUP_DIALECTS)
