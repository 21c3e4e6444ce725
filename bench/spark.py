"""The verification's SQL on Apache Spark SQL (local mode, a measured simulation of a cluster) and on DuckDB,
over the same Parquet files, with the results compared (docs/scaling.md, "Beyond one machine").

`uv run --group scale python -m bench.spark [scale]` (default 0.1): synthesises a country as Parquet,
ingests it into a DuckDB store (the ingest is Jumys's own: pseudonymised persons, payroll periods as dates,
one row per project operator), verifies it there, and writes the seven tables the verification reads to
Parquet (bench-out/spark/tables). Then the statements of jumys/projects/sql/01..09, as the store runs them
(comments stripped, parameters written in as literals: jumys.storage.steps), run over those Parquet files
on DuckDB (in memory) and on Spark (`local[N]`, N = BENCH_SPARK_CORES, default 2), each statement timed.
Both engines' rows of every project are compared, and with the store's own verification.

The text each engine runs is the store's, changed only by `adapt` below (each change says why).
pyspark is in the optional dependency group `scale`: `make install` does not install it, and no test needs it.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import shutil
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench.run import OUT, _as_of, _step

TABLES = ("projects", "project_operators", "employers", "contracts", "payroll", "persons", "region_stats")
RESULT_TABLES = ("fact_project_verification", "fact_project_jobs")

_INSERT = re.compile(r"^INSERT\s+INTO\s+(\w+)\s*(\([^)]*\))\s*", re.S)
_TEMP_TABLE = re.compile(r"^CREATE\s+TEMP\s+TABLE\s+(\w+)\s+AS\s+", re.S)
# a day count between two dates: `a - b` is an integer on DuckDB and PostgreSQL, an interval on Spark
_DAYS_BETWEEN = re.compile(r"(DATE '\d{4}-\d{2}-\d{2}'|\b\w+\.deadline)\s*-\s*(\w+\.start_date)\b")


def adapt(statement: str, dialect: str) -> str:
    """A bound statement of the store's SQL as `dialect` ("duckdb" or "spark") runs it over Parquet files.

    On both: `INSERT INTO fact_x (columns) SELECT ...` becomes `CREATE TEMP VIEW fact_x (columns) AS SELECT ...`
    (the facts are read back and compared, not stored). On Spark only: `CREATE TEMP TABLE x AS` becomes
    `CACHE TABLE x AS` (Spark's materialised temporary table); `COLLATE "C"` goes (Spark compares strings by
    their UTF-8 bytes, which is "C"'s order); `DOUBLE PRECISION` is `DOUBLE`; a day count between two
    dates, `a - b`, is `datediff(a, b)`.
    """
    if dialect not in ("duckdb", "spark"):
        raise ValueError(f"unknown dialect {dialect!r}")
    s = statement.strip()
    insert = _INSERT.match(s)
    if insert:
        table, columns = insert.group(1), re.sub(r"\s+", " ", insert.group(2))
        view = "CREATE TEMPORARY VIEW" if dialect == "spark" else "CREATE TEMP VIEW"
        s = f"{view} {table} {columns} AS {s[insert.end() :]}"
    if dialect == "spark":
        s = _TEMP_TABLE.sub(r"CACHE TABLE \1 AS ", s)
        s = s.replace(' COLLATE "C"', "")
        s = s.replace("DOUBLE PRECISION", "DOUBLE")
        s = _DAYS_BETWEEN.sub(r"datediff(\1, \2)", s)
    return s


def statements(as_of: dt.date) -> list[tuple[str, str]]:
    """(step name, bound statement) of steps 01..09 at as_of with the default methodology: what the store runs."""
    from jumys.projects.methodology import SQL_DIR, VERIFY_STEPS, Methodology, parameters
    from jumys.storage.steps import find_steps

    params = parameters(as_of, Methodology())
    return [
        (step.name, sql) for step in find_steps(SQL_DIR, *VERIFY_STEPS) for sql in step.statements(params)
    ]


def export_tables(store: Path, folder: Path) -> dict[str, int]:
    """The tables the verification reads, from the DuckDB store to one Parquet file each; rows of each.

    A UUID (person_id) is written as its text: Spark has no UUID type.
    """
    import duckdb

    folder.mkdir(parents=True, exist_ok=True)
    rows = {}
    with duckdb.connect(str(store), read_only=True) as con:
        for table in TABLES:
            cols = con.execute(f"DESCRIBE {table}").fetchall()
            select = ", ".join(
                f"CAST({name} AS VARCHAR) AS {name}" if kind == "UUID" else name
                for name, kind, *_ in cols
                if name != "batch_no"
            )
            con.execute(
                f"COPY (SELECT {select} FROM {table}) TO '{folder / table}.parquet' "
                "(FORMAT parquet, ROW_GROUP_SIZE 1000000)"
            )
            rows[table] = int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # type: ignore[index]
    return rows


Rows = dict[str, dict[str, Any]]  # project_id: {column: value}


def _rows(columns: list[str], records: list[tuple[Any, ...]]) -> Rows:
    return {str(r[columns.index("project_id")]): dict(zip(columns, r, strict=True)) for r in records}


def _duck_rows(con: Any, sql: str) -> Rows:
    cur = con.execute(sql)
    return _rows([d[0] for d in cur.description], cur.fetchall())


def run_duckdb(folder: Path, steps: list[tuple[str, str]]) -> tuple[dict[str, float], dict[str, Any]]:
    """The steps on an in-memory DuckDB over the Parquet files: seconds per step, and the results read back."""
    import duckdb

    con = duckdb.connect()
    threads = os.environ.get("BENCH_SPARK_CORES", "2")
    con.execute(f"SET threads = {int(threads)}")
    for table in TABLES:
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{folder / table}.parquet')")
    seconds: dict[str, float] = {}
    for name, sql in steps:
        t = time.perf_counter()
        con.execute(adapt(sql, "duckdb"))
        seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - t
    t = time.perf_counter()
    results = {
        "verification": _duck_rows(con, "SELECT * FROM fact_project_verification"),
        "jobs": con.execute("SELECT count(*), count(DISTINCT contract_id) FROM fact_project_jobs").fetchone(),
    }
    seconds["09_results"] += time.perf_counter() - t  # the views of step 09 run when read
    con.close()
    return seconds, results


def _jvm_peak_mb(spark: Any) -> float:
    pid = spark.sparkContext._gateway.proc.pid
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_spark(
    folder: Path, steps: list[tuple[str, str]], cores: int
) -> tuple[dict[str, float], dict[str, Any]]:
    """The steps on Spark SQL in local[cores] mode over the Parquet files: seconds per step, results, memory."""
    from pyspark.sql import SparkSession

    t = time.perf_counter()
    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("jumys-verification")
        .config("spark.driver.memory", os.environ.get("BENCH_SPARK_MEMORY", "2g"))
        .config("spark.sql.shuffle.partitions", str(4 * cores))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    seconds: dict[str, float] = {"start": time.perf_counter() - t}
    for table in TABLES:
        spark.read.parquet(str(folder / f"{table}.parquet")).createOrReplaceTempView(table)
    for name, sql in steps:
        t = time.perf_counter()
        spark.sql(adapt(sql, "spark"))  # CACHE TABLE runs at once; a view runs when read
        seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - t
    t = time.perf_counter()
    frame = spark.sql("SELECT * FROM fact_project_verification")
    verification = _rows(frame.columns, [tuple(r) for r in frame.collect()])
    jobs = tuple(
        spark.sql("SELECT count(*), count(DISTINCT contract_id) FROM fact_project_jobs").collect()[0]
    )
    seconds["09_results"] += time.perf_counter() - t
    results = {"verification": verification, "jobs": jobs, "peak_mb": _jvm_peak_mb(spark)}
    spark.stop()
    return seconds, results


def same(a: Any, b: Any) -> bool:
    """Equal, a float to within 1e-9; a DECIMAL (Spark's average of the 1.0/0.0 of harmful_share is rounded
    to 5 places: its input's scale + 4) to within half a unit of the 5th place, finer than the 4 decimals
    Jumys gives a share to."""
    if a is None or b is None:
        return a is b
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return math.isclose(float(a), float(b), rel_tol=0, abs_tol=0.5e-5 + 1e-12)
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    return bool(a == b)


def differences(left: Rows, right: Rows) -> dict[str, list[str]]:
    """The projects whose rows differ, with the columns (of those both have) that differ; a project on
    one side only is listed with the column "(missing)"."""
    out = {}
    for pid in sorted(set(left) | set(right)):
        a, b = left.get(pid), right.get(pid)
        if a is None or b is None:
            out[pid] = ["(missing)"]
            continue
        cols = sorted(c for c in a.keys() & b.keys() if not same(a[c], b[c]))
        if cols:
            out[pid] = [f"{c}: {a[c]!r} / {b[c]!r}" for c in cols]
    return out


def _store_rows(store: Path, as_of: str) -> Rows:
    """The store's own verification at as_of (Jumys's verify step wrote it)."""
    import duckdb

    with duckdb.connect(str(store), read_only=True) as con:
        return _duck_rows(con, f"SELECT * FROM fact_project_verification WHERE as_of = DATE '{as_of}'")


def main(scale: float = 0.1) -> dict[str, Any]:
    """Synthesise, ingest and verify a country, then run its verification on DuckDB and Spark and compare."""
    root = OUT / f"spark-s{scale}"
    shutil.rmtree(root, ignore_errors=True)
    batch, home, tables = root / "batch", root / "home", root / "tables"
    cores = int(os.environ.get("BENCH_SPARK_CORES", "2"))
    s = _step("synth", str(batch), str(scale), "parquet")
    as_of = _as_of(batch)
    i = _step("ingest", str(batch), str(home))
    v = _step("verify", str(home), "", as_of)
    shutil.rmtree(batch, ignore_errors=True)
    store = home / "jumys.duckdb"
    rows = export_tables(store, tables)
    mb = sum(p.stat().st_size for p in tables.glob("*.parquet")) / 2**20
    print(
        f"spark bench, scale {scale}: {rows['payroll']:,} payroll rows, {rows['contracts']:,} contracts, "
        f"{rows['projects']:,} projects; ingest {i['seconds']:.1f} s, Jumys verify on its DuckDB store "
        f"{v['seconds']:.2f} s; the 7 tables as Parquet {mb:.0f} MB",
        flush=True,
    )
    steps = statements(dt.date.fromisoformat(as_of))
    t = time.perf_counter()
    duck_seconds, duck = run_duckdb(tables, steps)
    duck_total = time.perf_counter() - t
    t = time.perf_counter()
    spark_seconds, spark = run_spark(tables, steps, cores)
    spark_total = time.perf_counter() - t
    store_rows = _store_rows(store, as_of)
    diff_engines = differences(duck["verification"], spark["verification"])
    diff_store = differences(duck["verification"], store_rows)
    print(f"{'step':<16} {'DuckDB s':>9} {'Spark s':>9}")
    for name in duck_seconds:
        print(f"{name:<16} {duck_seconds[name]:9.2f} {spark_seconds.get(name, 0):9.2f}")
    print(
        f"{'total':<16} {duck_total:9.2f} {spark_total:9.2f}  (Spark's includes its start "
        f"{spark_seconds['start']:.1f} s; local[{cores}], JVM peak {spark['peak_mb']:.0f} MB)"
    )
    print(
        f"projects: DuckDB {len(duck['verification']):,}, Spark {len(spark['verification']):,}, "
        f"store {len(store_rows):,}; rows that differ between DuckDB and Spark: {len(diff_engines)}; "
        f"between DuckDB over Parquet and the store's own verification: {len(diff_store)}; evidence rows (jobs) "
        f"DuckDB {duck['jobs'][0]:,}, Spark {spark['jobs'][0]:,}"
    )
    out = {
        "scale": scale,
        "as_of": as_of,
        "rows": rows,
        "parquet_mb": mb,
        "synth_seconds": s["seconds"],
        "ingest_seconds": i["seconds"],
        "store_verify_seconds": v["seconds"],
        "duckdb": {"seconds": duck_seconds, "total": duck_total},
        "spark": {
            "seconds": spark_seconds,
            "total": spark_total,
            "cores": cores,
            "peak_mb": spark["peak_mb"],
        },
        "projects": len(duck["verification"]),
        "differences": diff_engines,
        "missing_against_store": diff_store,
        "jobs": {"duckdb": list(duck["jobs"]), "spark": list(spark["jobs"])},
    }
    (OUT / f"spark-s{scale}.json").write_text(json.dumps(out, indent=1, default=str))
    if not os.environ.get("BENCH_SPARK_KEEP"):
        shutil.rmtree(root, ignore_errors=True)
    if diff_engines:
        first = next(iter(diff_engines.items()))
        raise SystemExit(f"Spark and DuckDB differ on {len(diff_engines)} projects, e.g. {first}")
    return out


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 0.1)
