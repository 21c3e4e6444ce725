"""Fixtures: a clean store per test on DuckDB, and on PostgreSQL too when JUMYS_TEST_DATABASE_URL is set."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from jumys.config import Settings
from jumys.storage.engine import make_engine
from jumys.storage.revisions import upgrade

PG_URL = os.environ.get("JUMYS_TEST_DATABASE_URL")
ENGINES = ["duckdb"] + (["postgresql"] if PG_URL else [])
TEST_KEY = "test-pseudonym-key-0123456789abcdef-not-secret"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings of a throwaway home folder."""
    return Settings(home=tmp_path / "home", pseudonym_key=TEST_KEY)


def _fresh_pg_database() -> Iterator[str]:
    assert PG_URL
    base = sa.engine.make_url(PG_URL)
    name = f"jumys_t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest, settings: Settings) -> Iterator[sa.Engine]:
    """A clean store at the newest schema: DuckDB, and PostgreSQL when configured."""
    if request.param == "duckdb":
        eng = make_engine(settings=settings)
        upgrade(eng)
        yield eng
        eng.dispose()
    else:
        gen = _fresh_pg_database()
        url = next(gen)
        eng = make_engine(url, settings=settings)
        upgrade(eng)
        yield eng
        eng.dispose()
        next(gen, None)


@pytest.fixture
def duckdb_engine(settings: Settings) -> Iterator[sa.Engine]:
    """A clean embedded store (for tests that are about DuckDB only)."""
    eng = make_engine(settings=settings)
    upgrade(eng)
    yield eng
    eng.dispose()
