"""The points of a permit application (docs/permits.md, "Points"): each criterion a query over the registries.

An application of a scored category (rules.POINTS_CATEGORIES) earns points by six criteria, each with the
value measured, the points it earns and the rule that turns one into the other: (a) the offered salary
against citizens' salaries of the occupation in the region, (b) the qualification by NKZ major group, (c) a
shortage of the occupation in the region, (d) the employer's record: citizens among its hires, citizens it
trained, and open wage arrears as a deduction. Everything is read as it stood on the day the application was
submitted, so the points of an application never change with the order it is decided in.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa

from jumys.kit.i18n import render
from jumys.kit.messages import Named, Share, Text
from jumys.permits import messages as M
from jumys.permits import rules
from jumys.permits.checks import contracts, region_of, vacancies
from jumys.permits.schemas import Application, Points, PointsComponent
from jumys.permits.tables import permit_points
from jumys.reference.regions import get_region
from jumys.registry.tables import TABLES, persons

job_seekers = TABLES["job_seekers"]
training = TABLES["training"]
arrears = TABLES["arrears"]
LANGS = ("ru", "kk", "en")
Component = dict[str, Any]  # {"criterion", "value", "points", "rule"} as stored (rule: its parameters)


def year_before(day: dt.date) -> dt.date:
    """The same date a year before (28 February for a 29 February): the record's 12 months begin after it."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def _citizen(person_id: sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
    """A citizen as check 3 counts one: not a foreigner (a citizen, a kandas, or a person without a row)."""
    foreigners = sa.select(persons.c.person_id).where(persons.c.status == "foreigner")
    return person_id.not_in(foreigners.scalar_subquery())


def _count(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def salary(conn: sa.Connection, app: Application) -> Component:
    """(a) The share of citizens' salaries (contracts active that day in the region) under the offered salary,
    within the occupation, else its major group, else the region, whichever first has enough contracts."""
    rule = {
        "full": rules.SALARY_PERCENTILES[0][1],
        "full_at": rules.SALARY_PERCENTILES[0][0],
        "half": rules.SALARY_PERCENTILES[1][1],
        "half_at": rules.SALARY_PERCENTILES[1][0],
        "least": rules.SALARY_MIN_CONTRACTS,
    }
    value: dict[str, Any] = {"salary_kzt": app.salary_kzt, "nkz": app.nkz, "region": app.region}
    if app.salary_kzt is None:
        return {"criterion": "salary", "value": value, "points": 0, "rule": rule}
    day, group = app.submitted_on, app.nkz[:1]
    c = contracts.c
    in_group = sa.func.substr(c.nkz, sa.literal_column("1"), sa.literal_column("1")) == group
    below = c.salary_kzt < app.salary_kzt
    row = conn.execute(
        sa.select(
            _count(c.nkz == app.nkz),
            _count(sa.and_(c.nkz == app.nkz, below)),
            _count(in_group),
            _count(sa.and_(in_group, below)),
            sa.func.count(),
            _count(below),
        ).where(
            region_of(c.kato) == app.region,
            c.start_date <= day,
            sa.or_(c.end_date.is_(None), c.end_date >= day),
            _citizen(c.person_id),
        )
    ).one()
    levels = (("occupation", row[0], row[1]), ("group", row[2], row[3]), ("region", row[4], row[5]))
    reference, n, under = next(
        (lv for lv in levels if int(lv[1]) >= rules.SALARY_MIN_CONTRACTS), ("region", row[4], row[5])
    )
    n, under = int(n), int(under)
    share = round(under / n, 4) if n else None
    value |= {"reference": reference if n else None, "group": group, "contracts": n, "below": under}
    value["share"] = share
    points = rules.banded(share, rules.SALARY_PERCENTILES) if share is not None else 0
    return {"criterion": "salary", "value": value, "points": points, "rule": rule}


def qualification(app: Application) -> Component:
    """(b) The points of the occupation's NKZ major group."""
    group = app.nkz[:1]
    rule = {"top": rules.QUALIFICATION_POINTS["1"], "mid": rules.QUALIFICATION_POINTS["3"]}
    points = rules.QUALIFICATION_POINTS.get(group, 0)
    return {"criterion": "qualification", "value": {"group": group}, "points": points, "rule": rule}


def shortage(conn: sa.Connection, app: Application, since: dt.date) -> Component:
    """(c) Vacancies of the occupation in the region posted in the 12 months and not filled on the day, against
    the job seekers of the occupation registered there that day."""
    day, v, s = app.submitted_on, vacancies.c, job_seekers.c
    unfilled = conn.execute(
        sa.select(sa.func.count()).where(
            v.nkz == app.nkz,
            region_of(v.kato) == app.region,
            v.posted_on > since,
            v.posted_on <= day,
            sa.or_(sa.not_(v.filled), v.closed_on > day),
        )
    ).scalar_one()
    seekers = conn.execute(
        sa.select(sa.func.count()).where(
            s.nkz == app.nkz,
            region_of(s.kato) == app.region,
            s.registered_on <= day,
            sa.or_(s.left_on.is_(None), s.left_on > day),
        )
    ).scalar_one()
    unfilled, seekers = int(unfilled), int(seekers)
    if unfilled == 0:
        points = 0
    elif seekers == 0:
        points = rules.SHORTAGE_RATIOS[0][1]
    else:
        points = rules.banded(unfilled / seekers, rules.SHORTAGE_RATIOS)
    value = {
        "nkz": app.nkz,
        "region": app.region,
        "since": since.isoformat(),
        "unfilled": unfilled,
        "seekers": seekers,
    }
    rule = {
        "full": rules.SHORTAGE_RATIOS[0][1],
        "full_ratio": rules.SHORTAGE_RATIOS[0][0],
        "half": rules.SHORTAGE_RATIOS[1][1],
    }
    return {"criterion": "shortage", "value": value, "points": points, "rule": rule}


def record(conn: sa.Connection, app: Application, since: dt.date) -> list[Component]:
    """(d) The employer's record: citizens among its hires and citizens it trained in the 12 months, open arrears."""
    day, c, t, a = app.submitted_on, contracts.c, training.c, arrears.c
    hired = sa.and_(c.start_date > since, c.start_date <= day)
    active = sa.and_(c.start_date <= day, sa.or_(c.end_date.is_(None), c.end_date >= day))
    hires, citizens, staff = conn.execute(
        sa.select(_count(hired), _count(sa.and_(hired, _citizen(c.person_id))), _count(active)).where(
            c.bin == app.bin
        )
    ).one()
    trained = conn.execute(
        sa.select(sa.func.count(sa.distinct(t.person_id))).where(
            t.bin == app.bin,
            t.paid_by == "employer",
            t.started_on > since,
            t.started_on <= day,
            _citizen(t.person_id),
        )
    ).scalar_one()
    open_, amount = conn.execute(
        sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(a.amount_kzt), 0)).where(
            a.bin == app.bin, a.reported_on <= day, sa.or_(a.repaid_on.is_(None), a.repaid_on > day)
        )
    ).one()
    hires, citizens, staff, trained = int(hires), int(citizens), int(staff), int(trained)
    hire_share = round(citizens / hires, 4) if hires else None
    train_share = round(trained / staff, 4) if staff else None
    train_points = rules.banded(train_share or 0.0, rules.TRAINING_SHARES) or rules.TRAINING_ANY * (
        trained > 0
    )
    when = since.isoformat()
    return [
        {
            "criterion": "local_hiring",
            "value": {"since": when, "hires": hires, "citizens": citizens, "share": hire_share},
            "points": rules.banded(hire_share, rules.LOCAL_HIRING_SHARES) if hire_share is not None else 0,
            "rule": _bands(rules.LOCAL_HIRING_SHARES),
        },
        {
            "criterion": "training",
            "value": {"since": when, "trained": trained, "staff": staff, "share": train_share},
            "points": train_points,
            "rule": _bands(rules.TRAINING_SHARES) | {"any": rules.TRAINING_ANY},
        },
        {
            "criterion": "arrears",
            "value": {"day": day.isoformat(), "open": int(open_), "amount_kzt": int(amount)},
            "points": rules.ARREARS_DEDUCTION if int(open_) else 0,
            "rule": {"deduction": rules.ARREARS_DEDUCTION},
        },
    ]


def _bands(bands: tuple[tuple[float, int], ...]) -> dict[str, Any]:
    """A rule's full (and half) band as message parameters."""
    out: dict[str, Any] = {"full": bands[0][1], "full_at": bands[0][0]}
    if len(bands) > 1:
        out |= {"half": bands[1][1], "half_at": bands[1][0]}
    return out


def score_application(conn: sa.Connection, app: Application) -> list[Component] | None:
    """The points of an application by every criterion, as stored; None for a category never scored."""
    if app.category not in rules.POINTS_CATEGORIES or app.bin is None:
        return None
    since = year_before(app.submitted_on)
    return [salary(conn, app), qualification(app), shortage(conn, app, since), *record(conn, app, since)]


def total_of(components: list[Component]) -> int:
    """The points of every criterion added (a deduction takes points away)."""
    return sum(int(c["points"]) for c in components)


# ---- in words ------------------------------------------------------------------------------------------


def region_named(region: str) -> Named | str:
    """A region's name in each language (its code when unknown)."""
    r = get_region(region)
    return region if r is None else Named({"ru": r.name_ru, "kk": r.name_kk, "en": r.name_en})


def _shares(params: dict[str, Any]) -> dict[str, Any]:
    return {k: Share(v) if k.endswith(("_at", "share")) and v is not None else v for k, v in params.items()}


def value_text(criterion: str, value: dict[str, Any]) -> Text:
    """What a criterion measured, in words."""
    v = _shares(value)
    if "region" in v:
        v["region"] = region_named(v["region"])
    for name in ("since", "day"):
        if name in v:
            v[name] = dt.date.fromisoformat(v[name])
    if criterion == "salary":
        if v["salary_kzt"] is None:
            return M.SALARY_NOT_STATED()
        if not v["contracts"]:
            return M.SALARY_NO_REFERENCE(salary_kzt=v["salary_kzt"], region=v["region"])
        reference = {
            "occupation": M.REFERENCE_OCCUPATION(nkz=v["nkz"], region=v["region"]),
            "group": M.REFERENCE_GROUP(group=v["group"], region=v["region"]),
            "region": M.REFERENCE_REGION(region=v["region"]),
        }[v["reference"]]
        return M.SALARY_VALUE(
            salary_kzt=v["salary_kzt"], share=v["share"], contracts=v["contracts"], reference=reference
        )
    if criterion == "qualification":
        return M.QUALIFICATION_VALUE(group=v["group"], name=M.NKZ_GROUP_NAMES[v["group"]]())
    return {
        "shortage": M.SHORTAGE_VALUE,
        "local_hiring": M.LOCAL_HIRING_VALUE,
        "training": M.TRAINING_VALUE,
        "arrears": M.ARREARS_VALUE,
    }[criterion](**v)


_RULES = {
    "salary": M.SALARY_RULE,
    "qualification": M.QUALIFICATION_RULE,
    "shortage": M.SHORTAGE_RULE,
    "local_hiring": M.LOCAL_HIRING_RULE,
    "training": M.TRAINING_RULE,
    "arrears": M.ARREARS_RULE,
}


def rule_text(criterion: str, rule: dict[str, Any]) -> Text:
    """The rule of a criterion, with its thresholds and points."""
    return _RULES[criterion](**_shares(rule))


def component_text(c: Component) -> Text:
    """A criterion in words: its value, the points it earns and its rule."""
    return M.POINTS_LINE(
        value=value_text(c["criterion"], c["value"]),
        points=int(c["points"]),
        rule=rule_text(c["criterion"], c["rule"]),
    )


def points_of(components: list[Component], pass_mark: int) -> Points:
    """The stored components as the interface shows them: each with its rule in English and its sentence."""
    shown = [
        PointsComponent(
            criterion=c["criterion"],
            value=c["value"],
            points=int(c["points"]),
            rule=rule_text(c["criterion"], c["rule"]).english,
            sentence={
                lang: render(t.code, t.params, lang).strip() for t in [component_text(c)] for lang in LANGS
            },
        )
        for c in components
    ]
    return Points(total=total_of(components), pass_mark=pass_mark, components=shown)


def stored_points(conn: sa.Connection, application_ids: list[str]) -> dict[str, Points]:
    """The points stored with the decisions of these applications, by id (unscored ones left out)."""
    t = permit_points
    rows = conn.execute(
        sa.select(t.c.application_id, t.c.pass_mark, t.c.components).where(
            t.c.application_id.in_(sorted(set(application_ids)))
        )
    )
    return {r.application_id: points_of(json.loads(r.components), int(r.pass_mark)) for r in rows}
