"""Warning levels, re-runs and no look-ahead (docs/safety.md, "Labour-conflict early warning")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from jumys.config import Settings
from jumys.safety.tables import warning_runs
from jumys.safety.warnings import SIGNALS, ensure_warnings, month_ago, run_dates, stored
from tests.safety.warn_world import WarnWorld

AS_OF = "2025-01-01"


@pytest.fixture
def ww(engine: sa.Engine, settings: Settings, tmp_path: Path) -> WarnWorld:
    """An empty world on a clean store."""
    return WarnWorld(engine, settings, tmp_path)


def _levels(found: dict[str, dict[str, object]]) -> dict[str, object]:
    return {b: w["level"] for b, w in found.items()}


def test_one_signal_is_watch_two_are_high_arrears_with_any_other_is_high(ww: WarnWorld) -> None:
    one, two, arrears_and = ww.employer(), ww.employer(), ww.employer()
    ww.incident(one, "2024-12-05")
    ww.incident(two, "2024-12-05")
    ww.inspection(two, "2024-11-01")
    ww.inspection(two, "2024-12-01")
    ww.arrear(arrears_and, "2024-12-10")
    ww.inspection(arrears_and, "2024-11-01")
    ww.inspection(arrears_and, "2024-12-01")
    found = ww.warn(AS_OF)
    assert _levels(found) == {one: "watch", two: "high", arrears_and: "high"}
    assert list(found[two]["signals"]) == [
        "fatal_incident",
        "unplanned_inspections",
    ]  # in the order of the codes


def test_signals_of_different_months_make_a_high_warning_within_three_months(ww: WarnWorld) -> None:
    together, apart = ww.employer(), ww.employer()
    ww.arrear(together, "2024-10-20")  # seen at the run of 1 November
    ww.incident(together, "2024-12-05")
    ww.arrear(apart, "2024-09-20")  # seen at the run of 1 October: gone by 1 January
    ww.incident(apart, "2024-12-05")
    found = ww.warn(AS_OF)
    assert _levels(found) == {together: "high", apart: "watch"}
    assert [(s["signal"], s["month"]) for s in found[together]["signals"].values()] == [
        ("arrears", "2024-10"),
        ("fatal_incident", "2024-12"),
    ]


def test_a_run_replaces_its_date_and_is_recorded(ww: WarnWorld) -> None:
    b = ww.employer()
    ww.incident(b, "2024-12-05")
    ww.warn(AS_OF)
    again = ww.warn(AS_OF, ingest=False)
    assert _levels(again) == {b: "watch"}
    with ww.engine.connect() as conn:
        runs = conn.execute(sa.select(warning_runs.c.as_of, warning_runs.c.employers)).all()
    assert runs == [(dt.date(2025, 1, 1), 1)]


def test_nothing_dated_on_or_after_the_as_of_date_changes_the_warnings(ww: WarnWorld) -> None:
    quiet, busy = ww.employer(), ww.employer()
    staff = ww.staff(quiet, 30)
    ww.staff(busy, 30)
    ww.incident(busy, "2024-12-20")
    before = ww.warn(AS_OF)
    # everything a month could bring from the as-of date on: it must not show at the as-of date
    ww.arrear(quiet, AS_OF)
    ww.incident(quiet, "2025-01-20")  # after the inspections: they are no investigation of it
    ww.inspection(quiet, AS_OF)
    ww.inspection(quiet, "2025-01-15")
    ww.end(quiet, 10, AS_OF)
    ww.end(quiet, 10, "2025-01-02")
    for iin in staff:
        ww.pay(iin, quiet, "2025-01", "2025-03", wage=100_000, opv=0)
    ww.dispute(quiet, "2025-01-02")
    after = ww.warn(AS_OF)
    assert after == before
    assert _levels(after) == {busy: "watch"}
    later = ww.warn("2025-02-01", ingest=False)
    assert set(later[quiet]["signals"]) == set(SIGNALS) - {"missing_contributions"}


def test_ensure_warnings_runs_only_the_dates_not_run(ww: WarnWorld) -> None:
    ww.incident(ww.employer(), "2024-12-05")
    ww.warn(AS_OF)
    days = [dt.date(2024, 12, 1), dt.date(2025, 1, 1), dt.date(2025, 2, 1)]
    ran: list[dt.date] = []
    with ww.engine.begin() as conn:
        assert ensure_warnings(conn, days, on_run=ran.append) == 2
        assert run_dates(conn) == sorted(days, reverse=True)
        assert len(stored(conn, dt.date(2025, 1, 1))) == 1
    assert ran == [dt.date(2024, 12, 1), dt.date(2025, 2, 1)]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2025-01-01", "2024-12-01"),
        ("2024-03-31", "2024-02-29"),
        ("2025-03-31", "2025-02-28"),
        ("2025-05-15", "2025-04-15"),
    ],
)
def test_a_month_ago_is_the_same_day_or_the_last_of_a_shorter_month(day: str, expected: str) -> None:
    assert month_ago(dt.date.fromisoformat(day)) == dt.date.fromisoformat(expected)
