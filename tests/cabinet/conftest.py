"""The cabinet's world on each engine."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from jumys.config import Settings
from tests.cabinet.world import CabinetWorld


@pytest.fixture
def world(engine: sa.Engine, settings: Settings, tmp_path: Path) -> CabinetWorld:
    """An empty world on the test's engine."""
    return CabinetWorld(engine, settings, tmp_path)
