"""The monthly minimum wage of Kazakhstan (МЗП) by year, set each year by the republican budget law."""

from __future__ import annotations

from functools import lru_cache

from jumys.reference._data import read_csv


@lru_cache(maxsize=1)
def _by_year() -> dict[int, int]:
    return {int(row["year"]): int(row["minimum_wage_kzt"]) for row in read_csv("minimum_wage_kz.csv")}


def minimum_wage(year: int) -> int:
    """The monthly minimum wage in KZT of a year; the nearest known year outside the table's range."""
    table = _by_year()
    return table[min(max(year, min(table)), max(table))]


def minimum_wage_years() -> tuple[int, int]:
    """The first and last year the table knows."""
    table = _by_year()
    return min(table), max(table)
