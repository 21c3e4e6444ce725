"""The gravity model of flows between regions: it recovers known coefficients, reads the store, forecasts."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from jumys.errors import InvalidInput, NotFound
from jumys.forecasting.gravity import (
    NAMES,
    changed,
    design_matrix,
    fit,
    fit_flows,
    holdout,
    net_migration,
    store_covariates,
)
from jumys.registry.tables import TABLES
from tests.forecasting.gravity_world import TRUTH, YEARS, covariates, draw, kato, plant, planted_country


def _fit_known(truth: np.ndarray, seed: int, years: int = 4) -> tuple[object, np.ndarray]:
    rng = np.random.default_rng(seed)
    covs = {2019 + k: covariates(2019 + k, rng) for k in range(years)}
    flows = {y: draw(c, truth, rng) for y, c in covs.items()}
    return fit_flows(flows, covs), truth


def test_a_fit_on_flows_of_known_coefficients_has_them_within_their_intervals() -> None:
    """Each within its 99.9 % interval (3.29 standard errors), most within the 95 % one."""
    model, truth = _fit_known(TRUTH, seed=1)
    assert model.names == NAMES  # type: ignore[attr-defined]
    z = np.abs(model.coefficients - truth) / model.std_errors  # type: ignore[attr-defined]
    assert (z < 3.29).all(), list(zip(NAMES, z, strict=True))
    assert ((model.lower <= truth) & (truth <= model.upper)).sum() >= 6  # type: ignore[attr-defined]
    assert model.dispersion == pytest.approx(1.0, abs=0.2)  # type: ignore[attr-defined]
    assert model.pseudo_r2 > 0.9  # type: ignore[attr-defined]


def test_the_95_percent_intervals_hold_the_true_coefficients_about_95_percent_of_the_time() -> None:
    """Too narrow intervals (plain Poisson errors on spread-out data, a wrong design) fail this."""
    hits = []
    for seed in range(30):
        model, truth = _fit_known(TRUTH, seed=100 + seed, years=2)
        hits += list((model.lower <= truth) & (truth <= model.upper))  # type: ignore[attr-defined]
    assert 0.88 <= np.mean(hits) <= 1.0


def test_overdispersed_flows_widen_the_intervals_instead_of_hiding_behind_them() -> None:
    rng = np.random.default_rng(5)
    covs = {2019 + k: covariates(2019 + k, rng) for k in range(3)}
    poisson = {y: draw(c, TRUTH, rng) for y, c in covs.items()}
    # the same means, but each flow multiplied by a gamma noise of mean 1: variance far above the mean
    spread = {
        y: rng.poisson(np.maximum(f, 0) * rng.gamma(2.0, 0.5, f.shape)).astype(float)
        for y, f in poisson.items()
    }
    for f in spread.values():
        np.fill_diagonal(f, 0.0)
    narrow, wide = fit_flows(poisson, covs), fit_flows(spread, covs)
    assert wide.dispersion > 10 * narrow.dispersion
    assert (wide.std_errors > 2 * narrow.std_errors).all()


@settings(max_examples=15, deadline=None)
@given(
    pop=st.floats(0.4, 1.4),
    distance=st.floats(-2.0, -0.3),
    unemployment=st.floats(-0.15, 0.15),
    wage=st.floats(-1.0, 1.0),
    seed=st.integers(0, 2**31),
)
def test_any_planted_coefficients_are_recovered_within_five_standard_errors(
    pop: float, distance: float, unemployment: float, wage: float, seed: int
) -> None:
    truth = np.array([0.0, pop, pop + 0.1, distance, unemployment, -unemployment, -wage, wage])
    c = covariates(2019, np.random.default_rng(seed))
    truth[0] = np.log(100.0) - np.median(design_matrix(c) @ truth)  # a typical flow of 100 persons
    model, _ = _fit_known(truth, seed=seed, years=3)
    z = np.abs(model.coefficients - truth) / model.std_errors  # type: ignore[attr-defined]
    assert (z < 5).all(), z


@settings(max_examples=50, deadline=None)
@given(arrays(np.float64, (5, 5), elements=st.floats(0, 1e6)))
def test_net_migration_sums_to_zero_and_ignores_moves_inside_a_region(flows: np.ndarray) -> None:
    net = net_migration(flows)
    assert net.sum() == pytest.approx(0.0, abs=1e-6 * max(1.0, flows.sum()))
    inside = flows.copy()
    np.fill_diagonal(inside, 0.0)
    assert np.allclose(net, net_migration(inside))
    assert net[0] == pytest.approx(inside[:, 0].sum() - inside[0, :].sum())


def test_the_store_fit_recovers_the_coefficients_the_flows_were_drawn_from(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        planted_country(conn)
        model = fit(conn)
    assert model.years == tuple(YEARS)
    assert model.observations == len(YEARS) * 20 * 19
    z = np.abs(model.coefficients - TRUTH) / model.std_errors
    assert (z < 3.29).all(), list(zip(NAMES, z, strict=True))
    assert ((model.lower <= TRUTH) & (model.upper >= TRUTH)).sum() >= 6


def test_store_covariates_are_the_planted_ones_of_the_newest_migration_year(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        covs, _ = planted_country(conn)
        got = store_covariates(conn)
        earlier = store_covariates(conn, 2020)
    assert got.year == max(YEARS)
    for c, want in ((got, covs[max(YEARS)]), (earlier, covs[2020])):
        assert np.array_equal(c.population, want.population)
        assert np.array_equal(c.unemployment, want.unemployment)
        assert np.array_equal(c.wage, want.wage)


def test_a_year_without_a_figure_takes_the_regions_figure_of_the_nearest_year_before(
    engine: sa.Engine,
) -> None:
    s = TABLES["region_stats"]
    with engine.begin() as conn:
        covs, _ = planted_country(conn)
        conn.execute(sa.delete(s).where(s.c.kato == kato("11"), s.c.period.in_(["2022", "2023", "2024"])))
        conn.execute(sa.delete(s).where(s.c.kato == kato("15"), s.c.period.in_(["2019", "2020"])))
        c = store_covariates(conn, 2023)
        first = store_covariates(conn, 2019)
    i, j = c.regions.index("11"), c.regions.index("15")
    assert c.wage[i] == covs[2021].wage[i]
    assert c.unemployment[i] == covs[2021].unemployment[i]
    assert first.wage[j] == covs[2021].wage[j]  # none before: the nearest after


def test_monthly_figures_are_averaged_when_a_year_has_no_annual_row(engine: sa.Engine) -> None:
    s = TABLES["region_stats"]
    with engine.begin() as conn:
        planted_country(conn)
        conn.execute(sa.delete(s).where(s.c.kato == kato("11"), s.c.period == "2024"))
        conn.execute(
            sa.insert(s),
            [
                {
                    "kato": kato("11"),
                    "period": f"2024-0{m}",
                    "indicator": "unemployment_rate",
                    "value": v,
                    "batch_no": 1,
                }
                for m, v in ((1, 4.0), (2, 6.0), (3, 8.0))
            ]
            + [
                {
                    "kato": kato("11"),
                    "period": "2024",
                    "indicator": "avg_wage_kzt",
                    "value": 1e5,
                    "batch_no": 1,
                }
            ],
        )
        c = store_covariates(conn, 2024)
    assert c.unemployment[c.regions.index("11")] == pytest.approx(6.0)


def test_an_empty_migration_table_is_refused_with_its_own_message(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        rng = np.random.default_rng(1)
        plant(conn, {2024: covariates(2024, rng)}, {})
        with pytest.raises(NotFound) as caught:
            fit(conn)
    assert caught.value.code == "forecasting.migration_empty"


def test_a_region_without_any_wage_is_named(engine: sa.Engine) -> None:
    s = TABLES["region_stats"]
    with engine.begin() as conn:
        planted_country(conn)
        conn.execute(sa.delete(s).where(s.c.kato == kato("75"), s.c.indicator == "avg_wage_kzt"))
        with pytest.raises(NotFound) as caught:
            fit(conn)
    assert caught.value.code == "forecasting.covariate_missing"
    assert caught.value.params == {"what": "avg_wage_kzt", "region": "75"}


def test_a_year_the_table_lacks_is_refused_with_the_years_it_has(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        planted_country(conn)
        with pytest.raises(NotFound) as caught:
            fit(conn, years=[2019, 2030])
    assert caught.value.params == {"year": 2030, "first": 2019, "last": 2024}


def test_the_holdout_fits_without_the_last_year_and_predicts_it(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        covs, flows = planted_country(conn)
        h = holdout(conn)
    assert h.year == max(YEARS)
    assert h.model.years == tuple(YEARS)[:-1]
    assert np.array_equal(h.actual, flows[h.year])
    assert np.allclose(h.predicted, h.model.predict(covs[h.year]))
    assert h.flow_wape < 0.15  # Poisson noise on flows of some hundreds
    assert h.net_mae < np.abs(h.net_actual).mean() + 3 * np.sqrt(h.actual.sum(axis=0)).mean()


def test_a_wage_up_10_percent_draws_more_people_to_the_region_as_the_coefficients_say() -> None:
    model, _ = _fit_known(TRUTH, seed=2)
    base = covariates(2024, np.random.default_rng(9))
    up = changed(base, wage={"75": 0.10})
    i = base.regions.index("75")
    before, after = model.predict(base), model.predict(up)  # type: ignore[attr-defined]
    ratio = after[:, i].sum() / before[:, i].sum()
    assert ratio == pytest.approx(1.1 ** model.coefficient("log_wage_dest"))  # type: ignore[attr-defined]
    assert np.allclose(np.diag(after), 0.0)
    others = [k for k in range(len(base.regions)) if k != i]
    assert np.allclose(after[np.ix_(others, others)], before[np.ix_(others, others)])
    assert net_migration(after)[i] > net_migration(before)[i]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"wage": {"99": 0.1}}, "forecasting.unknown_region"),
        ({"wage": {"51": 0.1}}, "forecasting.unknown_region"),  # South Kazakhstan, a region of the past
        ({"wage": {"75": 5.01}}, "forecasting.wage_change_range"),
        ({"wage": {"75": -0.91}}, "forecasting.wage_change_range"),
        ({"unemployment": {"75": 51.0}}, "forecasting.unemployment_change_range"),
        ({"unemployment": {"75": -40.0}}, "forecasting.unemployment_change_range"),  # below a rate of 0
    ],
)
def test_a_change_of_an_unknown_region_or_out_of_range_is_refused(change: dict, code: str) -> None:
    base = covariates(2024, np.random.default_rng(9))
    with pytest.raises(InvalidInput) as caught:
        changed(base, **change)
    assert caught.value.code == code


def test_the_edges_of_the_allowed_changes_are_accepted() -> None:
    base = covariates(2024, np.random.default_rng(9))
    i = base.regions.index("75")
    assert changed(base, wage={"75": 5.0}).wage[i] == pytest.approx(6 * base.wage[i])
    assert changed(base, wage={"75": -0.9}).wage[i] == pytest.approx(0.1 * base.wage[i])


def test_covariates_of_other_regions_are_refused_by_predict() -> None:
    model, _ = _fit_known(TRUTH, seed=2)
    base = covariates(2024, np.random.default_rng(9))
    fewer = dataclasses.replace(base, regions=base.regions[:-1])
    with pytest.raises(InvalidInput):
        model.predict(fewer)  # type: ignore[attr-defined]
