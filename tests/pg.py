"""Throwaway PostgreSQL databases beside JUMYS_TEST_DATABASE_URL's, for the tests that run on both engines."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

PG_URL = os.environ.get("JUMYS_TEST_DATABASE_URL")
# A commit waits for its WAL to reach the disk: 4 ms on this machine, and the tests commit thousands of times.
# A throwaway database need not outlive a crash of the server, and what a session sees is the same either way.
NO_COMMIT_WAIT = "SET synchronous_commit = off"


def create_database(c: sa.Connection, name: str, options: str = "") -> None:
    """CREATE DATABASE name options, its sessions not waiting for their commits to reach the disk (a setting of
    the database, which a copy of it as a template does not take)."""
    c.exec_driver_sql(f'CREATE DATABASE "{name}" {options}'.rstrip())
    c.exec_driver_sql(f'ALTER DATABASE "{name}" {NO_COMMIT_WAIT}')


def throwaway_name(prefix: str) -> str:
    """A new database's name: the URL's database first (whose run made it, should one be left behind), prefix,
    and a random part."""
    assert PG_URL, "JUMYS_TEST_DATABASE_URL is not set"
    return f"{sa.engine.make_url(PG_URL).database}_{prefix}_{uuid.uuid4().hex[:12]}"


@contextmanager
def pg_database(prefix: str = "jumys_t", template: str | None = None) -> Iterator[str]:
    """A new PostgreSQL database (a copy of template, or empty), its URL yielded, dropped afterwards."""
    assert PG_URL, "JUMYS_TEST_DATABASE_URL is not set"
    base = sa.engine.make_url(PG_URL)
    name = throwaway_name(prefix)
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        create_database(c, name, f'TEMPLATE "{template}"' if template else "")
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


# What makes a database's schema: any object created or dropped in the public schema, any column added or
# dropped, and the revision it is at. Two equal fingerprints: the same schema, so emptying the tables is
# enough to give the next test the template's store.
_FINGERPRINT = """
select (select count(*) from pg_class where relnamespace = 'public'::regnamespace)
    || ':' || (select coalesce(sum(oid::bigint), 0) from pg_class where relnamespace = 'public'::regnamespace)
    || ':' || (select count(*) from pg_attribute a join pg_class c on c.oid = a.attrelid
               where c.relnamespace = 'public'::regnamespace and a.attnum > 0 and not a.attisdropped)
    || ':' || coalesce((select string_agg(version_num, ',') from alembic_version), '')
"""


class ReusedDatabase:
    """One copy of the template per test process, emptied after each test instead of dropped.

    Creating a database from a template takes 1-1.5 s on a loaded machine and dropping it 0.3 s; emptying its
    tables takes a tenth of that. The template holds no rows but its revision, so a store whose schema is
    unchanged (the fingerprint above) and whose tables are emptied is the template's store again. A test that
    changed the schema gets its database dropped and made anew from the template.
    """

    def __init__(self, template: str) -> None:
        self.template = template
        self.url = ""
        self._admin: sa.Engine | None = None
        self._fingerprint = ""
        self._tables: list[str] = []

    def __enter__(self) -> ReusedDatabase:
        self._make()
        return self

    def __exit__(self, *exc: object) -> None:
        self._drop()

    def _make(self) -> None:
        assert PG_URL, "JUMYS_TEST_DATABASE_URL is not set"
        base = sa.engine.make_url(PG_URL)
        name = throwaway_name("jumys_r")
        server = sa.create_engine(base, isolation_level="AUTOCOMMIT")
        with server.connect() as c:
            create_database(c, name, f'TEMPLATE "{self.template}"')
        server.dispose()
        self.url = base.set(database=name).render_as_string(hide_password=False)
        self._admin = sa.create_engine(self.url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
        self._tables = []
        self._fingerprint = self._read_fingerprint()

    def _drop(self) -> None:
        if self._admin is not None:
            self._admin.dispose()
        assert PG_URL, "JUMYS_TEST_DATABASE_URL is not set"
        name = sa.engine.make_url(self.url).database
        server = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with server.connect() as c:
            c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.dispose()

    def _read_fingerprint(self) -> str:
        assert self._admin is not None
        with self._admin.connect() as c:
            return str(c.exec_driver_sql(_FINGERPRINT).scalar_one())

    def _empty(self, c: sa.Connection) -> None:
        """Empty the tables that hold rows (truncating an empty table costs as much as a full one)."""
        if not self._tables:
            self._tables = [
                r[0]
                for r in c.exec_driver_sql(
                    "select quote_ident(tablename) from pg_tables "
                    "where schemaname = 'public' and tablename <> 'alembic_version'"
                )
            ]
        probe = " union all ".join(f"select '{t}' from (select 1 from {t} limit 1) x" for t in self._tables)
        full = [r[0] for r in c.exec_driver_sql(probe)]
        if full:
            c.exec_driver_sql(f"TRUNCATE {', '.join(full)} RESTART IDENTITY CASCADE")

    def reset(self) -> None:
        """Give the next test the template's store: the tables emptied, or the database made anew."""
        assert self._admin is not None
        with self._admin.connect() as c:
            c.exec_driver_sql(
                "select pg_terminate_backend(pid) from pg_stat_activity "
                "where datname = current_database() and pid <> pg_backend_pid()"
            )
            same = str(c.exec_driver_sql(_FINGERPRINT).scalar_one()) == self._fingerprint
            if same:
                self._empty(c)
        if not same:
            self._drop()
            self._make()
