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


PIECE = 64 << 20  # bytes of a file looked at at once: a multiple of mmap.ALLOCATIONGRANULARITY


def blank_lines(path: Path, piece: int = PIECE) -> list[int]:
    """Line numbers (from 1) of the empty lines of a CSV file, not counting those inside a quoted value.

    The reader skips them; the ingest counts them so that a line number in the rejects report is the
    line an editor shows. One regular-expression pass over the file mapped a piece at a time (64 MB: a
    national payroll file is several GB, and mapped whole its pages would all count towards the ingest's
    memory); a line break lies inside a quoted value when an odd number of quotes precede it (an escaped
    quote counts two).
    """
    found: list[int] = []
    size = path.stat().st_size
    quotes, breaks = 0, 0  # counted up to the start of the piece
    with path.open("rb") as f:
        for start in range(0, size, piece):
            own = min(piece, size - start)
            # two bytes more: the look-ahead of a line break that ends the piece (\n then \r\n)
            with mmap.mmap(
                f.fileno(), min(own + 2, size - start), offset=start, access=mmap.ACCESS_READ
            ) as data:
                seen = 0  # counted up to seen, in the piece
                for m in _BLANK.finditer(data):
                    if m.start() >= own:  # the next piece's
                        break
                    end = m.start() + 1  # just after the line break that ends the line before the blank one
                    part = data[seen:end]
                    quotes, breaks, seen = quotes + part.count(b'"'), breaks + part.count(b"\n"), end
                    if quotes % 2 == 0:
                        found.append(breaks + 1)
                rest = data[seen:own]
                quotes, breaks = quotes + rest.count(b'"'), breaks + rest.count(b"\n")
    return found


_BLANK = re.compile(rb"\n(?=\r?\n)")  # the line break that ends a line when an empty line follows it


def lines_at(path: Path, positions: list[int], piece: int = PIECE) -> list[int]:
    """The line numbers (from 1) of the given byte positions of a file, in ascending order: one pass, reading at
    most a piece (64 MB) at a time."""
    out: list[int] = []
    with path.open("rb") as f:
        seen, breaks = 0, 0
        for at in positions:
            f.seek(at)
            if f.read(1) == b"\n":  # after \r\n DuckDB points at the \n: the line starts after it
                at += 1
            f.seek(seen)
            while seen < at and (chunk := f.read(min(piece, at - seen))):
                breaks, seen = breaks + chunk.count(b"\n"), seen + len(chunk)
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
