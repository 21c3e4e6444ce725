"""Fixtures: a clean store per test on DuckDB, and on PostgreSQL too when JUMYS_TEST_DATABASE_URL is set.

The schema revisions take longer than most tests, so they run once per session into a template (a DuckDB
file, a PostgreSQL template database) and each test gets a copy of it: the same store a fresh upgrade makes.
"""

from __future__ import annotations

import gc
import secrets
import shutil
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from jumys.access import service as access_service
from jumys.config import Settings, get_settings
from jumys.storage.engine import make_engine
from jumys.storage.revisions import upgrade
from tests.pg import PG_URL, ReusedDatabase, pg_database

ENGINES = ["duckdb"] + (["postgresql"] if PG_URL else [])
TEST_KEY = "test-pseudonym-key-0123456789abcdef-not-secret"
# The service hashes passwords with argon2id at RFC 9106's low-memory profile (64 MiB, 3 passes): a quarter of a
# second a hash or a check, seconds on a loaded machine, and the suite signs users in hundreds of times. Its
# tests hash with the same argon2id at the smallest cost instead; tests/access/test_service.py checks the
# service's own profile (the production_hasher fixture).
PRODUCTION_HASHER, PRODUCTION_DUMMY = access_service._hasher, access_service._DUMMY_HASH
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def pytest_configure(config: pytest.Config) -> None:
    """Every test process hashes passwords cheaply (above), unless a test asks for production_hasher."""
    access_service._hasher = CHEAP_HASHER
    access_service._DUMMY_HASH = CHEAP_HASHER.hash(secrets.token_urlsafe(16))


def pytest_unconfigure(config: pytest.Config) -> None:
    """Take Hypothesis's collector callback out of gc.callbacks before the interpreter exits.

    Hypothesis times the collector with a callback in gc.callbacks, which Python empties only after it
    has emptied the modules. The callback's globals keep Hypothesis's modules, their cached strategies
    (`st.builds(f.new_iin)` holds tests.factories' globals) and so SQLAlchemy's and DuckDB's objects
    alive past DuckDB's module: `nanobind: leaked ...` at exit (tests/test_exit_noise.py).
    """
    gc.callbacks[:] = [
        cb for cb in gc.callbacks if not getattr(cb, "__module__", "").startswith("hypothesis")
    ]


@pytest.fixture
def production_hasher(monkeypatch: pytest.MonkeyPatch) -> PasswordHasher:
    """The argon2id profile the service hashes with when served, for the tests that check it."""
    monkeypatch.setattr(access_service, "_hasher", PRODUCTION_HASHER)
    monkeypatch.setattr(access_service, "_DUMMY_HASH", PRODUCTION_DUMMY)
    return PRODUCTION_HASHER


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
    with pg_database("jumys_tpl") as url:
        eng = make_engine(url)
        upgrade(eng)
        eng.dispose()  # a template admits no connections while copied
        yield sa.engine.make_url(url).database or ""


@pytest.fixture(scope="session")
def pg_store(pg_template: str) -> Iterator[ReusedDatabase]:
    """This test process's PostgreSQL store: a copy of the template, given back emptied after every test."""
    with ReusedDatabase(pg_template) as reused:
        yield reused


def duckdb_copy(settings: Settings, template: Path) -> sa.Engine:
    """An embedded store in settings' home, a copy of template (the duckdb_template fixture): a clean store."""
    settings.home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, settings.duckdb_path)
    return make_engine(settings=settings)


def template_of(request: pytest.FixtureRequest, kind: str) -> str:
    """The session's store at the newest schema for kind: the DuckDB file's path, the PostgreSQL template's name."""
    return str(request.getfixturevalue("duckdb_template" if kind == "duckdb" else "pg_template"))


@contextmanager
def copied_store(
    kind: str, settings: Settings, template: str, prefix: str = "jumys_c"
) -> Iterator[sa.Engine]:
    """A store of kind of its own, copied from template (template_of): for fixtures wider than one test. A copy
    costs a fraction of the schema revisions run again (a second on DuckDB, several on PostgreSQL)."""
    with ExitStack() as stack:
        if kind == "duckdb":
            eng = duckdb_copy(settings, Path(template))
        else:
            eng = make_engine(stack.enter_context(pg_database(prefix, template=template)), settings=settings)
        stack.callback(eng.dispose)
        yield eng


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest, settings: Settings, duckdb_template: Path) -> Iterator[sa.Engine]:
    """A clean store at the newest schema: DuckDB, and PostgreSQL when configured."""
    if request.param == "duckdb":
        eng = duckdb_copy(settings, duckdb_template)
        yield eng
        eng.dispose()
    else:
        reused: ReusedDatabase = request.getfixturevalue("pg_store")
        eng = make_engine(reused.url, settings=settings)
        try:
            yield eng
        finally:
            eng.dispose()
            reused.reset()


@pytest.fixture
def duckdb_engine(settings: Settings, duckdb_template: Path) -> Iterator[sa.Engine]:
    """A clean embedded store (for tests that are about DuckDB only)."""
    eng = duckdb_copy(settings, duckdb_template)
    yield eng
    eng.dispose()


@pytest.fixture
def cli_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, duckdb_template: Path
) -> Iterator[tuple[Settings, sa.Engine]]:
    """The CLI pointed at a clean embedded store of its own (JUMYS_HOME in tmp_path): its settings and an engine
    to fill it with (dispose of it before running a command: the command opens the store itself)."""
    monkeypatch.setenv("JUMYS_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("JUMYS_PSEUDONYM_KEY", TEST_KEY)
    monkeypatch.delenv("JUMYS_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    settings = get_settings()
    eng = duckdb_copy(settings, duckdb_template)
    yield settings, eng
    eng.dispose()
    get_settings.cache_clear()
