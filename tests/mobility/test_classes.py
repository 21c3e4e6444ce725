"""classes(conn, year): each region's class and demographic deficit, as the cross-region matching reads them."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from jumys.config import Settings
from jumys.mobility.regions import RegionClass, classes, labour_index
from tests.mobility.world import REGIONS, MobilityWorld


@pytest.fixture
def w(engine: sa.Engine, settings: Settings, tmp_path: Path) -> MobilityWorld:
    """The baseline country on a clean store."""
    return MobilityWorld(engine, settings, tmp_path)


def _south_and_north(w: MobilityWorld) -> None:
    """Turkistan (61) has more labour than jobs; North Kazakhstan (59) fewer, and is emptying."""
    w.unemployment[("61", 2024)] = 9.0
    w.seekers["61"], w.vacancies["61"] = 30, 2
    w.working_age[("61", 2024)] = 1030
    w.unemployment[("59", 2024)] = 2.0
    w.seekers["59"], w.vacancies["59"] = 1, 20
    for y in range(2019, 2025):
        w.working_age[("59", y)] = 1000 - 20 * (y - 2019)
    for y in range(2020, 2025):
        w.move(y, "59", "75", 30)


def test_classes_name_every_region_with_its_class_and_demographic_deficit(w: MobilityWorld) -> None:
    _south_and_north(w)
    w.ingest()
    with w.engine.connect() as conn:
        found = classes(conn, 2024)
    assert sorted(found) == REGIONS
    assert found["61"] == RegionClass("61", "surplus", False, "index")
    assert found["59"] == RegionClass("59", "deficit", True, "index")
    assert found["47"].labour_class == "balanced"  # the baseline: every score near 0


def test_demographic_deficit_needs_both_a_falling_working_age_and_three_negative_years(
    w: MobilityWorld,
) -> None:
    _south_and_north(w)
    w.working_age[("39", 2024)] = 999  # falling over the five years ...
    w.move(2021, "39", "71", 10)
    w.move(2023, "39", "71", 10)  # ... but only 2 negative years
    for y in (2020, 2022, 2024):
        w.move(y, "55", "71", 10)  # 3 negative years, working age as five years before
    w.working_age[("63", 2019)] = 1001  # falling by one over the five years, and
    for y in (2021, 2022, 2023):
        w.move(y, "63", "71", 1)  # exactly 3 negative years: the boundary counts
    w.move(2019, "35", "71", 50)  # 2019 is not one of the last five years of 2024
    w.move(2020, "35", "71", 10)
    w.move(2021, "35", "71", 10)
    w.working_age[("35", 2024)] = 990
    w.ingest()
    with w.engine.connect() as conn:
        found = classes(conn, 2024)
        index = {r.kato2: r for r in labour_index(conn, 2024)}
    assert found["39"].demographic_deficit is False
    assert index["39"].negative_years == 2
    assert found["55"].demographic_deficit is False
    assert index["55"].working_age_change_pct == 0
    assert found["63"].demographic_deficit is True
    assert found["35"].demographic_deficit is False and index["35"].negative_years == 2
    assert {r for r, c in found.items() if c.demographic_deficit} == {"59", "63"}


def test_the_government_list_in_force_overrides_the_index(w: MobilityWorld) -> None:
    _south_and_north(w)
    for r in REGIONS:
        w.working_age[(r, 2025)] = w.working_age[(r, 2024)]
        w.unemployment[(r, 2025)] = w.unemployment[(r, 2024)]
    w.ingest(year_end=2025)
    with w.engine.connect() as conn:
        before, after = classes(conn, 2024), classes(conn, 2025)
    # the shipped list names ten labour-deficit regions from 2025 on; Karaganda (35) is one of them
    assert before["35"] == RegionClass("35", "balanced", False, "index")
    assert after["35"] == RegionClass("35", "deficit", False, "government")
    assert after["61"].source == "index" and after["61"].labour_class == "surplus"


def test_missing_data_says_what_is_missing(w: MobilityWorld) -> None:
    w.with_unemployment = False
    w.with_population = False
    w.ingest()
    with w.engine.connect() as conn:
        index = {r.kato2: r for r in labour_index(conn, 2024)}
        found = classes(conn, 2024)
    # only the market is left: one component, fewer than the two an index needs
    assert index["61"].index is None and found["61"] == RegionClass("61", None, False, None)
    assert set(index["61"].missing) == {
        "unemployment_rate:2024",
        "population:2023",
        "population:2024",
        "population:2019",
        "net_migration:2020",
        "net_migration:2021",
        "net_migration:2022",
        "net_migration:2023",
        "net_migration:2024",
    }
