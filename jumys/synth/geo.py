"""Random points inside a region's borders: rejection sampling with a vectorized point-in-polygon test."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Polygons = list[list[list[list[float]]]]  # polygons -> rings -> [lon, lat] points


def _edges(polygons: Polygons) -> tuple[NDArray[np.float64], ...]:
    """All edges of all rings (holes included): x1, y1, x2, y2."""
    parts = []
    for polygon in polygons:
        for ring in polygon:
            pts = np.asarray(ring, dtype=np.float64)[:, :2]
            if not np.array_equal(pts[0], pts[-1]):
                pts = np.vstack([pts, pts[:1]])
            parts.append(np.hstack([pts[:-1], pts[1:]]))
    edges = np.vstack(parts)
    return edges[:, 0], edges[:, 1], edges[:, 2], edges[:, 3]


def contains(polygons: Polygons, lon: NDArray[np.float64], lat: NDArray[np.float64]) -> NDArray[np.bool_]:
    """True for the points inside the polygons (even-odd rule, so holes are outside).

    A horizontal ray from each point is tested against the edges whose latitude span holds the
    point: points are sorted by latitude, each edge finds its points with two binary searches,
    and the (edge, point) pairs are expanded at once, so the work grows with the number of
    crossings rather than with points x edges.
    """
    x1, y1, x2, y2 = _edges(polygons)
    order = np.argsort(lat, kind="stable")
    ys = lat[order]
    low, high = np.minimum(y1, y2), np.maximum(y1, y2)
    first = np.searchsorted(ys, low, side="left")
    last = np.searchsorted(ys, high, side="left")  # the span is [low, high): a vertex is counted once
    counts = last - first
    edge = np.repeat(np.arange(x1.size), counts)
    point = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts) + np.repeat(first, counts)
    py = ys[point]
    px = lon[order][point]
    dy = y2[edge] - y1[edge]
    cross_x = x1[edge] + (py - y1[edge]) * (x2[edge] - x1[edge]) / dy
    hits = np.bincount(point[px < cross_x], minlength=lat.size)
    inside = np.empty(lat.size, dtype=np.bool_)
    inside[order] = hits % 2 == 1
    return inside


def sample(
    polygons: Polygons, n: int, rng: np.random.Generator
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """n uniformly random points (lon, lat) inside the polygons."""
    pts = np.vstack([np.asarray(ring, dtype=np.float64)[:, :2] for polygon in polygons for ring in polygon])
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    lons: list[NDArray[np.float64]] = []
    lats: list[NDArray[np.float64]] = []
    found, batch = 0, max(64, int(n * 1.6))
    while found < n:
        lon = rng.uniform(lo[0], hi[0], batch)
        lat = rng.uniform(lo[1], hi[1], batch)
        keep = contains(polygons, lon, lat)
        lons.append(lon[keep])
        lats.append(lat[keep])
        found += int(keep.sum())
        batch = max(64, int((n - found) * 2.5))
    return np.concatenate(lons)[:n], np.concatenate(lats)[:n]


def centroid(polygons: Polygons, rng: np.random.Generator) -> tuple[float, float]:
    """Approximate centre of mass (lon, lat): the mean of 2,000 random inside points."""
    lon, lat = sample(polygons, 2000, rng)
    return float(lon.mean()), float(lat.mean())
