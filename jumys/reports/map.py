"""The digital map of enterprises: clusters on a grid per zoom, counts by region and class, and the clustering's rules.

Every enterprise scored at the as-of date (fact_risk_scores) with coordinates (its lat and lon: the
employer's when scored) is a point coloured by its risk class. The server clusters them in SQL on a
grid of cells per zoom: a cell of 360° / 2^zoom / CELLS_PER_TILE of longitude (a quarter of a map
tile, 64 pixels) and the same height in Web Mercator, so a cell looks square on the map at every
latitude. A cell holding more than POINTS_UP_TO enterprises is one cluster (count by class, mean
position, extent); a cell with fewer is its enterprises one by one. No answer holds more than
MAX_FEATURES clusters and points: the grid is coarsened for a large box, and small cells are drawn
as clusters, largest first, when their points would not fit. Who sees what is decided in the SQL
(jumys/reports/scope.py): inspectors and the ministry every enterprise, an akimat those of its
region, the others counts by region and class only (jumys/reports/map_regions.py, with small counts
suppressed).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any, cast

import sqlalchemy as sa

from jumys.access.principal import Principal
from jumys.errors import Forbidden, InvalidInput, NotFound
from jumys.reports import messages as M
from jumys.reports.map_cells import MERCATOR_LAT as MERCATOR_LAT  # the map's edge: rules told here
from jumys.reports.map_cells import Asked, Found, GridMemory, count_cells, names_of
from jumys.reports.map_cells import mercator as mercator
from jumys.reports.map_memory import Places, Wanted, load_places, places_in_box
from jumys.reports.map_schemas import (
    RISK_CLASSES,
    MapClusters,
)
from jumys.reports.schemas import Shaped
from jumys.reports.scope import require_region
from jumys.safety.tables import risk_runs, risk_scores
from jumys.storage.prepared import PreparedSet

MAX_FEATURES = 2_000  # clusters and points in one answer
POINTS_UP_TO = 12  # a cell with at most this many enterprises is drawn one by one
CELLS_PER_TILE = 4  # cells across a 256-pixel map tile: 64-pixel cells
MAX_ZOOM = 18  # at this zoom every cell that fits is drawn one by one, however full
SECTIONS = frozenset("ABCDEFGHIJKLMNOPQRSTU")
_NUMBER = r"-?[0-9]{1,20}(\.[0-9]{1,20})?"
BBOX_PATTERN = rf"^{_NUMBER}(,{_NUMBER}){{3}}$"  # west,south,east,north in plain decimals

s = risk_scores.c


@dataclass(frozen=True)
class MapFilter:
    """What a signed-in asker narrows the map to; None: no condition."""

    region: str | None = None
    section: str | None = None
    risk_class: str | None = None
    vision_zero: bool | None = None
    arrears: bool | None = None

    def clauses(self) -> list[sa.ColumnElement[bool]]:
        """The filter as conditions on fact_risk_scores, its values as parameters named as values() names them."""
        out: list[sa.ColumnElement[bool]] = []
        if self.region is not None:
            out.append(s.region == sa.bindparam("f_region", self.region))
        if self.section is not None:
            out.append(s.section == sa.bindparam("f_section", self.section))
        if self.risk_class is not None:
            out.append(s["class"] == sa.bindparam("f_class", self.risk_class))
        if self.vision_zero is not None:
            out.append(s.vision_zero.is_(sa.true()) if self.vision_zero else s.vision_zero.is_(sa.false()))
        if self.arrears is not None:
            out.append(s.open_arrears_kzt > 0 if self.arrears else s.open_arrears_kzt == 0)
        return out

    def values(self) -> dict[str, str | None]:
        """The values of the parameters of clauses() by name."""
        return {"f_region": self.region, "f_section": self.section, "f_class": self.risk_class}

    def shape(self) -> tuple[bool | None, ...]:
        """What clauses() look like whatever their values: filters of one shape share one statement."""
        return (
            self.region is not None,
            self.section is not None,
            self.risk_class is not None,
            self.vision_zero,
            self.arrears,
        )

    @property
    def narrows(self) -> bool:
        """True when it holds a condition the public may not ask for (section, Vision Zero, arrears)."""
        return self.section is not None or self.vision_zero is not None or self.arrears is not None


@dataclass(frozen=True)
class BBox:
    """A box of the map in degrees: west <= east, south <= north (no wrap at the antimeridian)."""

    west: float
    south: float
    east: float
    north: float

    @classmethod
    def parse(cls, text: str) -> BBox:
        """west,south,east,north as plain decimals; each pair put in order, longitudes clamped to ±180 and
        latitudes to Web Mercator's ±85.05 (a box of no area holds nothing); InvalidInput for anything else."""
        if not re.fullmatch(BBOX_PATTERN, text):
            raise InvalidInput(M.BBOX_INVALID, value=text[:100])
        w, so, ea, no = (float(v) for v in text.split(","))
        lon = sorted(max(-180.0, min(180.0, v)) for v in (w, ea))
        lat = sorted(max(-MERCATOR_LAT, min(MERCATOR_LAT, v)) for v in (so, no))
        return cls(lon[0], lat[0], lon[1], lat[1])


def _cells_across(low: float, high: float, cell: float) -> int:
    return math.floor((high + 180) / cell) - math.floor((low + 180) / cell) + 1


def cell_size(zoom: int, box: BBox) -> float:
    """The grid's cell at zoom, doubled until the box spans at most MAX_FEATURES cells."""
    cell = 360.0 / (1 << zoom) / CELLS_PER_TILE
    low, high = mercator(box.south), mercator(box.north)
    while _cells_across(box.west, box.east, cell) * _cells_across(low, high, cell) > MAX_FEATURES:
        cell *= 2
    return cell


# --- as-of dates and who may see enterprises -------------------------------------------------------


def risk_dates(conn: sa.Connection) -> list[dt.date]:
    """Every risk scoring date, newest first."""
    return list(conn.execute(sa.select(risk_runs.c.as_of).order_by(risk_runs.c.as_of.desc())).scalars())


def resolve_risk_as_of(conn: sa.Connection, value: dt.date | None, listed_at: str) -> dt.date | None:
    """The risk scoring date asked for, or the newest (None before the first); NotFound for a date not scored."""
    dates = risk_dates(conn)
    if value is None:
        return dates[0] if dates else None
    if value not in dates:
        raise NotFound(M.NO_RISK_RUN, date=value.isoformat(), where=listed_at)
    return value


_RUNS = PreparedSet()


def resolve_risk_run(
    conn: sa.Connection, value: dt.date | None, listed_at: str, grids: GridMemory | None = None
) -> tuple[dt.date | None, Any]:
    """resolve_risk_as_of's date and when its run was computed (the key of what the map keeps of it), in one
    prepared statement, or from grids when it read them a moment ago: the map asks it with every box."""

    def read() -> dict[dt.date, Any]:
        rows = _RUNS.execute(conn, "runs", lambda: sa.select(risk_runs.c.as_of, risk_runs.c.computed_at), {})
        return dict(cast(Any, rows).all())

    runs = read() if grids is None else grids.runs(read)
    if value is None:
        value = max(runs, default=None)
    elif value not in runs:
        raise NotFound(M.NO_RISK_RUN, date=value.isoformat(), where=listed_at)
    return value, runs.get(value) if value is not None else None


def sees_enterprises(p: Principal) -> bool:
    """Inspectors, the ministry and akimats see enterprises on the map; the others counts by region."""
    return p.sees_all_regions or (p.role == "akimat" and p.region is not None)


def require_enterprises(p: Principal) -> None:
    """Forbidden for an asker who sees counts by region and class only."""
    if not sees_enterprises(p):
        raise Forbidden(M.MAP_DETAIL_FORBIDDEN)


def _checked(p: Principal, f: MapFilter) -> None:
    if f.region is not None:
        require_region(p, f.region)  # 404 for no such region, 403 for another akimat's
    if f.section is not None and f.section not in SECTIONS:
        raise InvalidInput(M.SECTOR_UNKNOWN)
    if f.risk_class is not None and f.risk_class not in RISK_CLASSES:
        raise InvalidInput(M.STATUS_UNKNOWN, values=", ".join(RISK_CLASSES))


def _asked(p: Principal, day: dt.date, f: MapFilter) -> Asked:
    """The scored enterprises p may see at day that pass f, as conditions with named parameters."""
    where = [s.as_of == sa.bindparam("as_of", day, sa.Date), *f.clauses()]
    values: dict[str, Any] = {"as_of": day, **f.values()}
    if p.sees_all_regions:
        scope = "all"
    elif p.role == "akimat" and p.region:
        scope = "region"
        where.append(s.region == sa.bindparam("scope_region", p.region))
        values["scope_region"] = p.region
    else:
        scope = "none"
        where.append(sa.false())
    return Asked(tuple(where), values, (scope, f.shape()))


def _wanted(p: Principal, f: MapFilter) -> Wanted:
    """What _asked asks, as conditions on the places kept in memory."""
    scope = None if p.sees_all_regions else p.region
    return Wanted(
        regions=tuple(r for r in (scope, f.region) if r is not None),
        section=f.section,
        risk_class=f.risk_class,
        vision_zero=f.vision_zero,
        arrears=f.arrears,
        nothing=not sees_enterprises(p),
    )


# --- clusters and points ---------------------------------------------------------------------------


def _threshold(sizes: list[int], up_to: int) -> int:
    """The largest t <= up_to such that cells of at most t drawn one by one, the rest as clusters, fit."""
    for t in range(up_to, 0, -1):
        features = sum(n if n <= t else 1 for n in sizes)
        if features <= MAX_FEATURES:
            return t
    return 0


def map_clusters(
    conn: sa.Connection,
    p: Principal,
    as_of: dt.date | None,
    box: BBox,
    zoom: int,
    f: MapFilter,
    grids: GridMemory | None = None,
    run: Any = None,
) -> MapClusters:
    """The enterprises p may see in box at zoom that pass f: clusters per grid cell and points of small cells.

    With grids (the door's memory) the box is counted from the places of the date's run kept in memory
    (jumys/reports/map_memory.py) instead of a statement; the answer is the same. run: when the date's run
    was computed (resolve_risk_run), read here when not given."""
    require_enterprises(p)
    _checked(p, f)
    cell = cell_size(zoom, box)
    if as_of is None:
        return MapClusters(as_of=None, zoom=zoom, cell_deg=cell, total=0, clusters=[], points=[])
    up_to = POINTS_UP_TO if zoom < MAX_ZOOM else MAX_FEATURES
    edges = (box.south, box.west, box.north, box.east)
    if grids is not None:
        if run is None:
            run = conn.execute(sa.select(risk_runs.c.computed_at).where(risk_runs.c.as_of == as_of)).scalar()
        places = grids.get(("places", as_of, run), lambda: load_places(conn, as_of))
        return MapClusters.model_validate(_from_places(places, p, as_of, box, zoom, f).plain())
    found = count_cells(conn, _asked(p, as_of, f), edges, cell, up_to)
    t = _threshold([r["n"] for r in found.cells], up_to)  # the cells' limit comes down until all fit
    drawn = [r for r in found.points if r["n"] <= t]
    names = names_of(conn, [r["bin"] for r in drawn])
    counted = Found(found.cells, [dict(r) | {"name": names[r["bin"]]} for r in drawn])
    return _answer(as_of, zoom, cell, counted)


def _from_places(places: Places, p: Principal, as_of: dt.date, box: BBox, zoom: int, f: MapFilter) -> Shaped:
    cell = cell_size(zoom, box)
    up_to = POINTS_UP_TO if zoom < MAX_ZOOM else MAX_FEATURES
    edges = (box.south, box.west, box.north, box.east)
    kept = places_in_box(places, _wanted(p, f), edges, cell, lambda sizes: _threshold(sizes, up_to))
    return _shaped(as_of, zoom, cell, kept)


def map_clusters_at_hand(
    p: Principal, as_of: dt.date | None, box: BBox, zoom: int, f: MapFilter, grids: GridMemory
) -> Shaped | None:
    """map_clusters' answer from grids alone, in the JSON shape of MapClusters, when they know the runs and
    keep the date's places; None otherwise (then map_clusters reads the store). Nothing is read: no
    connection is taken, and no row is validated (a model per row cost more than the clustering)."""
    runs: dict[dt.date, Any] | None = grids.runs_kept()
    if runs is None or (as_of is not None and as_of not in runs) or not runs:
        return None
    day = as_of if as_of is not None else max(runs)
    places = grids.peek(("places", day, runs[day]))
    if places is None:
        return None
    require_enterprises(p)
    _checked(p, f)
    return _from_places(places, p, day, box, zoom, f)


def _answer(as_of: dt.date, zoom: int, cell: float, found: Found) -> MapClusters:
    """The answer of found's cells and the points drawn, validated in one call."""
    return MapClusters.model_validate(_shaped(as_of, zoom, cell, found).plain())


def _shaped(as_of: dt.date, zoom: int, cell: float, found: Found) -> Shaped:
    """The answer of found's cells and the points drawn, in MapClusters' JSON shape: a cell of more than the
    threshold is a cluster. The cells are put in the grid's order and the points in the BINs'."""
    if found.clusters is not None and found.encoded is not None:  # made in memory already
        return Shaped(
            as_of=as_of.isoformat(), zoom=zoom, cell_deg=cell, total=found.total, clusters=found.clusters,
            raw={"points": found.encoded},
        )  # fmt: skip
    cells = sorted(found.cells, key=lambda r: (r["cy"], r["cx"]))  # the grid's order
    t = _threshold([r["n"] for r in cells], POINTS_UP_TO if zoom < MAX_ZOOM else MAX_FEATURES)
    points = [
        {"bin": r["bin"], "name": r["name"], "lat": r["lat"], "lon": r["lon"], "class": r["risk_class"],
         "score": r["score"], "region": r["region"], "section": r["section"]}
        for r in sorted((r for r in found.points if r["n"] <= t), key=lambda r: r["bin"])
    ]  # fmt: skip
    return Shaped(
        as_of=as_of.isoformat(),
        zoom=zoom,
        cell_deg=cell,
        total=sum(r["n"] for r in cells),
        clusters=[
            {"lat": r["lat"], "lon": r["lon"], "count": r["n"], "high": r["high"], "medium": r["medium"],
             "low": r["low"], "south": r["south"], "west": r["west"], "north": r["north"], "east": r["east"]}
            for r in cells if r["n"] > t
        ],
        points=points,
    )  # fmt: skip
