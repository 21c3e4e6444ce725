"""A small synthetic batch, generated once for the whole synth test session, and DuckDB views of its files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest

from jumys.registry.contract import BY_NAME as CONTRACT
from jumys.synth.service import FILE_ORDER, generate

FILES = tuple(CONTRACT[name] for name in FILE_ORDER)  # contract 1.1, every file

SCALE, SEED = 0.003, 20250101
_SQL_TYPES = {"date": "DATE", "int": "BIGINT", "number": "DOUBLE", "bool": "BOOLEAN"}


@dataclass
class Batch:
    """A generated batch folder, its truth and a DuckDB connection with one typed view per file."""

    path: Path
    truth: dict[str, Any]
    rows: dict[str, int]
    db: duckdb.DuckDBPyConnection

    def all(self, sql: str) -> list[tuple[Any, ...]]:
        """Rows of a query."""
        return self.db.execute(sql).fetchall()

    def one(self, sql: str) -> Any:
        """The single value of a query."""
        row = self.db.execute(sql).fetchone()
        assert row is not None
        return row[0]


def open_batch(path: Path, rows: dict[str, int]) -> Batch:
    """Typed DuckDB views over the CSV files of a batch (a malformed value fails the view)."""
    db = duckdb.connect()
    for spec in FILES:
        columns = ", ".join(f"'{c.name}': '{_SQL_TYPES.get(c.kind, 'VARCHAR')}'" for c in spec.columns)
        db.execute(
            f"CREATE TABLE {spec.name} AS SELECT * FROM read_csv('{path / (spec.name + '.csv')}', "
            f"header = true, columns = {{{columns}}}, dateformat = '%Y-%m-%d', quote = '', escape = '')"
        )
    return Batch(path, json.loads((path / "truth.json").read_text()), rows, db)


@pytest.fixture(scope="session")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Batch]:
    """The session's synthetic batch (CSV)."""
    path = tmp_path_factory.mktemp("synth") / "batch"
    rows = generate(path, scale=SCALE, seed=SEED, fmt="csv")
    b = open_batch(path, rows)
    yield b
    b.db.close()
