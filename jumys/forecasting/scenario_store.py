"""Scenario runs stored and read back: each run with its scenario, parameters and data (docs/scenarios.md).

Choice: every role and the public read every run. A run holds projections of whole regions (no person,
employer or project), so there is nothing to suppress; only who ran it is left out for the public.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import numpy as np
import sqlalchemy as sa
from pydantic import BaseModel

from jumys.access.audit import aware
from jumys.access.principal import Principal
from jumys.errors import InvalidInput, NotFound
from jumys.forecasting import messages as M
from jumys.forecasting.scenario import MEASURES, Outcome
from jumys.forecasting.scenario_file import Scenario
from jumys.forecasting.tables import scenario_results, scenario_runs

MAX_COMPARED = 6
TOTAL = "total"  # the region of the country's totals in answers
RESULT_COLUMNS = ("run_id", "variant", "kato2", "year", "measure", "value")
_TYPES = {"run_id": "INTEGER[]", "year": "INTEGER[]", "value": "DOUBLE PRECISION[]"}
# all results of a run in one statement: a column each as an array, zipped back into rows by unnest
RESULTS_INSERT = sa.text(
    f"INSERT INTO scenario_results ({', '.join(RESULT_COLUMNS)}) SELECT "
    + ", ".join(f"unnest(CAST(:{c} AS {_TYPES.get(c, 'TEXT[]')}))" for c in RESULT_COLUMNS)
)


class RunSummary(BaseModel):
    """A stored run: its scenario, when and by whom it ran, from which data."""

    run_id: int
    name: str
    description: str
    file_name: str
    file_sha256: str
    base_year: int
    horizon: int
    ran_by: str | None  # None for the public
    ran_at: dt.datetime
    seconds: float


class Series(BaseModel):
    """One measure of one region (or the total) by year, under the scenario and the baseline."""

    kato2: str
    measure: str
    scenario: list[float | None]
    baseline: list[float | None]


class RunDetail(RunSummary):
    """A run with its parameters, changes, data provenance and every result."""

    parameters: dict[str, Any]
    changes: list[dict[str, Any]]
    provenance: dict[str, Any]
    years: list[int]
    series: list[Series]


def _next_id(conn: sa.Connection) -> int:
    return (
        int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(scenario_runs.c.run_id), 0))).scalar_one())
        + 1
    )


def save_run(
    conn: sa.Connection,
    scenario: Scenario,
    outcome: Outcome,
    provenance: dict[str, Any],
    who: Principal,
    now: dt.datetime,
) -> int:
    """Store a run and its results (scenario and baseline); its id."""
    run_id = _next_id(conn)
    conn.execute(
        scenario_runs.insert().values(
            run_id=run_id,
            name=scenario.name,
            description=scenario.description,
            file_name=scenario.file_name,
            file_sha256=scenario.sha256,
            base_year=provenance["base_year"],
            horizon=scenario.parameters.horizon,
            parameters=json.dumps(
                {
                    "values": scenario.parameters.as_json(),
                    "set_by_file": list(scenario.set_parameters),
                    "changes": [c.as_json() for c in scenario.changes],
                }
            ),
            provenance=json.dumps(provenance),
            ran_by=who.username[:64],
            ran_at=now,
            seconds=outcome.seconds,
        )
    )
    columns: dict[str, list[Any]] = {c: [] for c in RESULT_COLUMNS}
    for variant, values in (("scenario", outcome.scenario), ("baseline", outcome.baseline)):
        for measure in MEASURES:
            matrix = values[measure]
            for i, year in enumerate(outcome.years):
                for j, region in enumerate(outcome.regions):
                    v = float(matrix[i, j])
                    if math.isnan(v):
                        continue
                    for c, x in zip(RESULT_COLUMNS, (run_id, variant, region, year, measure, v), strict=True):
                        columns[c].append(x)
    conn.execute(RESULTS_INSERT, columns)
    return run_id


def _summary(row: Any, who: Principal) -> dict[str, Any]:
    return {
        "run_id": row.run_id,
        "name": row.name,
        "description": row.description,
        "file_name": row.file_name,
        "file_sha256": row.file_sha256,
        "base_year": row.base_year,
        "horizon": row.horizon,
        "ran_by": None if who.role == "public" else row.ran_by,
        "ran_at": aware(row.ran_at),
        "seconds": row.seconds,
    }


def list_runs(conn: sa.Connection, who: Principal, limit: int = 200) -> list[RunSummary]:
    """The stored runs, newest first."""
    rows = conn.execute(sa.select(scenario_runs).order_by(scenario_runs.c.run_id.desc()).limit(limit))
    return [RunSummary(**_summary(r, who)) for r in rows]


def get_run(conn: sa.Connection, who: Principal, run_id: int) -> RunDetail:
    """One run with every result, the country's totals (region "total") first; NotFound when there is none."""
    row = conn.execute(sa.select(scenario_runs).where(scenario_runs.c.run_id == run_id)).first()
    if row is None:
        raise NotFound(M.SCENARIO_NOT_FOUND, run_id=run_id)
    years = list(range(row.base_year - 1, row.horizon + 1))
    at = {y: i for i, y in enumerate(years)}
    values: dict[tuple[str, str], dict[str, list[float | None]]] = {}
    results = conn.execute(
        sa.select(
            scenario_results.c.kato2,
            scenario_results.c.measure,
            scenario_results.c.variant,
            scenario_results.c.year,
            scenario_results.c.value,
        ).where(scenario_results.c.run_id == run_id)
    )
    for kato2, measure, variant, year, value in results:
        series = values.setdefault(
            (kato2, measure), {"scenario": [None] * len(years), "baseline": [None] * len(years)}
        )
        if year in at:
            series[variant][at[year]] = value
    totals: dict[tuple[str, str], dict[str, list[float | None]]] = {}
    for (_, measure), series in values.items():
        total = totals.setdefault(
            (TOTAL, measure), {"scenario": [None] * len(years), "baseline": [None] * len(years)}
        )
        for variant in ("scenario", "baseline"):
            total[variant] = [
                None if v is None else (t or 0.0) + v
                for t, v in zip(total[variant], series[variant], strict=True)
            ]
    order = {m: i for i, m in enumerate(MEASURES)}
    parameters = json.loads(row.parameters)
    return RunDetail(
        **_summary(row, who),
        parameters=parameters["values"] | {"set_by_file": parameters["set_by_file"]},
        changes=parameters["changes"],
        provenance=json.loads(row.provenance),
        years=years,
        series=[
            Series(kato2=k, measure=m, scenario=s["scenario"], baseline=s["baseline"])
            for (k, m), s in sorted(
                (totals | values).items(),
                key=lambda kv: (kv[0][0] != TOTAL, kv[0][0], order.get(kv[0][1], 99)),
            )
        ],
    )


def compare_runs(conn: sa.Connection, who: Principal, run_ids: list[int]) -> list[RunDetail]:
    """Two or more runs, each in full, in the order asked."""
    unique = list(dict.fromkeys(run_ids))
    if not 2 <= len(unique) <= MAX_COMPARED:
        raise InvalidInput(M.SCENARIO_COMPARE, limit=MAX_COMPARED, count=len(unique))
    return [get_run(conn, who, i) for i in unique]


def series_of(detail: RunDetail, kato2: str, measure: str) -> Series | None:
    """One region's (or the total's) series of a measure."""
    return next((s for s in detail.series if s.kato2 == kato2 and s.measure == measure), None)


def at_year(series: Series | None, detail: RunDetail, year: int) -> tuple[float | None, float | None]:
    """(scenario, baseline) of a series in a year."""
    if series is None or year not in detail.years:
        return None, None
    i = detail.years.index(year)
    return series.scenario[i], series.baseline[i]


def nan_free(values: list[float | None]) -> list[float | None]:
    """None where a value is not a number (JSON has no NaN)."""
    return [None if v is None or not np.isfinite(v) else v for v in values]
