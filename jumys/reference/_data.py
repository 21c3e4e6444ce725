"""Read the files in jumys/reference/data, wherever the package is installed (a wheel, a zip)."""

from __future__ import annotations

import csv
import io
from importlib import resources
from importlib.resources.abc import Traversable


def _path(name: str) -> Traversable:
    node = resources.files("jumys.reference").joinpath("data")
    for part in name.split("/"):
        node = node.joinpath(part)
    return node


def read_text(name: str) -> str:
    """Return the text of the data file at name (relative to the data folder), without a BOM."""
    return _path(name).read_text(encoding="utf-8-sig")


def read_csv(name: str) -> list[dict[str, str]]:
    """Return the rows of a comma-separated data file with one header row, as dicts."""
    return list(csv.DictReader(io.StringIO(read_text(name), newline="")))
