"""Small vectorized drawing helpers shared by the generators."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


def apportion(total: int, weights: NDArray[np.float64]) -> NDArray[np.int64]:
    """Split a whole number in proportion to weights (largest remainder): the parts sum to total exactly."""
    w = np.asarray(weights, dtype=np.float64)
    if total <= 0 or w.sum() <= 0:
        return np.zeros(w.shape, dtype=np.int64)
    exact = w / w.sum() * total
    parts = np.floor(exact).astype(np.int64)
    short = total - int(parts.sum())
    if short:
        # ties broken by position, so the result depends on the weights only
        order = np.lexsort((np.arange(w.size), -(exact - parts).ravel()))
        parts.ravel()[order[:short]] += 1
    return np.asarray(parts, dtype=np.int64)


def categorical(
    weights: NDArray[np.float64], rows: NDArray[np.int64], rng: np.random.Generator
) -> NDArray[np.int64]:
    """For each element, a column drawn with probability proportional to weights[row] (a 2-D table)."""
    table = np.asarray(weights, dtype=np.float64)
    cum = np.cumsum(table, axis=1)
    totals = cum[:, -1:]
    # x / x is exactly 1.0, so the last column with weight and any zero columns after it share 1.0
    cum = np.where(totals > 0, cum / np.where(totals > 0, totals, 1.0), 1.0)
    width = table.shape[1]
    flat = (cum + np.arange(table.shape[0])[:, None]).ravel()
    rows = np.asarray(rows, dtype=np.int64)
    # u < 0.999999 keeps row + u below row + 1 after rounding
    picked = np.searchsorted(flat, rng.random(rows.size) * 0.999999 + rows, side="right") - rows * width
    return np.asarray(np.minimum(picked, width - 1), dtype=np.int64)


def choice(weights: NDArray[np.float64], n: int, rng: np.random.Generator) -> NDArray[np.int64]:
    """n indices drawn with probability proportional to weights."""
    cum = np.cumsum(np.asarray(weights, dtype=np.float64))
    picked = np.searchsorted(cum, rng.random(n) * 0.999999 * cum[-1], side="right")
    return np.asarray(np.minimum(picked, cum.size - 1), dtype=np.int64)


def lognormal_mean(mean: NDArray[np.float64], sigma: float, rng: np.random.Generator) -> NDArray[np.float64]:
    """Lognormal draws with the given means (one per element) and log-scale spread sigma."""
    mean = np.asarray(mean, dtype=np.float64)
    return mean * np.exp(rng.normal(-sigma * sigma / 2, sigma, mean.shape))


def uniform_days(
    low: NDArray[np.int64] | int, high: NDArray[np.int64] | int, rng: np.random.Generator, n: int
) -> NDArray[np.int32]:
    """Day numbers drawn uniformly from [low, high] (both included)."""
    low_a = np.broadcast_to(np.asarray(low, dtype=np.int64), (n,))
    high_a = np.broadcast_to(np.asarray(high, dtype=np.int64), (n,))
    span = np.maximum(high_a - low_a + 1, 1)
    return np.asarray(low_a + np.floor(rng.random(n) * span).astype(np.int64), dtype=np.int32)
