"""Throwaway PostgreSQL databases beside JUMYS_TEST_DATABASE_URL's, for the tests that run on both engines."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

PG_URL = os.environ.get("JUMYS_TEST_DATABASE_URL")


@contextmanager
def pg_database(prefix: str = "jumys_t", template: str | None = None) -> Iterator[str]:
    """A new PostgreSQL database (a copy of template, or empty), its URL yielded, dropped afterwards."""
    assert PG_URL, "JUMYS_TEST_DATABASE_URL is not set"
    base = sa.engine.make_url(PG_URL)
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.exec_driver_sql(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
