"""Fixtures of the storage tests: a store with no schema at all, to upgrade revision by revision."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

import pytest
import sqlalchemy as sa

from jumys.config import Settings
from jumys.storage.engine import make_engine
from tests.conftest import ENGINES
from tests.pg import pg_database


@pytest.fixture(params=ENGINES)
def empty(request: pytest.FixtureRequest, settings: Settings) -> Iterator[sa.Engine]:
    """A store with no schema at all: DuckDB, and PostgreSQL when configured."""
    with ExitStack() as stack:
        url = stack.enter_context(pg_database()) if request.param == "postgresql" else None
        settings.home.mkdir(parents=True, exist_ok=True)
        eng = make_engine(url, settings=settings)
        yield eng
        eng.dispose()
