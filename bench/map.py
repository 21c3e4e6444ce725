"""The digital map of enterprises under load: `jumys serve` over a benchmarked store, 50 concurrent clients.

Three zooms of the map: national (zoom 5, the country), regional (zoom 8, a region) and street (zoom 15,
a few streets of a city). Each is asked twice: as the page asks, for the view of a 1366 x 560 screen
centred at random around the cities, widened to whole blocks of 2 x 2 tiles (so people looking at the
same part share the answer the server keeps); and with every box a new one (nothing kept serves it:
the cost of the clustering itself). Then /map/regions and the enterprise card of 200 enterprises
(audited: a write per request), cold and kept. The
store's risk scores come from the risk scoring when it has run at the as-of date; otherwise a
stand-in fills fact_risk_scores (a score from a hash of the BIN, classes by rank, the employer's coordinates
in the grid's order as the risk scoring writes them): the map reads scores, it does not compute them, so
its speed does not depend on which. Prints one JSON line.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import math
import os
import random
import sys
from pathlib import Path
from typing import Any

import httpx

from bench.api import HOST, KEY, _hammer, _warm, serving

# sections of the OKED by its division (the first two digits)
SECTIONS = (
    ("A", 1, 3), ("B", 5, 9), ("C", 10, 33), ("D", 35, 35), ("E", 36, 39), ("F", 41, 43), ("G", 45, 47),
    ("H", 49, 53), ("I", 55, 56), ("J", 58, 63), ("K", 64, 66), ("L", 68, 68), ("M", 69, 75), ("N", 77, 82),
    ("O", 84, 84), ("P", 85, 85), ("Q", 86, 88), ("R", 90, 93), ("S", 94, 96), ("T", 97, 98),
)  # fmt: skip
# zoom, the box's width and height in degrees, how far from a city its centre may lie (degrees)
ZOOMS = {
    "national": (5, 42.0, 16.0, 3.0, 2.0),
    "regional": (8, 5.2, 2.5, 2.5, 1.5),
    "street": (15, 0.04, 0.02, 0.15, 0.1),
}
SCREEN = (1366, 560)  # the map's size in pixels on a laptop
CENTRES = (
    (76.9, 43.25),
    (71.45, 51.15),
    (69.6, 42.3),
    (57.2, 50.3),
    (80.2, 50.4),
    (73.1, 49.8),
    (63.6, 53.2),
)


def stand_in_scores(engine: Any, as_of: dt.date) -> int:
    """Fill fact_risk_runs and fact_risk_scores at as_of with stand-in scores unless a run is there; the rows."""
    import numpy as np
    import pyarrow as pa
    import sqlalchemy as sa

    from jumys.safety.service import place_order
    from jumys.safety.tables import risk_runs
    from jumys.storage.engine import duckdb_connection

    with engine.begin() as conn:
        if conn.execute(sa.select(sa.func.count()).where(risk_runs.c.as_of == as_of)).scalar_one():
            return 0
        division = "CAST(substr(e.oked, 1, 2) AS INTEGER)"
        section = "CASE " + " ".join(
            f"WHEN {division} BETWEEN {a} AND {b} THEN '{s}'" for s, a, b in SECTIONS
        )
        section += " ELSE 'U' END"
        day = as_of.isoformat()
        scores = (
            duckdb_connection(conn)
            .sql(
                f"""
            SELECT DATE '{day}' AS as_of, bin, region, section, score,
                   CASE WHEN rk <= n * 0.1 THEN 'high' WHEN rk <= n * 0.3 THEN 'medium' ELSE 'low' END AS "class",
                   rk AS rank, 10 AS headcount, vision_zero, 0 AS open_arrears_kzt,
                   '[{{"factor": "injuries_weighted", "value": 3, "points": ' || score || '}}]' AS factors,
                   lat, lon
            FROM (
              SELECT e.bin, substr(e.kato, 1, 2) AS region, {section} AS section,
                     CAST(abs(hash(e.bin)) % 101 AS SMALLINT) AS score,
                     row_number() OVER (ORDER BY abs(hash(e.bin)) % 101 DESC, e.bin) AS rk,
                     count(*) OVER () AS n,
                     v.bin IS NOT NULL AS vision_zero, e.lat, e.lon
              FROM employers e LEFT JOIN vision_zero v ON v.bin = e.bin
            ) s
            ORDER BY bin
            """
            )
            .to_arrow_table()
        )
        lat, lon = (
            np.asarray(scores.column(c).to_numpy(zero_copy_only=False), dtype=float) for c in ("lat", "lon")
        )
        ordered = scores.take(pa.array(place_order(lat, lon)))  # as the risk scoring stores them
        duckdb_connection(conn).register("bench_stand_in", ordered)
        conn.exec_driver_sql("INSERT INTO fact_risk_scores BY NAME SELECT * FROM bench_stand_in")
        duckdb_connection(conn).unregister("bench_stand_in")
        rows = conn.execute(
            sa.text(f"SELECT count(*) FROM fact_risk_scores WHERE as_of = DATE '{day}'")
        ).scalar_one()
        conn.execute(
            sa.insert(risk_runs),
            {"as_of": as_of, "computed_at": dt.datetime.now(dt.UTC), "model": '{"stand_in": true}',
             "employers": rows, "seconds": 0.0},
        )  # fmt: skip
    return int(rows)


def prepare(home: Path, as_of: str) -> tuple[str, list[str]]:
    """Risk scores at as_of (stand-ins when none were computed), a ministry token and 200 BINs for cards."""
    import sqlalchemy as sa

    from jumys.access.service import add_user, issue_token, user_exists
    from jumys.config import Settings
    from jumys.reference.regions import region_codes
    from jumys.storage.engine import make_engine
    from jumys.storage.revisions import upgrade

    engine = make_engine(settings=Settings(home=home, pseudonym_key=KEY))
    upgrade(engine)
    stand_in_scores(engine, dt.date.fromisoformat(as_of))
    with engine.begin() as conn:
        if not user_exists(conn, "bench-map"):
            add_user(conn, "bench-map", "ministry", known_regions=region_codes())
        token = issue_token(conn, "bench-map", days=1)
        bins = list(
            conn.execute(
                sa.text(
                    f"SELECT bin FROM fact_risk_scores WHERE as_of = DATE '{as_of}' ORDER BY rank LIMIT 200"
                )
            ).scalars()
        )
    engine.dispose()
    return token, bins


def _boxes(zoom: str, n: int, rng: random.Random) -> list[str]:
    """n boxes of a zoom's size around the cities, each moved by a random offset (no two alike)."""
    z, width, height, dx, dy = ZOOMS[zoom]
    out = []
    for i in range(n):
        cx, cy = (67.0, 48.0) if zoom == "national" else CENTRES[i % len(CENTRES)]
        x, y = cx + rng.uniform(-dx, dx), cy + rng.uniform(-dy, dy)
        box = (x - width / 2, y - height / 2, x + width / 2, y + height / 2)
        out.append(f"bbox={','.join(f'{v:.5f}' for v in box)}&zoom={z}")
    return out


def _pixel(lon: float, lat: float, z: int) -> tuple[float, float]:
    size = 256 * 2**z
    y = (1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2
    return (lon + 180) / 360 * size, y * size


def _lonlat(x: float, y: float, z: int) -> tuple[float, float]:
    size = 256 * 2**z
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / size))))
    return x / size * 360 - 180, lat


def _views(zoom: str, n: int, rng: random.Random) -> list[str]:
    """n views of a screen around the cities, widened to blocks of 512 pixels as the page does."""
    z = ZOOMS[zoom][0]
    out = []
    for box in _boxes(zoom, n, rng):
        w, s_, e_, n_ = (float(v) for v in box.split("&")[0][5:].split(","))
        cx, cy = _pixel((w + e_) / 2, (s_ + n_) / 2, z)
        x0, y0 = math.floor((cx - SCREEN[0] / 2) / 512) * 512, math.floor((cy - SCREEN[1] / 2) / 512) * 512
        x1, y1 = math.ceil((cx + SCREEN[0] / 2) / 512) * 512, math.ceil((cy + SCREEN[1] / 2) / 512) * 512
        west, north = _lonlat(x0, y0, z)
        east, south = _lonlat(x1, y1, z)
        out.append(f"bbox={west:.5f},{south:.5f},{east:.5f},{north:.5f}&zoom={z}")
    return out


async def _measure(port: int, token: str, as_of: str, bins: list[str]) -> dict[str, Any]:
    base = f"http://{HOST}:{port}"
    rng = random.Random(5)
    requests = int(os.environ.get("BENCH_API_REQUESTS", "2000"))
    figures: dict[str, Any] = {}
    async with httpx.AsyncClient(
        base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60
    ) as c:
        await _warm(c, [f"/api/v1/map/regions?as_of={as_of}"])
        for zoom in ZOOMS:
            views = [f"/api/v1/map/clusters?as_of={as_of}&{q}" for q in _views(zoom, requests, rng)]
            await _warm(c, views[:3])
            figures[f"map {zoom}"] = await _hammer(port, token, views) | {"boxes": len(set(views))}
            paths = [f"/api/v1/map/clusters?as_of={as_of}&{q}" for q in _boxes(zoom, requests, rng)]
            figures[f"map {zoom}, every box new"] = await _hammer(port, token, paths)
        regions = [f"/api/v1/map/regions?as_of={as_of}"]
        figures["map regions"] = await _hammer(port, token, regions)
        cards = [f"/api/v1/enterprises/{b}?as_of={as_of}" for b in bins]
        figures["card, cold"] = await _hammer(port, token, cards)
        figures["card"] = await _hammer(port, token, cards)
    return figures


def measure(home: Path, as_of: str) -> dict[str, Any]:
    """Serve the store at home on a loopback port, measure the map's answers, stop the server."""
    token, bins = prepare(home, as_of)
    with serving(home, "serve-map.log", {}) as port:
        return {"clients": 50, "endpoints": asyncio.run(_measure(port, token, as_of, bins))}


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]), sys.argv[2])))
