"""The small country of world.py, built once per module on every engine (the read models only read it)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from jumys.config import Settings
from jumys.storage.engine import make_engine
from jumys.storage.revisions import upgrade
from tests.conftest import ENGINES, TEST_KEY, _fresh_pg_database
from tests.reports.world import World, build_world


@pytest.fixture(scope="module", params=ENGINES)
def world_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[sa.Engine, World]]:
    """A clean store (DuckDB, and PostgreSQL when configured) holding the world, shared by a module's tests."""
    tmp = tmp_path_factory.mktemp("world")
    settings = Settings(home=tmp / "home", pseudonym_key=TEST_KEY)
    gen = _fresh_pg_database() if request.param == "postgresql" else None
    eng = make_engine(next(gen) if gen else None, settings=settings)
    upgrade(eng)
    try:
        yield eng, build_world(eng, settings, tmp)
    finally:
        eng.dispose()
        if gen:
            next(gen, None)


@pytest.fixture
def engine(world_engine: tuple[sa.Engine, World]) -> sa.Engine:
    """The world's store (overrides the clean per-test store: these tests only read)."""
    return world_engine[0]


@pytest.fixture
def world(world_engine: tuple[sa.Engine, World]) -> World:
    """Two regions, three projects verified at two dates, a user of every role."""
    return world_engine[1]
