"""Labour-conflict early warning: monthly signals per employer, each with its evidence, and a level.

Each signal is one numbered SQL file of sql/warnings/ (docs/safety.md, "Labour-conflict early
warning"): it makes a temporary table `w_<signal>` with one row per employer showing the signal,
its `bin`, its `month` and the numbers behind it, whose column names are the keys of the evidence.
A signal stays in the warnings of the month it is seen and the memory_months - 1 after (the steps
run at as_of and at each month before), and the level follows from the signals in effect: watch for
one, high for two or more (arrears with any other signal is two). A run replaces the warnings of its
as-of date in fact_warnings and records itself in fact_warning_runs; every input is dated before the
as-of date, so the past can be replayed.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field

from jumys.kit.evidence import plain
from jumys.registry.service import regions_of
from jumys.safety.tables import warning_runs, warnings
from jumys.storage.steps import Value, find_steps, run_and_read

SQL_DIR = Path(__file__).parent / "sql" / "warnings"
MONTHS_DIR = SQL_DIR / "months"  # the payroll's months, done once per run for every window
SIGNALS = (
    "arrears",
    "wage_cut",
    "mass_layoff",
    "missing_contributions",
    "fatal_incident",
    "unplanned_inspections",
)
Progress = Callable[[str, int, int], None]
T = TypeVar("T")
Signal = dict[str, Any]  # {"signal": code, "month": "YYYY-MM", "evidence": {...}}


class WarningRules(BaseModel):
    """The thresholds of the signals and levels, with the spec's defaults (docs/safety.md)."""

    model_config = ConfigDict(frozen=True)

    wage_cut_pct: int = Field(
        15, ge=1, le=100, description="Median wage of the same persons down by this % or more."
    )
    wage_cut_months: int = Field(3, ge=1, le=24, description="... against this many months before.")
    layoff_days: int = Field(30, ge=1, le=366, description="Contracts ended within this many days.")
    layoff_pct: int = Field(10, ge=1, le=100, description="Ended contracts: this % of staff or more ...")
    layoff_min: int = Field(10, ge=1, description="... and at least this many contracts,")
    layoff_any: int = Field(50, ge=1, description="or this many contracts whatever the staff.")
    missing_pct: int = Field(
        20,
        ge=1,
        le=100,
        description="Staff without a pension contribution: this % or more in each of the last 2 full months.",
    )
    inspection_days: int = Field(
        90, ge=1, le=366, description="Unplanned inspections within this many days ..."
    )
    unplanned_min: int = Field(2, ge=1, description="... at least this many of them.")
    investigation_days: int = Field(
        30,
        ge=0,
        le=366,
        description="Unplanned inspections this many days after a severe or fatal accident: its investigation.",
    )
    min_persons: int = Field(
        5, ge=1, description="A wage cut is judged on at least this many persons paid in both months."
    )
    min_staff: int = Field(
        5, ge=1, description="Missing contributions are judged on at least this many staff."
    )
    high_signals: int = Field(2, ge=2, description="A warning is high with this many signals or more.")
    memory_months: int = Field(
        3,
        ge=1,
        le=12,
        description="A signal stays in the warnings of the month it is seen and the months after.",
    )


def months_before(month: dt.date, k: int) -> dt.date:
    """The first day of the month k months before the month of `month` (negative k: after)."""
    index = month.year * 12 + month.month - 1 - k
    return dt.date(index // 12, index % 12 + 1, 1)


def same_day_before(day: dt.date, k: int) -> dt.date:
    """The same day k months before, or that month's last day when it is shorter (31 March, 1: 29 February)."""
    first = months_before(day, k)
    days = (months_before(day, k - 1) - dt.timedelta(days=1)).day
    return first.replace(day=min(day.day, days))


def month_ago(day: dt.date) -> dt.date:
    """The same day a month before (the month's last day when it is shorter)."""
    return same_day_before(day, 1)


def parameters(as_of: dt.date, rules: WarningRules) -> dict[str, Value]:
    """The steps' parameters at as_of: dates and integers."""
    last = months_before(as_of, 1)  # the last full month before as_of
    prev = months_before(last, 1)
    return {
        "as_of": as_of,
        "month_ago": month_ago(as_of),
        "last_month": last,
        "last_month_end": months_before(as_of, 0) - dt.timedelta(days=1),
        "prev_month": prev,
        "prev_month_end": last - dt.timedelta(days=1),
        "base_month": months_before(last, rules.wage_cut_months),
        # the earliest day a window of layoff_days closing in the month before as_of reaches back to
        "layoff_from": month_ago(as_of) - dt.timedelta(days=rules.layoff_days - 1),
        "layoff_days": rules.layoff_days,
        "inspections_from": as_of - dt.timedelta(days=rules.inspection_days),
        "wage_cut_pct": rules.wage_cut_pct,
        "min_persons": rules.min_persons,
        "layoff_pct": rules.layoff_pct,
        "layoff_min": rules.layoff_min,
        "layoff_any": rules.layoff_any,
        "missing_pct": rules.missing_pct,
        "min_staff": rules.min_staff,
        "unplanned_min": rules.unplanned_min,
        "investigation_days": rules.investigation_days,
    }


def month_parameters(as_of: dt.date, rules: WarningRules) -> dict[str, Value]:
    """The parameters of the months' steps at as_of: the months every window of a run reads."""
    first = months_before(as_of, rules.memory_months)  # the last full month of the oldest window
    return {
        "first_staff_month": months_before(first, 1),  # ... and the month before it
        "first_staff_month_end": first - dt.timedelta(days=1),
        "last_month": months_before(as_of, 1),
    }


def level_of(codes: Iterable[str], rules: WarningRules) -> str:
    """The level of a warning with these signals: high for rules.high_signals or more, else watch."""
    return "high" if len(set(codes)) >= rules.high_signals else "watch"


def _read_signals(conn: sa.Connection) -> dict[str, list[Signal]]:
    """The signals found by the steps, by BIN, in the order of SIGNALS."""
    found: dict[str, list[Signal]] = {}
    for code in SIGNALS:
        for row in conn.exec_driver_sql(f"SELECT * FROM w_{code}").mappings():
            evidence = {k: plain(k, v) for k, v in row.items() if k not in ("bin", "month")}
            signal = {"signal": code, "month": plain("month", row["month"]), "evidence": evidence}
            found.setdefault(row["bin"], []).append(signal)
    return found


def signals_at(
    conn: sa.Connection, as_of: dt.date, rules: WarningRules, tick: Progress
) -> dict[str, list[Signal]]:
    """The signals in effect at as_of by BIN: those seen in the month before as_of and before each of the
    memory_months - 1 months before it (the most recent of each code), in the order of SIGNALS.

    The months' steps run first, once: each person's contracts at each employer, and the staff and
    missing contributions of every month the windows judge; each window's steps read them."""
    months, steps = find_steps(MONTHS_DIR), find_steps(SQL_DIR)
    total = len(months) + rules.memory_months * len(steps)

    def windows(conn: sa.Connection) -> list[dict[str, list[Signal]]]:
        seen = []
        for k in range(rules.memory_months):
            done = len(months) + k * len(steps)

            def step_tick(name: str, i: int, _n: int, done: int = done) -> None:
                tick(name, done + i, total)

            day = same_day_before(as_of, k)
            seen.append(run_and_read(conn, steps, parameters(day, rules), _read_signals, step_tick))
        return seen

    def months_tick(name: str, i: int, _n: int) -> None:
        tick(name, i, total)

    found: dict[str, dict[str, Signal]] = {}
    for seen in run_and_read(conn, months, month_parameters(as_of, rules), windows, months_tick):
        for b, signals in seen.items():
            mine = found.setdefault(b, {})
            for signal in signals:
                mine.setdefault(signal["signal"], signal)  # the newest month first: kept
    return {b: [mine[c] for c in SIGNALS if c in mine] for b, mine in found.items()}


def run_warnings(
    conn: sa.Connection, as_of: dt.date, rules: WarningRules | None = None, progress: Progress | None = None
) -> int:
    """Compute the warnings at as_of and store them (replacing that date's); returns the employers warned."""
    rules = rules or WarningRules()
    tick = progress or (lambda _s, _d, _t: None)
    started = time.perf_counter()
    found = signals_at(conn, as_of, rules, tick)
    regions = regions_of(conn, sorted(found))
    conn.execute(warnings.delete().where(warnings.c.as_of == as_of))
    conn.execute(warning_runs.delete().where(warning_runs.c.as_of == as_of))
    rows = [
        {
            "as_of": as_of,
            "bin": b,
            "region": regions.get(b, ""),
            "level": level_of((s["signal"] for s in signals), rules),
            "signals": json.dumps(signals, ensure_ascii=False),
        }
        for b, signals in sorted(found.items())
    ]
    if rows:
        conn.execute(warnings.insert(), rows)
    conn.execute(
        warning_runs.insert().values(
            as_of=as_of,
            computed_at=dt.datetime.now(dt.UTC),
            employers=len(rows),
            seconds=time.perf_counter() - started,
        )
    )
    tick("done", 1, 1)
    return len(rows)


def run_dates(conn: sa.Connection) -> list[dt.date]:
    """The as-of dates at which warnings were computed, newest first."""
    r = warning_runs.c
    return list(conn.execute(sa.select(r.as_of).order_by(r.as_of.desc())).scalars())


def ensure_warnings(
    conn: sa.Connection,
    dates: Iterable[dt.date],
    rules: WarningRules | None = None,
    on_run: Callable[[dt.date], None] | None = None,
) -> int:
    """Run the warnings at each of dates not run before; returns how many runs were made."""
    done = set(run_dates(conn))
    made = 0
    for day in sorted(set(dates) - done):
        if on_run is not None:
            on_run(day)
        run_warnings(conn, day, rules)
        made += 1
    return made


def stored(conn: sa.Connection, as_of: dt.date) -> list[Mapping[str, Any]]:
    """The warnings stored at as_of (signals decoded), high first, then by BIN."""
    w = warnings.c
    rows = conn.execute(
        sa.select(w.bin, w.region, w.level, w.signals)
        .where(w.as_of == as_of)
        .order_by(sa.case((w.level == "high", 0), else_=1), w.bin)
    ).mappings()
    return [dict(r) | {"signals": json.loads(r["signals"])} for r in rows]
