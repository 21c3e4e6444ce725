"""The hand-made country of world.py, built once per module on every engine (these tests only read it)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from jumys.config import Settings
from tests.conftest import ENGINES, TEST_KEY, copied_store, template_of
from tests.labour_report.world import build


@pytest.fixture(scope="module", params=ENGINES)
def world_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[sa.Engine, Settings]]:
    """A store (DuckDB, and PostgreSQL when configured) holding the world, shared by a module's tests."""
    tmp = tmp_path_factory.mktemp("labour-world")
    settings = Settings(home=tmp / "home", pseudonym_key=TEST_KEY)
    with copied_store(request.param, settings, template_of(request, request.param), "jumys_lr") as eng:
        build(eng, tmp / "batch", settings)
        yield eng, settings


@pytest.fixture
def engine(world_store: tuple[sa.Engine, Settings]) -> sa.Engine:
    """The world's store (overrides the clean per-test store: these tests only read)."""
    return world_store[0]


@pytest.fixture
def settings(world_store: tuple[sa.Engine, Settings]) -> Settings:
    """The settings of the world's store (its home and pseudonym key)."""
    return world_store[1]
