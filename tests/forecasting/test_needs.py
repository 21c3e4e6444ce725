"""The needs of a population by the norms: each the persons of its ages times its norm."""

from __future__ import annotations

import numpy as np

from jumys.forecasting.needs import AGE_GROUPS, age_groups, needs
from jumys.forecasting.population import GROUPS
from jumys.forecasting.scenario_params import Parameters


def one_of_each_age(regions: int = 2) -> np.ndarray:
    """regions x 2 sexes x 101 ages, one person of each."""
    return np.ones((regions, 2, 101))


def test_school_places_count_ages_6_to_17_and_kindergartens_1_to_5() -> None:
    persons = one_of_each_age()
    got = needs(persons, Parameters(school_places_per_child=1.0, kindergarten_coverage=0.5))
    assert got["school_places"].tolist() == [24.0, 24.0]  # 12 ages x 2 sexes
    assert got["kindergarten_places"].tolist() == [5.0, 5.0]  # 5 ages x 2 sexes x 0.5
    persons[0, 1, 18] = 100  # an adult: no school place
    persons[1, 0, 0] = 100  # an infant: no kindergarten place yet
    again = needs(persons, Parameters(school_places_per_child=1.0, kindergarten_coverage=0.5))
    assert again["school_places"].tolist() == [24.0, 24.0]
    assert again["kindergarten_places"].tolist() == [5.0, 5.0]


def test_beds_and_housing_follow_the_whole_population() -> None:
    persons = np.zeros((1, 2, 101))
    persons[0, 0, 40] = 20_000
    got = needs(persons, Parameters(beds_per_10000=53.0, m2_per_person=21.0))
    assert got["hospital_beds"].tolist() == [106.0]
    assert got["housing_m2"].tolist() == [420_000.0]


def test_the_age_groups_hold_everyone_once() -> None:
    rng = np.random.default_rng(13)
    persons = rng.uniform(0, 1000, (3, 2, 101))
    groups = age_groups(persons)
    assert np.allclose(sum(groups.values()), persons.sum(axis=(1, 2)))


def test_the_scenarios_age_groups_are_the_population_forecasts() -> None:
    assert list(AGE_GROUPS.values()) == [(first, end - 1) for _label, first, end in GROUPS]
