"""One scenario per rule of the labour index, the migration balance and the government's list (docs/mobility.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from jumys.config import Settings
from jumys.errors import InvalidInput
from jumys.mobility.regions import MobilityRules, classes, labour_index, migration_balance
from jumys.mobility.service import parse_region_list, store_region_list
from tests.factories import new_bin, new_iin
from tests.mobility.world import MobilityWorld, kato

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


@pytest.fixture
def w(engine: sa.Engine, settings: Settings, tmp_path: Path) -> MobilityWorld:
    """The baseline country on a clean store."""
    return MobilityWorld(engine, settings, tmp_path)


def _component(conn: sa.Connection, region: str, name: str, year: int = 2024) -> dict[str, object]:
    row = next(r for r in labour_index(conn, year) if r.kato2 == region)
    c = next(c for c in row.components if c.name == name)
    return {"value": c.value, "score": c.score, "year": c.year, **c.detail}


def test_the_balance_counts_moves_between_regions_only_and_falls_back_on_the_official_figure(
    w: MobilityWorld,
) -> None:
    w.move(2023, "61", "71", 40)
    w.move(2023, "71", "61", 15)
    w.extra["migration"] = [{"year": 2023, "from_kato": kato("61"), "to_kato": "611610000", "persons": 99}]
    w.extra["region_stats"] = [  # 2022 has no flows: the official net migration, monthly rows summed
        {"kato": kato("61"), "period": "2022-01", "indicator": "net_migration", "value": -7},
        {"kato": kato("61"), "period": "2022-02", "indicator": "net_migration", "value": -5},
        {"kato": kato("61"), "period": "2023", "indicator": "net_migration", "value": -1000},  # flows win
    ]
    w.ingest()
    with w.engine.connect() as conn:
        rows = {(b.kato2, b.year): b for b in migration_balance(conn, 2021, 2023)}
    south = rows[("61", 2023)]
    assert (south.arrivals, south.departures, south.net, south.source) == (15, 40, -25, "migration")
    assert south.per_1000 == pytest.approx(-25 / 1300 * 1000)
    assert rows[("71", 2023)].net == 25
    assert rows[("47", 2023)].net == 0 and rows[("47", 2023)].source == "migration"  # a year with flows
    assert (rows[("61", 2022)].net, rows[("61", 2022)].source) == (-12, "region_stats")
    assert rows[("61", 2021)].net is None and rows[("61", 2021)].source is None


def test_working_age_is_16_to_62_for_men_and_16_to_60_for_women(w: MobilityWorld) -> None:
    people = [
        ("M", 15, 1),
        ("M", 16, 10),
        ("M", 62, 100),
        ("M", 63, 1000),
        ("F", 60, 10_000),
        ("F", 61, 100_000),
    ]
    w.extra["population"] = [
        {"kato": "191010000", "year": 2024, "sex": s, "age": a, "persons": n} for s, a, n in people
    ]
    w.ingest()
    with w.engine.connect() as conn:
        growth = _component(conn, "19", "working_age_growth")
        narrow = next(r for r in labour_index(conn, 2024, MobilityRules(wa_max_women=59)) if r.kato2 == "19")
    assert growth["working_age"] == 1000 + 10 + 100 + 10_000  # the baseline's 1,000 men of 30 and these
    assert narrow.working_age == 1000 + 10 + 100


def test_job_seekers_per_vacancy_count_those_open_at_the_years_end(w: MobilityWorld) -> None:
    w.seekers["33"], w.vacancies["33"] = 0, 0
    b = new_bin()
    w.extra["employers"] = [
        {"bin": b, "name": "ТОО", "kato": kato("33"), "oked": "47111", "registered_on": "2010-01-01"}
    ]
    rows = [
        ("2024-12-31", "", "false", True),  # posted the last day, open
        ("2025-01-01", "", "false", False),  # posted after the year
        ("2024-06-01", "2024-12-31", "false", False),  # closed on the last day
        ("2024-06-01", "2025-01-10", "true", True),  # closed (filled) after the year's end: open then
        ("2024-06-01", "", "true", False),  # filled, no closing date: not open
    ]
    w.extra["vacancies"] = [
        {
            "vacancy_id": f"X{i}",
            "bin": b,
            "kato": kato("33"),
            "nkz": "2411",
            "salary_kzt": 1,
            "posted_on": p,
            "closed_on": c,
            "filled": f,
        }
        for i, (p, c, f, _) in enumerate(rows)
    ]
    w.extra["job_seekers"] = [
        {"iin": new_iin(), "kato": kato("33"), "registered_on": "2024-03-01", "left_on": "2024-12-31"},
        {"iin": new_iin(), "kato": kato("33"), "registered_on": "2024-03-01", "left_on": "2025-01-01"},
        {"iin": new_iin(), "kato": kato("33"), "registered_on": "2024-12-31"},
    ]
    w.ingest()
    with w.engine.connect() as conn:
        market = _component(conn, "33", "seekers_per_vacancy")
    assert (market["seekers"], market["vacancies"], market["ratio"]) == (2, 2, 1.0)
    assert market["value"] == pytest.approx(0.0)


def test_the_index_is_the_mean_of_the_scores_against_the_other_regions(w: MobilityWorld) -> None:
    w.unemployment[("61", 2024)] = 24.0  # one region far above 19 others at 5: z = sqrt(19)
    w.unemployment[("61", 2023)] = 1.0  # an older year is not used when the year has its own
    w.with_unemployment = True
    w.ingest()
    with w.engine.connect() as conn:
        south = next(r for r in labour_index(conn, 2024) if r.kato2 == "61")
        other = next(r for r in labour_index(conn, 2024) if r.kato2 == "47")
    scores = {c.name: c.score for c in south.components}
    assert scores["unemployment"] == pytest.approx(19**0.5)
    assert scores["seekers_per_vacancy"] == scores["working_age_growth"] == 0  # all alike
    assert scores["net_migration"] is None  # nobody moved, no official figure: missing, not zero
    assert south.index == pytest.approx(19**0.5 / 3)
    assert south.index_class == "surplus"
    assert other.index == pytest.approx(-(19**-0.5) / 3) and other.index_class == "balanced"


def test_the_unemployment_rate_may_be_up_to_two_years_old(w: MobilityWorld) -> None:
    w.unemployment = {k: v for k, v in w.unemployment.items() if k[1] <= 2022 or k[0] != "61"}
    w.unemployment.pop(("47", 2024)), w.unemployment.pop(("47", 2023)), w.unemployment.pop(("47", 2022))
    w.ingest()
    with w.engine.connect() as conn:
        south = _component(conn, "61", "unemployment")
        index = {r.kato2: r for r in labour_index(conn, 2024)}
    assert (south["value"], south["year"]) == (5.0, 2022)
    assert (
        "unemployment_rate:2024" in index["47"].missing
        and "unemployment_rate:2024" not in index["61"].missing
    )


def test_a_list_loaded_replaces_the_shipped_one_from_its_year(w: MobilityWorld) -> None:
    w.ingest()
    text = "from_year,kato2,class,note\n2024,61,surplus,the south\n2024,47,deficit,\n"
    with w.engine.begin() as conn:
        assert store_region_list(conn, parse_region_list(text), "test.csv", NOW) == 2
    with w.engine.connect() as conn:
        found = classes(conn, 2024)
        later = classes(conn, 2026)  # the loaded list is still in force; the shipped one is gone
        earlier = classes(conn, 2023)
    assert (found["61"].labour_class, found["61"].source) == ("surplus", "government")
    assert (found["47"].labour_class, found["47"].source) == ("deficit", "government")
    assert later["47"].labour_class == "deficit" and later["35"].source == "index"
    assert earlier["47"].source == "index"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("year,kato2,class\n2024,61,surplus\n", "mobility.list_header"),
        ("from_year,kato2,class\n", "mobility.list_empty"),
        ("from_year,kato2,class\n20x4,61,surplus\n", "mobility.list_year"),
        ("from_year,kato2,class\n1990,61,surplus\n", "mobility.list_year"),
        ("from_year,kato2,class\n2024,51,surplus\n", "mobility.list_region"),
        ("from_year,kato2,class\n2024,61,excess\n", "mobility.list_class"),
        ("from_year,kato2,class\n2024,61,surplus\n2024,61,deficit\n", "mobility.list_twice"),
    ],
)
def test_a_bad_list_is_refused_naming_its_line(text: str, code: str) -> None:
    with pytest.raises(InvalidInput) as e:
        parse_region_list(text)
    assert e.value.code == code
