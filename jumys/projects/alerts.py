"""Alerts: failed and at-risk projects, contracts without contributions, wage share under target.

Each alert says why in one sentence in Russian, Kazakh and English, with the numbers behind it: the
sentence of its code (jumys/projects/messages.py) from the catalogue, numbers and dates per locale.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection
from typing import Any

import sqlalchemy as sa

from jumys.kit.i18n import translator
from jumys.kit.messages import Share, Text
from jumys.projects.messages import ALERTS
from jumys.projects.methodology import Methodology
from jumys.projects.tables import alerts, project_verification
from jumys.registry.tables import TABLES


def detect(row: dict[str, Any], deadline: dt.date, m: Methodology) -> list[tuple[str, str, dict[str, Any]]]:
    """The alerts of one project's verification: (kind, severity, numbers)."""
    out: list[tuple[str, str, dict[str, Any]]] = []
    base = {
        "verified": row["verified_permanent_jobs"],
        "promised": row["promised_permanent_jobs"],
        "expected": row["expected_jobs"],
        "deadline": deadline.isoformat(),
    }
    if row["status"] == "failed":
        out.append(("failed", "high", base))
    if row["status"] == "at_risk":
        out.append(("at_risk", "medium", base))
    unconfirmed, credited = row["unconfirmed"], row["credited"]
    if unconfirmed > 0:
        high = unconfirmed >= 3 or unconfirmed * 5 >= unconfirmed + credited
        out.append(
            ("unconfirmed", "high" if high else "medium", {"unconfirmed": unconfirmed, "credited": credited})
        )
    if row["status"] != "pending" and row["meets_wage_share"] is False:
        out.append(
            (
                "low_wage_share",
                "high" if row["status"] in ("fulfilled", "failed") else "medium",
                {
                    "wage_bill": row["wage_bill_kzt"],
                    "investment": row["investment_kzt"],
                    "share": row["wage_share"],
                    "target": m.wage_share_target,
                },
            )
        )
    return out


def alert_text(kind: str, project_id: str, as_of: dt.date, numbers: dict[str, Any]) -> Text:
    """The alert as its message (code alert.<kind>) with the project, the date and the numbers behind it."""
    values = dict(numbers)
    if "deadline" in numbers:
        values["deadline"] = dt.date.fromisoformat(numbers["deadline"])
    if "share" in numbers:
        values |= {"share": Share(numbers["share"] or 0.0), "target": Share(numbers["target"])}
    return ALERTS[kind](pid=project_id, as_of=as_of, **values)


def render(kind: str, lang: str, project_id: str, as_of: dt.date, numbers: dict[str, Any]) -> str:
    """The alert's sentence in lang (ru, kk, en): the catalogue's, numbers, shares and dates per locale."""
    return translator(lang).render(alert_text(kind, project_id, as_of, numbers))


def build_alerts(
    conn: sa.Connection, as_of: dt.date, m: Methodology, projects: Collection[str] | None = None
) -> int:
    """Compute and store the alerts of as_of from its verification facts, of every project or those given;
    returns how many."""
    pv = project_verification
    deleted = alerts.delete().where(alerts.c.as_of == as_of)
    chosen = pv.select().where(pv.c.as_of == as_of)
    if projects is not None:
        ids = sorted(projects)
        deleted = deleted.where(alerts.c.project_id.in_(ids))
        chosen = chosen.where(pv.c.project_id.in_(ids))
    conn.execute(deleted)
    facts = chosen.subquery()
    table = TABLES["projects"]
    rows = conn.execute(
        sa.select(facts, table.c.deadline).join(table, table.c.project_id == facts.c.project_id)
    ).mappings()
    out = []
    for r in rows:
        for kind, severity, numbers in detect(dict(r), r["deadline"], m):
            texts = {lang: render(kind, lang, r["project_id"], as_of, numbers) for lang in ("ru", "kk", "en")}
            out.append(
                {
                    "as_of": as_of,
                    "project_id": r["project_id"],
                    "region": r["region"],
                    "kind": kind,
                    "severity": severity,
                    "message_ru": texts["ru"],
                    "message_kk": texts["kk"],
                    "message_en": texts["en"],
                    "numbers": json.dumps(numbers),
                }
            )
    if out:
        conn.execute(alerts.insert(), out)
    return len(out)
