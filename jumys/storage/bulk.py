"""Bulk paths from a DuckDB staging area into the store, one transaction for a whole batch.

DuckDB store: the staging database is attached to the store's own connection, so rows move
with INSERT ... SELECT. PostgreSQL: each staged result is exported by DuckDB to a CSV file and
streamed with COPY into a temporary table, then merged with INSERT ... ON CONFLICT.
Never row by row.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable, Iterator, Mapping
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

    def staged(self, sql: str) -> list[tuple[Any, ...]]:
        """The rows of a query on the staging area (DuckDB), not on the store."""
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

    def staged(self, sql: str) -> list[tuple[Any, ...]]:
        """The rows of a query on the staging area (DuckDB), not on the store."""
        return list(self.duck.execute(sql).fetchall())

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
    """PostgreSQL: staged results go through COPY, into temporary tables then merged, or for a large load
    straight into the table with its keys, indexes and references set aside until the load is done."""

    # a load is large from this many rows, when it is also at least a quarter of the rows stored: then the
    # table's keys, indexes and references are dropped and built again after it (docs/storage.md)
    large_rows = 100_000
    large_share = 4

    def __init__(self, duck: Any, pg: Any, workdir: Path) -> None:
        self.duck = duck
        self.pg = pg  # a psycopg connection
        self.workdir = workdir
        self._n = 0

    def begin(self) -> None:
        """Open the batch's transaction; one batch at a time per store. Index builds and the hash joins of
        a large load get more memory than PostgreSQL's defaults, for this transaction only."""
        self.pg.execute("SELECT pg_advisory_xact_lock(7240501)")
        self.pg.execute("SET LOCAL maintenance_work_mem = '512MB'")
        self.pg.execute("SET LOCAL work_mem = '64MB'")

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

    def staged(self, sql: str) -> list[tuple[Any, ...]]:
        """The rows of a query on the staging area (DuckDB), not on the store."""
        return list(self.duck.execute(sql).fetchall())

    def _copy(self, dest: str, table: sa.Table, select: str, options: str = "") -> None:
        """COPY the staged rows of select (the columns of table, in order) into dest."""
        cols = ", ".join(_q(c.name) for c in table.columns)
        with tempfile.NamedTemporaryFile(dir=self.workdir, suffix=".csv", delete=False) as f:
            path = f.name
        try:
            self.duck.execute(f"COPY ({select}) TO '{path}' (FORMAT csv, HEADER false)")
            copy = f"COPY {dest} ({cols}) FROM STDIN (FORMAT csv{options})"
            with self.pg.cursor() as cur, cur.copy(copy) as cp, open(path, "rb") as src:
                while chunk := src.read(1 << 20):
                    cp.write(chunk)
        finally:
            Path(path).unlink(missing_ok=True)

    def _copy_in(self, table: sa.Table, select: str) -> str:
        """COPY the staged rows of select into a temporary table shaped like table; return its name."""
        self._n += 1
        tmp = f"tmp_{table.name}_{self._n}"
        self.pg.execute(f"CREATE TEMP TABLE {tmp} (LIKE {table.name} INCLUDING DEFAULTS) ON COMMIT DROP")
        self._copy(tmp, table, select)
        return tmp

    def _large(self, table: sa.Table, select: str) -> bool:
        """Whether the load of select into table is large: enough rows, and a quarter of those stored."""
        rows = self.duck.execute(f"SELECT count(*) FROM ({select})").fetchone()[0]
        if rows < max(self.large_rows, 1):
            return False
        if self.scalar(f"SELECT NOT EXISTS (SELECT 1 FROM {table.name})"):
            return True
        # the planner's estimate of the stored rows; -1 (never analysed) counts as few
        stored = self.scalar(f"SELECT reltuples FROM pg_class WHERE oid = '{table.name}'::regclass")
        return bool(rows * self.large_share >= stored)

    def _load_large(self, table: sa.Table, select: str, merge: Callable[[str], None] | None) -> bool:
        """If the load of select is large: into the bare table (_bare), straight from COPY when the table is
        empty or there is nothing to merge, else merge(the temporary table copied into). Whether it was.

        Into an empty table the rows are copied frozen (TRUNCATE first, in this transaction, then COPY ...
        FREEZE): they are written visible to all and the visibility map set, so that neither the first
        queries nor autovacuum write the whole table again. No other session reads the table before the
        commit: the batch holds it locked (_bare), and it is found empty again under that lock."""
        if not self._large(table, select):
            return False
        with self._bare(table):
            if self.scalar(f"SELECT NOT EXISTS (SELECT 1 FROM {table.name})"):
                self.pg.execute(f"TRUNCATE {table.name}")
                self._copy(table.name, table, select, ", FREEZE")
            elif merge is None:
                self._copy(table.name, table, select)
            else:
                merge(self._copy_in(table, select))
        return True

    def upsert(self, table: sa.Table, key: tuple[str, ...], select: str) -> None:
        """INSERT ... ON CONFLICT DO UPDATE from the copied rows; a large load deletes the stored rows with
        the copied keys, then inserts."""

        def replace(tmp: str) -> None:
            self.pg.execute(f"DELETE FROM {table.name} t USING {tmp} s WHERE {_match(key)}")
            self._insert_from(table, tmp)

        if self._load_large(table, select, replace):
            return
        tmp = self._copy_in(table, select)
        cols = [c.name for c in table.columns]
        others = [c for c in cols if c not in key]
        sets = ", ".join(f"{_q(c)} = EXCLUDED.{_q(c)}" for c in others)
        self.pg.execute(
            f"INSERT INTO {table.name} ({', '.join(map(_q, cols))}) SELECT {', '.join(map(_q, cols))} FROM {tmp} "
            f"ON CONFLICT ({', '.join(map(_q, key))}) DO UPDATE SET {sets}"
        )

    def insert_missing(self, table: sa.Table, key: tuple[str, ...], select: str) -> None:
        """INSERT ... ON CONFLICT DO NOTHING from the copied rows; a large load inserts those of an
        anti-join."""

        def missing(tmp: str) -> None:
            self._insert_from(
                table, tmp, f"WHERE NOT EXISTS (SELECT 1 FROM {table.name} t WHERE {_match(key)})"
            )

        if not self._load_large(table, select, missing):
            tmp = self._copy_in(table, select)
            self._insert_from(table, tmp, f"ON CONFLICT ({', '.join(map(_q, key))}) DO NOTHING")

    def insert(self, table: sa.Table, select: str) -> None:
        """Append the copied rows; a large load copies straight into the table."""
        if not self._load_large(table, select, None):
            self._insert_from(table, self._copy_in(table, select))

    def _insert_from(self, table: sa.Table, tmp: str, rest: str = "") -> None:
        cols = ", ".join(_q(c.name) for c in table.columns)
        self.pg.execute(f"INSERT INTO {table.name} ({cols}) SELECT {cols} FROM {tmp} s {rest}")

    @contextlib.contextmanager
    def _bare(self, table: sa.Table) -> Iterator[None]:
        """The table without its keys, indexes and references (its own and those of other tables to it)
        while the body loads it, then all built again, each in one pass, and the table analysed.

        DDL is transactional in PostgreSQL: a batch that fails afterwards takes the drops back with it. The
        keys rebuilt check the loaded rows' uniqueness, the references their targets, once for the whole
        table instead of row by row; ANALYZE gives the next queries (verification) plans for its new size.
        """
        self.pg.execute(f"LOCK TABLE {table.name} IN ACCESS EXCLUSIVE MODE")
        structure = self.pg.execute(_STRUCTURE, {"table": table.name}).fetchall()
        for _, _, drop, _ in reversed(structure):
            self.pg.execute(drop)
        yield
        for _, _, _, create in structure:
            self.pg.execute(create)
        self.pg.execute(f"ANALYZE {table.name}")


def _match(key: tuple[str, ...]) -> str:
    return " AND ".join(f"t.{_q(k)} = s.{_q(k)}" for k in key)


# a table's keys, other indexes, references, and the references of other tables to it: (order, name, drop,
# create), in the order they are created (a reference needs the key it refers to)
_STRUCTURE = """
SELECT CASE WHEN c.contype IN ('p', 'u', 'x') THEN 0 WHEN c.conrelid = t.oid THEN 2 ELSE 3 END AS step,
       c.conname,
       format('ALTER TABLE %%s DROP CONSTRAINT %%I', c.conrelid::regclass, c.conname),
       format('ALTER TABLE %%s ADD CONSTRAINT %%I %%s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid))
FROM pg_constraint c, (SELECT to_regclass(%(table)s) AS oid) t
WHERE (c.conrelid = t.oid AND c.contype IN ('p', 'u', 'x', 'f')) OR (c.confrelid = t.oid AND c.contype = 'f')
UNION ALL
SELECT 1, i.indexrelid::regclass::text, format('DROP INDEX %%s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid)
FROM pg_index i
WHERE i.indrelid = to_regclass(%(table)s)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)
ORDER BY 1, 2
"""


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
