"""The ingest keeps within DuckDB's memory limit: each file is read once into the stage, and every check
runs on the stage table, whose size DuckDB knows (over the file itself it guessed a few dozen rows, built
its hash joins on the file's side and ran out of memory on a CSV batch of 0.1 of the country under 3 GB).
Where lines lie in a file is found a piece at a time, whatever the piece."""

from __future__ import annotations

import datetime as dt
import mmap
import re
import tempfile
from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from jumys.config import Settings
from jumys.kit.identifiers import make_iin
from jumys.registry.reading import blank_lines, lines_at
from jumys.registry.service import check_integrity, row_counts
from tests import factories as f
from tests.conftest import TEST_KEY
from tests.factories import ingest, rejects

# Under the old reading, 100,000 payroll rows ran out of 48 MB and 150,000 out of 64 MB; now 400,000 pass
# in 48 MB. Two threads: DuckDB's memory grows with its threads, so the margin does not depend on the machine.
LIMIT = "48MB"
PAYROLL_ROWS = 150_000
PEOPLE = 10_000
EMPLOYERS = 1_000


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """A home whose DuckDB (the embedded store's, and the ingest's on PostgreSQL) may use LIMIT."""
    return Settings(
        home=tmp_path / "home", pseudonym_key=TEST_KEY, duckdb_memory_limit=LIMIT, duckdb_threads=2
    )


def _large_batch(folder: Path, fmt: str) -> Path:
    """Employers, and a payroll of PAYROLL_ROWS rows of PEOPLE persons at them whose last row's IIN is wrong."""
    bosses = [f.employer() for _ in range(EMPLOYERS)]
    iins = sorted(
        {make_iin(dt.date(1960, 1, 1) + dt.timedelta(days=i), "MF"[i % 2], i // 7) for i in range(PEOPLE)}
    )
    f.write_batch(folder, {"employers": bosses})
    bad_iin = iins[0][:11] + str((int(iins[0][11]) + 1) % 10)  # the check digit broken
    n, people = PAYROLL_ROWS, len(iins)
    out = str(folder / f"payroll.{fmt}")
    options = "FORMAT csv, HEADER" if fmt == "csv" else "FORMAT parquet"
    with duckdb.connect() as con:
        con.execute(
            f"""COPY (SELECT iin, bin, period, wage_kzt, opv_kzt FROM (
  SELECT i, CASE WHEN i = {n - 1} THEN $bad ELSE $iins[1 + i % {people}] END AS iin,
    $bins[1 + (i * 7919) % {len(bosses)}] AS bin,
    strftime(DATE '2020-01-01' + to_months(CAST(i // {people} AS INTEGER)), '%Y-%m') AS period,
    CAST(300000 + i % 1000 AS VARCHAR) AS wage_kzt, '30000' AS opv_kzt
  FROM range({n}) r(i)) ORDER BY i) TO '{out}' ({options})""",
            {"iins": iins, "bins": [b["bin"] for b in bosses], "bad": bad_iin},
        )
    return folder


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_large_batch_is_checked_within_a_small_memory_limit(
    engine: sa.Engine, settings: Settings, tmp_path: Path, fmt: str
) -> None:
    batch = _large_batch(tmp_path / "b", fmt)
    report = ingest(engine, batch, settings)
    assert report.rows_accepted == EMPLOYERS + PAYROLL_ROWS - 1
    # the one wrong row keeps its file, line (the header is line 1 of a CSV file) and column
    line = PAYROLL_ROWS + 1 if fmt == "csv" else PAYROLL_ROWS
    assert [r[:3] for r in rejects(report)] == [(f"payroll.{fmt}", line, "iin")]
    with engine.connect() as conn:
        counts = row_counts(conn)
        assert (counts["employers"], counts["payroll"]) == (EMPLOYERS, PAYROLL_ROWS - 1)
        assert check_integrity(conn) == []


# -- lines of a file, a piece at a time ---------------------------------------------------------------------
def _blank_lines_whole(data: bytes) -> list[int]:
    """The empty lines of data outside quoted values, looked for in the whole of it at once."""
    found = []
    for m in re.finditer(rb"\n(?=\r?\n)", data):
        if data[: m.start() + 1].count(b'"') % 2 == 0:
            found.append(data[: m.start() + 1].count(b"\n") + 1)
    return found


PIECE = mmap.ALLOCATIONGRANULARITY  # the smallest piece a file can be mapped in
TEXTS = st.lists(
    st.sampled_from([b"a", b",", b'"', b"\n", b"\r\n", b"\n\n", b"\r\n\r\n", b"x" * 1000]), max_size=60
).map(b"".join)


@hypothesis_settings(max_examples=150, deadline=None)
@given(TEXTS, st.integers(min_value=0, max_value=3 * PIECE))
def test_blank_lines_found_a_piece_at_a_time_are_those_of_the_whole_file(text: bytes, pad: int) -> None:
    data = b"h" * pad + text  # the text falls across the pieces' edges wherever pad puts it
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.csv"
        path.write_bytes(data)
        assert blank_lines(path, piece=PIECE) == _blank_lines_whole(data)


@hypothesis_settings(max_examples=100, deadline=None)
@given(TEXTS, st.integers(min_value=0, max_value=3 * PIECE), st.data())
def test_lines_found_a_piece_at_a_time_are_those_of_the_whole_file(
    text: bytes, pad: int, draw: st.DataObject
) -> None:
    data = b"\n" * (pad // 100) + b"h" * pad + text + b"z"
    positions = sorted(draw.draw(st.sets(st.integers(min_value=0, max_value=len(data) - 1), max_size=8)))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.csv"
        path.write_bytes(data)
        expected = [data[: at + (data[at : at + 1] == b"\n")].count(b"\n") + 1 for at in positions]
        assert lines_at(path, positions, piece=PIECE) == expected
