"""Revision 0011: the scores stored before it take the employers' coordinates, in the grid's order on DuckDB."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import sqlalchemy as sa

from jumys.registry.tables import employers
from jumys.safety.service import place_order
from jumys.safety.tables import risk_scores
from jumys.storage.revisions import upgrade

DAYS = (dt.date(2025, 1, 1), dt.date(2026, 1, 1))


def _firms() -> dict[str, tuple[float | None, float | None]]:
    rng = random.Random(8)
    out: dict[str, tuple[float | None, float | None]] = {}
    for i in range(80):
        placed = i % 9 != 0
        lat = rng.uniform(41, 55) if placed else None
        out[f"{100000000000 + i}"] = (lat, rng.uniform(47, 87) if placed else None)
    return out


def test_scores_stored_before_take_the_employers_coordinates_in_the_grids_order(empty: sa.Engine) -> None:
    upgrade(empty, "0010")
    firms = _firms()
    with empty.begin() as conn:
        conn.execute(
            sa.insert(employers),
            [
                {"bin": b, "name": "x", "kato": "751110000", "oked": "47111", "lat": lat, "lon": lon,
                 "registered_on": dt.date(2010, 1, 1), "batch_no": 1}
                for b, (lat, lon) in firms.items()
            ],
        )  # fmt: skip
        for day in DAYS:
            conn.execute(
                sa.insert(risk_scores),
                [
                    {"as_of": day, "bin": b, "region": "75", "section": "G", "score": 50, "class": "low",
                     "rank": i + 1, "headcount": 1, "vision_zero": False, "open_arrears_kzt": 0, "factors": "[]"}
                    for i, b in enumerate(firms)
                ],
            )  # fmt: skip
    upgrade(empty)
    order = "rowid" if empty.dialect.name == "duckdb" else "as_of, bin"
    with empty.connect() as conn:
        rows = conn.exec_driver_sql(
            f"SELECT as_of, bin, lat, lon FROM fact_risk_scores ORDER BY {order}"
        ).all()
    for day in DAYS:
        stored = [r for r in rows if r[0] == day]
        assert {r[1]: (r[2], r[3]) for r in stored} == firms
        if empty.dialect.name == "duckdb":
            lat = np.array([np.nan if r[2] is None else r[2] for r in stored])
            lon = np.array([np.nan if r[3] is None else r[3] for r in stored])
            assert place_order(lat, lon).tolist() == list(range(len(stored)))  # the risk scoring's order
    if empty.dialect.name == "duckdb":
        assert [r[0] for r in rows] == sorted(r[0] for r in rows)  # each date's rows together
