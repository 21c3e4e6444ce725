"""The chain of a scenario: changes -> migration -> population by age -> needs, beside its baseline.

The migration model here is a small stand-in with the gravity model's predict (flows from the covariates):
each rule of the chain is checked against what it must do with the model's answer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from jumys.forecasting.cohort import AGES, Population, default_rates
from jumys.forecasting.gravity import Covariates
from jumys.forecasting.scenario import MEASURES, Inputs, run_scenario
from jumys.forecasting.scenario_file import Change, Scenario
from jumys.forecasting.scenario_params import Parameters

REGIONS = ("11", "59", "61", "75")
BASE = 2025


@dataclass(frozen=True)
class Model:
    """Flows that grow with the destination's wage and fall with its unemployment; `scale` 0: nobody moves."""

    scale: float = 1e-3
    wage_power: float = 2.0
    unemployment_slope: float = 0.2
    regions: tuple[str, ...] = REGIONS

    def predict(self, c: Covariates) -> np.ndarray:
        pull = (c.wage / c.wage.mean()) ** self.wage_power * np.exp(-self.unemployment_slope * c.unemployment)
        flows = self.scale * c.population[:, None] * pull[None, :]
        np.fill_diagonal(flows, 0.0)
        return flows


def inputs(model: Model | None = None, unemployment: float = 5.0) -> Inputs:
    persons = np.full((len(REGIONS), 2, AGES), 1000.0)
    r = len(REGIONS)
    covariates = Covariates(
        year=BASE - 1,
        regions=REGIONS,
        population=persons.sum(axis=(1, 2)),
        unemployment=np.full(r, unemployment),
        wage=np.full(r, 400_000.0),
        distance_km=np.full((r, r), 1000.0),
    )
    return Inputs(
        base=Population(BASE, REGIONS, persons),
        rates=default_rates(REGIONS),
        model=model or Model(),  # type: ignore[arg-type]
        covariates=covariates,
        provenance={"base_year": BASE},
    )


def scenario(*changes: Change, **params: float) -> Scenario:
    return Scenario("test", "", tuple(changes), Parameters(horizon=2035).with_values(dict(params)))


def at(values: dict[str, np.ndarray], measure: str, region: str, k: int = -1) -> float:
    return float(values[measure][k, REGIONS.index(region)])


def test_no_change_is_the_baseline() -> None:
    out = run_scenario(scenario(), inputs())
    for m in MEASURES:
        assert np.allclose(out.scenario[m], out.baseline[m], equal_nan=True)
    assert out.years == tuple(range(BASE - 1, 2036))  # the base population is the end of the year before
    assert out.scenario["population"].shape == (len(out.years), len(REGIONS))


def test_resettled_persons_leave_the_origin_and_reach_the_destination() -> None:
    out = run_scenario(scenario(Change("resettle", "61", 2027, 500, "59")), inputs(Model(scale=0.0)))
    k = out.years.index(2027)
    assert (
        at(out.scenario, "net_migration", "61", k) == -500
        and at(out.scenario, "net_migration", "59", k) == 500
    )
    assert at(out.baseline, "net_migration", "61", k) == 0
    moved = at(out.scenario, "population", "59", k) - at(out.baseline, "population", "59", k)
    assert 500 <= moved < 520  # they arrive by the year's end, and their babies with them
    total = out.scenario["population"].sum(axis=1) - out.baseline["population"].sum(axis=1)
    assert np.allclose(total[:k], 0) and abs(total[k]) < 10  # nobody is lost: births differ by region only


def test_new_jobs_lower_unemployment_and_draw_migrants_where_the_model_says_so() -> None:
    out = run_scenario(scenario(Change("jobs", "75", 2028, 2000)), inputs())
    before = out.years.index(2027)
    assert at(out.scenario, "population", "75", before) == at(out.baseline, "population", "75", before)
    assert at(out.scenario, "net_migration", "75") > at(out.baseline, "net_migration", "75")
    assert at(out.scenario, "population", "75") > at(out.baseline, "population", "75")
    # and where the model gives unemployment no weight, jobs change nothing
    flat = run_scenario(scenario(Change("jobs", "75", 2028, 2000)), inputs(Model(unemployment_slope=0.0)))
    assert np.allclose(flat.scenario["population"], flat.baseline["population"])


def test_jobs_never_take_unemployment_below_the_floor() -> None:
    few = run_scenario(scenario(Change("jobs", "75", 2028, 1_000_000)), inputs())
    many = run_scenario(scenario(Change("jobs", "75", 2028, 9_000_000)), inputs())
    assert np.allclose(few.scenario["population"], many.scenario["population"])


def test_a_wage_rise_draws_migrants_from_its_year_on() -> None:
    out = run_scenario(scenario(Change("wage", "11", 2030, 10)), inputs())
    k = out.years.index(2030)
    assert at(out.scenario, "net_migration", "11", k - 1) == pytest.approx(
        at(out.baseline, "net_migration", "11", k - 1)
    )
    assert at(out.scenario, "net_migration", "11", k) > at(out.baseline, "net_migration", "11", k)


def test_the_needs_follow_the_scenarios_population_and_its_norms() -> None:
    move = Change("resettle", "61", 2027, 5000, "59")
    half = run_scenario(scenario(move, kindergarten_coverage=0.5, m2_per_person=30), inputs(Model(scale=0.0)))
    full = run_scenario(scenario(move, kindergarten_coverage=1.0, m2_per_person=30), inputs(Model(scale=0.0)))
    for values in (half.scenario, half.baseline):
        assert np.allclose(values["housing_m2"], 30 * values["population"])
        assert np.allclose(values["hospital_beds"], values["population"] * 53 / 10_000)
        assert np.all(values["kindergarten_places"] < 0.5 * values["age_0_5"])  # infants need no place
    assert np.allclose(half.scenario["kindergarten_places"], 0.5 * full.scenario["kindergarten_places"])
    assert at(half.scenario, "school_places", "59") > at(half.baseline, "school_places", "59")
    assert at(half.scenario, "school_places", "61") < at(half.baseline, "school_places", "61")
