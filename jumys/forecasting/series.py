"""The real series the forecasts are tested on, read from jumys.reference.stats as plain year -> value.

Borders change (see jumys.reference.stats): a region's series is cut to the years its territory did
not change, so that a backtest measures the method and not a border.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from jumys.errors import InvalidInput, NotFound
from jumys.forecasting import messages as M
from jumys.reference import stats

FAMILIES = ("employment", "unemployment", "population", "migration", "wages")

# kato2 -> (first year, last year) of the years on one territory
_SAME_BORDERS: dict[str, tuple[int, int]] = {
    "19": (0, 2021),  # Almaty Region held Jetisu until 2022
    "35": (0, 2021),  # Karaganda held Ulytau
    "63": (0, 2021),  # East Kazakhstan held Abai
    "51": (0, 2016),  # South Kazakhstan with Shymkent, until Turkistan and Shymkent were parted
    "61": (2019, 9999),  # Turkistan's own territory (before: South Kazakhstan under its code)
    "79": (2019, 9999),
}


@dataclass(frozen=True)
class Series:
    """One yearly series: its family, its name (a kato2 or a national name), its years and values.

    The years run without a gap; a year not published has the value NaN.
    """

    family: str
    name: str
    years: npt.NDArray[np.int64]
    values: npt.NDArray[np.float64]

    def up_to(self, origin: int) -> npt.NDArray[np.float64]:
        """The values of the years up to and including origin: all a forecast made then may see."""
        if origin > int(self.years[-1]):
            raise InvalidInput(
                M.BEYOND_DATA,
                series=f"{self.family} {self.name}",
                first=str(int(self.years[0])),
                last=str(int(self.years[-1])),
                year=str(origin),
            )
        known = self.values[self.years <= origin]
        gaps = np.isnan(known)
        if gaps.any():  # a year not published: between its neighbours, both at or before the origin
            idx = np.arange(len(known))
            known = np.interp(idx, idx[~gaps], known[~gaps])
        return known

    def at(self, year: int) -> float:
        """The value of one year; NaN when it was not published or is outside the series."""
        match = self.values[self.years == year]
        return float(match[0]) if len(match) else float("nan")


def make_series(family: str, name: str, points: Mapping[int, float]) -> Series:
    """A Series from year -> value, from its first year to its last (NaN where a year is missing)."""
    years = np.arange(min(points), max(points) + 1, dtype=np.int64)
    return Series(family, name, years, np.array([points.get(int(y), np.nan) for y in years]))


def _regional(family: str, read: Callable[[int], Mapping[str, float]], first: int, last: int) -> list[Series]:
    points: dict[str, dict[int, float]] = {}
    for year in range(first, last + 1):
        try:
            row = read(year)
        except NotFound:
            continue
        for kato2, value in row.items():
            lo, hi = _SAME_BORDERS.get(kato2, (0, 9999))
            if lo <= year <= hi:
                points.setdefault(kato2, {})[year] = float(value)
    return [make_series(family, k, v) for k, v in sorted(points.items())]


def shipped_series() -> list[Series]:
    """Every series of the backtest: employment, unemployment rate and population by region; national
    migration arrivals and departures; the national average wage."""
    migration = stats.national_migration()
    return [
        *_regional("employment", stats.employed_by_region, 1990, 2100),
        *_regional("unemployment", stats.unemployment_rate_by_region, 1990, 2100),
        *_regional("population", stats.population_by_region, 1990, 2100),
        make_series("migration", "arrivals", {y: a for y, (a, _) in migration.items()}),
        make_series("migration", "departures", {y: d for y, (_, d) in migration.items()}),
        make_series("wages", "average wage", {y: float(w) for y, w in stats.national_avg_wage().items()}),
    ]
