"""Population by region, sex and single year of age; ages and birth dates of synthetic persons.

Real: the regional totals by sex (BNS, 1 January of the latest published year) and each region's
split into three broad age bands by sex (BNS via data.egov.kz, 1 January 2020). Assumed: the
shape inside a band, from relative birth-cohort sizes and a Gompertz survival curve (see
ASSUMPTIONS.md); the bands' totals are then set to the real shares.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from jumys.synth.calibration import Calibration
from jumys.synth.days import plus_years
from jumys.synth.draw import apportion, categorical

AGES = 101  # 0..99 and 100 = 100 and over
# relative number of births by calendar year (knots, linearly interpolated): an assumption shaped on
# Kazakhstan's history (war dip of the 1940s, fall of the 1990s, rise after 2000)
_BIRTH_KNOTS = (
    (1915, 0.45),
    (1940, 0.60),
    (1945, 0.40),
    (1950, 0.70),
    (1960, 0.85),
    (1970, 0.85),
    (1980, 0.95),
    (1987, 1.05),
    (1992, 0.95),
    (1998, 0.62),
    (2003, 0.75),
    (2008, 0.95),
    (2014, 1.05),
    (2021, 1.15),
    (2030, 1.05),
)
# Gompertz mortality mu(a) = A * exp(B * a): (A, B) for men and women (assumption)
_GOMPERTZ = ((0.00020, 0.080), (0.00007, 0.088))
_BAND_EDGES = ((0, 16, 63, AGES), (0, 16, 59, AGES))  # M: 0-15, 16-62, 63+; F: 0-15, 16-58, 59+


def _shape(reference_year: int, female: int) -> NDArray[np.float64]:
    """Unnormalized persons by single age on 1 January of reference_year (ages 100+ summed at 100)."""
    ages = np.arange(0, 121, dtype=np.float64)
    years, values = zip(*_BIRTH_KNOTS, strict=True)
    births = np.interp(reference_year - 1 - ages, years, values)
    a, b = _GOMPERTZ[female]
    survival = np.exp(-a / b * (np.exp(b * (ages + 0.5)) - 1))
    persons = births * survival
    return np.asarray(np.r_[persons[:100], persons[100:].sum()], dtype=np.float64)


def pyramid(cal: Calibration) -> NDArray[np.float64]:
    """Share of each single age in each region's population of each sex: (region, sex, age), rows sum to 1."""
    shares = np.zeros((cal.regions, 2, AGES))
    for sex in (0, 1):
        base = _shape(cal.population_year, sex)
        edges = _BAND_EDGES[sex]
        for band in range(3):
            lo, hi = edges[band], edges[band + 1]
            part = base[lo:hi] / base[lo:hi].sum()
            shares[:, sex, lo:hi] = part[None, :] * cal.broad_age_shares[:, sex, band][:, None]
    return shares


def population_counts(cal: Calibration, scale: float) -> NDArray[np.int64]:
    """Persons by (region, sex, age); each region and sex sums to round(real total x scale)."""
    shares = pyramid(cal)
    counts = np.zeros(shares.shape, dtype=np.int64)
    for r in range(cal.regions):
        for sex in (0, 1):
            counts[r, sex] = apportion(round(int(cal.population[r, sex]) * scale), shares[r, sex])
    return counts


# share of each age (and sex) working as a hired employee: an assumption (ASSUMPTIONS.md)
_EMPLOYEE_KNOTS = (
    (
        (16, 0.04),
        (18, 0.15),
        (22, 0.50),
        (27, 0.72),
        (35, 0.78),
        (50, 0.74),
        (58, 0.62),
        (62, 0.45),
        (64, 0.10),
        (75, 0.01),
    ),
    (
        (16, 0.03),
        (18, 0.12),
        (22, 0.42),
        (27, 0.62),
        (35, 0.72),
        (50, 0.70),
        (56, 0.55),
        (60, 0.25),
        (62, 0.06),
        (75, 0.01),
    ),
)
# relative age profile of people taking a first or new job from outside employment (assumption)
_ENTRANT_KNOTS = ((16, 0.05), (18, 0.6), (21, 1.0), (25, 0.9), (30, 0.5), (40, 0.25), (55, 0.1), (63, 0.0))


def _curve(knots: tuple[tuple[int, float], ...]) -> NDArray[np.float64]:
    ages, values = zip(*knots, strict=True)
    curve = np.interp(np.arange(AGES), ages, values)
    curve[: ages[0]] = 0.0
    curve[np.arange(AGES) > ages[-1]] = 0.0
    return np.asarray(curve, dtype=np.float64)


def employee_profile() -> NDArray[np.float64]:
    """Share of hired employees by (sex, age)."""
    return np.stack([_curve(_EMPLOYEE_KNOTS[0]), _curve(_EMPLOYEE_KNOTS[1])])


def entrant_profile() -> NDArray[np.float64]:
    """Relative age profile of entrants to employment, by (sex, age)."""
    curve = _curve(_ENTRANT_KNOTS)
    return np.stack([curve, curve])


def sample_ages(
    cal: Calibration,
    region: NDArray[np.int64],
    female: NDArray[np.bool_],
    profile: NDArray[np.float64],
    rng: np.random.Generator,
) -> NDArray[np.int64]:
    """Ages on 1 January of the synthetic year, drawn from the region's population times a (sex, age) profile.

    The pyramid is of the population year; it is aged by the years between it and the synthetic year.
    """
    shift = max(0, cal.year - cal.population_year)
    shares = pyramid(cal)
    aged = np.zeros_like(shares)
    aged[:, :, shift:] = shares[:, :, : AGES - shift]
    weights = (aged * profile[None, :, :]).reshape(cal.regions * 2, AGES)
    return categorical(weights, region * 2 + female.astype(np.int64), rng)


def birth_dates(ages: NDArray[np.int64], on: int, rng: np.random.Generator) -> NDArray[np.int32]:
    """Birth dates of persons who are exactly `ages` years old on day `on`."""
    on_days = np.full(ages.size, on, dtype=np.int32)
    latest = plus_years(on_days, -ages).astype(np.int64)
    earliest = plus_years(on_days, -(ages + 1)).astype(np.int64) + 1
    return (earliest + np.floor(rng.random(ages.size) * (latest - earliest + 1)).astype(np.int64)).astype(
        np.int32
    )
