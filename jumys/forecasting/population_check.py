"""The check on real data: the population of 1 January 2018 projected to 2023 against BNS's 2023 totals by region.

Everything the projection uses is known in 2018 (docs/forecasting.md, "Population", "The check"):

- the 2018 totals by region and sex (BNS, shipped); their single-year ages are built: inside each
  broad age group of the 2020 file (shipped) a region's persons follow the model's stable shape, the
  life table's survivors times exp(-r x), r the national growth of 2013-2018;
- net migration by region: the residual of the region's population change over 2013-2018 minus the
  model's natural increase from the 2013 population built the same way (Turkistan and Shymkent,
  parted in 2018 and published apart from 2017: over 2017-2018), a fifth of it (a year of it) a year;
- the rates of population_params' CHECK_ figures.

Regions are compared in 2018 borders: Abai, Jetisu and Ulytau (created in 2022) are added back to
East Kazakhstan, Almaty Region and Karaganda. BNS's figures from 2022 on are rebased on the 2021
census; the projection is also shown against 1 January 2021, the last year before the rebasing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from jumys.forecasting import population_params as P
from jumys.forecasting.cohort import AGES, Population, Rates, default_rates, project, spread_migration
from jumys.reference import stats
from jumys.reference.regions import get_region

BASE, MIDDLE, TARGET = 2018, 2021, 2023
HISTORY = 2013  # net migration from the population change of HISTORY .. BASE
MERGED = {"10": "63", "33": "19", "62": "35"}  # regions of 2022 -> the 2018 region that held them
_PARTED = {"61": 2017, "79": 2017}  # published on their own borders from this year
_BANDS = (
    ((0, 16, "0-15"), (16, 63, "16-62"), (63, AGES, "63+")),
    ((0, 16, "0-15"), (16, 59, "16-58"), (59, AGES, "59+")),
)
_SEX: tuple[Literal["male", "female"], ...] = ("male", "female")


@dataclass(frozen=True)
class RegionCheck:
    """One region's projection against the published figures."""

    kato2: str
    name: str
    base: float  # 1 January 2018, published
    projected_middle: float
    published_middle: float
    projected: float  # 1 January 2023
    published: float

    @property
    def error_middle(self) -> float:
        """(projected - published) / published in 2021, in %."""
        return 100.0 * (self.projected_middle - self.published_middle) / self.published_middle

    @property
    def error(self) -> float:
        """(projected - published) / published in 2023, in %."""
        return 100.0 * (self.projected - self.published) / self.published


@dataclass(frozen=True)
class Check:
    """The regions' checks, the nation's, and what the projection assumed."""

    regions: tuple[RegionCheck, ...]
    nation: RegionCheck
    net_migration: dict[str, float]  # persons a year, by region
    growth: float  # r of the stable shape

    @property
    def mean_absolute_error(self) -> float:
        """Mean |error| of the regions in 2023, in %."""
        return float(np.mean([abs(r.error) for r in self.regions]))


def national_growth(first: int = HISTORY, last: int = BASE) -> float:
    """The national population's mean yearly growth from first to last (BNS)."""
    return float(
        (stats.national_population(last) / stats.national_population(first)) ** (1 / (last - first)) - 1
    )


def _bands(kato2: str) -> dict[tuple[str, str], int]:
    table = stats.population_broad_age_sex_2020()
    kato2 = MERGED.get(kato2, kato2)  # a region of 2022 takes the 2020 groups of the region it was part of
    if kato2 == "51":  # South Kazakhstan: Turkistan and Shymkent together
        return {k: table["61"][k] + table["79"][k] for k in table["61"]}
    return table[kato2]


def stable_shape(sex: int, growth: float) -> NDArray[np.float64]:
    """(AGES,) relative persons by age in a stable population of the check's life table growing at growth a year."""
    lx = P.life_table(P.CHECK_LIFE_EXPECTANCY[sex], sex).Lx
    ages = np.arange(lx.size) + 0.5
    shape = lx * np.exp(-growth * ages)
    return np.asarray(np.r_[shape[: AGES - 1], shape[AGES - 1 :].sum()], dtype=np.float64)


def built_population(year: int, regions: tuple[str, ...], growth: float) -> Population:
    """The published totals of year by region and sex, over single ages by the 2020 bands and the stable shape."""
    persons = np.zeros((len(regions), 2, AGES))
    for sex, name in enumerate(_SEX):
        totals = stats.population_by_region(year, name)
        shape = stable_shape(sex, growth)
        for i, k in enumerate(regions):
            bands = _bands(k)
            share = np.array([bands[("MF"[sex], label)] for _, _, label in _BANDS[sex]], dtype=np.float64)
            share /= share.sum()
            for (lo, hi, _), s in zip(_BANDS[sex], share, strict=True):
                persons[i, sex, lo:hi] = totals[k] * s * shape[lo:hi] / shape[lo:hi].sum()
    return Population(year, regions, persons)


def _closed(base: Population, rates: Rates, years: int) -> NDArray[np.float64]:
    """Totals by region after years without migration."""
    none = np.zeros((years, len(base.regions), 2, AGES))
    return project(base, rates, none, years)[-1].totals()


def residual_migration(
    regions: tuple[str, ...], growth: float, rates: Rates, last: int = BASE, history: int = HISTORY
) -> dict[str, float]:
    """Net migration a year by region: the population change from history (or the first year on the region's
    borders) to last, minus the model's natural increase, divided by the years."""
    result: dict[str, float] = {}
    first_of = {k: max(history, _PARTED.get(k, history)) for k in regions}
    published = stats.population_by_region(last)
    for first in sorted(set(first_of.values())):
        group = tuple(k for k in regions if first_of[k] == first)
        index = [regions.index(k) for k in group]
        part = Rates(rates.survival, rates.fertility[index], rates.boys_per_100_girls, rates.newborn_survival)
        closed = _closed(built_population(first, group, growth), part, last - first)
        for k, c in zip(group, closed, strict=True):
            result[k] = (published[k] - c) / (last - first)
    return result


def _in_2018_borders(values: dict[str, int]) -> dict[str, float]:
    result: dict[str, float] = {}
    for k, v in values.items():
        key = MERGED.get(k, k)
        result[key] = result.get(key, 0.0) + v
    return result


def run_check() -> Check:
    """Project 1 January 2018 to 2023 and compare with the published totals, region by region."""
    regions = tuple(sorted(stats.population_by_region(BASE)))
    growth = national_growth()
    rates = default_rates(regions, tfr=P.CHECK_TFR, life_expectancy=P.CHECK_LIFE_EXPECTANCY)
    net = residual_migration(regions, growth, rates)
    yearly = np.array([[net[k] for k in regions]] * (TARGET - BASE))
    pops = project(built_population(BASE, regions, growth), rates, spread_migration(yearly), TARGET - BASE)
    middle, last = pops[MIDDLE - BASE].totals(), pops[-1].totals()
    real_middle = _in_2018_borders(stats.population_by_region(MIDDLE))
    real = _in_2018_borders(stats.population_by_region(TARGET))
    base = stats.population_by_region(BASE)
    checks = []
    for i, k in enumerate(regions):
        region = get_region(k)
        name = region.name_en if region else k
        checks.append(
            RegionCheck(k, name, base[k], float(middle[i]), real_middle[k], float(last[i]), real[k])
        )
    nation = RegionCheck(
        "KZ",
        "Kazakhstan",
        float(sum(base.values())),
        float(middle.sum()),
        float(sum(real_middle.values())),
        float(last.sum()),
        float(sum(real.values())),
    )
    return Check(tuple(checks), nation, net, growth)


def markdown(check: Check) -> str:
    """The check's table for docs/forecasting.md."""
    lines = [
        "| region | 2018 | net migration a year | 2021 projected | 2021 published | error | "
        "2023 projected | 2023 published | error |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in (*check.regions, check.nation):
        net = f"{check.net_migration[r.kato2]:+,.0f}" if r.kato2 in check.net_migration else ""
        lines.append(
            f"| {r.name} | {r.base:,.0f} | {net} | {r.projected_middle:,.0f} | {r.published_middle:,.0f} | "
            f"{r.error_middle:+.1f} % | {r.projected:,.0f} | {r.published:,.0f} | {r.error:+.1f} % |"
        )
    lines += ["", f"Mean absolute error of the regions in 2023: {check.mean_absolute_error:.1f} %."]
    return "\n".join(lines)
