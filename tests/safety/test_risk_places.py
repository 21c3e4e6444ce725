"""Where each scored enterprise was: the risk scoring stores the employer's coordinates with its score, in the
order of a grid key (the map reads one table and DuckDB skips the row groups outside a box)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import numpy as np
import sqlalchemy as sa

from jumys.config import Settings
from jumys.safety.service import place_order, score_risk
from tests.safety.risk_world import RiskWorld

D = dt.date(2025, 1, 1)


def _stored(engine: sa.Engine) -> list[tuple[str, float | None, float | None]]:
    """(bin, lat, lon) of the scores at D in the order they are stored (DuckDB's rowid; PostgreSQL by BIN)."""
    order = "rowid" if engine.dialect.name == "duckdb" else "bin"
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            f"SELECT bin, lat, lon FROM fact_risk_scores WHERE as_of = DATE '{D}' ORDER BY {order}"
        ).all()
    return [(r[0], r[1], r[2]) for r in rows]


def test_the_scores_keep_each_employers_coordinates_in_the_order_of_the_grid(
    engine: sa.Engine, tmp_path: Path, settings: Settings
) -> None:
    rng = random.Random(4)
    w = RiskWorld()
    where: dict[str, tuple[float | None, float | None]] = {}
    for i in range(60):
        if i % 10 == 0:
            b = w.employer(lat="", lon="")  # not placed
            where[b] = (None, None)
        else:
            lat, lon = round(rng.uniform(41, 55), 6), round(rng.uniform(47, 87), 6)
            b = w.employer(lat=repr(lat), lon=repr(lon))
            where[b] = (lat, lon)
        w.staff(b, 1)
    w.load(engine, tmp_path / "batch", settings)
    with engine.begin() as conn:
        score_risk(conn, D)
    stored = _stored(engine)
    assert {b: (lat, lon) for b, lat, lon in stored} == where
    if engine.dialect.name == "duckdb":
        lat = np.array([np.nan if r[1] is None else r[1] for r in stored])
        lon = np.array([np.nan if r[2] is None else r[2] for r in stored])
        assert place_order(lat, lon).tolist() == list(range(len(stored)))  # already in the grid's order
        assert all(r[1] is None for r in stored[-6:])  # the unplaced last


def test_the_grid_key_keeps_each_quarter_of_the_map_together() -> None:
    """A Morton code: south-west, south-east, north-west, north-east, each quarter whole; the unplaced last."""
    lat = np.array([10.0, -10.0, 10.0, -10.0, 10.5, -10.5, np.nan, -10.2])
    lon = np.array([-10.0, 10.0, 10.0, -10.0, -10.5, 10.5, 0.0, -10.2])
    order = place_order(lat, lon).tolist()
    quarter = [2 * (lat[i] >= 0) + (lon[i] >= 0) for i in order[:-1]]
    assert quarter == [0, 0, 1, 1, 2, 2, 3]
    assert order[-1] == 6
