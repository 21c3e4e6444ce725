"""The map's cells and points, counted in SQL, and the memory of whole-map grids that answers low zooms.

A box is one statement: the scored enterprises in it with their grid cell (fact_risk_scores alone: it holds
where each enterprise was when scored, its rows in the order of a grid key), a row per cell (counts by
class, mean position, extent) and a row per enterprise of the cells of at most `up_to`. Their names are
looked up afterwards for the points drawn, by BIN (names_of).

At low zooms (cells of GRID_FROM_CELL degrees or more) a box spans most of the country and its statement
reads every enterprise. There the grid of the whole map is kept (GridMemory, one per door) by date, run,
cell, scope and filter: a box takes the cells lying wholly inside it from the grid, and counts in SQL
only the rows of the cells its edges cut. Every cell is taken whole from one of the two, so the answer is
the statement's over the box. Measured at scale 1: a national box read 374,000 rows (24 ms of CPU), its
edges about 7,000 (6.5 ms).
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from jumys.registry.tables import employers
from jumys.reports.map_schemas import RISK_CLASSES
from jumys.safety.tables import risk_runs, risk_scores
from jumys.storage.prepared import PreparedSet

MERCATOR_LAT = 85.0511287798  # Web Mercator's edge: the map shows nothing nearer the poles
GRID_FROM_CELL = 360.0 / (1 << 7) / 4  # whole-map grids are kept for cells of zoom 7 (0.7 degrees) or coarser
GRIDS_KEPT = 16  # whole-map grids in memory, the least recently used forgotten first
EDGE = 1e-9  # degrees: wider than any difference of rounding between a cell computed in SQL and here
NAMES_BY_KEY = 500  # up to this many points their names are looked up by BIN (an index); more: in one pass

s = risk_scores.c
e = employers.c


def mercator(lat: float) -> float:
    """Web Mercator's y of a latitude, in degrees (±180 at ±85.05°)."""
    return float(math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))))


def latitude(y: float) -> float:
    """The latitude of Web Mercator's y in degrees (mercator's inverse)."""
    return float(math.degrees(2 * math.atan(math.exp(math.radians(y))) - math.pi / 2))


def _mercator_sql(lat: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    clamped = sa.func.greatest(sa.func.least(lat, MERCATOR_LAT), -MERCATOR_LAT)
    return sa.func.degrees(sa.func.ln(sa.func.tan(sa.func.radians(clamped) / 2 + math.pi / 4)))


def _cell_sql() -> tuple[sa.ColumnElement[int], sa.ColumnElement[int]]:
    """The grid cell (cx, cy) of a scored enterprise, in SQL: its longitude and Mercator y in cells (of the
    parameter cell, in degrees) from -180."""
    cell = sa.bindparam("cell", type_=sa.Double)
    cx = sa.cast(sa.func.floor((s.lon + 180.0) / cell), sa.BigInteger)
    cy = sa.cast(sa.func.floor((_mercator_sql(s.lat) + 180.0) / cell), sa.BigInteger)
    return cx, cy


@dataclass(frozen=True)
class Asked:
    """The scored enterprises asked for: conditions with named parameters, their values, and the conditions'
    shape (one shape, one statement: the values change, the statement is prepared once)."""

    where: tuple[sa.ColumnElement[bool], ...]
    values: Mapping[str, Any]
    shape: Hashable

    def key(self) -> Hashable:
        """Who asked what, as a key of the memory of grids."""
        return (self.shape, tuple(sorted(self.values.items())))


@dataclass(frozen=True)
class Found:
    """Cells (n, counts by class, mean position, extent) and the points of the cells of at most up_to,
    each with its cell (cx, cy) and its cell's n; no names."""

    cells: Sequence[sa.RowMapping]
    points: Sequence[sa.RowMapping]


def _statement(where: list[sa.ColumnElement[bool]]) -> sa.CompoundSelect[Any]:
    """One statement: a row per cell (kind 'cell') and a row per enterprise of the cells of at most up_to
    (kind 'point'). The enterprises are kept (MATERIALIZED) for the statement's two uses of them."""
    cx, cy = _cell_sql()
    placed = (
        sa.select(
            s.bin, s.lat, s.lon, s["class"].label("risk_class"), s.score, s.region, s.section,
            cx.label("cx"), cy.label("cy"),
        )
        .where(*where)
        .cte("placed")
        .prefix_with("MATERIALIZED")
    )  # fmt: skip
    c = placed.c

    def of(klass: str) -> Any:
        return sa.func.sum(sa.case((c.risk_class == klass, 1), else_=0))

    cells = (
        sa.select(
            c.cx, c.cy, sa.func.count().label("n"), *(of(k).label(k) for k in RISK_CLASSES),
            sa.func.avg(c.lat).label("lat"), sa.func.avg(c.lon).label("lon"),
            sa.func.min(c.lat).label("south"), sa.func.min(c.lon).label("west"),
            sa.func.max(c.lat).label("north"), sa.func.max(c.lon).label("east"),
        )
        .group_by(c.cx, c.cy)
        .cte("cells")
    )  # fmt: skip
    k = cells.c
    null = sa.null()
    cell_rows = sa.select(
        sa.literal("cell").label("kind"), k.cx, k.cy, k.n, k.high, k.medium, k.low, k.lat, k.lon,
        k.south, k.west, k.north, k.east,
        sa.cast(null, sa.String).label("bin"), sa.cast(null, sa.String).label("risk_class"),
        sa.cast(null, sa.Integer).label("score"), sa.cast(null, sa.String).label("region"),
        sa.cast(null, sa.String).label("section"),
    )  # fmt: skip
    point_rows = (
        sa.select(
            sa.literal("point"), c.cx, c.cy, k.n, null, null, null, c.lat, c.lon, null, null, null, null,
            c.bin, c.risk_class, c.score, c.region, c.section,
        )
        .select_from(placed.join(cells, sa.and_(k.cx == c.cx, k.cy == c.cy)))
        .where(k.n <= sa.bindparam("up_to", type_=sa.Integer))
    )  # fmt: skip
    return cell_rows.union_all(point_rows)


def _in_box() -> list[sa.ColumnElement[bool]]:
    """The box (parameters south, west, north, east) on the scores' coordinates: none without them."""
    return [
        s.lat.between(sa.bindparam("south", type_=sa.Double), sa.bindparam("north", type_=sa.Double)),
        s.lon.between(sa.bindparam("west", type_=sa.Double), sa.bindparam("east", type_=sa.Double)),
    ]


def _near_edges() -> list[sa.ColumnElement[bool]]:
    """The rows of the cells outside cx a..b, cy c..d: the bands of longitude and latitude that hold them
    (cheap, widened by EDGE: parameters lon_lo, lon_hi, lat_lo, lat_hi), then their cells as computed above."""
    cx, cy = _cell_sql()
    p = {n: sa.bindparam(n, type_=sa.Double) for n in ("lon_lo", "lon_hi", "lat_lo", "lat_hi")}
    q = {n: sa.bindparam(n, type_=sa.BigInteger) for n in "abcd"}
    near = sa.or_(s.lon < p["lon_lo"], s.lon > p["lon_hi"], s.lat < p["lat_lo"], s.lat > p["lat_hi"])
    return [near, sa.not_(sa.and_(cx.between(q["a"], q["b"]), cy.between(q["c"], q["d"])))]


def _edge_values(cell: float, a: int, b: int, c: int, d: int) -> dict[str, Any]:
    return {
        "lon_lo": a * cell - 180 + EDGE,
        "lon_hi": (b + 1) * cell - 180 - EDGE,
        "lat_lo": latitude(c * cell - 180) + EDGE,
        "lat_hi": latitude((d + 1) * cell - 180) - EDGE,
        "a": a, "b": b, "c": c, "d": d,
    }  # fmt: skip


_STATEMENTS = PreparedSet()


def count_cells(
    conn: sa.Connection,
    asked: Asked,
    box: tuple[float, float, float, float],
    cell: float,
    up_to: int,
    interior: tuple[int, int, int, int] | None = None,
) -> Found:
    """The cells and points of the enterprises asked for in box (south, west, north, east); with interior
    (cells a..b, c..d), those of the other cells only."""
    south, west, north, east = box
    values = {**asked.values, "south": south, "west": west, "north": north, "east": east}
    values |= {"cell": cell, "up_to": up_to, **(_edge_values(cell, *interior) if interior else {})}

    def build() -> sa.CompoundSelect[Any]:
        return _statement([*asked.where, *_in_box(), *(_near_edges() if interior else [])])

    rows = _STATEMENTS.execute(conn, (asked.shape, interior is not None), build, values).mappings().all()
    return Found([r for r in rows if r["kind"] == "cell"], [r for r in rows if r["kind"] == "point"])


class GridMemory:
    """Whole-map grids computed a moment ago (Found), by a key that names the date's run, the cell, the
    scope and the filter; thread-safe, the least recently used forgotten first (GRIDS_KEPT). A grid asked
    by many at once is computed once: the others wait for it."""

    def __init__(self, kept: int = GRIDS_KEPT) -> None:
        self.kept = kept
        self._grids: OrderedDict[Hashable, Found] = OrderedDict()
        self._computing: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()

    def _kept(self, key: Hashable) -> Found | None:
        with self._lock:
            grid = self._grids.get(key)
            if grid is not None:
                self._grids.move_to_end(key)
            return grid

    def get(self, key: Hashable, compute: Callable[[], Found]) -> Found:
        """The grid kept for key, or compute's, kept."""
        grid = self._kept(key)
        if grid is not None:
            return grid
        with self._lock:
            turn = self._computing.setdefault(key, threading.Lock())
        with turn:
            grid = self._kept(key)  # computed by another while this one waited
            if grid is None:
                grid = compute()
                with self._lock:
                    self._grids[key] = grid
                    while len(self._grids) > self.kept:
                        self._grids.popitem(last=False)
                    self._computing.pop(key, None)
        return grid

    def clear(self) -> None:
        """Forget every grid."""
        with self._lock:
            self._grids.clear()


def interior(south: float, west: float, north: float, east: float, cell: float) -> tuple[int, int, int, int]:
    """The cells (cx from a to b, cy from c to d) lying wholly inside the box, however a cell's edge is
    rounded in SQL (EDGE); a > b or c > d: none."""
    a = math.ceil((west + EDGE + 180) / cell)
    b = math.floor((east - EDGE + 180) / cell) - 1
    c = math.ceil((mercator(south + EDGE) + 180) / cell)
    d = math.floor((mercator(north - EDGE) + 180) / cell) - 1
    return a, b, c, d


def cells_in_box(
    conn: sa.Connection,
    asked: Asked,
    box: tuple[float, float, float, float],
    cell: float,
    up_to: int,
    grids: GridMemory | None = None,
) -> Found:
    """The cells and points of the enterprises asked for in box (south, west, north, east): one statement,
    or, with a memory at a low zoom, the whole map's grid of this run for the cells inside the box and a
    statement for the cells its edges cut."""
    a, b, c, d = inside = interior(*box, cell)
    if grids is None or cell < GRID_FROM_CELL or a > b or c > d:
        return count_cells(conn, asked, box, cell, up_to)
    run = conn.execute(sa.select(risk_runs.c.computed_at).where(risk_runs.c.as_of == asked.values["as_of"]))
    key = (run.scalar(), asked.key(), cell, up_to)
    world = (-MERCATOR_LAT, -180.0, MERCATOR_LAT, 180.0)
    grid = grids.get(key, lambda: count_cells(conn, asked, world, cell, up_to))
    edges = count_cells(conn, asked, box, cell, up_to, inside)

    def within(r: sa.RowMapping) -> bool:
        return bool(a <= r["cx"] <= b and c <= r["cy"] <= d)

    return Found(
        [*edges.cells, *(r for r in grid.cells if within(r))],
        [*edges.points, *(r for r in grid.points if within(r))],
    )


def names_of(conn: sa.Connection, bins: list[str]) -> dict[str, str]:
    """The employers' names of these BINs: by the index on BIN for a few (DuckDB fetches each row for
    0.03 ms), in one pass over the employers for many (a hash join: 30 ms for 2,000 at scale 1)."""
    if not bins:
        return {}
    by_key = len(bins) <= NAMES_BY_KEY
    which = e.bin.in_(bins) if by_key else e.bin == sa.any_(sa.literal(bins, sa.ARRAY(sa.String)))
    return {b: n for b, n in conn.execute(sa.select(e.bin, e.name).where(which))}
