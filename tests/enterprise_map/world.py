"""Enterprises on the map for the tests: employers with (or without) coordinates and their risk scores.

The risk scores are written straight into fact_risk_runs and fact_risk_scores (the map reads them and
does not compute them), with factors in the shared shape: {"factor", "value", "points"}, by points, and
the firm's coordinates, as the risk scoring stores them.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from jumys.registry.tables import TABLES, employers
from jumys.safety.tables import risk_runs, risk_scores
from tests.factories import new_bin

MAP_AS_OF = (dt.date(2025, 1, 1), dt.date(2026, 1, 1))
KATO = {"75": "751110000", "11": "111010000", "71": "711110000"}
# boxes inside each region: (south, west, north, east)
BOX = {"75": (43.20, 76.85, 43.30, 76.98), "11": (51.0, 69.0, 52.0, 71.0), "71": (51.10, 71.35, 51.20, 71.50)}
FACTORS = (
    ("injuries_weighted", 13.0, 21.5),
    ("violation_share", 0.5, 12.0),
    ("low_pay_share", 0.25, 6.0),
    ("avg_headcount", 42.5, 3.0),
    ("churn", 0.3, 2.0),
    ("harmful_share", 0.1, 1.5),
    ("unconfirmed_share", 0.05, 1.0),
    ("arrears_workers", 3, 0.5),
    ("section", "C", 0.25),
    ("vision_zero", 0, 0.0),
    ("fines_kzt", 0, -2.5),  # a factor that lowers the score
)


@dataclass
class Firm:
    """An enterprise of the map world and what its score says."""

    bin: str
    region: str
    lat: float | None
    lon: float | None
    risk_class: str
    section: str = "C"
    vision_zero: bool = False
    arrears_kzt: int = 0
    score: int = 50


@dataclass
class MapWorld:
    """The firms, by BIN."""

    firms: dict[str, Firm] = field(default_factory=dict)

    def placed(self, region: str | None = None) -> list[Firm]:
        """Firms with coordinates (of a region)."""
        return [f for f in self.firms.values() if f.lat is not None and region in (None, f.region)]


def factors_json(score: int) -> str:
    """The factors of a score, in the shared shape, sorted by points descending."""
    found = [{"factor": c, "value": v, "points": p} for c, v, p in FACTORS]
    found.append({"factor": "size", "value": None, "points": score / 100})
    return json.dumps(sorted(found, key=lambda f: -float(f["points"])))


def insert_employers(conn: sa.Connection, firms: list[Firm]) -> None:
    """The firms as employers rows (batch 0)."""
    conn.execute(
        sa.insert(employers),
        [
            {
                "bin": f.bin,
                "name": f"ТОО Карта {i:03d}",
                "kato": KATO[f.region],
                "oked": "10110" if f.section == "C" else "41201",
                "parent_bin": None,
                "lat": f.lat,
                "lon": f.lon,
                "registered_on": dt.date(2010, 1, 1),
                "batch_no": 0,
            }
            for i, f in enumerate(firms)
        ],
    )


def insert_scores(conn: sa.Connection, day: dt.date, firms: list[Firm]) -> None:
    """A risk run at day scoring the firms as they say."""
    conn.execute(
        sa.insert(risk_runs),
        {
            "as_of": day,
            "computed_at": dt.datetime(2026, 1, 2, tzinfo=dt.UTC),
            "model": "{}",
            "employers": len(firms),
            "seconds": 0.1,
        },
    )
    ranked = sorted(firms, key=lambda f: (-f.score, f.bin))
    conn.execute(
        sa.insert(risk_scores),
        [
            {
                "as_of": day,
                "bin": f.bin,
                "region": f.region,
                "section": f.section,
                "score": f.score,
                "class": f.risk_class,
                "rank": rank,
                "headcount": 40,
                "vision_zero": f.vision_zero,
                "open_arrears_kzt": f.arrears_kzt,
                "factors": factors_json(f.score),
                "lat": f.lat,
                "lon": f.lon,
            }
            for rank, f in enumerate(ranked, 1)
        ],
    )


def _firm(region: str, klass: str, rng: random.Random, placed: bool = True, **over: Any) -> Firm:
    south, west, north, east = BOX[region]
    lat = round(rng.uniform(south, north), 5) if placed else None
    lon = round(rng.uniform(west, east), 5) if placed else None
    score = {"high": 90, "medium": 60, "low": 20}[klass] + rng.randrange(0, 9)
    return Firm(new_bin(), region, lat, lon, klass, score=score, **over)


def build_map_world(engine: sa.Engine, extra: int = 0) -> MapWorld:
    """Region 75: 40 placed firms (6 high, 10 medium, 24 low; sections, Vision Zero and arrears mixed) and 3
    without coordinates; region 11: 1 high and 6 low; region 71: 3 low. Scored at both MAP_AS_OF dates
    (the older date scores region 75 only). extra: that many more low firms in region 75."""
    rng = random.Random(7)
    firms: list[Firm] = []
    for i in range(40 + extra):
        klass = "high" if i < 6 else "medium" if i < 16 else "low"
        firms.append(
            _firm(
                "75",
                klass,
                rng,
                section="F" if i % 4 == 0 else "C",
                vision_zero=i % 5 == 0,
                arrears_kzt=1_000_000 if i % 7 == 0 else 0,
            )
        )
    firms += [_firm("75", "low", rng, placed=False) for _ in range(3)]
    firms += [_firm("11", "high", rng)] + [_firm("11", "low", rng) for _ in range(6)]
    firms += [_firm("71", "low", rng) for _ in range(3)]
    with engine.begin() as conn:
        insert_employers(conn, firms)
        insert_scores(conn, MAP_AS_OF[0], [f for f in firms if f.region == "75"])
        insert_scores(conn, MAP_AS_OF[1], firms)
    return MapWorld({f.bin: f for f in firms})


def add_history(engine: sa.Engine, bin: str) -> None:
    """Inspections, incidents and arrears of one firm, before and after the newest as-of date."""
    with engine.begin() as conn:
        conn.execute(
            sa.insert(TABLES["inspections"]),
            [
                {
                    "inspection_id": f"I{bin}{i}",
                    "bin": bin,
                    "inspected_on": day,
                    "kind": "planned",
                    "violations": i,
                    "fine_kzt": 1000 * i,
                    "batch_no": 0,
                }
                for i, day in enumerate((dt.date(2023, 3, 1), dt.date(2025, 6, 1), dt.date(2026, 2, 1)))
            ],
        )
        conn.execute(
            sa.insert(TABLES["incidents"]),
            [
                {
                    "incident_id": f"A{bin}",
                    "bin": bin,
                    "person_id": None,
                    "occurred_on": dt.date(2024, 5, 5),
                    "severity": "severe",
                    "victims": 2,
                    "batch_no": 0,
                }
            ],
        )
        conn.execute(
            sa.insert(TABLES["arrears"]),
            [
                {
                    "arrear_id": f"R{bin}1",
                    "bin": bin,
                    "reported_on": dt.date(2025, 3, 1),
                    "amount_kzt": 500_000,
                    "workers": 3,
                    "repaid_on": None,
                    "repaid_kzt": None,
                    "batch_no": 0,
                },
                {
                    "arrear_id": f"R{bin}2",
                    "bin": bin,
                    "reported_on": dt.date(2024, 3, 1),
                    "amount_kzt": 100_000,
                    "workers": 1,
                    "repaid_on": dt.date(2024, 9, 1),
                    "repaid_kzt": 100_000,
                    "batch_no": 0,
                },
            ],
        )
        conn.execute(
            sa.insert(TABLES["vision_zero"]), [{"bin": bin, "joined_on": dt.date(2024, 1, 1), "batch_no": 0}]
        )


def place_existing(engine: sa.Engine, regions: dict[str, str]) -> None:
    """Give employers already stored (BIN -> region) coordinates inside their region's box."""
    rng = random.Random(3)
    with engine.begin() as conn:
        for bin, region in sorted(regions.items()):
            f = _firm(region, "low", rng)
            conn.execute(sa.update(employers).where(employers.c.bin == bin).values(lat=f.lat, lon=f.lon))
