"""The latent unsafety of each employer in each year: what drives its incidents, violations and arrears.

latent[e, t] = visible[e] + hidden[e] + noise[e, t] - improvement[e, t], where
- visible: what a registry shows: the sector (hazard of the OKED section), the share of harmful and
  hazardous contracts, the size (log of the headcount);
- hidden: a firm's own habits, drawn once (normal), seen only through its record;
- noise: AR(1) over the years (a good or bad year spills over into the next);
- improvement: a firm that improves drops by a fixed amount from a year on, for good.
All numbers are assumptions (ASSUMPTIONS.md). Years run from history_from(year) to the synthetic year plus
one: the last one is the year after the data, which a score at the truth's as-of date predicts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from jumys.synth.calibration import SECTIONS
from jumys.synth.tables import HARMFUL, HAZARDOUS, Contracts

HISTORY_YEARS = 6  # the synthetic year and the five before it: 2020-2025 for 2025
SECTION_HAZARD = {"B": 3.0, "F": 3.0, "C": 2.0, "D": 2.0, "H": 2.0, "A": 1.5, "E": 1.5}  # others 0.5
_SECTION_WEIGHT, _HARMFUL_WEIGHT, _HAZARDOUS_WEIGHT, _SIZE_WEIGHT = 0.4, 1.5, 3.0, 0.04
_HIDDEN_SD = 1.1
_AR_RHO, _AR_SD = 0.85, 0.35
_IMPROVERS, _IMPROVEMENT = 0.08, (0.6, 1.2)


@dataclass
class Latent:
    """Latent unsafety by employer (rows) and year (columns, from `first`), and who improved when."""

    first: int
    value: NDArray[np.float64]
    visible: NDArray[np.float64]
    improved_in: NDArray[np.int64]  # the year a firm improved, 0 for none

    def year(self, year: int) -> NDArray[np.float64]:
        """The latent unsafety of every employer in a year."""
        return np.asarray(self.value[:, year - self.first], dtype=np.float64)


def history_from(year: int) -> int:
    """The first year of the safety history of a synthetic year."""
    return year - HISTORY_YEARS + 1


def hazard(section: NDArray[np.int64]) -> NDArray[np.float64]:
    """The relative hazard of each OKED section (its letter's index)."""
    return np.array([SECTION_HAZARD.get(s, 0.5) for s in SECTIONS])[section]


def hazard_class(section: NDArray[np.int64]) -> NDArray[np.int64]:
    """Today's rule's hazard class of each section: 1 (highest) to 4."""
    classes = {3.0: 1, 2.0: 2, 1.5: 3, 0.5: 4}
    return np.array([classes[SECTION_HAZARD.get(s, 0.5)] for s in SECTIONS], dtype=np.int64)[section]


def draw(
    section: NDArray[np.int64],
    contracts: Contracts,
    headcount: NDArray[np.int64],
    last: int,
    rng: np.random.Generator,
) -> Latent:
    """The latent unsafety of every employer from history_from(last - 1) to last."""
    first = history_from(last - 1)
    n = section.size
    staff = np.maximum(np.bincount(contracts.employer, minlength=n), 1)
    harmful = np.bincount(contracts.employer, weights=contracts.conditions == HARMFUL, minlength=n) / staff
    hazardous = (
        np.bincount(contracts.employer, weights=contracts.conditions == HAZARDOUS, minlength=n) / staff
    )
    visible = (
        _SECTION_WEIGHT * np.log(hazard(section))
        + _HARMFUL_WEIGHT * harmful
        + _HAZARDOUS_WEIGHT * hazardous
        + _SIZE_WEIGHT * np.log1p(headcount)
    )
    years = last - first + 1
    hidden = rng.normal(0.0, _HIDDEN_SD, n)
    noise = np.empty((n, years))
    noise[:, 0] = rng.normal(0.0, _AR_SD / np.sqrt(1 - _AR_RHO**2), n)
    for t in range(1, years):
        noise[:, t] = _AR_RHO * noise[:, t - 1] + rng.normal(0.0, _AR_SD, n)
    improves = rng.random(n) < _IMPROVERS
    improved_in = np.where(improves, rng.integers(first + 1, last + 1, n), 0)
    drop = rng.uniform(*_IMPROVEMENT, n)
    year = first + np.arange(years)
    after = improves[:, None] & (year[None, :] >= improved_in[:, None])
    value = (visible + hidden)[:, None] + noise - np.where(after, drop[:, None], 0.0)
    return Latent(first, value, visible, improved_in.astype(np.int64))
