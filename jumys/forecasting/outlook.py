"""Forecasts beyond the data: each series forecast 1 to 10 years after its last published value by the
method its family's backtest chose, with 80 % and 95 % intervals widened by the backtest's own errors.

Every forecast says how far its data go (the last year with a value), which method made it and why: the
family's median MASE at h = 1 on the backtest, or that the series was too short to be tested.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from jumys.errors import InvalidInput, NotFound
from jumys.forecasting import messages as M
from jumys.forecasting.backtest import HORIZONS, Backtest, Choice, run_backtest
from jumys.forecasting.methods import METHODS, MIN_HISTORY, Z80, Z95, Floats
from jumys.forecasting.series import FAMILIES, Series, shipped_series
from jumys.reference.regions import region_codes

MAX_HORIZON = 10
NATIONAL = ("migration", "wages")  # the shipped families published for the whole country only


@dataclass(frozen=True)
class Outlook:
    """One series forecast beyond its data."""

    family: str
    series: str  # a region's kato2, or the national series' name
    source: str  # "shipped" or "store"
    method: str
    why: str  # "backtest": the family's backtest chose it; "short": too few years to test, the last value
    mase: float | None  # the method's median MASE at h = 1 on the family's backtest
    naive_mase: float | None  # naive's, to compare with
    first_year: int
    last_year: int  # how far the data go
    history: dict[int, float]  # the published values (a year not published left out)
    years: list[int]
    point: list[float]
    low80: list[float]
    high80: list[float]
    low95: list[float]
    high95: list[float]
    widened: list[float]  # how many times the model's interval each band is (1: the model's own)


def check_request(family: str | None, region: str | None, horizon: int) -> None:
    """Refuse an unknown family or region, a region of a national family, a horizon out of 1..MAX_HORIZON."""
    if family is not None and family not in FAMILIES:
        raise InvalidInput(M.UNKNOWN_FAMILY, family=family, families=", ".join(FAMILIES))
    if region is not None and region not in region_codes():
        raise InvalidInput(M.UNKNOWN_REGION, region=region)
    if not 1 <= horizon <= MAX_HORIZON:
        raise InvalidInput(M.HORIZON, most=MAX_HORIZON, horizon=horizon)


def forecast_one(
    series: Series, choice: Choice | None, backtest: Backtest, horizon: int, source: str
) -> Outlook:
    """One series forecast `horizon` years past its last year by its family's method (naive when the family
    had no backtest or the series is shorter than a backtest's history)."""
    last = int(series.years[-1])
    seen = series.up_to(last)
    tested = choice is not None and len(seen) >= MIN_HISTORY
    method = choice.method if tested and choice is not None else "naive"
    fc = METHODS[method](seen, horizon)
    widen = [
        backtest.factors.get((series.family, method, min(h, max(HORIZONS))), 1.0)
        for h in range(1, horizon + 1)
    ]
    se = np.sqrt(fc.variance) * np.array(widen)
    known = ~np.isnan(series.values)
    # persons, rates and wages are never below 0; the store's net migration may be
    floor = -np.inf if (source == "store" and series.family == "migration") else 0.0

    def values(x: Floats) -> list[float]:
        return [float(v) for v in np.maximum(x, floor)]

    return Outlook(
        family=series.family,
        series=series.name,
        source=source,
        method=method,
        why="backtest" if tested else "short",
        mase=choice.mase if tested and choice is not None else None,
        naive_mase=choice.naive_mase if choice is not None else None,
        first_year=int(series.years[0]),
        last_year=last,
        history={int(y): float(v) for y, v in zip(series.years[known], series.values[known], strict=True)},
        years=list(range(last + 1, last + horizon + 1)),
        point=values(fc.point),
        low80=values(fc.point - Z80 * se),
        high80=values(fc.point + Z80 * se),
        low95=values(fc.point - Z95 * se),
        high95=values(fc.point + Z95 * se),
        widened=widen,
    )


def pick(series: Sequence[Series], family: str | None, region: str | None) -> list[Series]:
    """The series of a family (all when None) and a region (all when None; a national family has none)."""
    found = [s for s in series if family is None or s.family == family]
    if region is not None:
        if family in NATIONAL:
            raise NotFound(M.NATIONAL_FAMILY, family=family)  # no such series: 404
        found = [s for s in found if s.name == region]
    return found


def forecast_all(series: Sequence[Series], backtest: Backtest, horizon: int, source: str) -> list[Outlook]:
    """Every series forecast by its family's chosen method."""
    chosen = {c.family: c for c in backtest.choices}
    return [forecast_one(s, chosen.get(s.family), backtest, horizon, source) for s in series]


@lru_cache(maxsize=1)
def shipped_backtest() -> Backtest:
    """The backtest of the shipped series (they change only with a release: computed once per process)."""
    return run_backtest(shipped_series())


def shipped_outlook(family: str | None = None, region: str | None = None, horizon: int = 5) -> list[Outlook]:
    """The shipped series (jumys/reference/data/stats) forecast beyond their data."""
    check_request(family, region, horizon)
    return forecast_all(pick(shipped_series(), family, region), shipped_backtest(), horizon, "shipped")
