"""Run a folder of numbered SQL steps: the folder is the definition, the SQL an auditor reads is what runs.

A domain keeps its analytics in `sql/NN_name.sql` files. Each file is one step; its statements are
separated by `;`, `--` starts a comment, and `:name` is a parameter written in as a literal before
the statement runs (a date as `DATE 'YYYY-MM-DD'`, an integer as digits: nothing else is accepted,
so no text ever reaches the SQL). The temporary tables a step makes (`CREATE TEMP TABLE x`) are
dropped before the steps run and after, and on PostgreSQL analysed as soon as they are made.

On PostgreSQL the steps' transaction gets more memory for sorts and hashes, an index read priced for a store
in memory or on an SSD, and parallel plans: PostgreSQL never reads a temporary table in parallel (its rows
are in the session's own memory), so there a step's `CREATE TEMP TABLE x` makes an unlogged table x in a
schema of the run's own, first on the search path while the steps run, and dropped with it after. Nobody
else sees it before the transaction ends, and a rollback removes it as it would a temporary table.
docs/methodology.md ("How a step runs") says the same in words.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import sqlalchemy as sa

T = TypeVar("T")

Value = dt.date | int
Progress = Callable[[str, int, int], None]

_STEP_FILE = re.compile(r"^(\d{2})_([a-z0-9_]+)\.sql$")
_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
_PLACEHOLDER = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")
_CREATE_TEMP = re.compile(r"^CREATE\s+TEMP\s+TABLE\s+([a-z_][a-z0-9_]*)\b")


@dataclass(frozen=True)
class Step:
    """One numbered SQL file of a steps folder."""

    number: int
    name: str  # the file's stem, e.g. 01_group: what progress reports
    path: Path

    def statements(self, params: Mapping[str, Value]) -> list[str]:
        """The step's statements, bound, without comments: the text that runs."""
        return split_statements(self.path.read_text(), params)


def find_steps(folder: Path, first: int = 0, last: int = 99) -> list[Step]:
    """The folder's steps numbered first to last, in order; a .sql file not named NN_name.sql is refused."""
    steps = []
    for path in sorted(folder.glob("*.sql")):
        match = _STEP_FILE.match(path.name)
        if match is None:
            raise ValueError(f"{path.name}: a step file is named NN_name.sql (two digits, lower-case name)")
        number = int(match.group(1))
        if first <= number <= last:
            steps.append(Step(number, path.stem, path))
    numbers = [s.number for s in steps]
    if len(set(numbers)) != len(numbers):
        raise ValueError(f"{folder}: two step files share a number")
    return steps


def literal(name: str, value: Value) -> str:
    """A parameter's value as a SQL literal: a date or an integer, anything else refused."""
    # exact types: a datetime is a date and a bool an int in Python, and neither is what a step means
    if type(value) is dt.date:
        return f"DATE '{value.isoformat()}'"
    if type(value) is int:
        return str(value)
    raise TypeError(f"parameter :{name} is {type(value).__name__}: a step takes dates and integers only")


def bind(sql: str, params: Mapping[str, Value]) -> str:
    """sql with every :name written in as its literal; a name without a value is refused."""
    for name in params:
        if not _NAME.match(name):
            raise ValueError(f"{name!r} is not a parameter name (lower-case letters, digits, _)")
    values = {name: literal(name, value) for name, value in params.items()}

    def sub(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise KeyError(f"the SQL uses :{name}, which has no value")
        return values[name]

    return _PLACEHOLDER.sub(sub, sql)


def split_statements(text: str, params: Mapping[str, Value]) -> list[str]:
    """The statements of a step's text: comments stripped, parameters bound, split at ';'."""
    text = "\n".join(line.split("--", 1)[0] for line in text.splitlines())
    return [s.strip() for s in bind(text, params).split(";") if s.strip()]


def created_table(statement: str) -> str | None:
    """The temporary table a statement creates, if it does."""
    match = _CREATE_TEMP.match(statement)
    return match.group(1) if match else None


def temp_tables(statements: Iterable[str]) -> list[str]:
    """The temporary tables the statements create, in order."""
    return [t for t in (created_table(s) for s in statements) if t is not None]


# the memory each sort or hash of a step may take on PostgreSQL before it spills
STEP_WORK_MEM = "64MB"
# what PostgreSQL's planner counts for reading a page out of order, against a page read in order (1.0); its
# default of 4.0 prices a spinning disk, where the store's pages are in memory or on an SSD: at 4.0 it read
# all 10.9M contracts to find the 229,000 of the projects' groups, 3.6 s against 0.4 s by their index
# (docs/storage.md, "PostgreSQL at scale")
STEP_RANDOM_PAGE_COST = "1.1"


# the costs that let PostgreSQL's planner split a step's scan and its index probes between processes: the
# steps' tables are small (a few MB) but each of their rows may probe the payroll's key; the defaults
# (1000, 8MB) keep the probes of 52,000 contracts in one process
STEP_PARALLEL_SETUP_COST = "100"
STEP_MIN_PARALLEL_TABLE_SCAN_SIZE = "1MB"
# the rows ANALYZE samples of a step's table (300 x the target): at PostgreSQL's default of 100 (30,000 rows)
# analysing verification's eleven tables took 0.8 s at scale 1, 0.1 s at 10, with the same plans
STEP_STATISTICS_TARGET = "10"


def run_steps(
    conn: sa.Connection,
    steps: Sequence[Step],
    params: Mapping[str, Value],
    progress: Progress | None = None,
    read: Callable[[sa.Connection], None] | None = None,
) -> list[str]:
    """Run the steps in order on conn, their temporary tables dropped before and after; the statements that ran.

    progress(step name, steps done, steps in all) is called before each step; the caller says
    "done" when its own work after the steps is over. read(conn), when given, is called after the
    last step, while the temporary tables are still there (a caller that keeps what they hold: run_and_read).
    """
    bound = [step.statements(params) for step in steps]  # all bound first: a bad parameter runs nothing
    tables = temp_tables(s for statements in bound for s in statements)
    pg = conn.dialect.name == "postgresql"
    if pg:
        work = _prepare_postgresql(conn, tables)
    else:
        _drop(conn, tables)
        work = None
    ran = []
    for i, (step, statements) in enumerate(zip(steps, bound, strict=True)):
        if progress is not None:
            progress(step.name, i, len(steps))
        for sql in statements:
            created = created_table(sql)
            conn.exec_driver_sql(_in_schema(sql, work) if created and work else sql)
            ran.append(sql)
            if created and pg:
                conn.exec_driver_sql(f"ANALYZE {created}")  # a new table has no statistics until then
    if read is not None:
        read(conn)
    if work is not None:
        conn.exec_driver_sql(f"DROP SCHEMA {work.schema} CASCADE")
        conn.exec_driver_sql("SELECT set_config('search_path', %(path)s, true)", {"path": work.search_path})
    else:
        _drop(conn, tables)
    return ran


@dataclass(frozen=True)
class _Work:
    """PostgreSQL's schema of one run of steps, and the search path to give back after it."""

    schema: str
    search_path: str


def _prepare_postgresql(conn: sa.Connection, tables: list[str]) -> _Work | None:
    """The steps' settings for this transaction, the temporary tables of their names dropped, and a new schema
    first on the search path; None for the schema when the steps make no table or the role may not make one
    (the steps then make temporary tables, read by one process). Three statements whatever the tables.

    work_mem: at PostgreSQL's default of 4 MB the hash joins of verification spilled to disk, 16 s against
    10.7 s at scale 1 (docs/storage.md, "PostgreSQL at scale"); a caller that set more keeps it (the risk
    scoring's 256MB). The other settings: the constants above."""
    settings = {
        "random_page_cost": STEP_RANDOM_PAGE_COST,
        "parallel_setup_cost": STEP_PARALLEL_SETUP_COST,
        "min_parallel_table_scan_size": STEP_MIN_PARALLEL_TABLE_SCAN_SIZE,
        "default_statistics_target": STEP_STATISTICS_TARGET,
    }
    may_create, pid, path = conn.exec_driver_sql(
        "SELECT set_config('work_mem', CASE WHEN pg_size_bytes(current_setting('work_mem')) < "
        "pg_size_bytes(%(work_mem)s) THEN %(work_mem)s ELSE current_setting('work_mem') END, true), "
        + "".join(f"set_config('{name}', %({name})s, true), " for name in settings)
        + "has_database_privilege(current_database(), 'CREATE'), pg_backend_pid(), current_setting('search_path')",
        {"work_mem": STEP_WORK_MEM, **settings},
    ).one()[-3:]
    if not tables:
        return None
    # a temporary table of the same name would hide the run's own (pg_temp is searched first)
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {', '.join(f'pg_temp.{t}' for t in tables)}")
    if not may_create:
        return None
    schema = f"jumys_steps_{pid}_{secrets.token_hex(4)}"
    conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    conn.exec_driver_sql("SELECT set_config('search_path', %(path)s, true)", {"path": f"{schema}, {path}"})
    return _Work(schema, str(path))


def _in_schema(sql: str, work: _Work) -> str:
    """A step's CREATE TEMP TABLE x as CREATE UNLOGGED TABLE in the run's schema."""
    return _CREATE_TEMP.sub(lambda m: f"CREATE UNLOGGED TABLE {work.schema}.{m.group(1)}", sql, count=1)


def run_and_read(
    conn: sa.Connection,
    steps: Sequence[Step],
    params: Mapping[str, Value],
    read: Callable[[sa.Connection], T],
    progress: Progress | None = None,
) -> T:
    """Run the steps and return what read(conn) makes of their temporary tables before they are dropped."""
    kept: list[T] = []
    run_steps(conn, steps, params, progress, read=lambda c: kept.append(read(c)))
    return kept[0]


def _drop(conn: sa.Connection, tables: Iterable[str]) -> None:
    for name in tables:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
