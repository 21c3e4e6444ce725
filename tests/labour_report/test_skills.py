"""Skills and shortages on the hand-made world, on both engines (docs/safety.md, "Skills and shortages")."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from jumys.access.principal import Principal
from jumys.errors import NotFound
from jumys.reference.nkz import nkz_groups
from jumys.reference.stats import rural_regions
from jumys.reports.skills import SQL, skills
from tests.labour_report.world import SHORTAGES_2025, TRAINING_2025

MINISTRY = Principal("m", "ministry")


def test_training_shares_by_region_section_and_size(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        got = skills(conn, MINISTRY, 2025)
    assert {(t.dimension, t.group): (t.employees, t.trained) for t in got.training} == TRAINING_2025
    share = next(t.share for t in got.training if (t.dimension, t.group) == ("region", "31"))
    assert share == pytest.approx(0.2)
    assert (got.kazakhstan_reference, got.oecd_reference) == (0.06, 0.48)


def test_shortages_transport_and_rural_specialists_first(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        got = skills(conn, MINISTRY, 2025)
    rows = [
        (s.region, s.nkz, s.priority, s.vacancies, s.open_60, s.seekers, s.per_seeker, s.median_days_to_fill)
        for s in got.shortages
    ]
    assert rows == SHORTAGES_2025


def test_a_row_is_a_named_unit_group_or_a_sub_major_group(engine: sa.Engine) -> None:
    """Named occupations where they are named are their unit group; every other vacancy and seeker counts in its
    sub-major group (2411 and 2412 posted, 2413 sought: one row 24 with its seeker)."""
    with engine.connect() as conn:
        got = skills(conn, MINISTRY, 2025)
    assert [(s.nkz, s.level) for s in got.shortages] == [
        ("8311", "unit"),
        ("2211", "unit"),
        ("22", "sub_major"),
        ("24", "sub_major"),
    ]


def test_no_seekers_is_said_not_divided_by(engine: sa.Engine) -> None:
    """Open vacancies and nobody seeking: no ratio (null) and the reason, never an infinite ratio."""
    with engine.connect() as conn:
        got = skills(conn, MINISTRY, 2025)
        public = skills(conn, Principal("p", "public", via="anonymous"), 2025)
    reasons = {(s.region, s.nkz): (s.per_seeker, s.per_seeker_missing) for s in got.shortages}
    assert reasons[("75", "22")] == (None, "no_seekers")
    assert reasons[("75", "24")] == (1.0, None)
    hidden = {(s.region, s.nkz): (s.seekers, s.per_seeker, s.per_seeker_missing) for s in public.shortages}
    assert hidden[("75", "8311")] == (None, None, "suppressed")  # 1 seeker: left out for the public
    assert hidden[("75", "22")] == (0, None, "no_seekers")


def test_a_year_without_training_or_vacancies_is_not_found(engine: sa.Engine) -> None:
    """2023 had contracts but no training and no vacancy: no figures, a clear 404 (not empty tables)."""
    with engine.connect() as conn:
        for year in (2023, 2010, 2031):
            with pytest.raises(NotFound) as caught:
                skills(conn, MINISTRY, year)
            assert caught.value.code == "reports.no_skills_year"
            assert caught.value.params == {"year": str(year)}


def test_every_group_shown_has_a_name_in_each_language() -> None:
    """The named unit groups of the SQL and the sub-major groups of ISCO-08 (NKZ's structure) are all named."""
    text = (SQL / "01_base.sql").read_text()
    named = set(re.findall(r"\('(\d{4})', '[a-z]+'\)", text))
    groups = nkz_groups()
    assert named == {code for code, g in groups.items() if g.level == "unit"}
    assert len([g for g in groups.values() if g.level == "sub_major"]) == 43
    for g in groups.values():
        assert g.name_en and g.name_ru and g.name_kk, g
        assert not re.search(r"[A-Za-z]", g.name_ru + g.name_kk), g
    assert groups["83"].name("ru") == "Водители и операторы подвижного оборудования"
    assert groups["8311"].name("en") == "Locomotive Engine Drivers"


def test_an_akimat_sees_its_region_alone(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        got = skills(conn, Principal("a", "akimat", region="75"), 2025)
    assert {(t.dimension, t.group) for t in got.training} == {
        ("region", "75"),
        ("section", "G"),
        ("section", "P"),
        ("size", "micro"),
    }
    assert {s.region for s in got.shortages} == {"75"}


def test_the_public_sees_no_small_group(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        got = skills(conn, Principal("p", "public", via="anonymous"), 2025)
    small = {(t.dimension, t.group): t.share for t in got.training}
    assert small[("region", "31")] == pytest.approx(0.2)  # 5 employees: shown
    assert small[("region", "75")] is None  # 1 employee: left out
    assert all(s.seekers is None or s.seekers == 0 or s.seekers >= 5 for s in got.shortages)


def test_the_rural_regions_of_the_sql_are_those_of_the_census() -> None:
    text = (SQL / "01_base.sql").read_text()
    listed = re.search(
        r"CREATE TEMP TABLE sk_rural AS\s+SELECT region FROM \(VALUES (.*?)\)\s+AS", text, re.S
    )
    assert listed is not None
    assert set(re.findall(r"'(\d\d)'", listed.group(1))) == set(rural_regions())


def test_the_sections_of_the_sql_are_those_of_the_oked() -> None:
    import duckdb

    from jumys.reference.oked import oked_codes, oked_section

    text = (SQL / "01_base.sql").read_text()
    case = re.search(r"(CASE\s+WHEN CAST\(substr\(e\.oked.*?END) AS section", text, re.S)
    assert case is not None
    codes = sorted(oked_codes())
    values = ", ".join(f"('{c}')" for c in codes)
    got = dict(
        duckdb.sql(
            f"SELECT oked, {case.group(1).replace('e.oked', 'oked')} FROM (VALUES {values}) t(oked)"
        ).fetchall()
    )
    assert got == {c: oked_section(c) for c in codes}
