"""The verification's SQL as bench/spark.py gives it to Spark and to DuckDB over Parquet: the few changes
(docs/scaling.md, "The same SQL on Spark"). Spark itself is not needed: its text is checked, DuckDB's run."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import duckdb
import pytest

from bench.spark import adapt, same, statements


def test_insert_into_a_fact_table_becomes_a_view_of_the_same_columns() -> None:
    sql = adapt("INSERT INTO fact_x (\n    a,\n    b\n)\nSELECT 1, 2", "duckdb")
    assert sql == "CREATE TEMP VIEW fact_x ( a, b ) AS SELECT 1, 2"
    con = duckdb.connect()
    con.execute(sql)
    assert con.execute("SELECT a, b FROM fact_x").fetchall() == [(1, 2)]


def test_duckdb_keeps_its_temporary_tables_and_the_rest_of_the_text() -> None:
    sql = 'CREATE TEMP TABLE v AS SELECT p.deadline - p.start_date AS d FROM p ORDER BY x COLLATE "C"'
    assert adapt(sql, "duckdb") == sql


def test_spark_caches_a_temporary_table_and_counts_days_with_datediff() -> None:
    sql = (
        "CREATE TEMP TABLE v AS SELECT LEAST(GREATEST(DATE '2026-01-01' - p.start_date, 0), "
        "p.deadline - p.start_date), p.start_date - 180, CAST(x AS DOUBLE PRECISION) FROM p "
        'ORDER BY p.project_id COLLATE "C"'
    )
    assert adapt(sql, "spark") == (
        "CACHE TABLE v AS SELECT LEAST(GREATEST(datediff(DATE '2026-01-01', p.start_date), 0), "
        "datediff(p.deadline, p.start_date)), p.start_date - 180, CAST(x AS DOUBLE) FROM p "
        "ORDER BY p.project_id"
    )


def test_every_statement_of_the_verification_is_adapted_for_spark() -> None:
    bound = statements(dt.date(2026, 1, 1))
    assert {name for name, _ in bound} >= {"01_group", "04_paid", "06_headcount", "09_results"}
    for _, sql in bound:
        spark = adapt(sql, "spark")
        assert spark.startswith(("CACHE TABLE ", "CREATE TEMPORARY VIEW fact_")), spark[:60]
        assert "COLLATE" not in spark and "DOUBLE PRECISION" not in spark
        # no day count left as a subtraction of two dates (a date minus a number of days stays)
        assert not re.search(r"(DATE '[\d-]+'|deadline)\s*-\s*\w+\.start_date", spark)


def test_an_unknown_dialect_is_refused() -> None:
    with pytest.raises(ValueError, match="dialect"):
        adapt("SELECT 1", "oracle")


def test_a_share_spark_rounds_to_five_places_is_the_same_within_half_their_unit() -> None:
    assert same(0.203125, Decimal("0.20313"))
    assert same(0.0714285714, Decimal("0.07143"))
    assert not same(0.2031, Decimal("0.20313"))
    assert not same(0.5, 0.5000001) and same(None, None) and not same(None, 0)
