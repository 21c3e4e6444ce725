"""The mobility read models per role: who sees which regions, what the public is not shown, the compatriots' plan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from jumys.access.principal import PUBLIC, Principal
from jumys.config import Settings
from jumys.errors import InvalidInput
from jumys.reports.mobility import balance, compatriots_plan, region_index
from tests.factories import compatriot
from tests.mobility.world import REGIONS, MobilityWorld, kato

MINISTRY = Principal("m", "ministry")
INSPECTOR = Principal("i", "inspector")
AKIMAT = Principal("a", "akimat", region="61")
INVESTOR = Principal("v", "investor", bins=frozenset({"123456789012"}))
DAY = dt.date(2026, 1, 1)


@pytest.fixture
def w(engine: sa.Engine, settings: Settings, tmp_path: Path) -> MobilityWorld:
    """The baseline country on a clean store."""
    return MobilityWorld(engine, settings, tmp_path)


def test_the_index_shows_an_akimat_its_region_only_and_the_public_no_small_counts(w: MobilityWorld) -> None:
    w.seekers["61"] = 4  # fewer than 5 persons: not published
    w.move(2024, "61", "71", 3)
    w.ingest()
    with w.engine.connect() as conn:
        seen = {
            who: region_index(conn, p, 2024)
            for who, p in {"m": MINISTRY, "i": INSPECTOR, "a": AKIMAT, "v": INVESTOR, "p": PUBLIC}.items()
        }
    assert [r.kato2 for r in seen["m"].regions] == REGIONS == [r.kato2 for r in seen["i"].regions]
    assert [r.kato2 for r in seen["a"].regions] == ["61"]
    assert [r.kato2 for r in seen["p"].regions] == REGIONS
    market = {
        who: next(c for c in page.regions if c.kato2 == "61").components[1] for who, page in seen.items()
    }
    assert market["m"].detail["seekers"] == 4 and market["a"].detail["seekers"] == 4
    assert market["p"].detail["seekers"] is None and market["p"].value is None
    assert market["v"].detail == market["p"].detail
    south = next(c for c in seen["p"].regions if c.kato2 == "61")
    assert south.suppressed and south.index == next(c for c in seen["m"].regions if c.kato2 == "61").index


def test_the_default_year_is_the_newest_of_the_population_file(w: MobilityWorld) -> None:
    for r in REGIONS:
        w.working_age.pop((r, 2025))
    w.ingest()
    with w.engine.connect() as conn:
        page = region_index(conn, MINISTRY)
        assert page.year == 2024 and (page.list_source, page.list_from_year) == ("shipped", None)
        assert region_index(conn, MINISTRY, 2026).list_from_year == 2025  # the shipped list, from 2025
        with pytest.raises(InvalidInput):
            region_index(conn, MINISTRY, 1900)


def test_an_empty_store_has_no_index_and_no_balance(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        assert region_index(conn, PUBLIC).regions == []
        assert balance(conn, PUBLIC).rows == []
        plan = compatriots_plan(conn, PUBLIC, DAY)
    assert plan.rows == [] and plan.totals is not None and plan.totals.persons == 0


def test_the_balance_per_role_and_the_sums_of_each_class(w: MobilityWorld) -> None:
    for y in range(2019, 2026):
        w.move(y, "59", "71", 30)
        w.move(y, "61", "75", 3)
    w.ingest()
    with w.engine.connect() as conn:
        ministry = balance(conn, MINISTRY, 2020, 2025)
        akimat = balance(conn, AKIMAT, 2020, 2025)
        public = balance(conn, PUBLIC, 2020, 2025)
    assert {r.kato2 for r in akimat.rows} == {"61"} and akimat.totals == []
    row = {(r.kato2, r.year): r for r in ministry.rows}
    assert (row[("61", 2024)].departures, row[("61", 2024)].net) == (3, -3)
    shown = {(r.kato2, r.year): r for r in public.rows}
    assert shown[("61", 2024)].departures is None and shown[("61", 2024)].net is None
    assert shown[("59", 2024)].net == -30
    # 2025: the shipped government list makes ten regions labour-deficit, North Kazakhstan (59) one of them
    deficit = {t.year: t for t in ministry.totals if t.labour_class == "deficit"}
    assert deficit[2024].regions == 10 and deficit[2024].net == -30
    assert public.totals == ministry.totals


def test_compatriots_who_named_no_region_are_spread_as_their_countrymen_chose(w: MobilityWorld) -> None:
    rows = (
        [compatriot(country="CHN", kato_of_interest=kato("63"), intends_return_year="2026") for _ in range(6)]
        + [
            compatriot(country="CHN", kato_of_interest=kato("10"), intends_return_year="2027")
            for _ in range(2)
        ]
        + [
            compatriot(country="CHN", kato_of_interest="", intends_return_year="2026", education="higher")
            for _ in range(4)
        ]
        + [compatriot(country="MNG", kato_of_interest="", intends_return_year="2026") for _ in range(8)]
        + [compatriot(country="UZB", kato_of_interest=kato("59"), intends_return_year="") for _ in range(5)]
        + [compatriot(country="CHN", kato_of_interest=kato("63"), registered_on="2026-02-01")]  # after as_of
    )
    w.extra["compatriots"] = rows
    w.vacancies["63"], w.seekers["63"] = 25, 5
    w.ingest()
    with w.engine.connect() as conn:
        plan = compatriots_plan(conn, MINISTRY, DAY, 2024)
        akimat = compatriots_plan(conn, Principal("a", "akimat", region="63"), DAY, 2024)
        public = compatriots_plan(conn, PUBLIC, DAY, 2024)
    by = {(r.kato2, r.year): r for r in plan.rows}
    east = by[("63", 2026)]
    # CHN named 63 six times and 10 twice: the four without a region go 3 to 63 and 1 to 10; MNG named none,
    # so its eight follow everyone who named a region (63: 6, 10: 2, 59: 5 of 13)
    assert east.stated == 6
    assert east.spread == pytest.approx(round(3 + 8 * 6 / 13, 1))
    assert east.higher == pytest.approx(3.0)
    assert (east.open_vacancies, east.job_seekers, east.shortfall) == (25, 5, 20)
    assert east.cover == pytest.approx(round((6 + 3 + 8 * 6 / 13) / 20, 3))
    assert by[("10", 2027)].stated == 2 and by[("59", None)].stated == 5
    assert plan.totals is not None
    assert (plan.totals.persons, plan.totals.named_region, plan.totals.named_year) == (25, 13, 20)
    assert {r.kato2 for r in akimat.rows} == {"63"} and akimat.totals is None
    small = {(r.kato2, r.year): r for r in public.rows}[("10", 2027)]
    assert small.stated is None and small.suppressed
