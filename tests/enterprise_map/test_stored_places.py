"""The map reads where each enterprise is from its score (fact_risk_scores.lat, .lon): its answers are those
the join of the scores to the employers' coordinates gave, for every box, zoom, filter and asker."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
import sqlalchemy as sa

from jumys.access.principal import Principal
from jumys.registry.tables import employers
from jumys.reports import map as map_model
from jumys.reports.map import BBox, MapFilter, map_clusters
from jumys.reports.map_regions import map_regions
from jumys.safety.tables import risk_scores
from tests.enterprise_map.world import Firm, insert_employers, insert_scores

DAY = dt.date(2026, 1, 1)
ASKERS = (Principal("m", "ministry"), Principal("a75", "akimat", region="75"))
BOXES = ("46,40,88,56", "76.5,43,77.5,43.5", "76.85,43.20,76.98,43.30", "70,50,72,52", "0,0,1,1")
FILTERS = (
    MapFilter(),
    MapFilter(risk_class="high"),
    MapFilter(region="75", section="F"),
    MapFilter(vision_zero=True, arrears=False),
    MapFilter(arrears=True),
)


def _joined_placed(p: Principal, day: dt.date, box: BBox, f: MapFilter, cell: float) -> Any:
    """The placed enterprises as the map found them before revision 0011: the scores joined to the employers."""
    s, e = risk_scores.c, employers.c
    merc_y = map_model._mercator_sql(e.lat)
    return (
        sa.select(
            s.bin,
            e.lat,
            e.lon,
            s["class"].label("risk_class"),
            s.score,
            s.region,
            s.section,
            sa.cast(sa.func.floor((e.lon + 180.0) / cell), sa.BigInteger).label("cx"),
            sa.cast(sa.func.floor((merc_y + 180.0) / cell), sa.BigInteger).label("cy"),
        )
        .select_from(risk_scores.join(employers, e.bin == s.bin))
        .where(
            *map_model._scored(p, day, f),
            e.lat.between(box.south, box.north),
            e.lon.between(box.west, box.east),
        )
        .cte("placed")
        .prefix_with("MATERIALIZED")
    )


@pytest.fixture
def country(engine: sa.Engine) -> None:
    """400 enterprises: most in and around Almaty (cities make full cells), the rest across the country, some
    without coordinates; classes, sections, Vision Zero and arrears mixed."""
    rng = random.Random(12)
    firms = []
    for i in range(400):
        region = "75" if i % 3 else "11"
        near = i % 4 != 0
        lat = rng.gauss(43.25, 0.05) if near else rng.uniform(41, 55)
        lon = rng.gauss(76.92, 0.07) if near else rng.uniform(47, 87)
        placed = i % 17 != 0
        firms.append(
            Firm(
                f"{700000000000 + i}",
                region,
                round(lat, 6) if placed else None,
                round(lon, 6) if placed else None,
                ("high", "medium", "low", "low")[i % 4],
                section="CFG"[i % 3],
                vision_zero=i % 5 == 0,
                arrears_kzt=10_000 if i % 7 == 0 else 0,
                score=i % 101,
            )
        )
    with engine.begin() as conn:
        insert_employers(conn, firms)
        insert_scores(conn, DAY, firms)


def _rounded(answer: dict[str, Any]) -> dict[str, Any]:
    """The answer with the clusters' mean positions to 1e-9 degrees: a sum of doubles in another order may
    differ in its last bits."""
    means = [c | {"lat": round(c["lat"], 9), "lon": round(c["lon"], 9)} for c in answer["clusters"]]
    return answer | {"clusters": means}


def test_the_clusters_and_points_are_those_of_the_join(
    engine: sa.Engine, country: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def answers() -> list[dict[str, Any]]:
        with engine.connect() as conn:
            return [
                _rounded(map_clusters(conn, p, DAY, BBox.parse(box), zoom, f).model_dump())
                for p in ASKERS
                for box in BOXES
                for zoom in (3, 5, 8, 12, 15, 18)
                for f in FILTERS
                if f.region in (None, p.region) or p.region is None
            ]

    stored = answers()
    monkeypatch.setattr(map_model, "_placed", _joined_placed)
    joined = answers()
    assert stored == joined
    assert sum(a["total"] for a in stored) > 10_000 and sum(len(a["points"]) for a in stored) > 1_000


def test_the_counts_without_coordinates_are_those_of_the_employers(engine: sa.Engine, country: None) -> None:
    with engine.connect() as conn:
        answer = map_regions(conn, ASKERS[0], DAY, MapFilter())
        unplaced = conn.execute(
            sa.select(sa.func.count())
            .select_from(risk_scores.join(employers, employers.c.bin == risk_scores.c.bin))
            .where(risk_scores.c.as_of == DAY, employers.c.lat.is_(None))
        ).scalar_one()
    assert answer.totals.unplaced == unplaced == 24
