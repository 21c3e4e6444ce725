"""Fixtures: a clean store per test on DuckDB, and on PostgreSQL too when JUMYS_TEST_DATABASE_URL is set.

The schema revisions take longer than most tests, so they run once per session into a template (a DuckDB
file, a PostgreSQL template database) and each test gets a copy of it: the same store a fresh upgrade makes.
"""

from __future__ import annotations

import os
import shutil
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


@pytest.fixture(scope="session")
def duckdb_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An embedded store at the newest schema, made once per session."""
    settings = Settings(home=tmp_path_factory.mktemp("duckdb-template"), pseudonym_key=TEST_KEY)
    eng = make_engine(settings=settings)
    upgrade(eng)
    with eng.connect() as conn:
        conn.exec_driver_sql("CHECKPOINT")  # everything in the file, no write-ahead log beside it
    eng.dispose()
    return settings.duckdb_path


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """A PostgreSQL database at the newest schema, made once per session, to create test databases from."""
    assert PG_URL
    base = sa.engine.make_url(PG_URL)
    name = f"jumys_tpl_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        eng = make_engine(base.set(database=name).render_as_string(hide_password=False))
        upgrade(eng)
        eng.dispose()  # a template admits no connections while copied
        yield name
    finally:
        with admin.connect() as c:
            c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _fresh_pg_database(template: str) -> Iterator[str]:
    assert PG_URL
    base = sa.engine.make_url(PG_URL)
    name = f"jumys_t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _duckdb_store(settings: Settings, template: Path) -> sa.Engine:
    settings.home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, settings.duckdb_path)
    return make_engine(settings=settings)


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest, settings: Settings, duckdb_template: Path) -> Iterator[sa.Engine]:
    """A clean store at the newest schema: DuckDB, and PostgreSQL when configured."""
    if request.param == "duckdb":
        eng = _duckdb_store(settings, duckdb_template)
        yield eng
        eng.dispose()
    else:
        gen = _fresh_pg_database(request.getfixturevalue("pg_template"))
        url = next(gen)
        eng = make_engine(url, settings=settings)
        yield eng
        eng.dispose()
        next(gen, None)


@pytest.fixture
def duckdb_engine(settings: Settings, duckdb_template: Path) -> Iterator[sa.Engine]:
    """A clean embedded store (for tests that are about DuckDB only)."""
    eng = _duckdb_store(settings, duckdb_template)
    yield eng
    eng.dispose()
