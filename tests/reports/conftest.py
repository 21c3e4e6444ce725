"""The small country of world.py, built once per module on every engine (the read models only read it)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from tests.conftest import ENGINES, template_of
from tests.reports.world import World, world_store


@pytest.fixture(scope="module", params=ENGINES)
def world_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[sa.Engine, World]]:
    """A clean store (DuckDB, and PostgreSQL when configured) holding the world, shared by a module's tests."""
    template = template_of(request, request.param)
    with world_store(request.param, tmp_path_factory.mktemp("world"), template) as (eng, _settings, world):
        yield eng, world


@pytest.fixture
def engine(world_engine: tuple[sa.Engine, World]) -> sa.Engine:
    """The world's store (overrides the clean per-test store: these tests only read)."""
    return world_engine[0]


@pytest.fixture
def world(world_engine: tuple[sa.Engine, World]) -> World:
    """Two regions, three projects verified at two dates, a user of every role."""
    return world_engine[1]
