"""A small country for the mobility scenarios: every region alike (the baseline), then a few made different.

The baseline region has 1,000 men of working age (30) and 300 men over it (70) every year, an
unemployment rate of 5 %, 5 job seekers and 5 open vacancies at each year's end, and nobody moving.
A scenario changes what it needs and ingests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from jumys.config import Settings
from jumys.reference.regions import get_region, region_codes
from jumys.registry.ingest import ingest_batch
from tests.factories import new_bin, new_iin, write_batch

REGIONS = sorted(region_codes())
YEARS = range(2019, 2026)


def kato(region: str) -> str:
    """The region's own 9-digit KATO code."""
    found = get_region(region)
    assert found is not None
    return found.kato


@dataclass
class MobilityWorld:
    """The baseline country, changed by a scenario, then ingested."""

    engine: sa.Engine
    settings: Settings
    tmp: Path
    working_age: dict[tuple[str, int], int] = field(default_factory=dict)
    unemployment: dict[tuple[str, int], float] = field(default_factory=dict)
    seekers: dict[str, int] = field(default_factory=lambda: dict.fromkeys(REGIONS, 5))
    vacancies: dict[str, int] = field(default_factory=lambda: dict.fromkeys(REGIONS, 5))
    moves: list[tuple[int, str, str, int]] = field(default_factory=list)
    extra: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    with_population: bool = True
    with_unemployment: bool = True
    _n: int = 0

    def __post_init__(self) -> None:
        for r in REGIONS:
            for y in YEARS:
                self.working_age[(r, y)] = 1000
                self.unemployment[(r, y)] = 5.0

    def move(self, year: int, source: str, target: str, persons: int) -> None:
        """persons moved from source to target in year."""
        self.moves.append((year, source, target, persons))

    def rows(self, year_end: int = 2024) -> dict[str, list[dict[str, Any]]]:
        """The batch's rows: population, migration, region_stats, employers, vacancies, job seekers."""
        files: dict[str, list[dict[str, Any]]] = {
            "population": [],
            "migration": [],
            "region_stats": [],
            "employers": [],
            "vacancies": [],
            "job_seekers": [],
        }
        for (r, y), wa in self.working_age.items():
            if not self.with_population:
                break
            files["population"].append({"kato": kato(r), "year": y, "sex": "M", "age": 30, "persons": wa})
            files["population"].append({"kato": kato(r), "year": y, "sex": "M", "age": 70, "persons": 300})
        for (r, y), rate in self.unemployment.items():
            if self.with_unemployment:
                files["region_stats"].append(
                    {"kato": kato(r), "period": str(y), "indicator": "unemployment_rate", "value": rate}
                )
        for y, s, t, n in self.moves:
            files["migration"].append({"year": y, "from_kato": kato(s), "to_kato": kato(t), "persons": n})
        end = f"{year_end}-12-31"
        for r in REGIONS:
            b = new_bin()
            files["employers"].append(
                {
                    "bin": b,
                    "name": f"ТОО {b}",
                    "kato": kato(r),
                    "oked": "47111",
                    "registered_on": "2010-01-01",
                }
            )
            for i in range(self.vacancies[r]):
                files["vacancies"].append(
                    {
                        "vacancy_id": f"V{r}{i:04d}",
                        "bin": b,
                        "kato": kato(r),
                        "nkz": "2411",
                        "salary_kzt": 300_000,
                        "posted_on": end,
                        "filled": "false",
                    }
                )
            for _ in range(self.seekers[r]):
                files["job_seekers"].append(
                    {"iin": new_iin(dt.date(1990, 1, 1)), "kato": kato(r), "registered_on": end}
                )
        for name, extra in self.extra.items():
            files.setdefault(name, []).extend(extra)
        return {k: v for k, v in files.items() if v}

    def ingest(self, year_end: int = 2024) -> None:
        """Ingest the country as built."""
        self._n += 1
        folder = write_batch(self.tmp / f"mobility{self._n}", self.rows(year_end))
        report = ingest_batch(self.engine, folder, settings=self.settings, today=dt.date(2026, 11, 1))
        assert report.rows_rejected == 0, report.rejects
