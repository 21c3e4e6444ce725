"""Scenario runs stored and read back on both engines: provenance, baseline, audit, refusals, comparison."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from jumys.access.audit import list_audit
from jumys.access.principal import Principal
from jumys.config import Settings
from jumys.errors import InvalidInput, NotFound
from jumys.forecasting.scenario import MEASURES
from jumys.forecasting.scenario_service import run_and_store
from jumys.forecasting.scenario_store import TOTAL, compare_runs, get_run, list_runs, series_of
from tests.forecasting.scenario_world import BASE_YEAR, HEAD, REGIONS, SCENARIO, build_country

MINISTRY = Principal(username="planner", role="ministry", via="session")
PUBLIC = Principal(username="public", role="public", via="anonymous")


@pytest.fixture
def country(engine: sa.Engine, settings: Settings, tmp_path: Path) -> str:
    return build_country(engine, settings, tmp_path)


def test_a_run_is_stored_with_its_scenario_parameters_and_data(engine: sa.Engine, country: str) -> None:
    with engine.begin() as conn:
        run_id, outcome = run_and_store(conn, SCENARIO.encode(), "two.csv", MINISTRY, horizon=2035)
    with engine.connect() as conn:
        d = get_run(conn, MINISTRY, run_id)
        audit = list_audit(conn, action="run_scenario")
    assert (d.name, d.file_name, d.base_year, d.horizon, d.ran_by) == (
        "Two growth points",
        "two.csv",
        BASE_YEAR,
        2035,
        "planner",
    )
    assert d.provenance["base_year"] == BASE_YEAR
    assert d.provenance["batches"]["population"] == [country] == d.provenance["batches"]["migration"]
    assert set(d.provenance["model"]["coefficients"]) and len(d.file_sha256) == 64
    assert [c["kind"] for c in d.changes] == ["jobs", "resettle", "wage"]
    assert d.parameters["horizon"] == 2035 and d.parameters["beds_per_10000"] == 53.0
    assert d.years == list(range(BASE_YEAR - 1, 2036))
    assert {s.kato2 for s in d.series} == {TOTAL, *REGIONS} and d.series[0].kato2 == TOTAL
    assert {s.measure for s in d.series} == set(MEASURES)
    moved = series_of(d, "59", "population")
    assert moved is not None and moved.scenario[-1] > moved.baseline[-1]  # resettled persons arrived
    base = d.years.index(BASE_YEAR - 1)
    assert (
        moved.scenario[base] == moved.baseline[base] == 2 * (70 * (200 + 10 * REGIONS.index("59")) + 31 * 40)
    )
    total = series_of(d, TOTAL, "population")
    assert total is not None and total.scenario[base] == sum(
        2 * (70 * (200 + 10 * i) + 31 * 40) for i in range(len(REGIONS))
    )
    assert outcome.scenario["population"].shape == (len(d.years), len(REGIONS))
    assert [a["resource"] for a in audit] == [f"scenario run {run_id}"] and audit[0]["username"] == "planner"


def test_a_refused_file_stores_nothing(engine: sa.Engine, country: str) -> None:
    with pytest.raises(InvalidInput) as e, engine.begin() as conn:
        run_and_store(conn, (HEAD + "jobs,75,2025,-3,\n").encode(), "bad.csv", MINISTRY)
    assert "line 2: year 2025 is not between 2026 and 2050" in e.value.message
    assert "line 2: -3 is not a whole number of jobs" in e.value.message
    with engine.connect() as conn:
        assert list_runs(conn, MINISTRY) == []


def test_runs_are_listed_newest_first_and_compared(engine: sa.Engine, country: str) -> None:
    with engine.begin() as conn:
        first, _ = run_and_store(conn, SCENARIO.encode(), "a.csv", MINISTRY, horizon=2030)
        second, _ = run_and_store(
            conn, (HEAD + "jobs,11,2027,900,\n").encode(), "b.csv", MINISTRY, horizon=2030
        )
    with engine.connect() as conn:
        runs = list_runs(conn, PUBLIC)
        assert [r.run_id for r in runs] == [second, first]
        assert {r.ran_by for r in runs} == {None}  # the public does not see who ran them
        assert [d.run_id for d in compare_runs(conn, PUBLIC, [first, second, first])] == [first, second]
        with pytest.raises(InvalidInput):
            compare_runs(conn, PUBLIC, [first])
        with pytest.raises(NotFound):
            get_run(conn, PUBLIC, second + 1)
    a, b = (get_run_total(engine, i) for i in (first, second))
    assert a.baseline == b.baseline and a.scenario != b.scenario  # one baseline, two scenarios


def get_run_total(engine: sa.Engine, run_id: int):  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return series_of(get_run(conn, MINISTRY, run_id), TOTAL, "population")
