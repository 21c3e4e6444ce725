"""Bulk paths from DuckDB staging into the store (storage/bulk.py): the same results on both engines, inside
one transaction that a rollback undoes whole."""

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
import sqlalchemy as sa

from jumys.registry.ingest import duckdb_connection_from_raw
from jumys.storage.bulk import DuckDBTarget, PostgresTarget, Target
from jumys.storage.schema import metadata
from tests.factories import rows

QUOTAS = metadata.tables["quotas"]


@pytest.fixture
def target(engine: sa.Engine, tmp_path: Path) -> Iterator[tuple[Target, Any]]:
    """A target on the test's store and the DuckDB connection its staged rows come from."""
    raw = engine.raw_connection()
    if engine.dialect.name == "duckdb":
        duck = duckdb_connection_from_raw(raw)
        yield DuckDBTarget(duck), duck
        duck.execute("DROP TABLE IF EXISTS staged")
    else:
        duck = duckdb.connect()
        yield PostgresTarget(duck, raw.driver_connection, tmp_path), duck
        duck.close()
    raw.close()


def _stage(duck: Any, quotas: list[tuple[int, str, str, int, int]]) -> str:
    duck.execute(
        "CREATE OR REPLACE TEMP TABLE staged (year BIGINT, kato VARCHAR, category VARCHAR, units BIGINT, b INT)"
    )
    duck.executemany("INSERT INTO staged VALUES (?, ?, ?, ?, ?)", quotas)
    return "SELECT year, kato, category, units, b FROM staged"


def _apply(target: Target, work: Any) -> None:
    target.begin()
    work()
    target.commit()


def test_upsert_replaces_stored_keys_and_adds_new_ones(engine: sa.Engine, target: tuple[Target, Any]) -> None:
    t, duck = target
    _apply(
        t,
        lambda: t.upsert(
            QUOTAS,
            ("year", "kato", "category"),
            _stage(duck, [(2025, "750000000", "head", 5, 1), (2025, "750000000", "seasonal", 9, 1)]),
        ),
    )
    _apply(
        t,
        lambda: t.upsert(
            QUOTAS,
            ("year", "kato", "category"),
            _stage(duck, [(2025, "750000000", "head", 7, 2), (2026, "750000000", "head", 1, 2)]),
        ),
    )
    assert rows(engine, "quotas") == sorted(
        [
            (2025, "750000000", "head", 7, 2),
            (2025, "750000000", "seasonal", 9, 1),
            (2026, "750000000", "head", 1, 2),
        ],
        key=repr,
    )


def test_insert_missing_keeps_stored_rows(engine: sa.Engine, target: tuple[Target, Any]) -> None:
    t, duck = target
    _apply(t, lambda: t.insert(QUOTAS, _stage(duck, [(2025, "750000000", "head", 5, 1)])))
    _apply(
        t,
        lambda: t.insert_missing(
            QUOTAS,
            ("year", "kato", "category"),
            _stage(duck, [(2025, "750000000", "head", 99, 2), (2025, "710000000", "head", 3, 2)]),
        ),
    )
    assert rows(engine, "quotas") == sorted(
        [(2025, "750000000", "head", 5, 1), (2025, "710000000", "head", 3, 2)], key=repr
    )


def test_rollback_undoes_every_write_of_the_transaction(
    engine: sa.Engine, target: tuple[Target, Any]
) -> None:
    t, duck = target
    _apply(t, lambda: t.insert(QUOTAS, _stage(duck, [(2025, "750000000", "head", 5, 1)])))
    t.begin()
    t.upsert(QUOTAS, ("year", "kato", "category"), _stage(duck, [(2025, "750000000", "head", 6, 2)]))
    t.insert(QUOTAS, _stage(duck, [(2030, "750000000", "head", 1, 2)]))
    t.execute("DELETE FROM quotas WHERE year = 2025")
    t.rollback()
    assert rows(engine, "quotas") == [(2025, "750000000", "head", 5, 1)]


def test_values_survive_the_trip_unchanged(engine: sa.Engine, target: tuple[Target, Any]) -> None:
    """Text with the CSV's own delimiters, empty text apart from NULL, exact doubles, booleans, UUIDs."""
    t, duck = target
    awkward = 'ТОО "Кавычки", запятая\nи строка; \\ обратная черта'
    duck.execute(
        "CREATE OR REPLACE TEMP TABLE staged AS SELECT * FROM (VALUES "
        "('B1', $name, '751110000', '47111', NULL, CAST(0.1 AS DOUBLE) + CAST(0.2 AS DOUBLE), -76.950000000001, "
        "DATE '2015-06-01', 1), "
        "('B2', '', '751110000', '47111', '150640000010', NULL, NULL, DATE '2015-06-02', 1)) t",
        {"name": awkward},
    )
    _apply(t, lambda: t.insert(metadata.tables["employers"], "SELECT * FROM staged"))
    person = uuid.UUID("12345678-1234-5678-1234-567812345678")
    duck.execute(
        "CREATE OR REPLACE TEMP TABLE staged AS SELECT CAST($p AS UUID) AS p, DATE '1990-01-01' AS d, 'F' AS s, "
        "NULL AS c, NULL AS st, 1 AS b",
        {"p": str(person)},
    )
    _apply(t, lambda: t.insert(metadata.tables["persons"], "SELECT * FROM staged"))
    duck.execute(
        "CREATE OR REPLACE TEMP TABLE staged AS SELECT 'V1' AS v, 'B1' AS bin, '751110000' AS kato, '2411' AS nkz, "
        "100 AS s, DATE '2024-01-01' AS p, NULL::DATE AS c, true AS f, 1 AS b"
    )
    _apply(t, lambda: t.insert(metadata.tables["vacancies"], "SELECT * FROM staged"))
    assert rows(engine, "employers") == [
        ("B1", awkward, "751110000", "47111", None, 0.1 + 0.2, -76.950000000001, dt.date(2015, 6, 1), 1),
        ("B2", "", "751110000", "47111", "150640000010", None, None, dt.date(2015, 6, 2), 1),
    ]
    assert rows(engine, "persons") == [(person, dt.date(1990, 1, 1), "F", None, None, 1)]
    assert rows(engine, "vacancies")[0][-2:] == (True, 1)


def test_a_large_load_with_a_key_twice_fails_at_the_rebuilt_key_and_a_rollback_restores_all(
    engine: sa.Engine, target: tuple[Target, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The large path drops the key while it loads: the key built again is what refuses the duplicate."""
    if engine.dialect.name != "postgresql":
        pytest.skip("the large-load path is PostgreSQL's")
    monkeypatch.setattr(PostgresTarget, "large_rows", 1)
    t, duck = target
    _apply(t, lambda: t.insert(QUOTAS, _stage(duck, [(2025, "750000000", "head", 5, 1)])))
    keys = "SELECT count(*) FROM pg_constraint WHERE conrelid = 'quotas'::regclass AND contype = 'p'"
    twice = [(2026, "750000000", "head", 1, 2), (2026, "750000000", "head", 2, 2)]
    t.begin()
    with pytest.raises(Exception, match="pk_quotas"):
        t.upsert(QUOTAS, ("year", "kato", "category"), _stage(duck, twice))
    t.rollback()
    assert rows(engine, "quotas") == [(2025, "750000000", "head", 5, 1)]
    assert t.scalar(keys) == 1
