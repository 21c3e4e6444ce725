"""Region read models: the national map, a region's scorecard and trend, the ranked scorecards."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from jumys.access.principal import SUPPRESS_BELOW, Principal
from jumys.projects.schemas import STATUSES
from jumys.projects.tables import region_scorecard, verification_runs
from jumys.reference.regions import Region, get_region, regions
from jumys.reports.schemas import MapRegion, Scorecard, TrendPoint
from jumys.reports.scope import region_view, require_region, small

sc = region_scorecard.c
# person-based cells of a scorecard and the count of persons each is built from
_PERSON_CELLS: dict[str, sa.ColumnElement[Any]] = {
    "verified_permanent_jobs": sc.verified_permanent_jobs,
    "fulfilment": sc.verified_permanent_jobs,
    "credited": sc.credited,
    "youth_jobs": sc.youth_jobs,
    "youth_share": sc.youth_jobs,
    "mean_salary_kzt": sc.credited,
    "salary_ratio": sc.credited,
    "unconfirmed": sc.unconfirmed,
    "temporary_jobs": sc.temporary_jobs,
}
_PLAIN = (
    "as_of",
    "region",
    "rank",
    "projects",
    *STATUSES,
    "promised_permanent_jobs",
    "wage_rule_projects",
    "wage_rule_share",
    "region_avg_wage_kzt",
)


def latest_as_of(conn: sa.Connection) -> dt.date | None:
    """The newest verified as-of date, or None before the first verification."""
    value: dt.date | None = conn.execute(sa.select(sa.func.max(verification_runs.c.as_of))).scalar_one()
    return value


def as_of_dates(conn: sa.Connection) -> list[dt.date]:
    """Every verified as-of date, newest first."""
    return list(
        conn.execute(
            sa.select(verification_runs.c.as_of).order_by(verification_runs.c.as_of.desc())
        ).scalars()
    )


def _suppress(p: Principal) -> bool:
    return not p.sees_all_regions and p.role != "akimat"


def _scorecard_query(p: Principal) -> sa.Select[Any]:
    """Scorecard rows p may see, small person counts suppressed in the SQL (see docs/api.md, disclosure control).

    For the public (and investors) each person cell built from fewer than SUPPRESS_BELOW persons is NULL,
    and so is the rank of a region whose fulfilment is: the rank is counted among the regions whose
    fulfilment is shown, by what is shown, and the regions hidden follow by code.
    """
    if not _suppress(p):
        q = sa.select(*(sc[name] for name in _PLAIN), *(sc[name] for name in _PERSON_CELLS))
        q = q.add_columns(sa.false().label("suppressed"))
        # an akimat's queries never fetch another region's numbers
        return q.where(sc.region == p.region) if p.role == "akimat" else q
    shown = {name: small(sc[name], base) for name, base in _PERSON_CELLS.items()}
    unranked = sa.func.coalesce(sc.verified_permanent_jobs, 0) < SUPPRESS_BELOW
    order = (
        sa.case((unranked, 1), else_=0),
        sa.func.coalesce(shown["fulfilment"], -1).desc(),
        shown["verified_permanent_jobs"].desc(),
        sc.region,
    )
    public_rank = sa.case(
        (unranked, sa.null()), else_=sa.func.row_number().over(partition_by=sc.as_of, order_by=order)
    )
    bases = {id(b): b for b in _PERSON_CELLS.values()}.values()
    hidden = sa.or_(*(sa.func.coalesce(b, 0) < SUPPRESS_BELOW for b in bases))
    cols = [public_rank.label(n) if n == "rank" else sc[n] for n in _PLAIN]
    inner = sa.select(*cols, *(v.label(n) for n, v in shown.items()), hidden.label("suppressed")).subquery()
    return sa.select(inner)


def _names(region: Region) -> dict[str, Any]:
    return {
        "kato2": region.kato2,
        "name_ru": region.name_ru,
        "name_kk": region.name_kk,
        "name_en": region.name_en,
    }


def _rows_at(
    conn: sa.Connection, p: Principal, as_of: dt.date | None, kato2: str | None = None
) -> dict[str, Any]:
    if as_of is None:
        return {}
    q = _scorecard_query(p)
    c = q.selected_columns
    q = q.where(c.as_of == as_of)
    if kato2 is not None:
        q = q.where(c.region == kato2)
    return {r["region"]: dict(r) for r in conn.execute(q).mappings()}


def _previous(conn: sa.Connection, as_of: dt.date) -> dt.date | None:
    value: dt.date | None = conn.execute(
        sa.select(sa.func.max(sc.as_of)).where(sc.as_of < as_of)
    ).scalar_one()
    return value


def national_map(conn: sa.Connection, p: Principal, as_of: dt.date | None) -> list[MapRegion]:
    """One row per region of the 20 at as_of: projects, promised and verified jobs, fulfilment, statuses."""
    rows = _rows_at(conn, p, as_of)
    out = []
    for region in regions():
        view = region_view(p, region.kato2)
        r = rows.get(region.kato2)
        item = _names(region) | {"visible": view != "none"}
        if view == "none":
            item |= {
                "projects": None,
                "promised": None,
                "verified": None,
                "fulfilment": None,
                "suppressed": False,
            } | dict.fromkeys(STATUSES)
        elif r is None:
            item |= {
                "projects": 0,
                "promised": 0,
                "verified": 0 if view == "full" else None,
                "fulfilment": None,
                "suppressed": view == "suppressed",
            } | dict.fromkeys(STATUSES, 0)
        else:
            item |= {
                "projects": r["projects"],
                "promised": r["promised_permanent_jobs"],
                "verified": r["verified_permanent_jobs"],
                "fulfilment": r["fulfilment"],
                "suppressed": view == "suppressed" and r["verified_permanent_jobs"] is None,
            } | {s: r[s] for s in STATUSES}
        out.append(MapRegion(**item))
    return out


def national_totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The country's headline over the national_map rows (as dicts) the asker may see, safe to publish.

    Projects and promised jobs count every region seen; verified jobs and fulfilment only the regions
    whose verified jobs are shown, so that no suppressed cell is part of a total shown and none follows
    from a total by subtraction. regions_hidden says how many regions with projects were left out.
    """
    seen = [r for r in rows if r["visible"]]
    shown = [r for r in seen if r["verified"] is not None]
    promised_shown = sum(r["promised"] or 0 for r in shown)
    verified = sum(r["verified"] for r in shown)
    return {
        "projects": sum(r["projects"] or 0 for r in seen),
        "promised": sum(r["promised"] or 0 for r in seen),
        "verified": verified,
        "fulfilment": verified / promised_shown if promised_shown else None,
        "regions_hidden": sum(1 for r in seen if r["verified"] is None and r["projects"]),
    }


def _scorecard_item(
    region: Region,
    r: dict[str, Any] | None,
    before: dict[str, Any] | None,
    as_of: dt.date | None,
    previous: dt.date | None,
    suppressed_view: bool,
) -> Scorecard:
    item = _names(region) | {"as_of": as_of, "previous_as_of": previous}
    if r is None:
        item |= dict.fromkeys((*_PLAIN[2:], *_PERSON_CELLS))
        item |= {"projects": 0, "promised_permanent_jobs": 0, "suppressed": suppressed_view} | dict.fromkeys(
            STATUSES, 0
        )
        item |= {"rank_change": None, "fulfilment_change": None}
        return Scorecard(**item)
    item |= {k: v for k, v in r.items() if k not in ("region", "as_of")}
    item["suppressed"] = bool(r["suppressed"])
    ranks = (before["rank"] if before else None, r["rank"])  # None where the rank is suppressed for the asker
    item["rank_change"] = ranks[0] - ranks[1] if None not in ranks else None  # positive: moved up
    item["fulfilment_change"] = (
        r["fulfilment"] - before["fulfilment"]
        if before and r["fulfilment"] is not None and before["fulfilment"] is not None
        else None
    )
    return Scorecard(**item)


def region_overview(conn: sa.Connection, p: Principal, kato2: str, as_of: dt.date | None) -> Scorecard:
    """A region's scorecard at as_of with its rank, the change since the previous as-of date and its names."""
    region = require_region(p, kato2)
    previous = _previous(conn, as_of) if as_of else None
    now = _rows_at(conn, p, as_of, kato2).get(kato2)
    before = _rows_at(conn, p, previous, kato2).get(kato2)
    return _scorecard_item(region, now, before, as_of, previous, region_view(p, kato2) == "suppressed")


def region_scorecards(conn: sa.Connection, p: Principal, as_of: dt.date | None) -> list[Scorecard]:
    """The scorecards at as_of that p may see, best rank first."""
    previous = _previous(conn, as_of) if as_of else None
    now = _rows_at(conn, p, as_of)
    before = _rows_at(conn, p, previous)
    out = []
    # regions without a rank (suppressed for p) come last, by code: their place says nothing of them
    for kato2, r in sorted(now.items(), key=lambda kv: (kv[1]["rank"] is None, kv[1]["rank"] or 0, kv[0])):
        region = get_region(kato2)
        if region is not None:
            out.append(_scorecard_item(region, r, before.get(kato2), as_of, previous, False))
    return out


def region_trend(conn: sa.Connection, p: Principal, kato2: str) -> list[TrendPoint]:
    """A region's promised and verified permanent jobs and fulfilment per stored as-of date, oldest first."""
    require_region(p, kato2)
    q = _scorecard_query(p)
    q = q.where(q.selected_columns.region == kato2).order_by(q.selected_columns.as_of)
    return [
        TrendPoint(
            as_of=r["as_of"],
            promised=r["promised_permanent_jobs"],
            verified=r["verified_permanent_jobs"],
            fulfilment=r["fulfilment"],
            suppressed=bool(r["suppressed"]),
        )
        for r in conn.execute(q).mappings()
    ]
