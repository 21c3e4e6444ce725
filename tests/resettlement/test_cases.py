"""Following every resettlement and kandas case, rule by rule, on a small hand-built world (docs/resettlement.md).

Every scenario runs on DuckDB and, where JUMYS_TEST_DATABASE_URL is set, on PostgreSQL (the engine fixture).
The as-of date is 1 January 2026; the cases are those of tests/reports/resettlement_world.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from jumys.access.principal import Principal
from jumys.config import Settings
from jumys.errors import Forbidden, InvalidInput
from jumys.reports.resettlement import (
    CaseGroup,
    ResettlementCase,
    list_cases,
    resettled_persons,
    resettlement_as_of,
    summary,
)
from tests.reports.resettlement_world import D, ResettlementWorld, cases_ingested

MINISTRY = Principal("m", "ministry")
PUBLIC = Principal("p", "public", via="anonymous")


@pytest.fixture
def w(engine: sa.Engine, settings: Settings, tmp_path: Path) -> Iterator[ResettlementWorld]:
    """The cases of the world's docstring, ingested."""
    world = cases_ingested(engine, settings, tmp_path)
    yield world


def _cases(
    w: ResettlementWorld, p: Principal = MINISTRY, day: dt.date = D, **kw: object
) -> dict[str, ResettlementCase]:
    with w.engine.connect() as conn:
        page = list_cases(conn, p, day, limit=500, **kw)  # type: ignore[arg-type]
    assert page.total == len(page.items)
    return {c.case_id: c for c in page.items}


def test_a_case_that_stayed_is_retained_and_employed_at_both_milestones_at_the_best_paid_contract(
    w: ResettlementWorld,
) -> None:
    c = _cases(w)["STAYED"]
    assert (c.retained_12, c.employed_12, c.salary_12_kzt, c.wage_12_kzt) == (True, True, 300_000, 310_000)
    assert (c.retained_24, c.employed_24, c.salary_24_kzt, c.wage_24_kzt) == (True, True, 300_000, 320_000)
    assert (c.employed_now, c.salary_now_kzt, c.left_on) == (True, 300_000, None)
    assert (c.program, c.from_region, c.to_region, c.family_size) == ("resettler", "61", "55", 4)


def test_a_case_that_left_before_12_months_is_neither_retained_nor_employed_there(
    w: ResettlementWorld,
) -> None:
    c = _cases(w)["LEFT_EARLY"]
    assert c.left_on == dt.date(2024, 2, 1)
    assert (c.retained_12, c.employed_12, c.salary_12_kzt, c.wage_12_kzt) == (False, False, None, None)
    assert (c.retained_24, c.employed_24) == (False, False)
    assert c.employed_now is False  # working again, but back in the origin region


def test_a_case_that_left_between_12_and_24_months_is_retained_at_12_only_and_without_payroll_no_wage(
    w: ResettlementWorld,
) -> None:
    c = _cases(w)["LEFT_BETWEEN"]
    assert (c.program, c.retained_12, c.employed_12, c.salary_12_kzt, c.wage_12_kzt) == (
        "kandas",
        True,
        True,
        250_000,
        None,
    )
    assert (c.retained_24, c.employed_24, c.salary_24_kzt) == (False, False, None)


def test_leaving_on_the_milestone_day_counts_as_still_there_and_a_leap_day_ends_a_year_on_28_february(
    w: ResettlementWorld,
) -> None:
    c = _cases(w)["LEAP"]
    assert c.retained_12 is True and c.employed_12 is False


def test_a_milestone_not_passed_is_not_yet_known_even_for_a_case_that_has_left(w: ResettlementWorld) -> None:
    c = _cases(w)["LEAP"]  # 24 months: 2026-02-28, after D; left 2025-02-28
    assert (c.left_on, c.retained_24, c.employed_24, c.salary_24_kzt) == (
        dt.date(2025, 2, 28),
        None,
        None,
        None,
    )
    after = _cases(w, day=dt.date(2026, 3, 1))["LEAP"]
    assert (after.retained_24, after.employed_24) == (False, False)
    earlier = _cases(w, day=dt.date(2025, 2, 28))["LEAP"]  # D before its departure is known
    assert (earlier.left_on, earlier.retained_12, earlier.retained_24) == (None, None, None)


def test_a_contract_starting_on_the_milestone_day_is_employment_on_it(w: ResettlementWorld) -> None:
    c = _cases(w)["STARTS_ON_MILESTONE"]
    assert (c.employed_12, c.salary_12_kzt) == (True, 280_000)  # the one that ended the day before is not


def test_a_milestone_not_passed_by_the_as_of_date_is_not_yet_known(w: ResettlementWorld) -> None:
    found = _cases(w)
    on_d = found["ON_D"]  # 12 months after 2025-01-01 is D itself
    assert (on_d.retained_12, on_d.employed_12, on_d.retained_24) == (None, None, None)
    recent = found["RECENT"]
    assert (recent.retained_12, recent.employed_12) == (None, None)
    assert (recent.employed_now, recent.salary_now_kzt) == (True, 260_000)
    later = _cases(w, day=dt.date(2026, 1, 2))["ON_D"]
    assert (later.retained_12, later.employed_12) == (True, False)


def test_leaving_after_the_as_of_date_is_not_known_then(w: ResettlementWorld) -> None:
    c = _cases(w)["LEAVES_AFTER_D"]
    assert (c.left_on, c.retained_12, c.retained_24) == (None, True, None)
    after = _cases(w, day=dt.date(2026, 2, 2))["LEAVES_AFTER_D"]
    assert after.left_on == dt.date(2026, 2, 1) and after.retained_24 is True  # 24 months: 2026-01-10


def test_cases_moved_on_or_after_the_as_of_date_are_not_followed(w: ResettlementWorld) -> None:
    assert "FUTURE" not in _cases(w)
    assert "FUTURE" in _cases(w, day=dt.date(2026, 1, 2))
    assert set(_cases(w, day=dt.date(2023, 6, 2))) == {"STAYED", "LEFT_EARLY", "OLD"}


def test_no_iin_and_a_short_pseudonym_only(w: ResettlementWorld) -> None:
    found = _cases(w)
    shown = " ".join(c.model_dump_json() for c in found.values())
    assert not any(iin in shown for iin in w.iins.values())
    assert all(len(c.person) == 8 for c in found.values())
    assert "person_id" not in shown


def test_filters_by_region_program_and_year_and_paging(w: ResettlementWorld) -> None:
    assert set(_cases(w, region="11")) == {"LEFT_BETWEEN"}
    assert set(_cases(w, region="75")) == {"LEFT_BETWEEN"}  # as origin
    assert set(_cases(w, program="kandas")) == {"LEFT_BETWEEN", "RECENT"}
    assert set(_cases(w, year=2024)) == {"LEAP", "STARTS_ON_MILESTONE", "LEAVES_AFTER_D"}
    with w.engine.connect() as conn:
        first = list_cases(conn, MINISTRY, D, limit=2)
        second = list_cases(conn, MINISTRY, D, limit=2, offset=2)
    assert first.total == second.total == 9
    assert [c.case_id for c in first.items] == ["RECENT", "ON_D"]  # the newest move first
    assert [c.case_id for c in second.items] == ["STARTS_ON_MILESTONE", "LEAP"]


def test_an_akimat_sees_its_regions_cases_as_destination_or_origin_and_no_other(w: ResettlementWorld) -> None:
    assert set(_cases(w, Principal("a", "akimat", region="11"))) == {"LEFT_BETWEEN"}
    assert set(_cases(w, Principal("a", "akimat", region="75"))) == {"LEFT_BETWEEN"}
    assert len(_cases(w, Principal("a", "akimat", region="55"))) == 8
    assert _cases(w, Principal("a", "akimat", region="15")) == {}
    with pytest.raises(Forbidden), w.engine.connect() as conn:
        list_cases(conn, Principal("a", "akimat", region="11"), D, region="55")


@pytest.mark.parametrize("role", ["inspector", "investor", "employer", "public"])
def test_the_case_list_is_for_the_ministry_and_akimats_only(w: ResettlementWorld, role: str) -> None:
    with pytest.raises(Forbidden), w.engine.connect() as conn:
        list_cases(conn, Principal("x", role), D)  # type: ignore[arg-type]


def test_bad_parameters_are_refused(w: ResettlementWorld) -> None:
    with w.engine.connect() as conn:
        with pytest.raises(InvalidInput, match="program must be one of resettler, kandas"):
            list_cases(conn, MINISTRY, D, program="nomad")
        with pytest.raises(InvalidInput):
            list_cases(conn, MINISTRY, D, year=1900)


def _groups(w: ResettlementWorld, p: Principal = MINISTRY, **kw: object) -> dict[tuple[str, str], CaseGroup]:
    with w.engine.connect() as conn:
        s = summary(conn, p, D, **kw)  # type: ignore[arg-type]
    return {(g.dimension, g.key): g for g in s.groups}


def test_the_aggregates_count_the_due_retained_and_employed_per_milestone(w: ResettlementWorld) -> None:
    g = _groups(w)
    whole = g[("all", "all")]
    assert (whole.cases, whole.persons, whole.still_there, whole.employed_now) == (9, 27, 6, 3)
    # due at 12: STAYED, LEFT_EARLY, LEFT_BETWEEN, LEAP, STARTS_ON_MILESTONE, LEAVES_AFTER_D, OLD
    t = whole.at_12
    assert (t.due, t.retained, t.employed) == (7, 6, 3)
    assert (t.retained_pct, t.employed_pct) == (85.7, 42.9)
    assert t.median_salary_kzt == 280_000  # 300,000, 250,000, 280,000
    assert t.median_wage_kzt == 310_000  # STAYED's alone has a payroll row
    f = whole.at_24  # due: STAYED, LEFT_EARLY, LEFT_BETWEEN, OLD
    assert (f.due, f.retained, f.employed, f.median_salary_kzt) == (4, 2, 1, 300_000)
    kandas = g[("program", "kandas")]
    assert (kandas.cases, kandas.persons, kandas.at_12.due, kandas.at_12.retained) == (2, 11, 1, 1)
    assert {k for d, k in g if d == "year"} == {"2021", "2023", "2024", "2025"}
    assert g[("year", "2024")].cases == 3
    assert {k for d, k in g if d == "destination"} == {"55", "11"}
    assert {k for d, k in g if d == "origin"} == {"61", "75"}
    assert [d for d, _ in g] == sorted(
        (d for d, _ in g), key=["all", "program", "year", "origin", "destination"].index
    )


def test_persons_resettled_since_2022_count_family_members_of_cases_moved_before_the_as_of_date(
    w: ResettlementWorld,
) -> None:
    with w.engine.connect() as conn:
        s = summary(conn, MINISTRY, D)
        early = resettled_persons(conn, MINISTRY, dt.date(2023, 6, 2))
    assert s.resettled_since == 27 - 3  # OLD moved in 2021; FUTURE on D
    assert s.resettled_by_program == {"resettler": 13, "kandas": 11}
    assert early == {"resettler": 6, "kandas": 0, "all": 6}  # STAYED and LEFT_EARLY


def test_an_akimat_aggregates_its_regions_cases_in_full(w: ResettlementWorld) -> None:
    g = _groups(w, Principal("a", "akimat", region="11"))
    whole = g[("all", "all")]
    assert (whole.cases, whole.persons, whole.suppressed, whole.at_12.retained) == (1, 5, False, 1)
    assert {k for d, k in g if d == "destination"} == {"11"}
    with pytest.raises(Forbidden), w.engine.connect() as conn:
        summary(conn, Principal("a", "akimat", region="11"), D, region="55")


@pytest.mark.parametrize("role", ["public", "investor", "employer"])
def test_others_see_aggregates_with_groups_under_5_cases_left_out(w: ResettlementWorld, role: str) -> None:
    g = _groups(w, Principal("x", role))  # type: ignore[arg-type]
    whole = g[("all", "all")]
    assert (whole.cases, whole.suppressed, whole.at_12.due, whole.at_12.retained) == (9, False, 7, 6)
    assert whole.at_24.due is None and whole.at_24.retained_pct is None  # 4 due: too few
    assert whole.at_12.employed == 3 and whole.at_12.median_salary_kzt is None  # 3 employed: no median
    assert whole.hidden and not _groups(w)[("all", "all")].hidden  # the ministry's: nothing left out
    kandas = g[("program", "kandas")]
    assert kandas.suppressed and kandas.cases is None and kandas.persons is None and kandas.at_12.due is None
    with w.engine.connect() as conn:
        s = summary(conn, Principal("x", role), D)  # type: ignore[arg-type]
    # kandas: 2 cases; resettlers shown beside the whole would give them back by subtraction
    assert s.resettled_since == 24 and s.resettled_by_program == {"resettler": None, "kandas": None}


@pytest.mark.parametrize("narrow", [{"region": "55"}, {"program": "kandas"}])
def test_the_public_may_not_narrow_the_aggregates(w: ResettlementWorld, narrow: dict[str, str]) -> None:
    with pytest.raises(Forbidden, match="sign in to narrow"), w.engine.connect() as conn:
        summary(conn, PUBLIC, D, **narrow)  # type: ignore[arg-type]
    _groups(w, Principal("i", "inspector"), **narrow)  # those who see every case may


def test_the_public_cannot_subtract_a_small_group_from_the_whole(w: ResettlementWorld) -> None:
    g = _groups(w, PUBLIC)
    whole = g[("all", "all")]
    assert whole.cases == 9
    for dim in ("program", "origin", "destination"):  # one small group each: its complement is left out too
        rows = [x for (d, _), x in g.items() if d == dim]
        assert all(x.suppressed and x.cases is None and x.at_12.due is None for x in rows), dim
    assert sum(x.cases or 0 for (d, _), x in g.items() if d == "year") == 0  # every year under 5 cases


def test_the_summary_narrows_to_a_region_and_a_program(w: ResettlementWorld) -> None:
    assert _groups(w, region="75")[("all", "all")].cases == 1
    assert _groups(w, program="kandas")[("all", "all")].cases == 2


def test_the_as_of_date_defaults_to_the_day_after_the_newest_move_or_departure(w: ResettlementWorld) -> None:
    with w.engine.connect() as conn:
        assert resettlement_as_of(conn, dt.date(2025, 1, 1)) == dt.date(2025, 1, 1)
        assert resettlement_as_of(conn, None) == dt.date(2026, 2, 2)  # LEAVES_AFTER_D left on 2026-02-01


def test_an_empty_registry_has_no_date_and_no_case(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        assert resettlement_as_of(conn, None) is None
        assert list_cases(conn, MINISTRY, D).total == 0
        s = summary(conn, PUBLIC, D)
        full = summary(conn, MINISTRY, D)
    assert s.resettled_since is None and [(g.key, g.cases, g.suppressed) for g in s.groups] == [
        ("all", None, True)
    ]
    assert full.resettled_since == 0 and [(g.key, g.cases, g.at_12.due) for g in full.groups] == [
        ("all", 0, 0)
    ]
