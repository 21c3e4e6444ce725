"""Schema revisions: a store is created and upgraded by them, on both engines, to exactly the metadata."""

import datetime as dt

import pytest
import sqlalchemy as sa

from jumys.storage.revisions import current, head, upgrade
from jumys.storage.schema import metadata


def test_a_new_store_is_at_the_newest_revision(engine: sa.Engine) -> None:
    assert current(engine) == head() is not None


def test_upgrading_again_changes_nothing(engine: sa.Engine) -> None:
    before = sorted(sa.inspect(engine).get_table_names())
    upgrade(engine)
    assert current(engine) == head()
    assert sorted(sa.inspect(engine).get_table_names()) == before


def test_the_revisions_create_every_table_with_its_columns(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        found = conn.exec_driver_sql(
            "SELECT table_name, column_name, is_nullable FROM information_schema.columns "
            "WHERE table_schema = current_schema()"
        ).all()
    stored: dict[str, dict[str, bool]] = {}
    for table, col, nullable in found:
        stored.setdefault(table, {})[col] = nullable == "YES"
    for name, table in metadata.tables.items():
        assert stored.get(name) == {c.name: c.nullable for c in table.columns}, name


def test_keys_and_references_are_enforced_by_postgresql_only(engine: sa.Engine) -> None:
    """DuckDB's index-backed constraints cost too much on bulk loads: the ingest guarantees keys there."""
    with engine.connect() as conn:
        kinds = conn.exec_driver_sql(
            "SELECT DISTINCT constraint_type FROM information_schema.table_constraints "
            "WHERE table_name = 'contracts' AND constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')"
        ).scalars()
        found = set(kinds)
    assert found == ({"PRIMARY KEY", "FOREIGN KEY"} if engine.dialect.name == "postgresql" else set())


@pytest.mark.parametrize(
    ("values", "column"),
    [
        ({"contract_type": "temporary"}, "contract_type"),
        ({"salary_kzt": -1}, "salary_kzt"),
        ({"end_date": dt.date(2023, 12, 31)}, "end_date"),
    ],
)
def test_check_constraints_hold_on_both_engines(
    engine: sa.Engine, values: dict[str, object], column: str
) -> None:
    contracts = metadata.tables["contracts"]
    row = {
        "contract_id": "C1",
        "person_id": "00000000-0000-0000-0000-000000000001",
        "bin": "150640000010",
        "kato": "751110000",
        "nkz": "2411",
        "contract_type": "permanent",
        "start_date": dt.date(2024, 1, 1),
        "end_date": None,
        "salary_kzt": 100,
        "conditions": "normal",
        "batch_no": 1,
    }
    if engine.dialect.name == "postgresql":  # the references must resolve there
        persons, employers = metadata.tables["persons"], metadata.tables["employers"]
        with engine.begin() as conn:
            conn.execute(
                persons.insert().values(
                    person_id=row["person_id"], birth_date=dt.date(1990, 1, 1), sex="M", batch_no=1
                )
            )
            conn.execute(
                employers.insert().values(
                    bin=row["bin"],
                    name="x",
                    kato="751110000",
                    oked="47111",
                    registered_on=dt.date(2015, 1, 1),
                    batch_no=1,
                )
            )
    with engine.begin() as conn:
        conn.execute(contracts.insert().values(row))  # the valid row goes in
    with pytest.raises(sa.exc.DBAPIError, match=rf"(?is)check constraint.*{column}"), engine.begin() as conn:
        conn.execute(contracts.insert().values(row | {"contract_id": "C2"} | values))


def test_the_revisions_create_the_indexes_of_the_metadata_on_their_engine(engine: sa.Engine) -> None:
    """Secondary indexes on PostgreSQL, lookup indexes on DuckDB: each only where its ddl_if says."""
    dialect = engine.dialect.name
    expected = {
        ix.name
        for table in metadata.tables.values()
        for ix in table.indexes
        if ix._ddl_if is None or ix._ddl_if.dialect in (dialect, (dialect,))
    }
    with engine.connect() as conn:
        if dialect == "duckdb":
            sql = "SELECT index_name FROM duckdb_indexes() WHERE schema_name = current_schema()"
        else:
            sql = (
                "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
                "AND left(indexname, 3) NOT IN ('pk_', 'uq_') AND tablename <> 'alembic_version'"
            )
        found = set(conn.exec_driver_sql(sql).scalars())
    assert found == expected
    assert any(name.endswith("_lookup") for name in expected) == (dialect == "duckdb")
