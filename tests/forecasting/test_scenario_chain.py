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


def test_new_jobs_draw_movers_into_their_region_from_where_the_model_sends_people() -> None:
    out = run_scenario(scenario(Change("jobs", "75", 2028, 2000)), inputs())
    k = out.years.index(2028)
    assert at(out.scenario, "population", "75", k - 1) == at(out.baseline, "population", "75", k - 1)
    extra = out.scenario["net_migration"] - out.baseline["net_migration"]
    # half of the jobs taken by the region's own people, the other half by a mover each, in the jobs' year;
    # later only the few more who leave a larger population at the model's rates
    assert extra[k, REGIONS.index("75")] == pytest.approx(1000)
    assert np.all(np.abs(extra[k + 1 :, REGIONS.index("75")]) < 10)
    assert extra[k].sum() == pytest.approx(0)  # each mover left a region: nobody is made up
    assert np.all(np.delete(extra[k], REGIONS.index("75")) < 0)
    assert at(out.scenario, "population", "75") > at(out.baseline, "population", "75")


def test_jobs_draw_as_the_parameters_say_and_movers_come_evenly_when_the_model_moves_no_one() -> None:
    jobs = Change("jobs", "75", 2028, 2000)
    family = run_scenario(scenario(jobs, movers_per_job=3, local_hire_share=0.25), inputs(Model(scale=0.0)))
    k = family.years.index(2028)
    extra = family.scenario["net_migration"][k] - family.baseline["net_migration"][k]
    assert extra[REGIONS.index("75")] == pytest.approx(0.75 * 2000 * 3)
    assert np.allclose(np.delete(extra, REGIONS.index("75")), -0.75 * 2000 * 3 / 3)
    local = run_scenario(scenario(jobs, local_hire_share=1.0), inputs())
    assert np.allclose(local.scenario["population"], local.baseline["population"])


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
