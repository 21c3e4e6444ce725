"""The SQL step runner (storage/steps.py): numbered files found, parameters bound as literals or refused,
temporary tables dropped before and after, analysed on PostgreSQL, the bound statements the ones that ran."""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

import pytest
import sqlalchemy as sa

from jumys.projects.methodology import SQL_DIR, VERIFY_STEPS, Methodology, parameters
from jumys.storage.steps import bind, find_steps, run_and_read, run_steps, split_statements, temp_tables

DAY = dt.date(2026, 1, 1)


def _folder(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    return tmp_path


STEPS = {
    "01_one.sql": """
-- numbers up to :n
CREATE TEMP TABLE t_one AS SELECT x FROM (VALUES (1), (2), (3)) v(x) WHERE x <= :n;  -- comment
""",
    "02_two.sql": "CREATE TEMP TABLE t_two AS SELECT x, :day AS d FROM t_one;\n",
    "03_keep.sql": "INSERT INTO kept SELECT x, d FROM t_two",
}


def test_statements_are_bound_as_literals_without_comments() -> None:
    text = "SELECT :day, :n -- not :this\n; SELECT :n+1 FROM t WHERE d < :day;\n\n"
    assert split_statements(text, {"day": DAY, "n": 6}) == [
        "SELECT DATE '2026-01-01', 6",
        "SELECT 6+1 FROM t WHERE d < DATE '2026-01-01'",
    ]


def test_a_name_is_replaced_whole() -> None:
    assert bind("x = :as_of_month OR y = :as_of", {"as_of": DAY, "as_of_month": DAY.replace(day=1)}) == (
        "x = DATE '2026-01-01' OR y = DATE '2026-01-01'"
    )
    assert bind("CAST(x AS DATE)::text", {}) == "CAST(x AS DATE)::text"  # a cast is not a parameter


@pytest.mark.parametrize(
    "value",
    ["2026-01-01", "1; DROP TABLE projects", 0.5, True, dt.datetime(2026, 1, 1, 12), None, b"1"],
    ids=["date-as-text", "text", "float", "bool", "datetime", "none", "bytes"],
)
def test_a_value_that_is_not_a_date_or_an_integer_is_refused(value: object) -> None:
    with pytest.raises(TypeError, match=":p is"):
        bind("SELECT :p", {"p": value})  # type: ignore[dict-item]


def test_a_parameter_without_a_value_or_with_a_bad_name_is_refused() -> None:
    with pytest.raises(KeyError, match=":missing"):
        bind("SELECT :n, :missing", {"n": 1})
    with pytest.raises(ValueError, match="not a parameter name"):
        bind("SELECT 1", {"n; --": 1})


def test_steps_are_the_numbered_files_in_order(tmp_path: Path) -> None:
    folder = _folder(tmp_path, STEPS)
    assert [s.name for s in find_steps(folder)] == ["01_one", "02_two", "03_keep"]
    assert [s.number for s in find_steps(folder, 2, 3)] == [2, 3]
    (folder / "notes.sql").write_text("SELECT 1")
    with pytest.raises(ValueError, match=r"NN_name\.sql"):
        find_steps(folder)


def test_the_methodology_folder_is_nine_steps_then_the_scorecard() -> None:
    assert [s.number for s in find_steps(SQL_DIR, *VERIFY_STEPS)] == list(range(1, 10))
    assert [s.name for s in find_steps(SQL_DIR, 10, 10)] == ["10_scorecard"]
    bound = [
        sql
        for s in find_steps(SQL_DIR, *VERIFY_STEPS)
        for sql in s.statements(parameters(DAY, Methodology()))
    ]
    assert "v_group" in temp_tables(bound) and "v_region_wage" in temp_tables(bound)
    assert not any(":" in sql for sql in bound)  # every parameter written in


def test_temp_tables_are_dropped_before_and_after_and_analysed(engine: sa.Engine, tmp_path: Path) -> None:
    folder = _folder(tmp_path, STEPS)
    seen: list[tuple[str, float | None]] = []
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE kept (x INTEGER, d DATE)")
        conn.exec_driver_sql("CREATE TEMP TABLE t_one AS SELECT 99 AS x")  # left over: dropped first

        def progress(step: str, done: int, total: int) -> None:
            tuples = None
            if step == "02_two" and conn.dialect.name == "postgresql":
                # analysed: PostgreSQL knows the rows of a new table only once ANALYZE ran; the step's
                # table is unlogged, in the run's own schema (the left-over temporary t_one is gone)
                tuples = conn.exec_driver_sql(
                    "SELECT c.reltuples FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    " WHERE c.relname = 't_one' AND c.relpersistence = 'u' AND n.nspname LIKE 'jumys_steps_%%'"
                ).scalar_one()
            seen.append((step, tuples))

        ran = run_steps(conn, find_steps(folder), {"n": 2, "day": DAY}, progress)
        assert [s for s, _ in seen] == ["01_one", "02_two", "03_keep"]
        if conn.dialect.name == "postgresql":
            assert seen[1][1] == 2
        assert ran == [sql for step in find_steps(folder) for sql in step.statements({"n": 2, "day": DAY})]
        assert ran[0].startswith("CREATE TEMP TABLE t_one AS SELECT x FROM") and ran[0].endswith("x <= 2")
        assert sorted(conn.exec_driver_sql("SELECT x, d FROM kept").all()) == [(1, DAY), (2, DAY)]
        for table in ("t_one", "t_two"):  # dropped after: made again without a clash
            conn.exec_driver_sql(f"CREATE TEMP TABLE {table} AS SELECT 1 AS x")


def test_a_bad_parameter_runs_nothing(engine: sa.Engine, tmp_path: Path) -> None:
    folder = _folder(tmp_path, STEPS)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE kept (x INTEGER, d DATE)")
        with pytest.raises(TypeError):
            run_steps(conn, find_steps(folder), {"n": 2, "day": "2026-01-01"})  # type: ignore[dict-item]
        conn.exec_driver_sql("CREATE TEMP TABLE t_one AS SELECT 1 AS x")  # step 01 never ran


def test_the_caller_reads_a_temp_table_before_the_run_drops_it(engine: sa.Engine, tmp_path: Path) -> None:
    folder = _folder(tmp_path, STEPS)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE kept (x INTEGER, d DATE)")
        read = run_and_read(
            conn,
            find_steps(folder),
            {"n": 3, "day": DAY},
            lambda c: c.exec_driver_sql("SELECT x FROM t_two").scalars().all(),
        )
        assert sorted(read) == [1, 2, 3]
        conn.exec_driver_sql("CREATE TEMP TABLE t_one AS SELECT 1 AS x")  # dropped after the read
        conn.exec_driver_sql("CREATE TEMP TABLE t_two AS SELECT 1 AS x")


def _plan(conn: sa.Connection, sql: str) -> str:
    return "\n".join(row[0] for row in conn.exec_driver_sql(f"EXPLAIN {sql}"))


def test_steps_tables_on_postgresql_are_read_in_parallel_and_leave_nothing(
    engine: sa.Engine, tmp_path: Path
) -> None:
    """PostgreSQL never reads a temporary table in parallel: the step's tables are unlogged ones in a schema of the
    run's own, which a parallel plan may read, gone with the schema after the run."""
    if engine.dialect.name != "postgresql":
        pytest.skip("parallel plans and schemas are PostgreSQL's")
    plans: list[str] = []
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE kept (x INTEGER, d DATE)")
        path = conn.exec_driver_sql("SHOW search_path").scalar_one()
        version = int(conn.exec_driver_sql("SHOW server_version_num").scalar_one())
        force = "debug_parallel_query" if version >= 160000 else "force_parallel_mode"

        def read(c: sa.Connection) -> None:
            c.exec_driver_sql(f"SET LOCAL {force} = on")
            plans.append(_plan(c, "SELECT count(*) FROM t_two"))
            c.exec_driver_sql(f"SET LOCAL {force} = off")

        run_steps(conn, find_steps(_folder(tmp_path, STEPS)), {"n": 2, "day": DAY}, read=read)
        assert "Gather" in plans[0], plans[0]
        assert conn.exec_driver_sql("SHOW search_path").scalar_one() == path
        left = conn.exec_driver_sql(
            "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'jumys_steps_%%'"
        ).scalar_one()
        assert left == 0
        assert sorted(conn.exec_driver_sql("SELECT x FROM kept").scalars()) == [1, 2]


def test_steps_on_postgresql_make_temporary_tables_where_the_role_may_not_make_a_schema(
    engine: sa.Engine, tmp_path: Path
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("schemas are PostgreSQL's")
    role = f"jumys_no_schema_{secrets.token_hex(4)}"
    persistence: list[str] = []

    def read(c: sa.Connection) -> list[int]:
        sql = "SELECT relpersistence FROM pg_class WHERE relname = 't_two'"
        persistence.append(c.exec_driver_sql(sql).scalar_one())
        return list(c.exec_driver_sql("SELECT x FROM t_two").scalars())

    with engine.connect() as conn, conn.begin() as tx:  # rolled back: the role goes with it
        conn.exec_driver_sql("CREATE TABLE kept (x INTEGER, d DATE)")
        conn.exec_driver_sql(f"CREATE ROLE {role}")  # may use the database, not make a schema in it
        conn.exec_driver_sql(f"GRANT INSERT ON kept TO {role}")
        conn.exec_driver_sql(f"SET LOCAL ROLE {role}")
        got = run_and_read(conn, find_steps(_folder(tmp_path, STEPS)), {"n": 3, "day": DAY}, read)
        assert sorted(got) == [1, 2, 3] and persistence == ["t"]
        conn.exec_driver_sql("CREATE TEMP TABLE t_two AS SELECT 1 AS x")  # dropped after the read
        tx.rollback()


STEP_SETTINGS = ("work_mem", "random_page_cost", "parallel_setup_cost", "default_statistics_target")


def _settings(conn: sa.Connection) -> tuple[str, ...]:
    return tuple(conn.exec_driver_sql(f"SHOW {name}").scalar_one() for name in STEP_SETTINGS)


def test_steps_on_postgresql_get_more_memory_and_cheaper_index_reads_for_their_transaction_only(
    engine: sa.Engine, tmp_path: Path
) -> None:
    """PostgreSQL's default work_mem (4 MB) spilled the hash joins of verification to disk at scale 1, and its
    default random_page_cost (4.0) made it read whole tables where an index found the rows sooner; its default
    costs of a parallel plan kept the probes of a small table in one process, and its default sample of
    30,000 rows made analysing the steps' tables cost 0.8 s of verification at scale 1."""
    if engine.dialect.name != "postgresql":
        pytest.skip("work_mem and random_page_cost are PostgreSQL's")
    seen: list[tuple[str, ...]] = []
    with engine.begin() as conn:
        default = _settings(conn)
        steps = find_steps(_folder(tmp_path, {"01_one.sql": STEPS["01_one.sql"]}), 1, 1)
        run_steps(conn, steps, {"n": 2}, read=lambda c: seen.append(_settings(c)))
    with engine.connect() as conn:
        after = _settings(conn)
    steps_own = ("64MB", "1.1", "100", "10")
    assert all(d != s for d, s in zip(default, steps_own, strict=True))
    assert (seen, after) == ([steps_own], default)


def test_steps_on_postgresql_keep_a_larger_work_mem_their_caller_set(
    engine: sa.Engine, tmp_path: Path
) -> None:
    """The risk scoring sets 256MB for its aggregates over payroll; the steps' 64MB replaced it, and they spilled
    to disk (816 MB at scale 1)."""
    if engine.dialect.name != "postgresql":
        pytest.skip("work_mem is PostgreSQL's")
    seen: list[str] = []
    with engine.begin() as conn:
        conn.exec_driver_sql("SET LOCAL work_mem = '256MB'")
        steps = find_steps(_folder(tmp_path, {"01_one.sql": STEPS["01_one.sql"]}), 1, 1)
        run_steps(
            conn, steps, {"n": 2}, read=lambda c: seen.append(c.exec_driver_sql("SHOW work_mem").scalar_one())
        )
    assert seen == ["256MB"]
