"""How well the warnings work, measured on labour_disputes (docs/safety.md, "How well it works").

Recall: the share of disputes whose employer had a warning at a monthly run 30 to 180 days before the
dispute started (a lead long enough to act on). Precision: the share of high warnings of the monthly
runs followed by a dispute at the employer within 6 months. The warnings are run at every first of a
month the measure needs and that was not run before (jumys.safety.warnings.ensure_warnings); the
SQL of the counts is sql/warnings/measure/.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from jumys.errors import InvalidInput
from jumys.registry.tables import TABLES
from jumys.safety import messages as M
from jumys.safety.warnings import WarningRules, ensure_warnings, months_before, same_day_before
from jumys.storage.steps import Value, find_steps, run_and_read

MEASURE_DIR = Path(__file__).parent / "sql" / "warnings" / "measure"
LEAD_MIN_DAYS = 30
LEAD_MAX_DAYS = 180
FOLLOW_MONTHS = 6
COUNTS = ("disputes", "warned", "warned_high", "high", "high_followed", "watch", "watch_followed")


@dataclass(frozen=True)
class YearFigures:
    """Recall and precision of one year (disputes by the year they started, warnings by their as-of year)."""

    year: int
    disputes: int
    warned: int
    recall: float | None
    high_warnings: int
    high_followed: int
    precision: float | None


@dataclass(frozen=True)
class Measure:
    """The measure of the warnings over a span of disputes."""

    disputes_from: dt.date
    disputes_to: dt.date
    warnings_from: dt.date
    warnings_to: dt.date
    runs_made: int
    disputes: int
    warned: int
    warned_high: int
    recall: float | None
    high_warnings: int
    high_followed: int
    precision: float | None
    watch_warnings: int
    watch_followed: int
    watch_precision: float | None
    years: list[YearFigures] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The measure as JSON-ready values (dates ISO)."""
        out = asdict(self)
        for k in ("disputes_from", "disputes_to", "warnings_from", "warnings_to"):
            out[k] = out[k].isoformat()
        return out


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def first_on_or_after(day: dt.date) -> dt.date:
    """The first first-of-a-month on or after day."""
    return day if day.day == 1 else months_before(day, -1)


def data_span(conn: sa.Connection) -> tuple[dt.date, dt.date] | None:
    """The default span of the measure: from the first of the month of the first dispute to the first of
    the month after the last dispute or the last month of payroll, whichever is later; None without disputes."""
    disputes, payroll = TABLES["labour_disputes"], TABLES["payroll"]
    first, last = conn.execute(
        sa.select(sa.func.min(disputes.c.started_on), sa.func.max(disputes.c.started_on))
    ).one()
    if first is None:
        return None
    paid = conn.execute(sa.select(sa.func.max(payroll.c.period))).scalar_one()
    return months_before(first, 0), months_before(max(last, paid or last), -1)


def monthly_dates(disputes_from: dt.date, disputes_to: dt.date) -> list[dt.date]:
    """The firsts of a month at which warnings are needed: LEAD_MAX_DAYS before the first dispute to
    LEAD_MIN_DAYS before the last day of the span."""
    day = first_on_or_after(disputes_from - dt.timedelta(days=LEAD_MAX_DAYS))
    last = disputes_to - dt.timedelta(days=LEAD_MIN_DAYS + 1)
    out = []
    while day <= last:
        out.append(day)
        day = months_before(day, -1)
    return out


def measure_warnings(
    conn: sa.Connection,
    disputes_from: dt.date | None = None,
    disputes_to: dt.date | None = None,
    rules: WarningRules | None = None,
    on_run: Callable[[dt.date], None] | None = None,
) -> Measure:
    """Run the warnings where needed and measure recall and precision on disputes started in [from, to)."""
    span = data_span(conn)
    if span is None:
        raise InvalidInput(M.MEASURE_NO_DATA)
    start = disputes_from or span[0]
    end = disputes_to or span[1]
    if end <= start:
        raise InvalidInput(M.MEASURE_EMPTY_SPAN, first=start, last=end)
    dates = monthly_dates(start, end)
    made = ensure_warnings(conn, dates, rules, on_run)
    warnings_from = dates[0] if dates else start
    # a high warning counts when its 6 months of outcome lie inside the span
    warnings_to = min(same_day_before(end, FOLLOW_MONTHS), dates[-1] if dates else start)
    params: dict[str, Value] = {
        "disputes_from": start,
        "disputes_to": end,
        "lead_min": LEAD_MIN_DAYS,
        "lead_max": LEAD_MAX_DAYS,
        "warnings_from": warnings_from,
        "warnings_to": warnings_to,
        "follow_months": FOLLOW_MONTHS,
    }
    totals, years = run_and_read(conn, find_steps(MEASURE_DIR), params, _tally)
    return Measure(
        disputes_from=start,
        disputes_to=end,
        warnings_from=warnings_from,
        warnings_to=warnings_to,
        runs_made=made,
        disputes=totals["disputes"],
        warned=totals["warned"],
        warned_high=totals["warned_high"],
        recall=_share(totals["warned"], totals["disputes"]),
        high_warnings=totals["high"],
        high_followed=totals["high_followed"],
        precision=_share(totals["high_followed"], totals["high"]),
        watch_warnings=totals["watch"],
        watch_followed=totals["watch_followed"],
        watch_precision=_share(totals["watch_followed"], totals["watch"]),
        years=[
            YearFigures(
                year=y,
                disputes=v["disputes"],
                warned=v["warned"],
                recall=_share(v["warned"], v["disputes"]),
                high_warnings=v["high"],
                high_followed=v["high_followed"],
                precision=_share(v["high_followed"], v["high"]),
            )
            for y, v in sorted(years.items())
            if v["disputes"] or v["high"]  # a year with neither says nothing
        ],
    )


def _tally(conn: sa.Connection) -> tuple[dict[str, int], dict[int, dict[str, int]]]:
    """The rows of m_recall and m_precision added up, pooled and by year."""
    totals = dict.fromkeys(COUNTS, 0)
    years: dict[int, dict[str, int]] = {}

    def year(y: int) -> dict[str, int]:
        return years.setdefault(int(y), dict.fromkeys(totals, 0))

    for started_on, warned, warned_high in conn.exec_driver_sql(
        "SELECT started_on, warned, warned_high FROM m_recall"
    ):
        for bucket in (totals, year(started_on.year)):
            bucket["disputes"] += 1
            bucket["warned"] += int(warned)
            bucket["warned_high"] += int(warned_high)
    for as_of, level, followed in conn.exec_driver_sql("SELECT as_of, level, followed FROM m_precision"):
        for bucket in (totals, year(as_of.year)):
            bucket[level] += 1
            bucket[f"{level}_followed"] += int(followed)
    return totals, years
