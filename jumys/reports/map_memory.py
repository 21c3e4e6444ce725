"""The map's places in memory: every enterprise scored at a date's run, in arrays, answering any box at any zoom.

Each scored enterprise with coordinates is read once per run (Places): its position, class, score, region,
section, Vision Zero, open arrears, name, and its grid cell at the finest zoom (cells of 360° / 2^20, computed
in SQL by the statement's own expression, map_cells). The cell of any coarser grid is that cell shifted right
(the cell sizes are 360° / 2^k: x / (c·2^n) is x / c scaled by 2^n, exactly, in floating point), so the
cells are those of the statement. The enterprises are kept in the order of their cells' Z-order key (bits of
the column and row interleaved): the enterprises of a cell, at any grid, are then one run of rows.

A box is the cells of its rows: rows in its band of the Z-order, kept when inside the box and passing the
filter, counted per run of a cell (no sorting). For the unfiltered map of a country-wide box the counts per
cell of every grid up to PYRAMID_TO are kept too (a pyramid, built per grid when first asked): the cells
wholly inside the box come from it, and only the rows of the cells its edges cut are read.
"""

from __future__ import annotations

import math
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pydantic_core
import sqlalchemy as sa

from jumys.registry.tables import employers
from jumys.reports.map_cells import MERCATOR_LAT, Found, _cell_sql, interior, mercator
from jumys.reports.map_schemas import RISK_CLASSES
from jumys.safety.tables import risk_scores
from jumys.storage.prepared import Prepared

FINEST = 20  # the finest grid: 360° / 2^20 (zoom 18's cell), 2^20 cells round the world
BITS = 21  # bits of a column or row at the finest grid (cell 2^20 is the world's edge: 180°, or 85.05°)
PYRAMID_TO = 12  # counts per cell are kept for grids up to 360° / 2^12 (zoom 10), unfiltered only

s = risk_scores.c
e = employers.c
Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Keys = npt.NDArray[np.uint64]


def _spread(v: Any) -> Any:
    """The bits of v (21 or fewer) moved to even positions: numpy arrays of uint64 or Python ints alike."""
    one = np.uint64 if isinstance(v, np.ndarray) else int
    for shift, mask in ((16, 0x0000FFFF0000FFFF), (8, 0x00FF00FF00FF00FF), (4, 0x0F0F0F0F0F0F0F0F),
                        (2, 0x3333333333333333), (1, 0x5555555555555555)):  # fmt: skip
        v = (v | (v << one(shift))) & one(mask)
    return v


def zkey(cx: Any, cy: Any) -> Any:
    """The Z-order key of cell (cx, cy): their bits interleaved, cx's in the even places."""
    return _spread(cx) | (_spread(cy) << (np.uint64(1) if isinstance(cy, np.ndarray) else 1))


def _level(cell: float) -> int:
    """k of a cell of 360° / 2^k (every cell of the map's grids is one)."""
    k = round(math.log2(360.0 / cell))
    assert 360.0 / (1 << k) == cell, cell
    return k


@dataclass(frozen=True)
class Wanted:
    """Which enterprises an answer counts: None means any (region: the asker's and the filter's, all must hold)."""

    regions: tuple[str, ...] = ()
    section: str | None = None
    risk_class: str | None = None
    vision_zero: bool | None = None
    arrears: bool | None = None
    nothing: bool = False

    @property
    def everything(self) -> bool:
        """True when no condition narrows the map."""
        return not self.nothing and self == Wanted()


@dataclass
class _Pyramid:
    """Counts per cell of one grid, the cells in Z-order: their rows are rows[start:end] of Places."""

    z: Keys
    cx: Ints
    cy: Ints
    start: Ints
    end: Ints
    counts: dict[str, Any]  # n, the classes, sums of lat and lon, extent


def _reduce(lat: Floats, lon: Floats, klass: Any, start: Ints) -> dict[str, Any]:
    """Counts, sums and extent of runs of rows beginning at start (rows in the runs' order)."""
    n = np.diff(np.append(start, len(lat)))
    out: dict[str, Any] = {"n": n}
    for code, name in enumerate(RISK_CLASSES):
        out[name] = np.add.reduceat((klass == code).astype(np.int64), start) if len(start) else n * 0
    out["slat"] = np.add.reduceat(lat, start) if len(start) else lat[:0]
    out["slon"] = np.add.reduceat(lon, start) if len(start) else lon[:0]
    for key, f, v in (("south", np.minimum, lat), ("west", np.minimum, lon),
                      ("north", np.maximum, lat), ("east", np.maximum, lon)):  # fmt: skip
        out[key] = f.reduceat(v, start) if len(start) else v[:0]
    return out


class Places:
    """The placed enterprises of one run in Z-order of their finest cell, with pyramids built when first asked."""

    def __init__(self, columns: Mapping[str, Any], names: pa.Array) -> None:
        cx = np.clip(np.asarray(columns["cx"], dtype=np.int64), 0, (1 << BITS) - 1).astype(np.uint64)
        cy = np.clip(np.asarray(columns["cy"], dtype=np.int64), 0, (1 << BITS) - 1).astype(np.uint64)
        z = zkey(cx, cy)
        order = np.argsort(z, kind="stable")
        self.z: Keys = z[order]
        self.lat: Floats = np.asarray(columns["lat"], dtype=np.float64)[order]
        self.lon: Floats = np.asarray(columns["lon"], dtype=np.float64)[order]
        self.klass = np.asarray(columns["klass"], dtype=np.int8)[order]
        self.score = np.asarray(columns["score"], dtype=np.int64)[order]
        self.bin = np.asarray(columns["bin"], dtype="S12")[order]
        self.region = np.asarray(columns["region"], dtype="S2")[order]
        self.section = np.asarray(columns["section"], dtype="S1")[order]
        self.vision_zero = np.asarray(columns["vision_zero"], dtype=bool)[order]
        self.arrears = np.asarray(columns["arrears"], dtype=bool)[order]
        self.names = names.take(pa.array(order))
        self._pyramids: dict[int, _Pyramid] = {}
        self._fragments: list[bytes] | None = None
        self._lock = threading.Lock()

    @property
    def nbytes(self) -> int:
        """Bytes held by the arrays (the pyramids built so far included)."""
        own = sum(a.nbytes for a in (self.z, self.lat, self.lon, self.klass, self.score, self.bin, self.region,
                                     self.section, self.vision_zero, self.arrears))  # fmt: skip
        pyramids = sum(
            p.z.nbytes * 5 + sum(v.nbytes for v in p.counts.values()) for p in self._pyramids.values()
        )
        fragments = sum(sys.getsizeof(f) for f in self._fragments or ())
        return int(own + self.names.nbytes + pyramids + fragments)

    def fragments(self) -> list[bytes]:
        """Each place as the answer's point in JSON, made once (0.6 s and 68 MB at scale 1): an answer joins
        those it draws instead of making a dictionary of each and encoding it (a third of a street view)."""
        if self._fragments is None:
            with self._lock:
                if self._fragments is None:
                    self._fragments = _fragments(self)
        return self._fragments

    def pyramid(self, k: int) -> _Pyramid:
        """The counts per cell of the grid of 360° / 2^k, built once."""
        found = self._pyramids.get(k)
        if found is None:
            with self._lock:
                found = self._pyramids.get(k)
                if found is None:
                    found = self._pyramids[k] = self._build(k)
        return found

    def _build(self, k: int) -> _Pyramid:
        shift = np.uint64(2 * (FINEST - k))
        cz = self.z >> shift
        start = np.flatnonzero(np.diff(cz, prepend=np.uint64(0)) != 0) if len(cz) else np.zeros(0, np.int64)
        if len(cz) and (not len(start) or start[0] != 0):
            start = np.insert(start, 0, 0)
        start = start.astype(np.int64)
        z = cz[start]
        counts = _reduce(self.lat, self.lon, self.klass, start)
        return _Pyramid(z, *_unzip(z), start, start + counts["n"], counts)

    def mask(self, rows: Ints, want: Wanted) -> npt.NDArray[np.bool_]:
        """Which of rows pass want."""
        keep = np.ones(len(rows), dtype=bool)
        for region in want.regions:
            keep &= self.region[rows] == region.encode()
        if want.section is not None:
            keep &= self.section[rows] == want.section.encode()
        if want.risk_class is not None:
            keep &= self.klass[rows] == RISK_CLASSES.index(want.risk_class)
        if want.vision_zero is not None:
            keep &= self.vision_zero[rows] == want.vision_zero
        if want.arrears is not None:
            keep &= self.arrears[rows] == want.arrears
        return keep


def _compact(v: Any) -> Any:
    """The inverse of _spread: even bits of v brought together."""
    v = v & np.uint64(0x5555555555555555)
    for shift, mask in ((1, 0x3333333333333333), (2, 0x0F0F0F0F0F0F0F0F), (4, 0x00FF00FF00FF00FF),
                        (8, 0x0000FFFF0000FFFF), (16, 0x00000000FFFFFFFF)):  # fmt: skip
        v = (v | (v >> np.uint64(shift))) & np.uint64(mask)
    return v


def _unzip(z: Keys) -> tuple[Ints, Ints]:
    return _compact(z).astype(np.int64), _compact(z >> np.uint64(1)).astype(np.int64)


def _finest(lon: float, lat: float) -> tuple[int, int]:
    cell = 360.0 / (1 << FINEST)
    cx = math.floor((lon + 180) / cell)
    cy = math.floor((mercator(max(-MERCATOR_LAT, min(MERCATOR_LAT, lat))) + 180) / cell)
    return cx, cy


def _band(places: Places, box: tuple[float, float, float, float]) -> Ints:
    """Rows whose finest cell may lie in box (south, west, north, east): one run of the Z-order, widened by a
    cell each way against rounding (Z-order grows with the column and with the row)."""
    south, west, north, east = box
    top = (1 << BITS) - 1
    x0, y0 = _finest(west, south)
    x1, y1 = _finest(east, north)
    lo = zkey(max(0, min(top, x0 - 1)), max(0, min(top, y0 - 1)))
    hi = zkey(max(0, min(top, x1 + 1)), max(0, min(top, y1 + 1)))
    i = int(np.searchsorted(places.z, np.uint64(lo), side="left"))
    j = int(np.searchsorted(places.z, np.uint64(hi), side="right"))
    return np.arange(i, j, dtype=np.int64)


def _in_box(places: Places, rows: Ints, box: tuple[float, float, float, float]) -> npt.NDArray[np.bool_]:
    south, west, north, east = box
    lat, lon = places.lat[rows], places.lon[rows]
    return (lat >= south) & (lat <= north) & (lon >= west) & (lon <= east)


def _runs(places: Places, rows: Ints, k: int) -> tuple[Ints, Keys]:
    """Where each cell's run begins among rows (in Z-order) and the cells' keys at grid k."""
    cz = places.z[rows] >> np.uint64(2 * (FINEST - k))
    if not len(cz):
        return np.zeros(0, np.int64), cz
    start = np.flatnonzero(np.diff(cz)) + 1
    start = np.insert(start, 0, 0).astype(np.int64)
    return start, cz[start]


def _ranges(start: Ints, end: Ints) -> Ints:
    """The rows start[i]:end[i] for every i, concatenated."""
    sizes = end - start
    total = int(sizes.sum())
    if not total:
        return np.zeros(0, np.int64)
    offsets = np.repeat(start - np.concatenate(([0], np.cumsum(sizes)[:-1])), sizes)
    return offsets + np.arange(total, dtype=np.int64)


def _cells(cx: Ints, cy: Ints, c: Mapping[str, Any]) -> dict[str, Any]:
    """The cells as columns (numpy arrays): cx, cy, n, the classes, the mean position and the extent."""
    n = c["n"]
    return {"cx": cx, "cy": cy, "n": n, "high": c["high"], "medium": c["medium"], "low": c["low"],
            "lat": c["slat"] / n, "lon": c["slon"] / n, "south": c["south"], "west": c["west"],
            "north": c["north"], "east": c["east"]}  # fmt: skip


def _clusters(cells: dict[str, Any], t: int) -> list[dict[str, Any]]:
    """The cells of more than t as the answer's clusters (MapCluster's JSON shape), in the grid's order."""
    big = cells["n"] > t
    order = np.lexsort((cells["cx"][big], cells["cy"][big]))
    keys = ("lat", "lon", "n", "high", "medium", "low", "south", "west", "north", "east")
    columns = [cells[key][big][order].tolist() for key in keys]
    return [
        {"lat": la, "lon": lo, "count": m, "high": h, "medium": md, "low": lw, "south": so, "west": we,
         "north": no, "east": ea}
        for la, lo, m, h, md, lw, so, we, no, ea in zip(*columns, strict=True)
    ]  # fmt: skip


def _fragments(places: Places) -> list[bytes]:
    """Each place as the answer's point (jumys.reports.map_schemas.MapPoint) in JSON, in the places' order."""
    return [
        pydantic_core.to_json(
            {"bin": b, "name": nm, "lat": la, "lon": lo, "class": RISK_CLASSES[c], "score": sc, "region": r,
             "section": se}
        )
        for b, nm, la, lo, c, sc, r, se in zip(
            places.bin.astype("U12").tolist(), places.names.to_pylist(), places.lat.tolist(), places.lon.tolist(),
            places.klass.tolist(), places.score.tolist(), places.region.astype("U2").tolist(),
            places.section.astype("U1").tolist(), strict=True,
        )
    ]  # fmt: skip


@dataclass
class _Groups:
    """Runs of rows, a cell each: rows[start[i]:start[i] + n[i]] are cell (cx[i], cy[i])'s (rows None: the
    places' own rows)."""

    rows: Ints | None
    start: Ints
    n: Ints
    cx: Ints
    cy: Ints

    def drawn(self, up_to: int) -> Ints:
        """The rows of the cells of at most up_to (drawn one by one)."""
        small = self.n <= up_to
        which = _ranges(self.start[small], self.start[small] + self.n[small])
        return which if self.rows is None else self.rows[which]


def _counted(places: Places, rows: Ints, k: int) -> tuple[dict[str, Any], _Groups]:
    """The cells of rows (in Z-order) at grid k, and their runs of rows."""
    start, cz = _runs(places, rows, k)
    c = _reduce(places.lat[rows], places.lon[rows], places.klass[rows], start)
    cx, cy = _unzip(cz)
    return _cells(cx, cy, c), _Groups(rows, start, c["n"], cx, cy)


def _from_pyramid(
    places: Places, box: tuple[float, float, float, float], k: int, inside: tuple[int, int, int, int]
) -> tuple[dict[str, Any], list[_Groups]]:
    """The cells wholly inside box from grid k's pyramid; the rows of the cells its edges cut counted."""
    a, b, c, d = inside
    p = places.pyramid(k)
    top = (1 << (k + 1)) - 1
    lo, hi = zkey(max(0, a - 2), max(0, c - 2)), zkey(min(top, b + 2), min(top, d + 2))
    i = int(np.searchsorted(p.z, np.uint64(lo), side="left"))
    j = int(np.searchsorted(p.z, np.uint64(hi), side="right"))
    cx, cy = p.cx[i:j], p.cy[i:j]
    near = (cx >= a - 2) & (cx <= b + 2) & (cy >= c - 2) & (cy <= d + 2)
    inner = near & (cx >= a) & (cx <= b) & (cy >= c) & (cy <= d)
    edge = np.flatnonzero(near & ~inner) + i
    rows = _ranges(p.start[edge], p.end[edge])
    cells, groups = _counted(places, rows[_in_box(places, rows, box)], k)
    at = np.flatnonzero(inner) + i
    counts = {key: v[at] for key, v in p.counts.items()}
    inner_cells = _cells(p.cx[at], p.cy[at], counts)
    cells = {key: np.concatenate((v, inner_cells[key])) for key, v in cells.items()}
    return cells, [groups, _Groups(None, p.start[at], counts["n"], p.cx[at], p.cy[at])]


def places_in_box(
    places: Places,
    want: Wanted,
    box: tuple[float, float, float, float],
    cell: float,
    limit: Callable[[list[int]], int],
) -> Found:
    """The cells of the enterprises wanted in box (south, west, north, east) at a grid of cell degrees, as the
    statement of map_cells counts them, and the points, with their names, of the cells of at most
    limit(the cells' sizes) enterprises."""
    if want.nothing:
        return Found([], [])
    k = _level(cell)
    inside = interior(*box, cell)
    a, b, c, d = inside
    if want.everything and k <= PYRAMID_TO and a <= b and c <= d:
        cells, groups = _from_pyramid(places, box, k, inside)
    else:
        rows = _band(places, box)
        cells, one = _counted(places, rows[_in_box(places, rows, box) & places.mask(rows, want)], k)
        groups = [one]
    sizes = cells["n"].tolist()
    t = limit(sizes)
    rows = np.concatenate([g.drawn(t) for g in groups])
    rows = rows[np.argsort(places.bin[rows], kind="stable")]  # the answer's order
    fragments = places.fragments()
    encoded = b"[" + b",".join([fragments[i] for i in rows.tolist()]) + b"]"
    return Found([], [], encoded=encoded, clusters=_clusters(cells, t), total=sum(sizes))


def load_places(conn: sa.Connection, as_of: Any) -> Places:
    """Every enterprise scored at as_of with coordinates, with its finest cell (computed in SQL as the statement
    computes cells) and its employer's name."""
    cx, cy = _cell_sql()
    klass = sa.case(*((s["class"] == k, i) for i, k in enumerate(RISK_CLASSES)), else_=len(RISK_CLASSES))
    query = (
        sa.select(
            s.bin, s.lat, s.lon, klass.label("klass"), s.score, s.region, s.section,
            s.vision_zero, (s.open_arrears_kzt > 0).label("arrears"), cx.label("cx"), cy.label("cy"), e.name,
        )
        .select_from(risk_scores.outerjoin(employers, e.bin == s.bin))
        .where(s.as_of == sa.bindparam("as_of", type_=sa.Date), s.lat.is_not(None), s.lon.is_not(None))
    )  # fmt: skip
    values = {"cell": 360.0 / (1 << FINEST), "as_of": as_of}
    if conn.dialect.name == "duckdb":  # in columns, without a Python object per value
        table = Prepared(lambda: query).execute_arrow(conn, values)
        names = table.column("name").combine_chunks()
        columns = {key: table.column(key).to_numpy(zero_copy_only=False) for key in table.column_names}
        return Places(columns, names)
    rows = conn.execute(query, values).all()
    keys = ("bin", "lat", "lon", "klass", "score", "region", "section", "vision_zero", "arrears", "cx", "cy")
    columns = {key: [getattr(r, key) for r in rows] for key in keys}
    return Places(columns, pa.array([r.name for r in rows], pa.string()))
