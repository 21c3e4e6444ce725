"""The digital map of enterprises, counted: scored enterprises by region and risk class, safe to publish.

Inspectors and the ministry see every region's counts, an akimat its own region's; the public and
investors see every region with small counts suppressed, their complements too (suppress_row), and
totals that add up only what is shown. The clusters and points are in jumys/reports/map.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from jumys.access.principal import SUPPRESS_BELOW, Principal
from jumys.errors import Forbidden
from jumys.reference.regions import regions
from jumys.reports import messages as M
from jumys.reports.map import MapFilter, risk_dates, sees_enterprises
from jumys.reports.map_schemas import RISK_CLASSES, MapRegionCounts, MapRegions, MapTotals
from jumys.reports.scope import region_clause, require_region
from jumys.safety.tables import risk_scores

s = risk_scores.c


def suppress_row(cells: dict[str, int], total: int) -> tuple[dict[str, int | None], int | None]:
    """A row of counts with its total, safe to publish: primary and complementary cell suppression.

    A count of 1 to SUPPRESS_BELOW - 1 is left out (primary); a row whose total is that small is left
    out whole. When exactly one cell of a row is left out, the total and the other cells would give it
    back, so the smallest other non-zero cell is left out too (complementary). Zeros are shown.
    """
    if 0 < total < SUPPRESS_BELOW:
        return dict.fromkeys(cells), None
    hidden = {k for k, v in cells.items() if 0 < v < SUPPRESS_BELOW}
    if len(hidden) == 1:
        others = sorted((v, k) for k, v in cells.items() if k not in hidden and v > 0)
        if others:
            hidden.add(others[0][1])
    return {k: None if k in hidden else v for k, v in cells.items()}, total


def _counts(conn: sa.Connection, p: Principal, day: dt.date, f: MapFilter) -> dict[str, dict[str, int]]:
    """Per region p may see: scored enterprises, by class, and those without coordinates (the scores hold
    where each enterprise was when scored: one table is read)."""
    scope = region_clause(p, s.region) if p.role == "akimat" else sa.true()  # an akimat reads its own only

    def of(klass: str) -> Any:
        return sa.func.sum(sa.case((s["class"] == klass, 1), else_=0))

    unplaced = sa.func.sum(sa.case((sa.or_(s.lat.is_(None), s.lon.is_(None)), 1), else_=0))
    rows = conn.execute(
        sa.select(
            s.region,
            sa.func.count().label("enterprises"),
            *(of(k).label(k) for k in RISK_CLASSES),
            unplaced.label("unplaced"),
        )
        .where(s.as_of == day, scope, *f.clauses())
        .group_by(s.region)
    ).mappings()
    return {r["region"]: {k: int(v or 0) for k, v in r.items() if k != "region"} for r in rows}


def map_regions(conn: sa.Connection, p: Principal, as_of: dt.date | None, f: MapFilter) -> MapRegions:
    """Scored enterprises by region and class at as_of; the public's small counts suppressed, with totals safe to show.

    Inspectors and the ministry see every region, an akimat its own (the others not visible); the
    public and investors see every region through suppress_row, and may not filter.
    """
    public = not sees_enterprises(p)
    if public and f.narrows:
        raise Forbidden(M.MAP_FILTER_FORBIDDEN)
    if f.region is not None:
        require_region(p, f.region)  # 404 for no such region, 403 for another akimat's
    found = _counts(conn, p, as_of, f) if as_of else {}
    out, totals, hidden, unplaced = [], dict.fromkeys(("enterprises", *RISK_CLASSES), 0), 0, 0
    for region in regions():
        names = {"kato2": region.kato2, "name_ru": region.name_ru, "name_kk": region.name_kk}
        item: dict[str, Any] = names | {"name_en": region.name_en}
        visible = not (p.role == "akimat" and region.kato2 != p.region)
        if not visible:
            out.append(
                MapRegionCounts(
                    **item,
                    visible=False,
                    suppressed=False,
                    enterprises=None,
                    high=None,
                    medium=None,
                    low=None,
                    unplaced=None,
                )
            )
            continue
        r = found.get(region.kato2) or dict.fromkeys(("enterprises", "unplaced", *RISK_CLASSES), 0)
        cells: dict[str, int | None] = {k: r[k] for k in RISK_CLASSES}
        total: int | None = r["enterprises"]
        if public:
            cells, total = suppress_row({k: r[k] for k in RISK_CLASSES}, r["enterprises"])
        hidden += total is None
        for k, v in cells.items():
            totals[k] += v or 0
        totals["enterprises"] += total or 0
        unplaced += r["unplaced"]
        suppressed = total is None or None in cells.values()
        out.append(
            MapRegionCounts(
                **item,
                visible=True,
                suppressed=suppressed,
                enterprises=total,
                **cells,
                unplaced=None if public else r["unplaced"],
            )
        )
    return MapRegions(
        as_of=as_of,
        dates=risk_dates(conn),
        regions=out,
        totals=MapTotals(**totals, regions_hidden=hidden, unplaced=None if public else unplaced),
    )
