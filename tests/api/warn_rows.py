"""Warnings planted in the API's world for the role matrix: one employer warned in each region."""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa

from jumys.safety.tables import warning_runs, warnings
from tests.reports.world import World

WARNED_ON = dt.date(2025, 12, 1)
SIGNAL = {
    "signal": "fatal_incident",
    "month": "2025-11",
    "evidence": {"incidents": 1, "victims": 1, "occurred_on": "2025-11-03"},
}


def plant_warnings(engine: sa.Engine, world: World) -> dict[str, str]:
    """A watch at OA (region 75) and a high at OB (region 11) on WARNED_ON; region by BIN."""
    planted = {world.bins["OA"]: "75", world.bins["OB"]: "11"}
    with engine.begin() as conn:
        conn.execute(
            warnings.insert(),
            [
                {
                    "as_of": WARNED_ON,
                    "bin": b,
                    "region": r,
                    "level": "watch" if r == "75" else "high",
                    "signals": json.dumps([SIGNAL]),
                }
                for b, r in planted.items()
            ],
        )
        conn.execute(
            warning_runs.insert().values(
                as_of=WARNED_ON, computed_at=dt.datetime.now(dt.UTC), employers=2, seconds=0.1
            )
        )
    return planted


def warnings_seen(planted: dict[str, str]):  # type: ignore[no-untyped-def]
    """The check of GET /warnings: the warnings of the regions each role may see."""

    def check(who: str, body: dict[str, object]) -> None:
        items = body["items"]
        assert isinstance(items, list)
        regions = {"akimat75": {"75"}, "akimat11": {"11"}}.get(who, {"75", "11"})
        assert {i["bin"] for i in items} == {b for b, r in planted.items() if r in regions}
        assert body["total"] == len(items)

    return check
