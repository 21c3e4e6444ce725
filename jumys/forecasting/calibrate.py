"""Intervals widened by the backtest's own errors where the model's are too narrow (split conformal, by ratio).

Each forecast of the backtest has its error in units of the model's standard error, z = (actual − forecast)
/ se. Where the models' intervals are right, |z| ≤ 1.28 for 80 % of the forecasts. The factor of a family,
method and horizon is the conformal 80 % quantile of |z| (the ⌈(n + 1)·0.8⌉-th smallest of the n errors)
divided by 1.28, never below 1: both the 80 % and the 95 % interval are the model's, that many times as
wide. In the backtest a forecast only uses the errors of forecasts whose year had come by its origin.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from typing import Protocol

from jumys.forecasting.methods import Z80

LEVEL = 0.8
MIN_ERRORS = 4  # the fewest errors with a conformal 80 % quantile: ⌈(n + 1)·0.8⌉ ≤ n


class Scored(Protocol):
    """A backtest forecast as the calibration sees it."""

    @property
    def family(self) -> str: ...
    @property
    def method(self) -> str: ...
    @property
    def origin(self) -> int: ...
    @property
    def h(self) -> int: ...
    @property
    def z(self) -> float: ...


def factor(errors: Sequence[float]) -> float:
    """The widening factor from sorted |z| values: 1 with fewer than MIN_ERRORS of them."""
    n = len(errors)
    k = math.ceil((n + 1) * LEVEL)
    if n < MIN_ERRORS or k > n:
        return 1.0
    return max(1.0, errors[k - 1] / Z80)


def factors_now(points: Sequence[Scored]) -> dict[tuple[str, str, int], float]:
    """The factor of each family, method and horizon from all of its backtest errors (for forecasts beyond
    the data, when every year of the backtest has come)."""
    groups: dict[tuple[str, str, int], list[float]] = {}
    for p in points:
        groups.setdefault((p.family, p.method, p.h), []).append(abs(p.z))
    return {key: factor(sorted(errors)) for key, errors in groups.items()}


def factors_then(points: Sequence[Scored]) -> list[float]:
    """For each point, the factor from the errors of its family, method and h known at its origin (the
    forecast's year at or before the origin), in the order of points."""
    groups: dict[tuple[str, str, int], list[int]] = {}
    for i, p in enumerate(points):
        groups.setdefault((p.family, p.method, p.h), []).append(i)
    out = [1.0] * len(points)
    for key, members in groups.items():
        h = key[2]
        by_target = sorted(members, key=lambda i: points[i].origin + h)
        known: list[float] = []
        taken = 0
        for i in sorted(members, key=lambda i: points[i].origin):
            while taken < len(by_target) and points[by_target[taken]].origin + h <= points[i].origin:
                bisect.insort(known, abs(points[by_target[taken]].z))
                taken += 1
            out[i] = factor(known)
    return out
