"""Compatriots abroad: the arrivals the registry leads one to expect, by destination region and year.

sql/compatriots/ counts the registry by the region a compatriot named (kato_of_interest), country,
intended year of return and education. Those who named no region are spread over the regions
(docs/mobility.md, "Compatriots"): in proportion to the compatriots of the same country who did
name one, whatever their year; when nobody of that country named a region, in proportion to
everyone who named one; when nobody at all named one, they stay unassigned. Compatriots without an
intended year are counted apart (year None): they are not in any year's plan.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from jumys.reference.regions import region_codes
from jumys.storage.steps import find_steps, run_and_read

SQL_DIR = Path(__file__).parent / "sql" / "compatriots"
EDUCATION = ("higher", "vocational", "general")

_Key = tuple[str, int | None]  # (region, intended year)


@dataclass(frozen=True, slots=True)
class ExpectedArrivals:
    """The compatriots expected in a region in a year: those who named it, and a share of those who named none."""

    kato2: str
    year: int | None  # None: the compatriots who stated no year
    stated: int  # registered with this region as their destination
    spread: float  # the region's share of those who named no region
    by_education: dict[str, float]  # expected, by education (higher, vocational, general)

    @property
    def expected(self) -> float:
        """Stated plus spread."""
        return self.stated + self.spread


@dataclass(frozen=True, slots=True)
class Registered:
    """The registry in totals: everyone, those who named a region, a year, and those left unassigned."""

    persons: int
    named_region: int
    named_year: int
    unassigned: int  # named no region, and nobody of any country named one to spread them by


def _read(conn: sa.Connection) -> list[tuple[str | None, str, int | None, str, int]]:
    return [
        (r, c, None if y is None else int(y), e, int(n))
        for r, c, y, e, n in conn.exec_driver_sql(
            "SELECT region, country, year, education, persons FROM mob_compatriots"
        )
    ]


def expected_arrivals(conn: sa.Connection, as_of: dt.date) -> tuple[list[ExpectedArrivals], Registered]:
    """The arrivals expected from the registry as registered on or before as_of, by region and year; the totals."""
    rows = run_and_read(conn, find_steps(SQL_DIR), {"as_of": as_of}, _read)
    regions = region_codes()
    named: dict[str | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))  # country -> region -> n
    for region, country, _, _, n in rows:
        if region in regions:
            named[country][region] += n
            named[None][region] += n  # everyone's
    stated: dict[_Key, int] = defaultdict(int)
    spread: dict[_Key, float] = defaultdict(float)
    education: dict[_Key, dict[str, float]] = defaultdict(lambda: dict.fromkeys(EDUCATION, 0.0))
    unassigned = 0
    for region, country, year, edu, n in rows:
        if region in regions:
            stated[(region, year)] += n
            education[(region, year)][edu] += n
            continue
        weights = named.get(country) or named.get(None)
        if not weights:
            unassigned += n
            continue
        total = sum(weights.values())
        for target, w in weights.items():
            share = n * w / total
            spread[(target, year)] += share
            education[(target, year)][edu] += share
    keys = sorted(set(stated) | set(spread), key=lambda k: (k[0], -1 if k[1] is None else k[1]))
    found = [ExpectedArrivals(k[0], k[1], stated.get(k, 0), spread.get(k, 0.0), education[k]) for k in keys]
    totals = Registered(
        persons=sum(r[4] for r in rows),
        named_region=sum(r[4] for r in rows if r[0] in regions),
        named_year=sum(r[4] for r in rows if r[2] is not None),
        unassigned=unassigned,
    )
    return found, totals
