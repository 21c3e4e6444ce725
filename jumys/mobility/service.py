"""The mobility domain's verbs: load the government's list of regions (it replaces the shipped one)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import sqlalchemy as sa

from jumys.errors import InvalidInput
from jumys.mobility import messages as M
from jumys.mobility.tables import region_list
from jumys.reference.labour_regions import LABOUR_CLASSES, ListedRegion
from jumys.reference.regions import region_codes

COLUMNS = ("from_year", "kato2", "class")


def parse_region_list(text: str) -> list[ListedRegion]:
    """The rows of a list of regions (CSV: from_year, kato2, class, note?); InvalidInput naming the first bad line."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    header = [c.strip() for c in reader.fieldnames or []]
    if not set(COLUMNS) <= set(header):
        raise InvalidInput(M.LIST_HEADER, columns=", ".join(header) or "none")
    found: list[ListedRegion] = []
    seen: set[tuple[int, str]] = set()
    try:
        for line, raw in enumerate(reader, start=2):
            row = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if isinstance(v, str | None)}
            found.append(_row(line, row, seen))
    except csv.Error as e:
        raise InvalidInput(M.LIST_UNREADABLE, reason=str(e)) from None
    if not found:
        raise InvalidInput(M.LIST_EMPTY)
    return found


def _row(line: int, row: dict[str, str], seen: set[tuple[int, str]]) -> ListedRegion:
    year_text, kato2, cls = row.get("from_year", ""), row.get("kato2", ""), row.get("class", "")
    if not (year_text.isascii() and year_text.isdigit() and 1991 <= int(year_text) <= 2100):
        raise InvalidInput(M.LIST_YEAR, line=line, value=year_text)
    if kato2 not in region_codes():
        raise InvalidInput(M.LIST_REGION, line=line, value=kato2)
    if cls not in LABOUR_CLASSES:
        raise InvalidInput(M.LIST_CLASS, line=line, value=cls)
    year = int(year_text)
    if (year, kato2) in seen:
        raise InvalidInput(M.LIST_TWICE, line=line, region=kato2, year=year)
    seen.add((year, kato2))
    return ListedRegion(year, kato2, cls, row.get("note", ""))


def store_region_list(conn: sa.Connection, rows: list[ListedRegion], source: str, now: dt.datetime) -> int:
    """Replace the stored list of regions with rows (source: where it came from); the rows stored."""
    conn.execute(sa.delete(region_list))
    conn.execute(
        sa.insert(region_list),
        [
            {
                "from_year": r.from_year,
                "kato2": r.kato2,
                "labour_class": r.labour_class,
                "note": r.note,
                "loaded_at": now,
                "source": source,
            }
            for r in rows
        ],
    )
    return len(rows)
