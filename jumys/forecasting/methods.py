"""The forecasting methods of the backtest: naive, drift, damped-trend exponential smoothing, ARIMA(1,1,0).

Each takes the values up to the origin and returns, for h = 1..H, the point forecast and the
variance of its error, from which the 80 % interval is point ± 1.2816 · sqrt(variance).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Z80 = 1.2815515655446004  # the 90th percentile of the standard normal: a central 80 % interval
Z95 = 1.959963984540054  # the 97.5th percentile: a central 95 % interval
MIN_HISTORY = 6  # the fewest years a method is fitted on

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Forecast:
    """Point forecasts and error variances for h = 1..H."""

    point: Floats
    variance: Floats

    def interval(self, z: float = Z80) -> tuple[Floats, Floats]:
        """The central interval of z standard errors (normal errors): 80 % by default, Z95 for 95 %."""
        half = z * np.sqrt(self.variance)
        return self.point - half, self.point + half


def naive(y: Floats, horizon: int) -> Forecast:
    """The last value, a random walk: its error variance grows with h."""
    h = np.arange(1, horizon + 1, dtype=np.float64)
    sigma2 = float(np.mean(np.diff(y) ** 2))
    return Forecast(np.full(horizon, y[-1]), sigma2 * h)


def drift(y: Floats, horizon: int) -> Forecast:
    """The last value plus h times the mean change so far (a random walk with drift)."""
    h = np.arange(1, horizon + 1, dtype=np.float64)
    n = len(y)
    slope = (y[-1] - y[0]) / (n - 1)
    steps = np.diff(y)
    sigma2 = float(np.sum((steps - slope) ** 2) / max(n - 2, 1))
    return Forecast(y[-1] + h * slope, sigma2 * h * (1 + h / (n - 1)))


# the grid the damped trend is fitted on: level and trend smoothing (trend <= level), damping
_ALPHA = np.linspace(0.05, 1.0, 20)
_BETA_SHARE = np.array([0.0, 0.05, 0.1, 0.2, 0.4, 0.7, 1.0])
_PHI = np.array([0.8, 0.85, 0.9, 0.95, 0.98])
_A, _B, _P = (g.ravel() for g in np.meshgrid(_ALPHA, _BETA_SHARE, _PHI, indexing="ij"))
_B = _A * _B


def damped(y: Floats, horizon: int) -> Forecast:
    """Damped additive trend exponential smoothing, ETS(A,Ad,N), fitted by least squares on a grid.

    Level l and trend b start at y[0] and y[1] - y[0]; each year the one-step error e updates
    l <- l + phi*b + alpha*e and b <- phi*b + beta*e. The (alpha, beta, phi) with the smallest sum of
    squared one-step errors is kept; the error variance at h is that of Hyndman et al. (2008), class 1.
    """
    level = np.full(_A.shape, y[0])
    trend = np.full(_A.shape, y[1] - y[0])
    sse = np.zeros(_A.shape)
    for value in y[1:]:
        error = value - (level + _P * trend)
        sse += error**2
        level = level + _P * trend + _A * error
        trend = _P * trend + _B * error
    best = int(np.argmin(sse))
    alpha, beta, phi = float(_A[best]), float(_B[best]), float(_P[best])
    sigma2 = float(sse[best]) / max(len(y) - 1, 1)
    phi_h = np.cumsum(phi ** np.arange(1, horizon + 1))  # phi + phi^2 + ... + phi^h
    point = level[best] + phi_h * trend[best]
    c = alpha + beta * phi_h[:-1]  # c_j for j = 1..h-1
    variance = sigma2 * np.concatenate([[1.0], 1.0 + np.cumsum(c**2)])
    return Forecast(point, variance)


def arima(y: Floats, horizon: int) -> Forecast:
    """ARIMA(1,1,0) with drift: each year's change is c + a times the year before's, fitted by least squares.

    a is kept within ±0.98 (a stationary change); the variance at h is sigma² · Σ psi_j², psi_j = 1 + a + … + a^j.
    """
    d = np.diff(y)
    x = np.column_stack([np.ones(len(d) - 1), d[:-1]])
    (c, a), *_ = np.linalg.lstsq(x, d[1:], rcond=None)
    a = float(np.clip(a, -0.98, 0.98))
    residuals = d[1:] - (c + a * d[:-1])
    sigma2 = float(np.sum(residuals**2) / max(len(residuals) - 2, 1))
    changes = np.empty(horizon)
    last = d[-1]
    for k in range(horizon):
        last = c + a * last
        changes[k] = last
    psi = np.cumsum(a ** np.arange(horizon))
    return Forecast(y[-1] + np.cumsum(changes), sigma2 * np.cumsum(psi**2))


METHODS: dict[str, Callable[[Floats, int], Forecast]] = {
    "naive": naive,
    "drift": drift,
    "damped": damped,
    "arima": arima,
}
