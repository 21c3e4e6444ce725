"""Verification again after events: the projects the events may change, verified alone, get exactly what a whole
verification gives them, and so do the scorecards and the alerts; on DuckDB and on PostgreSQL.

Each example builds a random world (tests/projects/worlds.py), ingests part of its contracts and payroll as a
batch, verifies everything, sends the rest as events, verifies again what the queue names, and compares every
fact of the date with a whole verification run afterwards.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from jumys.config import Settings
from jumys.kit.identifiers import make_bin, make_iin
from jumys.projects.live import verify_queued
from jumys.projects.methodology import Methodology
from jumys.projects.service import run_verification
from jumys.projects.tables import (
    alerts,
    project_freshness,
    project_jobs,
    project_verification,
    region_scorecard,
)
from jumys.registry.events import Event, ingest_events
from jumys.registry.tables import verify_queue
from tests.conftest import ENGINES
from tests.projects.reference import Contract, Employer, Project, Registry
from tests.projects.worlds import TODAY, as_of_dates, batch_files, fresh_store, load, registries, wipe

Store = tuple[sa.Engine, Settings, Path]
EXAMPLES = settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.generate],
)
FACTS = (project_verification, project_jobs, region_scorecard, alerts)


@pytest.fixture(scope="module", params=ENGINES)
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """One store per engine for the module, emptied before each example."""
    with fresh_store(request.param) as s:
        yield s


def _facts(conn: sa.Connection, as_of: dt.date) -> dict[str, list[tuple[Any, ...]]]:
    """Every fact of as_of, each table's rows sorted."""
    out = {}
    for t in FACTS:
        rows = conn.execute(sa.select(t).where(t.c.as_of == as_of)).all()
        out[t.name] = sorted((tuple(r) for r in rows), key=repr)
    return out


def _split(files: dict[str, list[dict[str, Any]]], seed: int) -> tuple[dict[str, Any], list[Event]]:
    """The batch's files without some contracts and payroll rows, and those rows as events."""
    rnd = random.Random(seed)
    kept: dict[str, Any] = dict(files)
    sent: list[Event] = []
    for name, kind in (("contracts", "contract"), ("payroll", "payroll")):
        kept[name] = []
        for i, row in enumerate(files[name]):
            if rnd.random() < 0.3:
                sent.append(Event(f"{kind}-{i}", kind, row))
            else:
                kept[name].append(row)
    return kept, sent


@EXAMPLES
@given(registries(), st.integers(0, 2**32 - 1), st.data())
def test_projects_verified_again_after_events_get_what_a_whole_run_gives(
    store: Store, reg: Registry, seed: int, data: st.DataObject
) -> None:
    engine, cfg, root = store
    as_of = data.draw(as_of_dates(reg))[0]
    kept, sent = _split(batch_files(reg), seed)
    wipe(engine)
    load(engine, cfg, root, kept)
    m = Methodology()
    with engine.begin() as conn:
        run_verification(conn, as_of, m)
    report = ingest_events(engine, sent, settings=cfg, today=TODAY)
    assert [r.status for r in report.results] == ["applied"] * len(sent), [
        r.reasons for r in report.results if r.reasons
    ][:3]
    with engine.begin() as conn:
        done = verify_queued(conn, m)
        targeted = _facts(conn, as_of)
        assert conn.execute(sa.select(sa.func.count()).select_from(verify_queue)).scalar_one() == 0
    if sent:
        assert done is not None and done["batch_no"] == report.batch_no
    with engine.begin() as conn:
        run_verification(conn, as_of, m)
        assert _facts(conn, as_of) == targeted


def test_only_the_projects_whose_group_holds_an_events_bin_are_verified_again(store: Store) -> None:
    """Two projects with operators of their own: an event at one's operator verifies that one alone; its
    freshness names the event's batch, the other's keeps the batch it was verified with."""
    engine, cfg, root = store
    wipe(engine)
    kato, start = "751110000", dt.date(2025, 1, 1)
    one, two = make_bin(dt.date(2010, 1, 1), 1), make_bin(dt.date(2010, 1, 1), 2)
    reg = Registry(
        employers=[Employer(one, kato), Employer(two, kato)],
        projects=[
            Project(pid, b, (b,), kato, 10**9, start, start + dt.timedelta(days=700), 5)
            for pid, b in (("P1", one), ("P2", two))
        ],
    )
    load(engine, cfg, root, batch_files(reg))
    as_of = dt.date(2025, 6, 30)
    with engine.begin() as conn:
        run_verification(conn, as_of, Methodology())
    born = dt.date(1990, 5, 5)
    hired = Contract("K1", make_iin(born, "M", 1), born, one, kato, "permanent", start, None)
    row = batch_files(Registry(contracts=[hired]))["contracts"][0]
    report = ingest_events(engine, [Event("hire-1", "contract", row)], settings=cfg, today=TODAY)
    with engine.begin() as conn:
        done = verify_queued(conn)
        fresh = dict(
            conn.execute(sa.select(project_freshness.c.project_id, project_freshness.c.data_batch_no)).all()
        )
        headcount = dict(
            conn.execute(
                sa.select(project_verification.c.project_id, project_verification.c.current_headcount)
            ).all()
        )
    assert done is not None and done["projects"] == 1
    assert fresh == {"P1": report.batch_no, "P2": 1}
    assert headcount == {"P1": 1, "P2": 0}


def test_a_project_sharing_an_operator_is_verified_again_with_the_one_whose_group_holds_the_bin(
    store: Store,
) -> None:
    """P and Q share the operator A; G is P's investor, not in Q's group. An event at G makes A's hire a transfer
    for P: it goes to Q, which must be verified again too, though no event names a BIN of its group."""
    engine, cfg, root = store
    wipe(engine)
    kato, start = "751110000", dt.date(2025, 1, 1)
    a, g = make_bin(dt.date(2010, 1, 1), 1), make_bin(dt.date(2010, 1, 1), 2)
    deadline = start + dt.timedelta(days=700)
    born = dt.date(1990, 5, 5)
    iin = make_iin(born, "M", 1)
    hired = Contract("K1", iin, born, a, kato, "permanent", start + dt.timedelta(days=10), None)
    reg = Registry(
        employers=[Employer(a, kato), Employer(g, kato)],
        projects=[
            Project("P", g, (a,), kato, 10**9, start, deadline, 5),
            Project("Q", a, (a,), kato, 10**9, start + dt.timedelta(days=1), deadline, 5),
        ],
        contracts=[hired],
    )
    load(engine, cfg, root, batch_files(reg))
    as_of = dt.date(2025, 6, 30)
    with engine.begin() as conn:
        run_verification(conn, as_of, Methodology())
        assert _jobs_of(conn, as_of) == {"K1": "P"}
    before = Contract("K0", iin, born, g, kato, "permanent", start - dt.timedelta(days=300), start)
    row = batch_files(Registry(contracts=[before]))["contracts"][0]
    ingest_events(engine, [Event("moved-1", "contract", row)], settings=cfg, today=TODAY)
    with engine.begin() as conn:
        verify_queued(conn)
        assert _jobs_of(conn, as_of) == {"K1": "Q"}
        counts = dict(
            conn.execute(
                sa.select(project_verification.c.project_id, project_verification.c.unconfirmed)
            ).all()
        )
    assert counts == {"P": 0, "Q": 1}


def _jobs_of(conn: sa.Connection, as_of: dt.date) -> dict[str, str]:
    j = project_jobs.c
    return dict(conn.execute(sa.select(j.contract_id, j.project_id).where(j.as_of == as_of)).all())
