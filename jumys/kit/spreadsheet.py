"""Cells a spreadsheet opens as text: the OWASP rule against CSV (formula) injection.

A cell whose text starts with =, +, -, @, a tab or a carriage return can be read by Excel,
LibreOffice or Google Sheets as a formula. Every CSV or XLSX the product writes passes its
cells through safe_cell, which puts a single quote in front of such text (so "-5" is written
"'-5": the spreadsheet shows the text -5, never computes it). Numbers that are not text are
written as they are.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The cell as a spreadsheet should show it: text that could start a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(f: IO[str], header: Iterable[str], rows: Iterable[Iterable[Any]]) -> None:
    """Write a header and rows as CSV, every cell made safe for a spreadsheet."""
    w = csv.writer(f)
    w.writerow([safe_cell(h) for h in header])
    w.writerows([safe_cell(c) for c in row] for row in rows)
