"""A small country for the scenario tests: every region with persons of every age, flows between every pair
of regions in two years, and the unemployment rate, wage and population the migration model needs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from jumys.config import Settings
from jumys.reference.regions import get_region, region_codes
from jumys.registry.ingest import ingest_batch
from tests.factories import write_batch

REGIONS = sorted(region_codes())
BASE_YEAR = 2025
HEAD = "kind,region,year,value,to_region\n"
SCENARIO = HEAD + "name,,,Two growth points,\njobs,75,2027,500,\nwage,11,2028,10,\nresettle,61,2027,300,59\n"


def kato(region: str) -> str:
    """The region's own 9-digit KATO code."""
    found = get_region(region)
    assert found is not None
    return found.kato


def country_rows() -> dict[str, list[dict[str, Any]]]:
    """The batch's rows: population by sex and age (a base year), flows in two years, the regions' statistics."""
    files: dict[str, list[dict[str, Any]]] = {"population": [], "migration": [], "region_stats": []}
    for i, r in enumerate(REGIONS):
        for year in (2023, 2024, BASE_YEAR):  # the migration model reads the population of the flows' years
            for sex in ("M", "F"):
                for age in range(101):
                    persons = 200 + 10 * i if age < 70 else 40
                    row = {"kato": kato(r), "year": year, "sex": sex, "age": age, "persons": persons}
                    files["population"].append(row)
        for year in (2023, 2024):
            for indicator, value in (
                ("unemployment_rate", 4.0 + (i % 5) * 0.5 + (year - 2023) * 0.1),
                ("avg_wage_kzt", 300_000 + 10_000 * (i % 7) + 5_000 * (year - 2023)),
                ("population", 20_000 + 1_000 * i),
            ):
                files["region_stats"].append(
                    {"kato": kato(r), "period": str(year), "indicator": indicator, "value": value}
                )
            for j, t in enumerate(REGIONS):
                if t != r:
                    n = 20 + (i * 7 + j * 3 + year) % 60
                    files["migration"].append(
                        {"year": year, "from_kato": kato(r), "to_kato": kato(t), "persons": n}
                    )
    return files


def build_country(engine: sa.Engine, settings: Settings, tmp: Path) -> str:
    """Ingest the country; the batch's id."""
    folder = write_batch(tmp / "country", country_rows(), manifest={"batch_id": "scen-country-1"})
    report = ingest_batch(engine, folder, settings=settings, today=dt.date(2026, 11, 1))
    assert report.rows_rejected == 0, report.rejects
    return report.batch_id
