"""Illegal work and fictitious contracts: the seven signals per employer, each with its evidence, and a score.

Each signal is one numbered SQL file of sql/ (docs/illegal_work.md): it makes a temporary table
`iw_<signal>` with one row per employer showing the signal, its `bin` and the numbers behind it (the
column names are the keys of the evidence), and `iw_<signal>_persons` naming the persons concerned by
their pseudonyms (never an IIN). An employer's score is the number of signals it shows; its evidence
says which signals, how many persons and what amounts. A run replaces the findings of its as-of date
in fact_illegal_work and records itself in fact_illegal_work_runs; every input is dated before the
as-of date, so the past can be replayed.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field

from jumys.illegal_work.tables import findings, runs
from jumys.kit.evidence import plain
from jumys.reference.minimum_wage import minimum_wage
from jumys.registry.service import regions_of
from jumys.storage.steps import Value, find_steps, run_and_read

SQL_DIR = Path(__file__).parent / "sql"
SIGNALS = (
    "unconfirmed",
    "unregistered",
    "foreign_no_permit",
    "below_minimum",
    "mass_hiring",
    "multi_employer",
    "few_contributions",
)
PERSONS_SHOWN = 20  # the evidence names at most this many persons per signal (all are counted)
Progress = Callable[[str, int, int], None]
Signal = dict[str, Any]  # {"signal": code, "persons": n, "person_ids": [...], "evidence": {...}}


class IllegalWorkRules(BaseModel):
    """The thresholds of the signals, with the spec's defaults (docs/illegal_work.md)."""

    model_config = ConfigDict(frozen=True)

    check_months: int = Field(
        6,
        ge=1,
        le=24,
        description="Unconfirmed: the last this many full months of a contract are checked ...",
    )
    paid_pct: int = Field(80, ge=1, le=100, description="... and this % of them must have contributions.")
    lookback_months: int = Field(
        12, ge=1, le=36, description="Payroll months looked at before the as-of month."
    )
    lookback_days: int = Field(365, ge=1, le=1096, description="Days looked at before the as-of date.")
    minimum_wage_kzt: int | None = Field(
        None,
        ge=1,
        description="The minimum wage; default: that of the year of the day before the as-of date.",
    )
    churn_days: int = Field(
        90, ge=1, le=366, description="Mass hiring: hired and ended within this many days,"
    )
    churn_min: int = Field(10, ge=1, description="... at least this many persons ...")
    churn_pct: int = Field(50, ge=1, le=100, description="... and at least this % of those hired.")
    employers_min: int = Field(3, ge=2, description="Contracts at this many employers on one day.")
    paid_share_pct: int = Field(
        20, ge=1, le=100, description="Few contributions: under this % of contract-months paid."
    )


def _month(day: dt.date, back: int = 0) -> dt.date:
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def parameters(as_of: dt.date, rules: IllegalWorkRules) -> dict[str, Value]:
    """The steps' parameters at as_of: dates and integers."""
    day_before = as_of - dt.timedelta(days=1)
    return {
        "as_of": as_of,
        "day_before": day_before,
        "this_month": _month(as_of),
        "from_month": _month(as_of, rules.lookback_months),
        "check_from": _month(as_of, rules.check_months),
        "window_months": max(rules.check_months, rules.lookback_months),
        "window_from": _month(as_of, max(rules.check_months, rules.lookback_months)),
        "lookback_from": as_of - dt.timedelta(days=rules.lookback_days),
        "lookback_months": rules.lookback_months,
        "check_months": rules.check_months,
        "paid_pct": rules.paid_pct,
        "minimum_wage": rules.minimum_wage_kzt or minimum_wage(day_before.year),
        "churn_days": rules.churn_days,
        "churn_min": rules.churn_min,
        "churn_pct": rules.churn_pct,
        "employers_min": rules.employers_min,
        "paid_share_pct": rules.paid_share_pct,
    }


def _read_signals(conn: sa.Connection) -> dict[str, list[Signal]]:
    """The signals found by the steps, by BIN, in the order of SIGNALS, each naming its persons."""
    found: dict[str, list[Signal]] = {}
    for code in SIGNALS:
        named: dict[str, list[str]] = {}
        for b, person in conn.exec_driver_sql(
            f"SELECT bin, person_id FROM iw_{code}_persons ORDER BY bin, person_id"
        ):
            named.setdefault(b, []).append(str(person))
        for row in conn.exec_driver_sql(f"SELECT * FROM iw_{code}").mappings():
            evidence = {k: plain(k, v) for k, v in row.items() if k != "bin"}
            persons = named.get(row["bin"], [])
            signal = {
                "signal": code,
                "persons": int(evidence.get("persons", len(persons))),
                "person_ids": persons[:PERSONS_SHOWN],
                "evidence": evidence,
            }
            found.setdefault(row["bin"], []).append(signal)
    return found


def amount_of(signal: Mapping[str, Any]) -> int:
    """The amount in KZT a signal's evidence names (wages paid without a contract or permit, salaries
    of unconfirmed contracts, what salaries lack of the minimum wage); 0 when it names none."""
    evidence = signal["evidence"]
    for key in ("wage_kzt", "salary_kzt", "shortfall_kzt"):
        if key in evidence:
            return int(evidence[key])
    return 0


def signals_at(
    conn: sa.Connection, as_of: dt.date, rules: IllegalWorkRules, progress: Progress | None = None
) -> dict[str, list[Signal]]:
    """The signals at as_of by BIN, in the order of SIGNALS."""
    return run_and_read(conn, find_steps(SQL_DIR), parameters(as_of, rules), _read_signals, progress)


def finding_row(as_of: dt.date, bin: str, region: str, signals: list[Signal]) -> dict[str, Any]:
    """The stored row of an employer's findings: score = signals shown; persons = the most any signal names."""
    return {
        "as_of": as_of,
        "bin": bin,
        "region": region,
        "score": len({s["signal"] for s in signals}),
        "persons": max(s["persons"] for s in signals),
        "amount_kzt": sum(amount_of(s) for s in signals),
        "signals": json.dumps(signals, ensure_ascii=False),
    }


def run_illegal_work(
    conn: sa.Connection,
    as_of: dt.date,
    rules: IllegalWorkRules | None = None,
    progress: Progress | None = None,
) -> int:
    """Compute the signals at as_of and store them (replacing that date's); returns the employers flagged."""
    rules = rules or IllegalWorkRules()
    started = time.perf_counter()
    found = signals_at(conn, as_of, rules, progress)
    regions = regions_of(conn, sorted(found))
    conn.execute(findings.delete().where(findings.c.as_of == as_of))
    conn.execute(runs.delete().where(runs.c.as_of == as_of))
    rows = [finding_row(as_of, b, regions.get(b, ""), s) for b, s in sorted(found.items())]
    for i in range(0, len(rows), 5000):
        conn.execute(findings.insert(), rows[i : i + 5000])
    conn.execute(
        runs.insert().values(
            as_of=as_of,
            computed_at=dt.datetime.now(dt.UTC),
            employers=len(rows),
            seconds=time.perf_counter() - started,
        )
    )
    if progress is not None:
        progress("done", 1, 1)
    return len(rows)


def run_dates(conn: sa.Connection) -> list[dt.date]:
    """The as-of dates at which the signals were computed, newest first."""
    r = runs.c
    return list(conn.execute(sa.select(r.as_of).order_by(r.as_of.desc())).scalars())


def flagged(conn: sa.Connection, as_of: dt.date) -> dict[str, set[str]]:
    """The employers (BINs) stored at as_of per signal: what the synthetic truth is scored against."""
    out: dict[str, set[str]] = {code: set() for code in SIGNALS}
    f = findings.c
    for b, signals in conn.execute(sa.select(f.bin, f.signals).where(f.as_of == as_of)):
        for s in json.loads(signals):
            out[s["signal"]].add(b)
    return out


def stored(conn: sa.Connection, as_of: dt.date) -> list[dict[str, Any]]:
    """The findings stored at as_of (signals decoded), highest score first, then by BIN."""
    f = findings.c
    rows = conn.execute(
        sa.select(f.bin, f.region, f.score, f.persons, f.amount_kzt, f.signals)
        .where(f.as_of == as_of)
        .order_by(f.score.desc(), f.bin)
    ).mappings()
    return [dict(r) | {"signals": json.loads(r["signals"])} for r in rows]
