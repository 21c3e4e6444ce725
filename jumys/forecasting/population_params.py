"""The parameters of the population model, each with its source; the life table, fertility and migration patterns.

Every figure not in the shipped data is a named constant here, its source beside it (docs/forecasting.md,
"Population", says the same in words). The shipped data give the regional differences in fertility
(the 2020 broad age groups); the national levels are BNS's published figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from jumys.reference import stats

AGES = 101

# --- published national levels (BNS, not in the shipped files) --------------------------------------
NATIONAL_TFR = 2.96  # total fertility rate, 2023 (BNS, "Births in 2023", April 2024)
LIFE_EXPECTANCY = (70.99, 79.06)  # at birth, men and women, 2023 (BNS, release of 25 April 2024)
BOYS_PER_100_GIRLS = 106.6  # 2023 births: 51.6 % boys (BNS, "Births in 2023")
MEAN_AGE_OF_MOTHER = 29.7  # at birth, 2023 (BNS, "Births in 2023")
# the check from 2018 (population_check.py) uses the levels published for the years around 2018
CHECK_TFR = 2.84  # total fertility rate, 2018 (BNS; to be confirmed against its demographic yearbook)
CHECK_LIFE_EXPECTANCY = (68.82, 77.30)  # at birth, men and women, 2019 (BNS; the first year after 2018)

# --- assumed shapes (documented, not fitted to Kazakhstan's own schedules, which are not shipped) ----
# Siler hazard mu(x) = a1 exp(-b1 x) + c + a3 exp(b3 x): the infant part gives INFANT_MORTALITY, the
# Gompertz slope b3 and the constant c are typical of populations with Kazakhstan's sex gap in adult
# mortality (men's external causes in c); a3 is solved so that the table's life expectancy is the
# published one
INFANT_MORTALITY = (0.0095, 0.0075)  # deaths before age 1 per birth, men and women: near BNS's 8-9 per 1,000
INFANT_DECAY = 2.0  # b1: the infant hazard falls by e^-2 a year of age
ADULT_CONSTANT = (0.0015, 0.0004)  # c, men and women: age-independent (external) deaths per year
GOMPERTZ_SLOPE = (0.080, 0.095)  # b3, men and women: hazard growth per year of age
FERTILITY_SD = 5.8  # years: spread of mothers' ages (BNS: 55 % of 2023 births to mothers of 25-34)
FERTILITY_AGES = (15, 49)  # the reproductive ages of BNS's TFR
# Rogers and Castro's (1981) model migration schedule, near their average parameters: childhood
# a1 exp(-alpha1 x), labour force a2 exp(-alpha2 (x - mu2) - exp(-lambda2 (x - mu2))), constant c
MIGRATION_SCHEDULE = {
    "a1": 0.02,
    "alpha1": 0.10,
    "a2": 0.06,
    "alpha2": 0.10,
    "mu2": 20.0,
    "lambda2": 0.40,
    "c": 0.003,
}

# --- the fan: low and high variants ---------------------------------------------------------------------
VARIANT_TFR = 0.15  # the low (high) variant's fertility is 15 % below (above) the medium's
VARIANT_MIGRATION = 0.5  # and its net migration lower (higher) by half its size


@dataclass(frozen=True)
class LifeTable:
    """A life table by single year of age: l(x), L(x), the one-year survival of the model."""

    lx: NDArray[np.float64]  # survivors at exact age x of a radix of 1, x = 0..130
    Lx: NDArray[np.float64]  # person-years lived between x and x + 1
    e0: float

    @property
    def survival(self) -> NDArray[np.float64]:
        """(AGES,): age a -> a + 1 is L(a + 1) / L(a); 100+ keeps T(101) / T(100)."""
        s = self.Lx[1:AGES] / self.Lx[: AGES - 1]
        tail = self.Lx[AGES:].sum() / self.Lx[AGES - 1 :].sum()
        return np.asarray(np.r_[s, tail], dtype=np.float64)

    @property
    def newborn_survival(self) -> float:
        """A birth's chance to be alive on the next 1 January: L(0) / l(0)."""
        return float(self.Lx[0])


_STEPS = 20  # integration steps per year of age


def _siler_lx(a3: float, sex: int, grid: NDArray[np.float64]) -> NDArray[np.float64]:
    b1, c, b3 = INFANT_DECAY, ADULT_CONSTANT[sex], GOMPERTZ_SLOPE[sex]
    # a1 so that the infant part alone gives INFANT_MORTALITY over the first year
    a1 = -np.log(1.0 - INFANT_MORTALITY[sex]) * b1 / (1.0 - np.exp(-b1))
    hazard = a1 / b1 * (1.0 - np.exp(-b1 * grid)) + c * grid + a3 / b3 * (np.exp(b3 * grid) - 1.0)
    return np.asarray(np.exp(-hazard), dtype=np.float64)


def _table(a3: float, sex: int) -> LifeTable:
    grid = np.linspace(0.0, 131.0, 131 * _STEPS + 1)
    lx = _siler_lx(a3, sex, grid)
    pieces = (lx[:-1] + lx[1:]) / 2.0 / _STEPS
    Lx = pieces.reshape(131, _STEPS).sum(axis=1)
    return LifeTable(lx[::_STEPS][:131], Lx, float(Lx.sum()))


@lru_cache(maxsize=32)
def life_table(e0: float, sex: int) -> LifeTable:
    """The Siler life table of sex (0 men, 1 women) whose life expectancy at birth is e0 (bisection on a3)."""
    lo, hi = 1e-7, 1e-1
    for _ in range(80):
        mid = float(np.sqrt(lo * hi))
        if _table(mid, sex).e0 > e0:
            lo = mid
        else:
            hi = mid
    return _table(float(np.sqrt(lo * hi)), sex)


def fertility_pattern(mean_age: float = MEAN_AGE_OF_MOTHER) -> NDArray[np.float64]:
    """(AGES,) share of a woman's lifetime births at each age: a gamma curve from age 14 with the mean age of
    mother and FERTILITY_SD, on the ages 15-49, summing to 1."""
    ages = np.arange(AGES, dtype=np.float64) + 0.5 - 14.0
    mean, var = mean_age - 14.0, FERTILITY_SD**2
    shape, scale = mean**2 / var, var / mean
    density = np.where(ages > 0, np.exp((shape - 1) * np.log(np.maximum(ages, 1e-9)) - ages / scale), 0.0)
    lo, hi = FERTILITY_AGES
    density[:lo] = 0.0
    density[hi + 1 :] = 0.0
    return np.asarray(density / density.sum(), dtype=np.float64)


def migration_pattern() -> NDArray[np.float64]:
    """(2, AGES) share of a region's net migration at each sex and age (by age at the year's end); sums to 1.

    The Rogers-Castro schedule, the same for men and women (half each).
    """
    p = MIGRATION_SCHEDULE
    x = np.arange(AGES, dtype=np.float64)
    labour = p["a2"] * np.exp(-p["alpha2"] * (x - p["mu2"]) - np.exp(-p["lambda2"] * (x - p["mu2"])))
    curve = p["a1"] * np.exp(-p["alpha1"] * x) + labour + p["c"]
    curve = curve / curve.sum() / 2.0
    return np.asarray(np.stack([curve, curve]), dtype=np.float64)


# regions created in 2022 take the 2020 figures of the region they were split from
_PARENT = {"10": "63", "33": "19", "62": "35"}


def relative_fertility(regions: tuple[str, ...]) -> NDArray[np.float64]:
    """Each region's fertility relative to the nation's: its children aged 0-15 per woman aged 16-58 on
    1 January 2020 (BNS, shipped) over the same ratio of the whole country."""
    table = stats.population_broad_age_sex_2020()
    children = {k: v[("M", "0-15")] + v[("F", "0-15")] for k, v in table.items()}
    women = {k: v[("F", "16-58")] for k, v in table.items()}
    national = sum(children.values()) / sum(women.values())
    values = []
    for k in regions:
        source = _PARENT.get(k, k)
        values.append(children[source] / women[source] / national if source in table else 1.0)
    return np.asarray(values, dtype=np.float64)
