"""Run a scenario file on the store and keep the run: read (or refuse) the file, run the chain and its
baseline, store the results, audit (docs/scenarios.md)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from jumys.access.audit import record_audit
from jumys.access.principal import Principal
from jumys.forecasting.cohort import store_population
from jumys.forecasting.scenario import Outcome, run_scenario, store_inputs
from jumys.forecasting.scenario_file import read_scenario
from jumys.forecasting.scenario_store import save_run

ACTION = "run_scenario"


def run_and_store(
    conn: sa.Connection, data: bytes, file_name: str, who: Principal, horizon: int | None = None
) -> tuple[int, Outcome]:
    """Read the scenario in data, run it and its baseline on the store's data, store and audit the run; its id
    and outcome. InvalidInput listing every bad line of the file; nothing is stored then."""
    base = store_population(conn)
    scenario = read_scenario(data, base.year, file_name, to=horizon)
    inputs = store_inputs(conn, base)
    outcome = run_scenario(scenario, inputs)
    run_id = save_run(conn, scenario, outcome, inputs.provenance, who, dt.datetime.now(dt.UTC))
    record_audit(
        conn,
        who,
        ACTION,
        f"scenario run {run_id}",
        {
            "name": scenario.name,
            "file": file_name,
            "sha256": scenario.sha256,
            "changes": len(scenario.changes),
            "horizon": scenario.parameters.horizon,
        },
    )
    return run_id, outcome
