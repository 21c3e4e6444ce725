"""The backtest's rules on hand-made series with known answers (docs/forecasting.md)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from jumys.errors import InvalidInput
from jumys.forecasting.backtest import Backtest, Choice, Point, Row, choose, rolling_origin, summarise
from jumys.forecasting.methods import Z80, arima, damped, drift, naive
from jumys.forecasting.report import markdown, pooled_within
from jumys.forecasting.series import make_series


def _linear(start: int = 2004, end: int = 2013, step: float = 1.0) -> dict[int, float]:
    return {y: 100 + step * (y - start) for y in range(start, end + 1)}


def test_mase_of_naive_on_a_straight_line_is_h_and_of_drift_zero() -> None:
    """On y = 100 + t the in-sample naive error is 1, naive misses by h and drift by nothing."""
    rows = summarise(rolling_origin(make_series("x", "line", _linear())))
    mase = {(r.method, r.h): r.mase for r in rows}
    assert mase[("naive", 1)] == pytest.approx(1.0)
    assert mase[("naive", 2)] == pytest.approx(2.0)
    assert mase[("naive", 3)] == pytest.approx(3.0)
    assert mase[("drift", 1)] == pytest.approx(0.0)
    assert mase[("drift", 3)] == pytest.approx(0.0)
    assert mase[("arima", 1)] == pytest.approx(0.0, abs=1e-9)


def test_origins_run_from_2010_to_the_last_year_minus_h() -> None:
    points = rolling_origin(make_series("x", "line", _linear()), ["naive"])
    assert sorted({p.origin for p in points if p.h == 1}) == [2010, 2011, 2012]
    assert sorted({p.origin for p in points if p.h == 3}) == [2010]


def test_mase_is_scaled_by_the_in_sample_naive_error_up_to_the_origin() -> None:
    """Steps of 2 until the origin: a miss of 2 is a scaled error of 1."""
    p = rolling_origin(make_series("x", "line", _linear(step=2.0)), ["naive"])[0]
    assert p.scale == pytest.approx(2.0)
    assert p.scaled_error == pytest.approx(1.0)


def test_coverage_counts_the_actual_values_inside_the_80_percent_interval() -> None:
    """Naive on steps of 1: sigma 1, so the interval at h is ±1.2816·√h: 1 inside at h = 1, 2 outside at h = 2."""
    rows = summarise(rolling_origin(make_series("x", "line", _linear()), ["naive"]))
    coverage = {r.h: r.coverage for r in rows}
    assert coverage[1] == 1.0
    assert coverage[2] == 0.0
    fc = naive(np.array([0.0, 1.0, 2.0]), 2)
    low, high = fc.interval()
    assert high[0] - fc.point[0] == pytest.approx(Z80)
    assert high[1] - fc.point[1] == pytest.approx(Z80 * np.sqrt(2))
    assert low[0] == pytest.approx(2 - Z80)


def test_within_10_percent_is_measured_against_the_actual_value() -> None:
    base = {
        "family": "x",
        "series": "s",
        "method": "naive",
        "origin": 2010,
        "h": 1,
        "low": 0.0,
        "high": 1.0,
        "scale": 1.0,
        "se": 1.0,
    }
    assert Point(**base, forecast=90.0, actual=100.0).within  # type: ignore[arg-type]
    assert not Point(**base, forecast=89.0, actual=100.0).within  # type: ignore[arg-type]
    assert Point(**base, forecast=110.0, actual=100.0).within  # type: ignore[arg-type]


def test_a_forecast_never_uses_data_after_its_origin() -> None:
    """Change everything after 2014: no forecast made at or before 2014 moves."""
    before = _linear(2000, 2020)
    after = {y: (v if y <= 2014 else v * 50 + 7) for y, v in before.items()}
    a = rolling_origin(make_series("x", "s", before))
    b = rolling_origin(make_series("x", "s", after))
    key = lambda p: (p.method, p.origin, p.h)  # noqa: E731
    early_a = {key(p): (p.forecast, p.low, p.high, p.scale) for p in a if p.origin <= 2014}
    early_b = {key(p): (p.forecast, p.low, p.high, p.scale) for p in b if p.origin <= 2014}
    assert early_a and early_a == early_b
    assert any(p.actual != q.actual for p, q in zip(a, b, strict=True) if p.origin + p.h > 2014)


def test_a_missing_year_is_never_forecast_and_is_filled_only_from_years_known_at_the_origin() -> None:
    points = _linear(2000, 2016)
    del points[2012]
    s = make_series("x", "gap", points)
    found = rolling_origin(s, ["naive"])
    assert all(p.origin != 2012 and p.origin + p.h != 2012 for p in found)
    assert s.up_to(2013)[-2] == pytest.approx(112.0)  # between 2011 and 2013


def test_a_forecast_beyond_the_data_says_how_far_the_data_go() -> None:
    s = make_series("population", "71", _linear(2000, 2023))
    with pytest.raises(InvalidInput) as caught:
        s.up_to(2030)
    assert "from 2000 to 2023" in caught.value.message
    assert "2030" in caught.value.message


def _row(family: str, method: str, mase: float, h: int = 1, within: float = 0.7) -> Row:
    return Row(family, method, h, 3, 30, mase, within, 0.8, 0.8, 0.95)


def test_a_method_is_used_only_where_its_median_mase_at_h1_is_below_1() -> None:
    rows = [
        _row("a", "naive", 1.2),
        _row("a", "drift", 0.9),
        _row("a", "damped", 0.95),
        _row("b", "naive", 1.3),
        _row("b", "drift", 1.1),
        _row("b", "damped", 1.05),
        _row("b", "damped", 0.1, h=2),  # good at h = 2 only: does not count
        _row("c", "naive", 0.3, within=0.5),
        _row("c", "drift", 0.4),
        _row("c", "damped", 0.35),
    ]
    chosen = {c.family: c for c in choose(rows, {"a": "2000-2020", "b": "2000-2020", "c": "2000-2020"})}
    assert chosen["a"].method == "drift" and chosen["a"].beats_naive
    assert chosen["b"].method == "naive" and not chosen["b"].beats_naive
    assert chosen["c"].method == "naive"  # nothing does better than the last value
    assert not chosen["c"].within_met


def test_arima_carries_a_steady_change_forward_and_widens_its_interval_with_h() -> None:
    y = np.array([1.0, 2.0, 4.0, 7.0, 11.0, 16.0, 22.0])  # changes 1, 2, 3, ... : c = 1, a = 1 -> 0.98
    fc = arima(y, 3)
    assert fc.point[0] == pytest.approx(22 + 1 + 0.98 * 6, rel=0.05)
    assert list(fc.variance) == sorted(fc.variance)


def test_the_damped_trend_agrees_with_statsmodels_ets() -> None:
    """The grid fit of ETS(A,Ad,N) against statsmodels' maximum likelihood, on a smooth series."""
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    y = np.array([100, 103, 105, 108, 110, 111, 113, 116, 118, 119, 121.0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = ETSModel(y, error="add", trend="add", damped_trend=True).fit(disp=False).forecast(3)
    ours = damped(y, 3).point
    np.testing.assert_allclose(ours, theirs, rtol=0.01)
    assert drift(y, 1).point[0] == pytest.approx(123.1)


def test_the_share_within_10_percent_over_all_families_counts_the_forecasts_of_the_methods_used() -> None:
    def row(family: str, method: str, h: int, forecasts: int, within: float) -> Row:
        return Row(family, method, h, 1, forecasts, 0.5, within, 0.8, 0.8, 0.9)

    def chose(family: str, method: str) -> Choice:
        return Choice(family, method, 0.5, 0.9, 0.0, "2000-2020", True, False)

    result = Backtest(
        rows=[
            row("a", "naive", 1, 100, 0.10),
            row("a", "drift", 1, 100, 0.90),  # a's method: 90 of 100
            row("a", "drift", 2, 100, 0.00),  # h = 2 is not counted
            row("b", "damped", 1, 20, 0.25),  # b's method: 5 of 20
            row("b", "drift", 1, 20, 1.00),
        ],
        choices=[chose("a", "drift"), chose("b", "damped")],
        seconds=0.0,
        factors={},
    )
    assert pooled_within(result) == (95, 120)
    assert markdown(result).splitlines()[-1].startswith("| all families (95 of 120 forecasts) |")
    assert "| 79 % | yes |" in markdown(result).splitlines()[-1]
