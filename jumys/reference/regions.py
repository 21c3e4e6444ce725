"""The 20 regions of Kazakhstan (17 oblasts and 3 cities of republican significance), 2022 division.

A region is named by the first two digits of KATO (`kato2`); ISO 3166-2 uses the same
number (KZ-10 ... KZ-79). The historical South Kazakhstan oblast (51, until 2018-06-19) is in
data/regions.csv for old statistics but is not a region here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Any, Literal, cast

from jumys.reference._data import read_csv, read_text

RegionKind = Literal["oblast", "city"]


@dataclass(frozen=True, slots=True)
class Region:
    """One region: its codes and its names in Russian, Kazakh and English."""

    kato2: str
    kato: str
    iso: str
    name_ru: str
    name_kk: str
    name_en: str
    kind: RegionKind
    bns_code: str


@lru_cache(maxsize=1)
def regions() -> tuple[Region, ...]:
    """Return the 20 current regions, sorted by kato2."""
    found = []
    for row in read_csv("regions.csv"):
        if row["exists_to"]:
            continue
        kind = row["type"]
        if kind not in ("oblast", "city"):
            raise ValueError(f"regions.csv: unknown region type {kind!r}")
        found.append(
            Region(
                kato2=row["kato_2"],
                kato=row["kato_code"],
                iso=row["iso3166_2"],
                name_ru=row["name_ru_kato_2022"],
                name_kk=row["name_kk"],
                name_en=row["name_en_geojson"],
                kind=cast(RegionKind, kind),
                bns_code=row["bns_dims_code"],
            )
        )
    return tuple(sorted(found, key=lambda r: r.kato2))


@lru_cache(maxsize=1)
def _by_kato2() -> dict[str, Region]:
    return {r.kato2: r for r in regions()}


@lru_cache(maxsize=1)
def region_codes() -> frozenset[str]:
    """Return the 2-digit KATO codes of the 20 current regions."""
    return frozenset(_by_kato2())


def get_region(kato2: str) -> Region | None:
    """Return the region with this 2-digit KATO code, or None when there is none."""
    return _by_kato2().get(kato2)


def region_of(kato: str) -> str:
    """Return the 2-digit region code of a 9-digit KATO code; raise ValueError if it is not 9 digits."""
    if len(kato) != 9 or not kato.isascii() or not kato.isdigit():
        raise ValueError(f"a KATO code is 9 digits, got {kato!r}")
    return kato[:2]


@lru_cache(maxsize=1)
def _shapes_text() -> str:
    shapes = json.loads(read_text("kz_adm1_2022_simplified.geojson"))
    for feature in shapes["features"]:
        feature["properties"]["kato2"] = feature["properties"]["kato_2"]
    return json.dumps(shapes, ensure_ascii=False)


def region_shapes() -> dict[str, Any]:
    """Return the regions' borders as a GeoJSON FeatureCollection with `kato2` in each feature's properties.

    The file is read once; each call returns a fresh copy, so a caller may change it freely.
    """
    return cast(dict[str, Any], json.loads(_shapes_text()))


def _ring_centre(ring: list[list[float]]) -> tuple[float, float, float]:
    """The signed area and the centroid (lon, lat) of a closed ring, by the shoelace formula in degrees."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2.0
    return (area, cx / (6.0 * area), cy / (6.0 * area)) if area else (0.0, ring[0][0], ring[0][1])


@lru_cache(maxsize=1)
def region_centres() -> dict[str, tuple[float, float]]:
    """Each region's centre (lon, lat): the centroid of its borders' outer rings, weighted by their area."""
    centres = {}
    for feature in region_shapes()["features"]:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        )
        parts = [_ring_centre(polygon[0]) for polygon in polygons]
        total = sum(abs(a) for a, _, _ in parts)
        centres[feature["properties"]["kato2"]] = (
            sum(abs(a) * x for a, x, _ in parts) / total,
            sum(abs(a) * y for a, _, y in parts) / total,
        )
    return centres


def region_distances_km(kato2s: list[str]) -> Any:
    """The great-circle distances in km between the centres of the given regions (a square numpy array)."""
    import numpy as np  # deferred: CLI start-up time

    centres = region_centres()
    lon, lat = (np.radians([centres[k][i] for k in kato2s]) for i in (0, 1))
    cos = np.sin(lat)[:, None] * np.sin(lat)[None, :] + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.cos(
        lon[:, None] - lon[None, :]
    )
    return 6371.0 * np.arccos(np.clip(cos, -1.0, 1.0))
