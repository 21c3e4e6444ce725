"""Fixtures of the methodology's tests: a World on the test's store (DuckDB, and PostgreSQL when configured)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from jumys.config import Settings
from tests.projects.scenario import World


@pytest.fixture
def w(engine: sa.Engine, settings: Settings, tmp_path: Path) -> World:
    """An empty world on a clean store."""
    return World(engine, settings, tmp_path)
