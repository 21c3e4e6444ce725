"""Intervals widened by the backtest's errors (jumys/forecasting/calibrate.py): the conformal quantile, never
narrower than the model's, and in the backtest only the errors whose year had come by the origin."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from jumys.forecasting.backtest import rolling_origin, summarise
from jumys.forecasting.calibrate import MIN_ERRORS, factor, factors_now, factors_then
from jumys.forecasting.methods import Z80
from jumys.forecasting.series import make_series


@dataclass(frozen=True)
class P:
    family: str
    method: str
    origin: int
    h: int
    z: float


def test_the_factor_is_the_conformal_80_percent_quantile_over_1_28() -> None:
    """Nine errors: the ⌈10·0.8⌉ = 8th smallest |z| is 8, so the interval is 8 / 1.28 times the model's."""
    assert factor([float(k) for k in range(1, 10)]) == pytest.approx(8 / Z80)


def test_the_factor_never_narrows_the_models_interval_and_needs_four_errors() -> None:
    assert factor([0.1] * 20) == 1.0
    assert factor([9.0] * (MIN_ERRORS - 1)) == 1.0
    assert factor([9.0] * MIN_ERRORS) == pytest.approx(9 / Z80)


def test_a_backtest_forecast_uses_only_the_errors_whose_year_had_come_by_its_origin() -> None:
    """h = 2: the forecast from 2015 may use those made from 2013 and before (their year, 2015, had come)."""
    points = [P("f", "m", origin, 2, 5.0) for origin in range(2008, 2016)]
    widened = factors_then(points)
    # from 2008 to 2013 the known errors are those of origins up to origin - 2: 0, 0, 1, 2, 3, 4, then 5, 6
    assert widened[:5] == [1.0] * 5
    assert widened[5:] == [pytest.approx(5 / Z80)] * 3
    assert factors_now(points) == {("f", "m", 2): pytest.approx(5 / Z80)}


def test_the_widened_intervals_hold_at_least_as_many_values_as_the_models() -> None:
    values = {y: 100 + (y - 2000) + (7 if y % 3 == 0 else -4) for y in range(2000, 2025)}
    for r in summarise(rolling_origin(make_series("x", "zigzag", values))):
        assert r.calibrated80 >= r.coverage
        assert r.calibrated95 >= r.calibrated80
