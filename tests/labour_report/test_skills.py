"""Skills and shortages on the hand-made world, on both engines (docs/safety.md, "Skills and shortages")."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from jumys.access.principal import Principal
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
