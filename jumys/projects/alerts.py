"""Alerts: failed and at-risk projects, contracts without contributions, wage share under target.

Each alert says why in one sentence in Russian, Kazakh and English, with the numbers behind it.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa

from jumys.projects.methodology import Methodology
from jumys.projects.tables import alerts, project_verification
from jumys.registry.tables import TABLES

MESSAGES: dict[str, dict[str, str]] = {
    "failed": {
        "ru": "Проект {pid} не выполнил обещание: к сроку {deadline} подтверждено {verified} из {promised} "
        "обещанных постоянных рабочих мест.",
        "kk": "{pid} жобасы уәдесін орындамады: {deadline} мерзіміне дейін уәде етілген {promised} тұрақты "
        "жұмыс орнының {verified} расталды.",
        "en": "Project {pid} broke its promise: by the deadline {deadline}, {verified} of {promised} promised "
        "permanent jobs are confirmed.",
    },
    "at_risk": {
        "ru": "Проект {pid} отстаёт от графика: подтверждено {verified} постоянных рабочих мест, а к {as_of} "
        "ожидалось {expected} (обещано {promised} к {deadline}).",
        "kk": "{pid} жобасы кестеден артта қалды: {as_of} күніне {expected} күтілген жерде {verified} тұрақты "
        "жұмыс орны расталды ({deadline} дейін {promised} уәде етілген).",
        "en": "Project {pid} is behind schedule: {verified} permanent jobs confirmed where {expected} were "
        "expected by {as_of} ({promised} promised by {deadline}).",
    },
    "unconfirmed": {
        "ru": "По проекту {pid} трудовых договоров без пенсионных взносов: {unconfirmed}, это признак "
        "фиктивного найма (подтверждено взносами: {credited}).",
        "kk": "{pid} жобасы бойынша зейнетақы жарналары жоқ еңбек шарттары: {unconfirmed}, бұл жалған жұмысқа "
        "алудың белгісі (жарналармен расталғаны: {credited}).",
        "en": "Project {pid} has {unconfirmed} employment contracts with no pension contributions behind them, "
        "a sign of fictitious hiring ({credited} confirmed by contributions).",
    },
    "low_wage_share": {
        "ru": "По проекту {pid} выплаченная зарплата составила {share} инвестиций ({wage_bill} из {investment} "
        "тенге) при требуемых {target}.",
        "kk": "{pid} жобасы бойынша төленген жалақы инвестицияның {share} құрады ({investment} теңгенің "
        "{wage_bill} теңгесі), талап етілетіні {target}.",
        "en": "Project {pid} paid wages of {share} of its investment ({wage_bill} of {investment} KZT); the "
        "target is {target}.",
    },
}


def _n(x: float | int) -> str:
    return f"{x:,.0f}".replace(",", "\u202f")


def _pct(x: float) -> str:
    return f"{100 * x:.1f}\u202f%"


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


def render(kind: str, lang: str, project_id: str, as_of: dt.date, numbers: dict[str, Any]) -> str:
    """The alert's sentence in lang (ru, kk, en)."""
    values = {k: (_n(v) if isinstance(v, int) else v) for k, v in numbers.items()}
    if "share" in numbers:
        values |= {"share": _pct(numbers["share"] or 0.0), "target": _pct(numbers["target"])}
    return MESSAGES[kind][lang].format(pid=project_id, as_of=as_of.isoformat(), **values)


def build_alerts(conn: sa.Connection, as_of: dt.date, m: Methodology) -> int:
    """Compute and store the alerts of as_of from its verification facts; returns how many."""
    conn.execute(alerts.delete().where(alerts.c.as_of == as_of))
    projects = TABLES["projects"]
    rows = conn.execute(
        sa.select(project_verification, projects.c.deadline)
        .join(projects, projects.c.project_id == project_verification.c.project_id)
        .where(project_verification.c.as_of == as_of)
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
