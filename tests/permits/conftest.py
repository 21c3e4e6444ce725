"""The permit scenarios' world on each engine."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from jumys.config import Settings
from tests.permits.world import PermitWorld


@pytest.fixture
def world(engine: sa.Engine, settings: Settings, tmp_path: Path) -> PermitWorld:
    """An empty world on the test's engine."""
    return PermitWorld(engine, settings, tmp_path)
