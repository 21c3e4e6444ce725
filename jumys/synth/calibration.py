"""The real statistics the synthetic country is calibrated to, read from jumys.reference.

Everything here is a published figure (or a plain function of published figures, said where it
is so); the invented numbers live next to the code that uses them and in ASSUMPTIONS.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

from jumys.errors import NotFound
from jumys.reference import countries, oked, regions, stats
from jumys.synth import messages as M

T = TypeVar("T")
SECTIONS = tuple("ABCDEFGHIJKLMNOPQRSTU")
# regions created on 2022-06-08 and the region whose 2020 age structure they inherit
_SPLIT_FROM = {"10": "63", "33": "19", "62": "35"}
_BANDS_M = ("0-15", "16-62", "63+")
_BANDS_F = ("0-15", "16-58", "59+")


@dataclass(frozen=True)
class Calibration:
    """Published figures by region (arrays indexed like `kato2`) and the classifiers synth draws from."""

    year: int
    kato2: tuple[str, ...]
    kato: tuple[str, ...]
    name_ru: tuple[str, ...]
    employed: NDArray[np.float64]  # persons
    employed_year: int
    unemployment_rate: NDArray[np.float64]  # %
    unemployment_year: int
    population: NDArray[np.int64]  # (region, sex M/F), 1 January
    population_year: int
    broad_age_shares: NDArray[np.float64]  # (region, sex, band) share of the sex's population, 2020
    avg_wage_2022: NDArray[np.float64]  # (region,)
    wage_by_group_2022: NDArray[np.float64]  # (region, NKZ major group 1..9)
    wage_factor: float  # national average wage of the wage year / that of 2022
    wage_year: int
    female_share_by_group: NDArray[np.float64]  # (9,) share of women among the employed, 0..1
    injury_rates: tuple[float, float]  # fatal, non-fatal per 100,000 workers
    injury_year: int
    jobseekers_national: int
    jobseekers_year: int
    oked_by_section: dict[str, NDArray[np.str_]]
    country_codes: frozenset[str]
    shapes: dict[str, list[list[list[list[float]]]]]  # kato2 -> polygons -> rings -> points

    @property
    def regions(self) -> int:
        """Number of regions."""
        return len(self.kato2)

    @property
    def employment_share(self) -> NDArray[np.float64]:
        """Each region's share of the employed."""
        return np.asarray(self.employed / self.employed.sum(), dtype=np.float64)

    @property
    def wage_by_group(self) -> NDArray[np.float64]:
        """Average monthly wage by region and major group, brought from 2022 to the wage year."""
        return self.wage_by_group_2022 * self.wage_factor

    @property
    def avg_wage(self) -> NDArray[np.float64]:
        """Average monthly wage by region, brought from 2022 to the wage year."""
        return self.avg_wage_2022 * self.wage_factor


def _latest(load: Callable[[int], T], year: int, complete: Callable[[T], bool]) -> tuple[T, int]:
    """The figure for `year`, else the latest earlier year, else the earliest later one, that is complete."""
    for candidate in [*range(year, 1999, -1), *range(year + 1, year + 30)]:
        try:
            value = load(candidate)
        except NotFound:
            continue
        if complete(value):
            return value, candidate
    raise NotFound(M.NO_FIGURE_NEAR, year=str(year))


def _by_region(values: dict[str, Any], kato2: tuple[str, ...]) -> NDArray[np.float64]:
    return np.array([float(values[k]) for k in kato2], dtype=np.float64)


def load(year: int) -> Calibration:
    """Read the published figures for a synthetic year (the nearest published year where one is missing)."""
    regs = regions.regions()
    kato2 = tuple(r.kato2 for r in regs)
    codes = set(kato2)

    def has_all(values: dict[str, Any]) -> bool:
        return codes <= set(values)

    employed, employed_year = _latest(stats.employed_by_region, year, has_all)
    unemployment, unemployment_year = _latest(stats.unemployment_rate_by_region, year, has_all)
    males, population_year = _latest(lambda y: stats.population_by_region(y, "male"), year, has_all)
    females = stats.population_by_region(population_year, "female")

    broad = stats.population_broad_age_sex_2020()
    shares = np.zeros((len(kato2), 2, 3))
    for i, k in enumerate(kato2):
        row = broad[_SPLIT_FROM.get(k, k)]
        for s, (sex, bands) in enumerate((("M", _BANDS_M), ("F", _BANDS_F))):
            counts = np.array([row[(sex, b)] for b in bands], dtype=np.float64)
            shares[i, s] = counts / counts.sum()

    wages = stats.avg_wage_by_region_occupation_2022()
    avg = stats.avg_wage_by_region_2022()
    national = stats.national_avg_wage()
    wage_year = max((y for y in national if y <= year), default=min(national))
    by_group = np.array([[wages[k][str(g)] for g in range(1, 10)] for k in kato2], dtype=np.float64)

    female = stats.female_share_by_occupation(2020)
    injuries = stats.occupational_injury_rates()
    injury_year = max((y for y in injuries if y <= year), default=max(injuries))
    jobseekers_years = [y for y in range(2001, 2022) if y <= year] or [2021]
    jobseekers_year = max(jobseekers_years)
    jobseekers = stats.jobseekers_applied_by_region(jobseekers_year)

    sections: dict[str, list[str]] = {s: [] for s in SECTIONS}
    for code in sorted(oked.oked_codes()):
        sections[oked.oked_section(code)].append(code)

    shapes: dict[str, list[list[list[list[float]]]]] = {}
    for feature in regions.region_shapes()["features"]:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        )
        shapes[feature["properties"]["kato2"]] = polygons

    return Calibration(
        year=year,
        kato2=kato2,
        kato=tuple(r.kato for r in regs),
        name_ru=tuple(r.name_ru for r in regs),
        employed=_by_region(employed, kato2),
        employed_year=employed_year,
        unemployment_rate=_by_region(unemployment, kato2),
        unemployment_year=unemployment_year,
        population=np.stack([_by_region(males, kato2), _by_region(females, kato2)], axis=1).astype(np.int64),
        population_year=population_year,
        broad_age_shares=shares,
        avg_wage_2022=_by_region(avg, kato2),
        wage_by_group_2022=by_group,
        wage_factor=national[wage_year] / national[2022],
        wage_year=wage_year,
        female_share_by_group=np.array([female[str(g)] for g in range(1, 10)]) / 100.0,
        injury_rates=injuries[injury_year],
        injury_year=injury_year,
        jobseekers_national=sum(jobseekers.values()),
        jobseekers_year=jobseekers_year,
        oked_by_section={s: np.array(c) for s, c in sections.items()},
        country_codes=countries.country_codes(),
        shapes=shapes,
    )
