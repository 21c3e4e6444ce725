"""What a population needs by the norms of a scenario: school and kindergarten places, hospital beds, housing.

Each need is the persons of its ages times its norm (jumys/forecasting/scenario_params.py says where each
default comes from); ages are single years 0..100 as in jumys/forecasting/cohort.py.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from jumys.forecasting.scenario_params import Parameters

SCHOOL_AGES = (6, 17)  # both ends included
KINDERGARTEN_AGES = (1, 5)
# the bands of the population forecast (population.GROUPS): 63 is the men's pension age
AGE_GROUPS = {"age_0_5": (0, 5), "age_6_17": (6, 17), "age_18_62": (18, 62), "age_63_plus": (63, 100)}
NEEDS = ("school_places", "kindergarten_places", "hospital_beds", "housing_m2")


def _of_ages(persons: NDArray[np.float64], ages: tuple[int, int]) -> NDArray[np.float64]:
    """Persons (regions, 2 sexes, ages) of ages first..last, by region."""
    first, last = ages
    return np.asarray(persons[:, :, first : last + 1].sum(axis=(1, 2)), dtype=np.float64)


def age_groups(persons: NDArray[np.float64]) -> dict[str, NDArray[np.float64]]:
    """The persons of each age group (AGE_GROUPS), by region."""
    return {name: _of_ages(persons, ages) for name, ages in AGE_GROUPS.items()}


def needs(persons: NDArray[np.float64], norms: Parameters) -> dict[str, NDArray[np.float64]]:
    """Each need (NEEDS) of the persons (regions, 2 sexes, ages) by region, by the norms."""
    total = persons.sum(axis=(1, 2))
    return {
        "school_places": _of_ages(persons, SCHOOL_AGES) * norms.school_places_per_child,
        "kindergarten_places": _of_ages(persons, KINDERGARTEN_AGES) * norms.kindergarten_coverage,
        "hospital_beds": total * norms.beds_per_10000 / 10_000,
        "housing_m2": total * norms.m2_per_person,
    }
