"""The map's cells and points counted in SQL, and the door's memory that keeps the places of a run.

A box is one statement: the scored enterprises in it with their grid cell (fact_risk_scores alone: it holds
where each enterprise was when scored, its rows in the order of a grid key), a row per cell (counts by
class, mean position, extent) and a row per enterprise of the cells of at most `up_to`. Their names are
looked up afterwards for the points drawn, by BIN (names_of). The doors answer from the places kept in
memory instead (jumys/reports/map_memory.py, GridMemory): the same cells, computed without SQL; the
statement is the definition, and the tests compare the two.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import sqlalchemy as sa

from jumys.registry.tables import employers
from jumys.reports.map_schemas import RISK_CLASSES
from jumys.safety.tables import risk_scores
from jumys.storage.prepared import PreparedSet

MERCATOR_LAT = 85.0511287798  # Web Mercator's edge: the map shows nothing nearer the poles
GRIDS_KEPT = 4  # runs whose places are kept in memory, the least recently used forgotten first
EDGE = 1e-9  # degrees: wider than any difference of rounding between a cell computed in SQL and here
NAMES_BY_KEY = 500  # up to this many points their names are looked up by BIN (an index); more: in one pass

s = risk_scores.c
e = employers.c
T = TypeVar("T")


def mercator(lat: float) -> float:
    """Web Mercator's y of a latitude, in degrees (±180 at ±85.05°)."""
    return float(math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))))


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

    cells: Sequence[Mapping[str, Any]]
    points: Sequence[Mapping[str, Any]]
    # from memory (map_memory): the answer's parts made already (cells and points empty then)
    encoded: bytes | None = None  # the points drawn, as JSON, in the answer's order
    clusters: list[dict[str, Any]] | None = None  # the clusters, in the answer's shape and order
    total: int = 0


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


_STATEMENTS = PreparedSet()


def count_cells(
    conn: sa.Connection,
    asked: Asked,
    box: tuple[float, float, float, float],
    cell: float,
    up_to: int,
) -> Found:
    """The cells and points of the enterprises asked for in box (south, west, north, east)."""
    south, west, north, east = box
    values = {**asked.values, "south": south, "west": west, "north": north, "east": east}
    values |= {"cell": cell, "up_to": up_to}

    def build() -> sa.CompoundSelect[Any]:
        return _statement([*asked.where, *_in_box()])

    rows = cast(
        Sequence[Mapping[str, Any]], _STATEMENTS.execute(conn, asked.shape, build, values).mappings().all()
    )
    return Found([r for r in rows if r["kind"] == "cell"], [r for r in rows if r["kind"] == "point"])


class GridMemory:
    """What the map computed a moment ago (the places of a date's run: map_memory.Places) by a key that names
    the run; thread-safe, the least recently used forgotten first (GRIDS_KEPT). What many ask at once is
    computed once: the others wait for it. It also knows the scoring runs (their dates and when each was
    computed) for `seconds`, as the doors keep answers (JUMYS_API_CACHE_SECONDS): a box then reads nothing
    from the store."""

    def __init__(self, kept: int = GRIDS_KEPT, seconds: float = 0.0) -> None:
        self.kept = kept
        self.seconds = seconds
        self._runs: tuple[float, Any] | None = None
        self._grids: OrderedDict[Hashable, Any] = OrderedDict()
        self._computing: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()

    def peek(self, key: Hashable) -> Any:
        """What is kept for key (None: nothing), made the most recently used."""
        with self._lock:
            grid = self._grids.get(key)
            if grid is not None:
                self._grids.move_to_end(key)
            return grid

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The grid kept for key, or compute's, kept."""
        grid = self.peek(key)
        if grid is not None:
            return cast(T, grid)
        with self._lock:
            turn = self._computing.setdefault(key, threading.Lock())
        with turn:
            grid = self.peek(key)  # computed by another while this one waited
            if grid is None:
                grid = compute()
                with self._lock:
                    self._grids[key] = grid
                    while len(self._grids) > self.kept:
                        self._grids.popitem(last=False)
                    self._computing.pop(key, None)
        return cast(T, grid)

    def runs_kept(self) -> Any:
        """The runs read less than `seconds` ago, or None."""
        kept = self._runs
        return kept[1] if kept is not None and time.monotonic() - kept[0] < self.seconds else None

    def runs(self, read: Callable[[], T]) -> T:
        """The runs read by read a moment ago (less than `seconds`), or read's now, kept."""
        now = time.monotonic()
        kept = self._runs
        if kept is not None and now - kept[0] < self.seconds:
            return cast(T, kept[1])
        runs = read()
        self._runs = (now, runs)
        return runs

    def clear(self) -> None:
        """Forget every grid and the runs."""
        with self._lock:
            self._grids.clear()
            self._runs = None


def interior(south: float, west: float, north: float, east: float, cell: float) -> tuple[int, int, int, int]:
    """The cells (cx from a to b, cy from c to d) lying wholly inside the box, however a cell's edge is
    rounded in SQL (EDGE); a > b or c > d: none."""
    a = math.ceil((west + EDGE + 180) / cell)
    b = math.floor((east - EDGE + 180) / cell) - 1
    c = math.ceil((mercator(south + EDGE) + 180) / cell)
    d = math.floor((mercator(north - EDGE) + 180) / cell) - 1
    return a, b, c, d


def names_of(conn: sa.Connection, bins: list[str]) -> dict[str, str]:
    """The employers' names of these BINs: by the index on BIN for a few (DuckDB fetches each row for
    0.03 ms), in one pass over the employers for many (a hash join: 30 ms for 2,000 at scale 1)."""
    if not bins:
        return {}
    by_key = len(bins) <= NAMES_BY_KEY
    which = e.bin.in_(bins) if by_key else e.bin == sa.any_(sa.literal(bins, sa.ARRAY(sa.String)))
    return {b: n for b, n in conn.execute(sa.select(e.bin, e.name).where(which))}
