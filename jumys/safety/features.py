"""The factors of enterprise risk at a date D and at the training cuts before it (sql/01..04, no look-ahead).

The SQL computes every factor of every employer with an active contract at each cut from records
dated before the cut; this module computes the cuts' windows by the calendar, runs the steps and
reads the factors into arrays, and says how each factor enters the model (its transform).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa
from numpy.typing import NDArray

from jumys.reference.minimum_wage import minimum_wage
from jumys.storage.engine import duckdb_connection, is_duckdb
from jumys.storage.steps import Progress, Value, find_steps, run_and_read

SQL_DIR = Path(__file__).parent / "sql"
MAX_TRAINING_CUTS = 3  # training cuts D - 1, 2, 3 years (01_cuts.sql has four rows)
PG_WORK_MEM = "256MB"  # for the scoring's transaction on PostgreSQL
NEVER_INSPECTED_DAYS = 1096  # days since the last inspection of one with none in 3 years
Floats = NDArray[np.float64]


def _log(x: Floats) -> Floats:
    return np.log1p(np.maximum(x, 0.0))


@dataclass(frozen=True)
class Factor:
    """A factor: its code (the JSON's `factor`), the column it is read from, and how it enters the model."""

    code: str
    column: str
    transform: Callable[[Floats], Floats]
    meaning: str


FACTORS: tuple[Factor, ...] = (
    Factor("size", "size", _log, "contracts active on D (log)"),
    Factor("avg_headcount", "avg_headcount", _log, "average headcount over [D - 3 years, D) (log)"),
    Factor(
        "injuries_weighted",
        "injuries_weighted",
        _log,
        "incidents in 3 years, fatal 10, severe 3, light 1 (log)",
    ),
    Factor("injuries_per_100", "injuries_per_100", _log, "the same per 100 average workers (log)"),
    Factor("inspections", "inspections", _log, "inspections in 3 years (log)"),
    Factor("violation_share", "violation_share", lambda x: x, "share of those that found >= 1 violation"),
    Factor("violations", "violations", _log, "violations found in 3 years (log)"),
    Factor("fines_kzt", "fines_kzt", _log, "fines in 3 years, KZT (log)"),
    Factor(
        "days_since_inspection",
        "days_since_inspection",
        lambda x: np.minimum(x, NEVER_INSPECTED_DAYS) / 365.0,
        "years since the last inspection (none in 3 years: 3)",
    ),
    Factor("arrears_kzt", "arrears_kzt", _log, "wage arrears open on D, KZT (log)"),
    Factor("arrears_workers", "arrears_workers", _log, "workers owed those arrears (log)"),
    Factor("harmful_share", "harmful_share", lambda x: x, "share of active contracts harmful or hazardous"),
    Factor(
        "churn", "churn", lambda x: np.minimum(x, 5.0), "contracts ended in 12 months / average headcount"
    ),
    Factor("low_pay_share", "low_pay_share", lambda x: x, "share of active contracts under the minimum wage"),
    Factor("unconfirmed_share", "unconfirmed_share", lambda x: x, "share with no contribution in 3 months"),
    Factor("section", "hazard", lambda x: x, "hazard class of the OKED section (3 high, 2, 1)"),
    Factor("vision_zero", "vision_zero", lambda x: x, "a Vision Zero member since before D"),
)
CODES = tuple(f.code for f in FACTORS)
# where a factor has no value, what the model reads instead (none inspected: no share of violations)
_MISSING = {"days_since_inspection": float(NEVER_INSPECTED_DAYS)}
_COLUMNS = (
    "k, bin, region, section, lat, lon, hazard, size, avg_headcount, injuries_weighted, injuries_per_100, "
    "inspections, violation_share, violations, fines_kzt, days_since_inspection, arrears_kzt, arrears_workers, "
    "harmful_share, churn, low_pay_share, unconfirmed_share, vision_zero, inspected_next, violation_next, "
    "severe_next"
)


def years_before(day: dt.date, years: int) -> dt.date:
    """day minus whole years (29 February to 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _months_before(first: dt.date, months: int) -> dt.date:
    index = first.year * 12 + first.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def cut_windows(cut: dt.date) -> dict[str, Value]:
    """The windows of one cut date, as 01_cuts.sql names them."""
    month_start = cut.replace(day=1)
    return {
        "cut": cut,
        "from3y": years_before(cut, 3),
        "from1y": years_before(cut, 1),
        "outcome_to": years_before(cut, -1),
        "month_start": month_start,
        "pay_from": _months_before(month_start, 3),
        "min_wage": minimum_wage(cut.year),
    }


def record_span(conn: sa.Connection) -> tuple[dt.date | None, dt.date | None]:
    """The first and last dates of the safety records (incidents, inspections): where history begins and ends."""
    first, last = conn.exec_driver_sql(
        "SELECT MIN(lo), MAX(hi) FROM (SELECT MIN(inspected_on) AS lo, MAX(inspected_on) AS hi FROM inspections "
        "UNION ALL SELECT MIN(occurred_on), MAX(occurred_on) FROM incidents) AS f"
    ).one()
    return (first if isinstance(first, dt.date) else None, last if isinstance(last, dt.date) else None)


def history_start(conn: sa.Connection) -> dt.date | None:
    """The first date of the safety records: where history begins."""
    return record_span(conn)[0]


def training_cuts(as_of: dt.date, first: dt.date | None) -> list[dt.date]:
    """The training cuts before as_of: D - 1, 2, 3 years, each with at least a year of records before it."""
    if first is None:
        return []
    cuts = [years_before(as_of, k) for k in range(1, MAX_TRAINING_CUTS + 1)]
    return [c for c in cuts if years_before(c, 1) >= first]


def parameters(as_of: dt.date, cuts: list[dt.date], all_rows: bool) -> dict[str, Value]:
    """The steps' parameters: the windows of D (k = 0) and of each training cut (k = 1 ..)."""
    params: dict[str, Value] = {"training_cuts": len(cuts), "all_rows": int(all_rows)}
    dates = [as_of, *cuts]
    for k in range(MAX_TRAINING_CUTS + 1):
        # unused rows repeat D's windows; `WHERE k <= :training_cuts` leaves them out
        day = dates[k] if k < len(dates) else as_of
        params |= {f"{name}_{k}": value for name, value in cut_windows(day).items()}
    return params


def json_number(v: float) -> str:
    """A number as JSON: whole numbers without a point, NaN as null."""
    if v != v:
        return "null"
    return str(int(v)) if v.is_integer() else repr(v)


@dataclass
class Features:
    """The factors of every scored employer at every cut, as arrays of one length."""

    k: NDArray[np.int64]
    bin: list[str]
    region: list[str]
    section: list[str]
    raw: dict[str, NDArray[np.float64]]  # every column as read (NaN where the SQL gave NULL): lat, lon too
    inspected_next: NDArray[np.int64]
    violation_next: NDArray[np.int64]
    severe_next: NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.bin)

    def model_inputs(self) -> Floats:
        """The matrix the model reads: one column per factor, transformed, missing values filled."""
        cols = []
        for f in FACTORS:
            x = np.nan_to_num(self.raw[f.column], nan=_MISSING.get(f.code, 0.0))
            cols.append(f.transform(x))
        return np.column_stack(cols) if cols else np.zeros((len(self), 0))

    def shown(self, code: str) -> tuple[NDArray[Any], Callable[[Any], str]]:
        """The factor's value of every row as shown to an inspector (raw, not transformed), and its JSON text."""
        if code == "section":
            return np.array(self.section, dtype=str), lambda v: f'"{v}"'
        column = next(f.column for f in FACTORS if f.code == code)
        return self.raw[column], lambda v: json_number(round(v, 4))

    def where(self, mask: NDArray[np.bool_]) -> Features:
        """The rows where mask is true (e.g. of one cut: features.where(features.k == 0))."""
        keep = np.flatnonzero(mask)
        return Features(
            k=self.k[keep],
            bin=[self.bin[i] for i in keep],
            region=[self.region[i] for i in keep],
            section=[self.section[i] for i in keep],
            raw={name: col[keep] for name, col in self.raw.items()},
            inspected_next=self.inspected_next[keep],
            violation_next=self.violation_next[keep],
            severe_next=self.severe_next[keep],
        )


def _read(conn: sa.Connection, table: str) -> Any:
    """A temporary table as an Arrow table: DuckDB hands it over, PostgreSQL streams it out as CSV."""
    import pyarrow as pa  # deferred: CLI start-up time
    from pyarrow import csv

    query = f"SELECT {_COLUMNS} FROM {table} ORDER BY k, bin"
    if is_duckdb(conn):
        return duckdb_connection(conn).sql(query).to_arrow_table()
    pg = conn.connection.driver_connection
    assert pg is not None
    buffer = io.BytesIO()
    with pg.cursor() as cur, cur.copy(f"COPY ({query}) TO STDOUT (FORMAT csv, HEADER)") as cp:
        for chunk in cp:
            buffer.write(chunk)
    buffer.seek(0)
    text = {name: pa.string() for name in ("bin", "region", "section")}
    return csv.read_csv(buffer, convert_options=csv.ConvertOptions(column_types=text))


def compute_features(
    conn: sa.Connection,
    as_of: dt.date,
    cuts: list[dt.date],
    all_rows: bool = False,
    progress: Progress | None = None,
) -> Features:
    """Run sql/01..04 for D and the training cuts and read the factors of every employer scored."""
    import pyarrow as pa  # deferred: CLI start-up time

    steps = find_steps(SQL_DIR, 1, 4)
    if not is_duckdb(conn):
        # the hash aggregates over payroll and contracts spill to disk at PostgreSQL's default 4 MB
        conn.exec_driver_sql(f"SET LOCAL work_mem = '{PG_WORK_MEM}'")
    table = run_and_read(
        conn, steps, parameters(as_of, cuts, all_rows), lambda c: _read(c, "risk_features"), progress
    )
    names = [c.strip() for c in _COLUMNS.split(",")]
    text = ("bin", "region", "section")

    def floats(name: str) -> NDArray[np.float64]:
        col = table.column(name).cast(pa.float64())  # NULL becomes NaN
        return np.asarray(col.to_numpy(zero_copy_only=False), dtype=np.float64)

    raw = {n: floats(n) for n in names if n not in ("k", *text)}
    return Features(
        k=floats("k").astype(np.int64),
        bin=[str(b) for b in table.column("bin").to_pylist()],
        region=[str(r) for r in table.column("region").to_pylist()],
        section=[str(x) for x in table.column("section").to_pylist()],
        raw=raw,
        inspected_next=raw["inspected_next"].astype(np.int64),
        violation_next=raw["violation_next"].astype(np.int64),
        severe_next=raw["severe_next"].astype(np.int64),
    )
