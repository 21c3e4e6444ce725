"""The enterprise card of the digital map: risk with its factors, inspections, incidents, arrears, staff, wages.

Staff and wages are the risk scoring's own measures (fact_risk_scores: headcount and the factors'
values), so a card never scans contracts or payroll by BIN. Inspections, incidents and arrears are
those dated before the as-of date, the facts the score was computed from; the newest CARD_ROWS of
each are listed, with their count.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa

from jumys.access.principal import Principal
from jumys.errors import NotFound
from jumys.reference.oked import oked_section
from jumys.registry.tables import TABLES, employers
from jumys.reports import messages as M
from jumys.reports.map import require_enterprises
from jumys.reports.map_schemas import (
    CardArrear,
    CardIncident,
    CardInspection,
    CardStaff,
    CardWages,
    EnterpriseCard,
    Factor,
)
from jumys.reports.scope import employer_clause
from jumys.safety.tables import risk_scores

CARD_ROWS = 50

inspections = TABLES["inspections"]
incidents = TABLES["incidents"]
arrears = TABLES["arrears"]
vision_zero = TABLES["vision_zero"]


def _factors(text: str | None) -> list[Factor]:
    if not text:
        return []
    return [Factor.model_validate(f) for f in json.loads(text)]


def _number(values: dict[str, Any], code: str) -> float | None:
    v = values.get(code)
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None


def _listed(
    conn: sa.Connection, table: sa.Table, columns: list[str], dated: str, bin: str, day: dt.date | None
) -> tuple[list[dict[str, Any]], int]:
    """The newest CARD_ROWS rows of bin's table dated before day, and how many there are."""
    t = table.c
    where = [t.bin == bin] + ([t[dated] < day] if day else [])
    rows = (
        conn.execute(
            sa.select(*(t[c] for c in columns), sa.func.count().over().label("n_all"))
            .where(*where)
            .order_by(t[dated].desc(), t[columns[0]].desc())
            .limit(CARD_ROWS)
        )
        .mappings()
        .all()
    )
    return [dict(r) for r in rows], int(rows[0]["n_all"]) if rows else 0


def enterprise_card(conn: sa.Connection, p: Principal, bin: str, as_of: dt.date | None) -> EnterpriseCard:
    """The card of an enterprise p may see (NotFound for one of another akimat's region, as for none)."""
    require_enterprises(p)
    e = employers.c
    row = (
        conn.execute(
            sa.select(e.bin, e.name, e.kato, e.oked, e.lat, e.lon).where(e.bin == bin, employer_clause(p))
        )
        .mappings()
        .first()
    )
    if row is None:
        raise NotFound(M.NO_EMPLOYER, bin=bin)
    s = risk_scores.c
    risk = (
        conn.execute(sa.select(risk_scores).where(s.as_of == as_of, s.bin == bin)).mappings().first()
        if as_of
        else None
    )
    factors = _factors(risk["factors"] if risk else None)
    values = {f.factor: f.value for f in factors}
    joined = conn.execute(sa.select(vision_zero.c.joined_on).where(vision_zero.c.bin == bin)).scalar()
    found_inspections, n_inspections = _listed(
        conn,
        inspections,
        ["inspection_id", "inspected_on", "kind", "violations", "fine_kzt"],
        "inspected_on",
        bin,
        as_of,
    )
    found_incidents, n_incidents = _listed(
        conn, incidents, ["incident_id", "occurred_on", "severity", "victims"], "occurred_on", bin, as_of
    )
    found_arrears, n_arrears = _listed(
        conn,
        arrears,
        ["arrear_id", "reported_on", "amount_kzt", "workers", "repaid_on", "repaid_kzt"],
        "reported_on",
        bin,
        as_of,
    )
    for a in found_arrears:
        a["open"] = a["repaid_on"] is None or (as_of is not None and a["repaid_on"] >= as_of)
    return EnterpriseCard(
        bin=row["bin"],
        name=row["name"],
        kato=row["kato"],
        region=row["kato"][:2],
        oked=row["oked"],
        section=risk["section"] if risk else oked_section(row["oked"]),
        lat=row["lat"],
        lon=row["lon"],
        as_of=as_of,
        score=risk["score"] if risk else None,
        risk_class=risk["class"] if risk else None,
        rank=risk["rank"] if risk else None,
        vision_zero_since=joined if joined is not None and (as_of is None or joined < as_of) else None,
        factors=factors,
        staff=CardStaff(
            headcount=risk["headcount"] if risk else None,
            avg_headcount=_number(values, "avg_headcount"),
            churn=_number(values, "churn"),
            harmful_share=_number(values, "harmful_share"),
        ),
        wages=CardWages(
            low_pay_share=_number(values, "low_pay_share"),
            unconfirmed_share=_number(values, "unconfirmed_share"),
            open_arrears_kzt=risk["open_arrears_kzt"] if risk else None,
            arrears_workers=_number(values, "arrears_workers"),
        ),
        inspections=[CardInspection.model_validate(r) for r in found_inspections],
        inspections_total=n_inspections,
        incidents=[CardIncident.model_validate(r) for r in found_incidents],
        incidents_total=n_incidents,
        arrears=[CardArrear.model_validate(r) for r in found_arrears],
        arrears_total=n_arrears,
    )
