"""region_stats: the real published figures per region, plus injuries and net migration of the synthetic years.

population, employed, unemployment_rate and avg_wage_kzt are the published values (unscaled, for
the year they were published for; employed, unemployment_rate and labour_force also for each earlier
year of the mobility window published for all of today's regions, 2022-2024 for 2025); avg_wage_kzt
of `year` is derived (the 2022 value times the national wage growth to `year`) because no later
regional wage is published; labour_force is derived from two of them (employed / (1 - rate / 100)).
injuries (of `year`) and net_migration (of each year of the migration file) are counted in the
generated files (so they are at the batch's scale).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from jumys.errors import NotFound
from jumys.reference import stats
from jumys.synth.calibration import Calibration
from jumys.synth.demography import years


def region_stats(
    cal: Calibration, injuries: NDArray[np.int64], net_migration: dict[int, NDArray[np.int64]]
) -> dict[str, pa.Array]:
    """The region_stats columns: (kato, period, indicator, value) rows."""
    labour_force = np.round(cal.employed / (1.0 - cal.unemployment_rate / 100.0))
    series: list[tuple[str, int, NDArray[np.float64]]] = [
        ("population", cal.population_year, cal.population.sum(axis=1).astype(np.float64)),
        ("labour_force", cal.unemployment_year, labour_force),
        ("employed", cal.employed_year, cal.employed),
        ("unemployment_rate", cal.unemployment_year, cal.unemployment_rate),
        ("avg_wage_kzt", 2022, cal.avg_wage_2022),
        # derived, not published: the 2022 regional wage brought to `year` by the national wage series,
        # the same factor the synthetic salaries use, so salary_ratio compares like with like
        ("avg_wage_kzt", cal.year, np.round(cal.avg_wage_2022 * cal.wage_factor)),
        ("injuries", cal.year, injuries.astype(np.float64)),
    ]
    series += earlier_labour(cal)
    series += [("net_migration", year, net.astype(np.float64)) for year, net in sorted(net_migration.items())]
    kato, period, indicator, value = [], [], [], []
    for name, year, values in series:
        kato += list(cal.kato)
        period += [str(year)] * cal.regions
        indicator += [name] * cal.regions
        value.append(values)
    return {
        "kato": pa.array(kato),
        "period": pa.array(period),
        "indicator": pa.array(indicator),
        "value": pa.array(np.concatenate(value), type=pa.float64()),
    }


def earlier_labour(cal: Calibration) -> list[tuple[str, int, NDArray[np.float64]]]:
    """employed, unemployment_rate and labour_force of the window's years before the calibration's, where
    published for every region of today (before 2022 three of them were parts of others)."""
    result: list[tuple[str, int, NDArray[np.float64]]] = []
    for year in years(cal):
        if year >= min(cal.employed_year, cal.unemployment_year):
            continue
        try:
            employed, rate = stats.employed_by_region(year), stats.unemployment_rate_by_region(year)
        except NotFound:
            continue
        if not set(cal.kato2) <= set(employed) & set(rate):
            continue
        e = np.array([float(employed[k]) for k in cal.kato2])
        r = np.array([float(rate[k]) for k in cal.kato2])
        result += [("labour_force", year, np.round(e / (1.0 - r / 100.0))), ("employed", year, e)]
        result.append(("unemployment_rate", year, r))
    return result
