"""Population by region, sex and single age for every year of the mobility window (`year` - 6 .. `year`).

Real: the regional totals by sex at 1 January (BNS) where published; the three regions created in
2022 take, before 2022, their 2022 share of the region they were split from. Assumed (ASSUMPTIONS.md):
the years after the last published one continue each region's average growth of its last four
published years; the age structure is the population year's (population.pyramid), except that in
the northern regions that receive resettlers the working-age band loses 0.5 percentage points of the
population a year to the band above it (they age: young people leave, the old stay), so that the
working-age population of the north falls over the window while the south's grows with its totals.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import NDArray

from jumys.errors import NotFound
from jumys.reference import stats
from jumys.synth.calibration import Calibration
from jumys.synth.draw import apportion
from jumys.synth.population import _BAND_EDGES, pyramid

WINDOW = 6  # population and migration cover `year` - WINDOW .. `year`
SPLIT_FROM = {"10": "63", "33": "19", "62": "35"}  # regions created on 2022-06-08 and their parent
# the regions that receive resettlers (labour-deficit, northern): their working-age share falls
NORTH = ("59", "39", "55", "11", "63", "10", "35", "62")
AGEING = 0.005  # share of the population moved from the working-age band to the one above, per year


def years(cal: Calibration) -> list[int]:
    """The years of the window, oldest first."""
    return list(range(cal.year - WINDOW, cal.year + 1))


def _published(year: int, sex: Literal["male", "female"]) -> dict[str, int] | None:
    try:
        return stats.population_by_region(year, sex)
    except NotFound:
        return None


def _split(row: dict[str, int], reference: dict[str, int], kato2: tuple[str, ...]) -> NDArray[np.float64]:
    """A published row on today's 20 regions: a region not yet split off takes its reference share of its parent."""
    values = np.zeros(len(kato2))
    for i, k in enumerate(kato2):
        parent = SPLIT_FROM.get(k)
        child = next((c for c, p in SPLIT_FROM.items() if p == k), None)
        if k not in row and parent is not None:  # a child region before 2022
            values[i] = round(row[parent] * reference[k] / (reference[k] + reference[parent]))
        elif child is not None and child not in row:  # a parent still holding its child
            values[i] = round(row[k] * reference[k] / (reference[k] + reference[child]))
        else:
            values[i] = row[k]
    return values


def totals(cal: Calibration) -> dict[int, NDArray[np.int64]]:
    """Persons by (region, sex) at 1 January of each year of the window, unscaled."""
    last = cal.population_year  # the latest published year
    reference = {sex: stats.population_by_region(last, sex) for sex in ("male", "female")}
    result: dict[int, NDArray[np.float64]] = {}
    for year in range(min(cal.year - WINDOW, last - 4), last + 1):
        male, female = _published(year, "male"), _published(year, "female")
        if male is None or female is None:
            continue
        result[year] = np.stack(
            [_split(male, reference["male"], cal.kato2), _split(female, reference["female"], cal.kato2)],
            axis=1,
        )
    growth = (result[last] / result[last - 4]) ** 0.25
    for year in range(last + 1, cal.year + 1):
        result[year] = np.round(result[year - 1] * growth)
    return {y: result[y].astype(np.int64) for y in years(cal)}


def shares(cal: Calibration, year: int) -> NDArray[np.float64]:
    """Share of each age in each region and sex (region, sex, age) in a year: the pyramid, the north aged."""
    base = pyramid(cal)
    shift = AGEING * (year - cal.population_year)
    if shift == 0:
        return base
    result = base.copy()
    north = [cal.kato2.index(k) for k in NORTH]
    for sex in (0, 1):
        lo, mid, hi = _BAND_EDGES[sex][1], _BAND_EDGES[sex][2], _BAND_EDGES[sex][3]
        for r in north:
            working, old = base[r, sex, lo:mid].sum(), base[r, sex, mid:hi].sum()
            result[r, sex, lo:mid] *= (working - shift) / working
            result[r, sex, mid:hi] *= (old + shift) / old
    return result


def counts(cal: Calibration, scale: float) -> dict[int, NDArray[np.int64]]:
    """Persons by (region, sex, age) for each year; each region and sex sums to round(total x scale).

    The population year's counts are those of population.population_counts (the same real totals and shares).
    """
    result = {}
    for year, table in totals(cal).items():
        share = shares(cal, year)
        c = np.zeros(share.shape, dtype=np.int64)
        for r in range(cal.regions):
            for sex in (0, 1):
                c[r, sex] = apportion(round(int(table[r, sex]) * scale), share[r, sex])
        result[year] = c
    return result


def working_age(counts_of_year: NDArray[np.int64]) -> NDArray[np.int64]:
    """Persons of working age by region (the bands of the BNS: men 16-62, women 16-58)."""
    return np.asarray(
        sum(counts_of_year[:, sex, _BAND_EDGES[sex][1] : _BAND_EDGES[sex][2]].sum(axis=1) for sex in (0, 1)),
        dtype=np.int64,
    )
