"""The backtest: rolling origin on the shipped series, MASE against naive, hits within 10 %, coverage.

For every series, every origin year from FIRST_ORIGIN to (last year - h) and h = 1..3, each method
is fitted on the values up to the origin only (Series.up_to) and its forecast of origin + h compared
with the published value. The error is scaled by the mean absolute one-step change of the values up
to the origin (the in-sample naive error): MASE, Hyndman and Koehler (2006).
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from jumys.forecasting.calibrate import factors_now, factors_then
from jumys.forecasting.methods import METHODS, MIN_HISTORY, Z80, Z95
from jumys.forecasting.series import FAMILIES, Series

FIRST_ORIGIN = 2010
HORIZONS = (1, 2, 3)
WITHIN = 0.10  # "within 10 % of the actual value"
TARGET_WITHIN = 0.60  # the target: at least 60 % of 1-year forecasts within 10 %


@dataclass(frozen=True)
class Point:
    """One forecast of the backtest and the value that came."""

    family: str
    series: str
    method: str
    origin: int
    h: int
    forecast: float
    low: float
    high: float
    actual: float
    scale: float  # mean absolute one-step change up to the origin
    se: float  # the model's standard error of this forecast

    @property
    def z(self) -> float:
        """The error in the model's standard errors (calibrate.py)."""
        error = self.actual - self.forecast
        return error / self.se if self.se > 0 else (0.0 if error == 0 else math.inf)

    @property
    def scaled_error(self) -> float:
        """|actual - forecast| / scale: this forecast's part of MASE."""
        return abs(self.actual - self.forecast) / self.scale

    @property
    def within(self) -> bool:
        """Within 10 % of the actual value."""
        return abs(self.actual - self.forecast) <= WITHIN * abs(self.actual)

    @property
    def covered(self) -> bool:
        """The actual value lies in the 80 % interval."""
        return self.low <= self.actual <= self.high


@dataclass(frozen=True)
class Row:
    """A family, a method and a horizon: how its forecasts did."""

    family: str
    method: str
    h: int
    series: int
    forecasts: int
    mase: float  # median over the family's series of each series' mean scaled error
    within: float  # share of forecasts within 10 %
    coverage: float  # share of actual values inside the 80 % interval
    calibrated80: float  # ... inside the 80 % interval widened by the errors known at the origin
    calibrated95: float  # ... inside the 95 % interval so widened


@dataclass(frozen=True)
class Choice:
    """The method used for a family and whether the issue's targets are met with it."""

    family: str
    method: str
    mase: float
    naive_mase: float  # naive's median MASE at h = 1, to compare with
    within: float
    years: str  # how far the family's data go, e.g. "2000-2023"
    beats_naive: bool
    within_met: bool


@dataclass(frozen=True)
class Backtest:
    """The whole backtest."""

    rows: list[Row]
    choices: list[Choice]
    seconds: float
    factors: dict[tuple[str, str, int], float]  # the widening of each family, method and h from all errors


def rolling_origin(series: Series, methods: Sequence[str] = tuple(METHODS)) -> list[Point]:
    """Every forecast of every method from every origin of one series, fitted on data up to the origin."""
    points: list[Point] = []
    last = int(series.years[-1])
    for origin in range(max(FIRST_ORIGIN, int(series.years[0]) + MIN_HISTORY - 1), last):
        if math.isnan(series.at(origin)):
            continue
        seen = series.up_to(origin)
        scale = float(np.mean(np.abs(np.diff(seen))))
        if scale == 0:
            continue
        horizon = min(max(HORIZONS), last - origin)
        for name in methods:
            fc = METHODS[name](seen, horizon)
            low, high = fc.interval()
            for h in range(1, horizon + 1):
                actual = series.at(origin + h)
                if math.isnan(actual):
                    continue
                points.append(
                    Point(
                        series.family,
                        series.name,
                        name,
                        origin,
                        h,
                        float(fc.point[h - 1]),
                        float(low[h - 1]),
                        float(high[h - 1]),
                        actual,
                        scale,
                        float(np.sqrt(fc.variance[h - 1])),
                    )
                )
    return points


def summarise(points: Sequence[Point]) -> list[Row]:
    """One row per family, method and horizon."""
    groups: dict[tuple[str, str, int], list[tuple[Point, float]]] = {}
    for p, widen in zip(points, factors_then(points), strict=True):
        groups.setdefault((p.family, p.method, p.h), []).append((p, widen))
    rows = []
    for (family, method, h), group in groups.items():
        per_series: dict[str, list[float]] = {}
        for p, _ in group:
            per_series.setdefault(p.series, []).append(p.scaled_error)
        n = len(group)
        rows.append(
            Row(
                family,
                method,
                h,
                len(per_series),
                n,
                float(np.median([np.mean(v) for v in per_series.values()])),
                sum(p.within for p, _ in group) / n,
                sum(p.covered for p, _ in group) / n,
                sum(abs(p.z) <= widen * Z80 for p, widen in group) / n,
                sum(abs(p.z) <= widen * Z95 for p, widen in group) / n,
            )
        )
    order = {f: i for i, f in enumerate(FAMILIES)}
    methods = list(METHODS)
    return sorted(rows, key=lambda r: (order.get(r.family, 99), r.h, methods.index(r.method)))


def choose(rows: Sequence[Row], years: dict[str, str]) -> list[Choice]:
    """Per family, the method with the lowest median MASE at h = 1 among those below 1 (naive included:
    a method that does worse than the last value is never used); naive when none is below 1."""
    choices = []
    for family in dict.fromkeys(r.family for r in rows):
        at1 = {r.method: r for r in rows if r.family == family and r.h == 1}
        better = [r for r in at1.values() if r.mase < 1]
        best = min(better, key=lambda r: r.mase) if better else at1["naive"]
        choices.append(
            Choice(
                family,
                best.method,
                best.mase,
                at1["naive"].mase,
                best.within,
                years[family],
                best.mase < 1,
                best.within >= TARGET_WITHIN,
            )
        )
    return choices


def run_backtest(series: Sequence[Series]) -> Backtest:
    """The backtest of every method on every series."""
    started = time.perf_counter()
    points = [p for s in series for p in rolling_origin(s)]
    rows = summarise(points)
    years: dict[str, str] = {}
    for s in series:
        first, last = int(s.years[0]), int(s.years[-1])
        if s.family in years:
            a, b = years[s.family].split("-")
            first, last = min(first, int(a)), max(last, int(b))
        years[s.family] = f"{first}-{last}"
    return Backtest(rows, choose(rows, years), time.perf_counter() - started, factors_now(points))
