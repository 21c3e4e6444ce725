"""The government's own list of labour-surplus and labour-deficit regions, as shipped (data/labour_regions_kz.csv).

A list names regions (2-digit KATO) with a class, from a year on: the list in force in a year is
the one with the latest `from_year` not after it. A region not on the list keeps the class of the
labour index (docs/mobility.md). A newer list loaded into the store replaces this one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from jumys.reference._data import read_csv

LabourClass = Literal["surplus", "deficit", "balanced"]
LABOUR_CLASSES: tuple[LabourClass, ...] = ("surplus", "deficit", "balanced")


@dataclass(frozen=True, slots=True)
class ListedRegion:
    """One row of a government list: from this year on, this region is of this class."""

    from_year: int
    kato2: str
    labour_class: LabourClass
    note: str = ""


@lru_cache(maxsize=1)
def shipped_region_list() -> tuple[ListedRegion, ...]:
    """The list shipped with Jumys (SOURCES.md says where it comes from), sorted by year and region."""
    rows = []
    for row in read_csv("labour_regions_kz.csv"):
        cls = row["class"]
        if cls not in LABOUR_CLASSES:
            raise ValueError(f"labour_regions_kz.csv: unknown class {cls!r}")
        rows.append(ListedRegion(int(row["from_year"]), row["kato2"], cls, row["note"]))
    return tuple(sorted(rows, key=lambda r: (r.from_year, r.kato2)))


def in_force(listed: tuple[ListedRegion, ...] | list[ListedRegion], year: int) -> dict[str, ListedRegion]:
    """The rows of the list in force in year (the latest from_year not after it), by region."""
    years = [r.from_year for r in listed if r.from_year <= year]
    if not years:
        return {}
    start = max(years)
    return {r.kato2: r for r in listed if r.from_year == start}
