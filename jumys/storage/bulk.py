"""Bulk paths from a DuckDB staging area into the store, one transaction for a whole batch.

DuckDB store: the staging database is attached to the store's own connection, so rows move
with INSERT ... SELECT. PostgreSQL: each staged result is exported by DuckDB to a CSV file and
streamed with COPY into a temporary table, then merged with INSERT ... ON CONFLICT.
Never row by row.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class Target:
    """Where staged rows go: the interface both stores implement."""

    def begin(self) -> None:
        """Open the batch's transaction."""
        raise NotImplementedError

    def commit(self) -> None:
        """Make the batch visible."""
        raise NotImplementedError

    def rollback(self) -> None:
        """Undo everything since begin()."""
        raise NotImplementedError

    def scalar(self, sql: str) -> Any:
        """Run a query on the store and return its first value."""
        raise NotImplementedError

    def execute(self, sql: str) -> None:
        """Run a statement on the store."""
        raise NotImplementedError

    def upsert(self, table: sa.Table, key: tuple[str, ...], select: str) -> None:
        """Insert the staged rows of select (the table's columns, in order); a stored key is replaced."""
        raise NotImplementedError

    def insert_missing(self, table: sa.Table, key: tuple[str, ...], select: str) -> None:
        """Insert the staged rows of select whose key is not stored yet."""
        raise NotImplementedError

    def insert(self, table: sa.Table, select: str) -> None:
        """Append the staged rows of select."""
        raise NotImplementedError


class DuckDBTarget(Target):
    """The embedded store: staging is attached to the same DuckDB connection."""

    def __init__(self, duck: Any) -> None:
        self.duck = duck

    def begin(self) -> None:
        """Open the batch's transaction."""
        self.duck.execute("BEGIN TRANSACTION")

    def commit(self) -> None:
        """Make the batch visible."""
        self.duck.execute("COMMIT")

    def rollback(self) -> None:
        """Undo everything since begin()."""
        self.duck.execute("ROLLBACK")

    def scalar(self, sql: str) -> Any:
        """Run a query on the store and return its first value."""
        row = self.duck.execute(sql).fetchone()
        return None if row is None else row[0]

    def execute(self, sql: str) -> None:
        """Run a statement on the store."""
        self.duck.execute(sql)

    def upsert(self, table: sa.Table, key: tuple[str, ...], select: str) -> None:
        """Delete the stored rows with the staged keys, then insert the staged rows."""
        if self.scalar(f"SELECT NOT EXISTS (SELECT 1 FROM {table.name})"):
            self.insert(table, select)  # nothing stored: nothing to replace
            return
        keys = ", ".join(map(_q, key))
        match = " AND ".join(f"t.{_q(k)} = s.{_q(k)}" for k in key)
        self.duck.execute(
            f"DELETE FROM {table.name} AS t USING (SELECT DISTINCT {keys} FROM ({select})) s WHERE {match}"
        )
        self.insert(table, select)

    def insert_missing(self, table: sa.Table, key: tuple[str, ...], select: str) -> None:
        """Insert the staged rows whose key is not stored yet (anti-join)."""
        match = " AND ".join(f"t.{_q(k)} = s.{_q(k)}" for k in key)
        self.duck.execute(
            f"INSERT INTO {table.name} SELECT * FROM ({select}) s "
            f"WHERE NOT EXISTS (SELECT 1 FROM {table.name} t WHERE {match})"
        )

    def insert(self, table: sa.Table, select: str) -> None:
        """Append the staged rows."""
        cols = ", ".join(_q(c.name) for c in table.columns)
        self.duck.execute(f"INSERT INTO {table.name} ({cols}) {select}")


class PostgresTarget(Target):
    """PostgreSQL: staged results go through COPY into temporary tables, then merge."""

    def __init__(self, duck: Any, pg: Any, workdir: Path) -> None:
        self.duck = duck
        self.pg = pg  # a psycopg connection
        self.workdir = workdir
        self._n = 0

    def begin(self) -> None:
        """Open the batch's transaction; one batch at a time per store."""
        self.pg.execute("SELECT pg_advisory_xact_lock(7240501)")

    def commit(self) -> None:
        """Make the batch visible."""
        self.pg.commit()

    def rollback(self) -> None:
        """Undo everything since begin()."""
        self.pg.rollback()

    def scalar(self, sql: str) -> Any:
        """Run a query on the store and return its first value."""
        row = self.pg.execute(sql).fetchone()
        return None if row is None else row[0]

    def execute(self, sql: str) -> None:
        """Run a statement on the store."""
        self.pg.execute(sql)

    def _copy_in(self, table: sa.Table, select: str) -> str:
        """COPY the staged rows of select into a temporary table shaped like table; return its name."""
        self._n += 1
        tmp = f"tmp_{table.name}_{self._n}"
        cols = ", ".join(_q(c.name) for c in table.columns)
        self.pg.execute(f"CREATE TEMP TABLE {tmp} (LIKE {table.name} INCLUDING DEFAULTS) ON COMMIT DROP")
        with tempfile.NamedTemporaryFile(dir=self.workdir, suffix=".csv", delete=False) as f:
            path = f.name
        try:
            self.duck.execute(f"COPY ({select}) TO '{path}' (FORMAT csv, HEADER false)")
            copy = f"COPY {tmp} ({cols}) FROM STDIN (FORMAT csv)"
            with self.pg.cursor() as cur, cur.copy(copy) as cp, open(path, "rb") as src:
                while chunk := src.read(1 << 20):
                    cp.write(chunk)
        finally:
            Path(path).unlink(missing_ok=True)
        return tmp

    def upsert(self, table: sa.Table, key: tuple[str, ...], select: str) -> None:
        """INSERT ... ON CONFLICT DO UPDATE from the copied rows."""
        tmp = self._copy_in(table, select)
        cols = [c.name for c in table.columns]
        others = [c for c in cols if c not in key]
        sets = ", ".join(f"{_q(c)} = EXCLUDED.{_q(c)}" for c in others)
        self.pg.execute(
            f"INSERT INTO {table.name} ({', '.join(map(_q, cols))}) SELECT {', '.join(map(_q, cols))} FROM {tmp} "
            f"ON CONFLICT ({', '.join(map(_q, key))}) DO UPDATE SET {sets}"
        )

    def insert_missing(self, table: sa.Table, key: tuple[str, ...], select: str) -> None:
        """INSERT ... ON CONFLICT DO NOTHING from the copied rows."""
        tmp = self._copy_in(table, select)
        cols = ", ".join(_q(c.name) for c in table.columns)
        self.pg.execute(
            f"INSERT INTO {table.name} ({cols}) SELECT {cols} FROM {tmp} "
            f"ON CONFLICT ({', '.join(map(_q, key))}) DO NOTHING"
        )

    def insert(self, table: sa.Table, select: str) -> None:
        """Append the copied rows."""
        tmp = self._copy_in(table, select)
        cols = ", ".join(_q(c.name) for c in table.columns)
        self.pg.execute(f"INSERT INTO {table.name} ({cols}) SELECT {cols} FROM {tmp}")


def write_columns(
    conn: sa.Connection, table: sa.Table, columns: Mapping[str, Any], order: Any = None
) -> None:
    """Append rows given as columns (name -> a list or an Arrow array, every column of the table named) in
    bulk, in the given order when there is one (DuckDB keeps the order rows are inserted in): DuckDB from an
    Arrow table, PostgreSQL by COPY of CSV. Never row by row."""
    import io

    import pyarrow as pa  # deferred: CLI start-up time
    from pyarrow import csv

    from jumys.storage.engine import duckdb_connection, is_duckdb

    names = list(columns)
    cols = ", ".join(_q(c) for c in names)
    rows = pa.table(dict(columns))
    if order is not None:
        rows = rows.take(pa.array(order))
    if is_duckdb(conn):
        duck = duckdb_connection(conn)
        view = f"bulk_new_{table.name}"
        duck.register(view, rows)
        try:
            duck.execute(f"INSERT INTO {_q(table.name)} ({cols}) SELECT {cols} FROM {view}")
        finally:
            duck.unregister(view)
        return
    buffer = io.BytesIO()
    csv.write_csv(rows, buffer, csv.WriteOptions(include_header=False))
    pg = conn.connection.driver_connection
    assert pg is not None
    with pg.cursor() as cur, cur.copy(f"COPY {_q(table.name)} ({cols}) FROM STDIN (FORMAT csv)") as cp:
        cp.write(buffer.getvalue())
