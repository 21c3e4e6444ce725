"""Reading a batch's file: the SQL that reads its rows as text, and where its lines lie.

A line number in the rejects report is the line an editor shows; DuckDB's reader counts rows and
records, so the blank lines and the positions of rejected records are found here in the raw bytes.
"""

from __future__ import annotations

import mmap
import re
from pathlib import Path

from jumys.registry.batch import BatchFile
from jumys.registry.checks import lit, q
from jumys.registry.spec import Column

_IDENT_WIDTH = {"iin": 12, "bin": 12, "kato": 9, "oked": 5, "nkz": 4}


def source_sql(bf: BatchFile, *, rejects: str | None) -> str:
    """SQL reading a file: _ord (data row number from 1), _nl (line breaks inside its quoted values) and the
    contract's columns as trimmed text."""
    present = bf.present
    nl = "CAST(0 AS BIGINT)"
    if bf.format == "csv":
        names = _unique_names(bf.columns)
        columns = "{" + ", ".join(f"{lit(c)}: 'VARCHAR'" for c in names) + "}"
        nl = " + ".join(f"coalesce({newlines_sql(q(c))}, 0)" for c in names)
        errors = (
            f"store_rejects=true, rejects_table={lit(rejects)}, rejects_scan={lit(rejects + '_scan')}"
            if rejects
            else "ignore_errors=true"
        )
        reader = (
            f"SELECT row_number() OVER () AS _ord, * FROM read_csv({lit(str(bf.path))}, header=true, "
            f"auto_detect=false, delim=',', quote='\"', escape='\"', columns={columns}, {errors})"
        )

        def raw(c: Column) -> str:
            return q(c.name)
    else:
        reader = f"SELECT file_row_number + 1 AS _ord, * FROM read_parquet({lit(str(bf.path))}, file_row_number=true)"
        types = bf.types

        def raw(c: Column) -> str:
            text = f"CAST({q(c.name)} AS VARCHAR)"
            if c.kind in _IDENT_WIDTH and "int" in types.get(c.name, ""):
                return f"lpad({text}, {_IDENT_WIDTH[c.kind]}, '0')"
            return text

    cols = [
        f"nullif(trim({raw(c)}), '') AS {q(c.name)}"
        if c.name in present
        else f"CAST(NULL AS VARCHAR) AS {q(c.name)}"
        for c in bf.spec.columns
    ]
    return f"SELECT _ord, {nl} AS _nl, {', '.join(cols)} FROM ({reader})"


def blank_lines(path: Path) -> list[int]:
    """Line numbers (from 1) of the empty lines of a CSV file, not counting those inside a quoted value.

    The reader skips them; the ingest counts them so that a line number in the rejects report is the
    line an editor shows. One regular-expression pass over the mapped file (0.3 s for 8M lines, 376 MB); a
    line break lies inside a quoted value when an odd number of quotes precede it (an escaped quote counts
    two).
    """
    found: list[int] = []
    with path.open("rb") as f:
        if f.seek(0, 2) == 0:
            return found
        with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
            seen, quotes, breaks = 0, 0, 0  # counted up to seen
            for m in _BLANK.finditer(data):
                end = m.start() + 1  # just after the line break that ends the line before the blank one
                part = data[seen:end]
                quotes, breaks, seen = quotes + part.count(b'"'), breaks + part.count(b"\n"), end
                if quotes % 2 == 0:
                    found.append(breaks + 1)
    return found


_BLANK = re.compile(rb"\n(?=\r?\n)")  # the line break that ends a line when an empty line follows it


def lines_at(path: Path, positions: list[int]) -> list[int]:
    """The line numbers (from 1) of the given byte positions of a file, in ascending order: one pass."""
    out: list[int] = []
    with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
        seen, breaks = 0, 0
        for at in positions:
            if data[at : at + 1] == b"\n":  # after \r\n DuckDB points at the \n: the line starts after it
                at += 1
            breaks, seen = breaks + data[seen:at].count(b"\n"), at
            out.append(breaks + 1)
    return out


def newlines_sql(v: str) -> str:
    """SQL: the number of line breaks in text v."""
    return f"(strlen({v}) - strlen(replace({v}, chr(10), '')))"


def _unique_names(names: list[str]) -> list[str]:
    out, seen = [], set()
    for i, n in enumerate(names):
        name = n if n and n not in seen else f"_extra_{i + 1}"
        seen.add(name)
        out.append(name)
    return out
