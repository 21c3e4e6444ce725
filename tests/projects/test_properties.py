"""Invariants of the methodology on small random worlds, and the SQL against an independent reference.

Each example builds a world (tests/projects/worlds.py), ingests it into a fresh DuckDB store through
the real ingest and verifies it at one to three dates. The reference (tests/projects/reference.py)
is the spec in plain Python; the SQL must give the same numbers and the same evidence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jumys.config import Settings
from tests.conftest import PG_URL
from tests.projects import reference
from tests.projects.reference import Parameters, Registry
from tests.projects.worlds import (
    as_of_dates,
    batch_files,
    fresh_store,
    load,
    methodology,
    parameters,
    registries,
    shuffled,
    verify_sql,
    wipe,
)

World = tuple[Registry, list[dt.date], Parameters]
Store = tuple[sa.Engine, Settings, Path]
# derandomized: the same worlds on every run (explore more with --hypothesis-seed and a larger max_examples)
EXAMPLES = settings(
    max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
FLOATS = ("wage_share", "mean_salary_kzt", "region_avg_wage_kzt", "salary_ratio", "harmful_share")


@st.composite
def worlds(draw: st.DrawFn) -> World:
    reg = draw(registries())
    return reg, draw(as_of_dates(reg)), draw(parameters)


def _same(sql: dict[str, Any], ref: dict[str, Any]) -> None:
    for key, want in ref.items():
        got = sql[key]
        if key in FLOATS and want is not None and got is not None:
            assert got == pytest.approx(want, rel=1e-9), key
        else:
            assert got == want, key


def check_invariants(
    res: dict[str, dict[str, Any]],
    jobs: dict[str, dict[str, Any]],
    reg: Registry,
    as_of: dt.date,
    prm: Parameters,
) -> None:
    """What must hold of any verification, whatever the world."""
    projects = {p.project_id: p for p in reg.projects}
    assert sorted(res) == sorted(projects)
    for pid, r in res.items():
        p = projects[pid]
        v, credited = r["verified_permanent_jobs"], r["credited"]
        assert 0 <= v <= credited
        assert v <= max(0, r["current_headcount"] - r["baseline_headcount"])
        mine = [j for j in jobs.values() if j["project_id"] == pid]
        permanent = [j for j in mine if j["job_kind"] == "permanent"]
        # a person counts once: in exactly one class
        persons = {j["person_id"] for j in permanent}
        assert credited + r["provisional"] + r["unconfirmed"] == len(persons)
        assert credited == len({j["person_id"] for j in permanent if j["status"] == "credited"})
        assert r["youth_jobs"] <= credited
        assert r["temporary_jobs"] <= len({j["person_id"] for j in mine if j["job_kind"] == "temporary"})
        if credited == 0:
            assert r["wage_bill_kzt"] == 0
        # the status agrees with the numbers
        assert 0 <= r["expected_jobs"] <= r["promised_permanent_jobs"]
        if as_of < p.start_date - dt.timedelta(days=prm.window_days):
            assert r["status"] == "pending"
            assert mine == []
        elif p.deadline <= as_of:
            assert r["status"] == ("fulfilled" if v >= r["promised_permanent_jobs"] else "failed")
        else:
            assert r["status"] == ("on_track" if v >= r["expected_jobs"] else "at_risk")
    for j in jobs.values():
        assert (j["status"] is None) == (j["job_kind"] == "temporary")
        assert j["start_date"] <= as_of


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    """One DuckDB store for the module, emptied before each example."""
    with fresh_store() as s:
        yield s


@EXAMPLES
@given(worlds())
def test_sql_equals_reference_and_invariants_hold(store: Store, world: World) -> None:
    reg, dates, prm = world
    engine, cfg, root = store
    wipe(engine)
    load(engine, cfg, root, batch_files(reg))
    for as_of in dates:
        res, jobs = verify_sql(engine, as_of, methodology(prm))
        want, want_jobs = reference.verify(reg, as_of, prm)
        check_invariants(res, jobs, reg, as_of, prm)
        got_jobs = {
            cid: (j["project_id"], j["job_kind"], j["status"], j["months_checked"], j["paid_months"])
            for cid, j in jobs.items()
        }
        assert got_jobs == {
            cid: (j.project_id, j.job_kind, j.status, j.months_checked, j.paid_months)
            for cid, j in want_jobs.items()
        }
        for pid, r in want.items():
            _same(res[pid], r)


@settings(EXAMPLES, max_examples=10)
@given(worlds(), st.integers(0, 2**32 - 1))
def test_results_do_not_depend_on_row_order(store: Store, world: World, seed: int) -> None:
    reg, dates, prm = world
    engine, cfg, root = store
    files = batch_files(reg)
    seen = []
    for rows in (files, shuffled(files, seed)):
        wipe(engine)
        load(engine, cfg, root, rows)
        seen.append([verify_sql(engine, d, methodology(prm)) for d in dates])
    assert seen[0] == seen[1]


@pytest.fixture(scope="module")
def both() -> Iterator[tuple[Store, Store]]:
    """A DuckDB store and a PostgreSQL one for the module, emptied before each example (a new PostgreSQL
    database and its upgrade cost more than the example)."""
    with fresh_store("duckdb") as duck, fresh_store("postgresql") as pg:
        yield duck, pg


@pytest.mark.skipif(not PG_URL, reason="JUMYS_TEST_DATABASE_URL is not set")
@settings(EXAMPLES, max_examples=6)
@given(world=worlds())
def test_duckdb_and_postgresql_agree(both: tuple[Store, Store], world: World) -> None:
    reg, dates, prm = world
    seen = []
    for engine, cfg, root in both:
        wipe(engine)
        load(engine, cfg, root, batch_files(reg))
        seen.append([verify_sql(engine, d, methodology(prm)) for d in dates])
    duck, pg = seen
    for (dres, djobs), (pres, pjobs) in zip(duck, pg, strict=True):
        assert djobs == pjobs
        assert dres.keys() == pres.keys()
        for pid in dres:
            _same(pres[pid], dres[pid])
