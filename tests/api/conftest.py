"""The API over the world of tests/reports/world.py, on every engine."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from jumys.config import Settings
from jumys.server import create_app
from tests.reports.world import World, build_world

API = "/api/v1"


@pytest.fixture
def world(engine: sa.Engine, settings: Settings, tmp_path: Path) -> World:
    """Two regions, three projects verified at two dates, a user of every role."""
    return build_world(engine, settings, tmp_path)


@pytest.fixture
def client(engine: sa.Engine, settings: Settings, world: World) -> Iterator[TestClient]:
    """A client of the app over the world's store (lifespan run, background runs waited for)."""
    with TestClient(create_app(settings, engine=engine)) as c:
        yield c


def bearer(world: World, who: str) -> dict[str, str]:
    """Headers of a user's machine token; none for the anonymous public."""
    return {} if who == "anonymous" else {"Authorization": f"Bearer {world.tokens[who]}"}


def zipped(folder: Path) -> bytes:
    """A batch folder as .zip bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for p in sorted(folder.iterdir()):
            zf.write(p, f"batch/{p.name}")
    return buf.getvalue()
