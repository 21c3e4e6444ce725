"""What a job is: occupation (NKZ), sex of the holder, salary and working conditions.

Real: average wage by region and NKZ major group (BNS 2022, brought to the synthetic year by the
national average wage series), each region's average wage, the share of women in each major group.
Assumed (ASSUMPTIONS.md): the occupation mix by sector, the spread of salaries, the NKZ unit
codes inside a major group, the shares of harmful and hazardous work by sector.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from jumys.synth.calibration import SECTIONS, Calibration
from jumys.synth.draw import categorical, lognormal_mean
from jumys.synth.employers import SIZE_FACTOR, section_weights
from jumys.synth.tables import HARMFUL, HAZARDOUS, NORMAL

# national occupation mix, NKZ major groups 1..9 (assumption), and per-section multipliers
_GROUP_MIX = np.array([0.10, 0.22, 0.12, 0.06, 0.14, 0.02, 0.12, 0.10, 0.12])
_GROUP_TILTS: dict[str, dict[int, float]] = {
    "A": {6: 8, 9: 2},
    "B": {7: 3, 8: 3},
    "C": {7: 2.5, 8: 2.5},
    "D": {7: 2, 3: 1.5},
    "E": {8: 2, 9: 2},
    "F": {7: 3, 9: 2},
    "G": {5: 3},
    "H": {8: 3},
    "I": {5: 3, 9: 1.5},
    "J": {2: 2.5, 3: 1.5},
    "K": {2: 2, 4: 2},
    "L": {4: 1.5, 9: 1.5},
    "M": {2: 2.5},
    "N": {9: 2, 4: 1.5},
    "O": {1: 2.5, 2: 1.5, 4: 1.5},
    "P": {2: 3},
    "Q": {2: 2.5, 3: 1.5},
    "S": {5: 2},
    "T": {9: 3},
}
# ISCO-08 sub-major groups (the first two digits of a unit code) of each major group
SUB_MAJOR = {
    1: (11, 12, 13, 14),
    2: (21, 22, 23, 24, 25, 26),
    3: (31, 32, 33, 34, 35),
    4: (41, 42, 43, 44),
    5: (51, 52, 53, 54),
    6: (61, 62, 63),
    7: (71, 72, 73, 74, 75),
    8: (81, 82, 83),
    9: (91, 92, 93, 94, 95, 96),
}
SALARY_SIGMA = 0.45
# (harmful, hazardous) shares by section (assumption); other sections (0.01, 0.002)
_CONDITIONS = {
    "B": (0.35, 0.15),
    "C": (0.18, 0.05),
    "D": (0.20, 0.05),
    "E": (0.15, 0.03),
    "F": (0.10, 0.08),
    "H": (0.10, 0.03),
    "A": (0.05, 0.02),
    "Q": (0.08, 0.01),
}
# monthly minimum wage (MZP) set by the republican budget law, KZT
_MIN_WAGE = {2019: 42_500, 2020: 42_500, 2021: 42_500, 2022: 60_000, 2023: 70_000, 2024: 85_000, 2025: 85_000}


_SUB_COUNT = np.array([0] + [len(SUB_MAJOR[g]) for g in range(1, 10)])
_SUB_TABLE = np.array([[0] * 6] + [list(SUB_MAJOR[g]) + [0] * (6 - len(SUB_MAJOR[g])) for g in range(1, 10)])
_HARMFUL = np.array([_CONDITIONS.get(s, (0.01, 0.002))[0] for s in SECTIONS])
_HAZARDOUS = np.array([_CONDITIONS.get(s, (0.01, 0.002))[1] for s in SECTIONS])


def group_mix() -> NDArray[np.float64]:
    """Probability of each major group (columns 0..8 = groups 1..9) by section (rows)."""
    table = np.tile(_GROUP_MIX, (len(SECTIONS), 1))
    for s, tilts in _GROUP_TILTS.items():
        for g, factor in tilts.items():
            table[SECTIONS.index(s), g - 1] *= factor
    return np.asarray(table / table.sum(axis=1, keepdims=True), dtype=np.float64)


def min_wage(year: int) -> int:
    """The monthly minimum wage of a year (the latest known for later years)."""
    known = [y for y in _MIN_WAGE if y <= year]
    return _MIN_WAGE[max(known)] if known else _MIN_WAGE[min(_MIN_WAGE)]


class JobModel:
    """Draws occupations, sexes, salaries and conditions consistent with the calibration."""

    def __init__(self, cal: Calibration) -> None:
        self.cal = cal
        self.mix = group_mix()
        # employment by section in each region, to know each region's expected occupation mix
        employment = section_weights(cal) * np.array([SIZE_FACTOR[s] for s in SECTIONS])[None, :]
        employment /= employment.sum(axis=1, keepdims=True)
        expected = (employment @ self.mix * cal.wage_by_group).sum(axis=1)
        # salaries by (region, group) rescaled so that each region's mean is its real average wage
        self.mean = cal.wage_by_group * (cal.avg_wage / expected)[:, None]
        self.floor = min_wage(cal.year)

    def groups(self, section: NDArray[np.int64], rng: np.random.Generator) -> NDArray[np.int64]:
        """Major group (1..9) of a job in each section."""
        return categorical(self.mix, section, rng) + 1

    def nkz(self, group: NDArray[np.int64], rng: np.random.Generator) -> NDArray[np.int64]:
        """A 4-digit NKZ code in each major group: a real sub-major group, then minor 1 and unit 1-3."""
        pick = np.floor(rng.random(group.size) * _SUB_COUNT[group]).astype(np.int64)
        return np.asarray(_SUB_TABLE[group, pick] * 100 + 10 + rng.integers(1, 4, group.size), dtype=np.int64)

    def female(self, group: NDArray[np.int64], rng: np.random.Generator) -> NDArray[np.bool_]:
        """Sex of each job holder, from the real share of women in the major group."""
        return rng.random(group.size) < self.cal.female_share_by_group[group - 1]

    def salary(
        self,
        region: NDArray[np.int64],
        group: NDArray[np.int64],
        rng: np.random.Generator,
        factor: float = 1.0,
    ) -> NDArray[np.int64]:
        """Monthly salary (KZT, rounded to 500, at least the minimum wage) for region and group."""
        draw = lognormal_mean(self.mean[region, group - 1] * factor, SALARY_SIGMA, rng)
        return np.maximum(np.round(draw / 500.0) * 500, self.floor).astype(np.int64)

    def conditions(self, section: NDArray[np.int64], rng: np.random.Generator) -> NDArray[np.int64]:
        """Working conditions (normal, harmful, hazardous) by section."""
        u = rng.random(section.size)
        hazardous = _HAZARDOUS[section]
        return np.where(
            u < hazardous, HAZARDOUS, np.where(u < hazardous + _HARMFUL[section], HARMFUL, NORMAL)
        )
