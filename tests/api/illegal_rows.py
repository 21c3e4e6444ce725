"""Illegal-work findings planted in the API's world for the role matrix: one employer in each region."""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa

from jumys.illegal_work.tables import findings, runs
from tests.reports.world import World

FLAGGED_ON = dt.date(2025, 12, 1)
SIGNAL = {
    "signal": "below_minimum",
    "persons": 1,
    "person_ids": ["00000000-0000-0000-0000-000000000001"],
    "evidence": {
        "contracts": 1,
        "persons": 1,
        "lowest_kzt": 60000,
        "minimum_wage_kzt": 85000,
        "shortfall_kzt": 25000,
    },
}


def plant_illegal_work(engine: sa.Engine, world: World) -> dict[str, str]:
    """A finding at OA (region 75) and at OB (region 11) on FLAGGED_ON; region by BIN."""
    planted = {world.bins["OA"]: "75", world.bins["OB"]: "11"}
    with engine.begin() as conn:
        conn.execute(
            findings.insert(),
            [
                {
                    "as_of": FLAGGED_ON,
                    "bin": b,
                    "region": r,
                    "score": 1,
                    "persons": 1,
                    "amount_kzt": 25000,
                    "signals": json.dumps([SIGNAL]),
                }
                for b, r in planted.items()
            ],
        )
        conn.execute(
            runs.insert().values(
                as_of=FLAGGED_ON, computed_at=dt.datetime.now(dt.UTC), employers=2, seconds=0.1
            )
        )
    return planted


def illegal_work_seen(planted: dict[str, str]):  # type: ignore[no-untyped-def]
    """The check of GET /illegal-work: the findings of the regions each role may see."""

    def check(who: str, body: dict[str, object]) -> None:
        items = body["items"]
        assert isinstance(items, list)
        regions = {"akimat75": {"75"}, "akimat11": {"11"}}.get(who, {"75", "11"})
        assert {i["bin"] for i in items} == {b for b, r in planted.items() if r in regions}
        assert body["total"] == len(items)

    return check
