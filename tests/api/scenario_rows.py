"""A stored scenario run for the role matrix (made without the models: the reads are what the matrix checks),
and the checks of what each role sees of it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import sqlalchemy as sa

from jumys.access.principal import Principal
from jumys.forecasting.scenario import MEASURES, Outcome
from jumys.forecasting.scenario_file import Change, Scenario
from jumys.forecasting.scenario_params import Parameters
from jumys.forecasting.scenario_store import save_run

REGIONS = ("11", "75")
PLANNER = "planner-of-matrix"


def plant_scenario(engine: sa.Engine) -> int:
    """One run, 2025 to 2027, of two regions; its id."""
    years = (2024, 2025, 2026, 2027)
    values = {m: np.arange(len(years) * len(REGIONS), dtype=float).reshape(len(years), -1) for m in MEASURES}
    scenario = Scenario(
        "Matrix growth point", "", (Change("jobs", "75", 2026, 100.0),), Parameters(horizon=2027)
    )
    outcome = Outcome(REGIONS, years, values, {m: v / 2 for m, v in values.items()}, 0.1)
    who = Principal(username=PLANNER, role="ministry", via="cli")
    with engine.begin() as conn:
        return save_run(
            conn, scenario, outcome, {"base_year": 2025}, who, dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
        )


def scenarios_seen(who: str, body: Any) -> None:
    """Everyone sees the run; only those signed in see who ran it."""
    runs = body if isinstance(body, list) else [body]
    assert [r["name"] for r in runs] == ["Matrix growth point"]
    public = who in ("anonymous", "public_user")
    assert {r["ran_by"] for r in runs} == ({None} if public else {PLANNER})
