"""The same from the store: region_stats' yearly series by region, backtested and forecast by the same code.

A region's value for a year is its annual row (period 'YYYY') where there is one, else from the monthly
rows of the year ('YYYY-MM'): their sum for net migration, their mean otherwise; a region's row is the one
of its smallest KATO code (as the labour index reads region_stats, docs/mobility.md).
"""

from __future__ import annotations

import sqlalchemy as sa

from jumys.errors import NotFound
from jumys.forecasting import messages as M
from jumys.forecasting.backtest import run_backtest
from jumys.forecasting.outlook import Outlook, check_request, forecast_all
from jumys.forecasting.series import FAMILIES, Series, make_series
from jumys.registry.tables import TABLES

# family -> the region_stats indicator it is read from (labour_force and injuries are not forecast here)
INDICATORS = {
    "employment": "employed",
    "unemployment": "unemployment_rate",
    "population": "population",
    "migration": "net_migration",
    "wages": "avg_wage_kzt",
}
SUMMED = {"net_migration"}
MIN_YEARS = 3  # the fewest years of a store series to forecast (naive's interval needs two changes)


def store_series(conn: sa.Connection) -> list[Series]:
    """Every yearly series of region_stats by family and region, with at least MIN_YEARS years."""
    t = TABLES["region_stats"]
    rows = conn.execute(
        sa.select(t.c.indicator, t.c.kato, t.c.period, t.c.value).where(
            t.c.indicator.in_(INDICATORS.values())
        )
    ).all()
    # (indicator, region, year) -> kato -> (annual value or None, monthly values)
    cells: dict[tuple[str, str, int], dict[str, tuple[float | None, list[float]]]] = {}
    for indicator, kato, period, value in rows:
        per_kato = cells.setdefault((indicator, kato[:2], int(period[:4])), {})
        annual, monthly = per_kato.get(kato, (None, []))
        if len(period) == 4:
            annual = float(value)
        else:
            monthly = [*monthly, float(value)]
        per_kato[kato] = (annual, monthly)
    points: dict[tuple[str, str], dict[int, float]] = {}
    for (indicator, region, year), per_kato in cells.items():
        annual, monthly = per_kato[min(per_kato)]
        if annual is None:
            annual = sum(monthly) if indicator in SUMMED else sum(monthly) / len(monthly)
        points.setdefault((indicator, region), {})[year] = annual
    family_of = {v: k for k, v in INDICATORS.items()}
    found = [
        make_series(family_of[indicator], region, values)
        for (indicator, region), values in points.items()
        if len(values) >= MIN_YEARS
    ]
    order = {f: i for i, f in enumerate(FAMILIES)}
    return sorted(found, key=lambda s: (order[s.family], s.name))


def store_outlook(
    conn: sa.Connection, family: str | None = None, region: str | None = None, horizon: int = 5
) -> list[Outlook]:
    """The store's series backtested and forecast beyond their data; NotFound when none is long enough."""
    check_request(family, region, horizon)
    every = store_series(conn)
    wanted = [
        s for s in every if (family is None or s.family == family) and (region is None or s.name == region)
    ]
    if not wanted:
        raise NotFound(M.STORE_EMPTY, family=family or "any", region=region or "any", least=MIN_YEARS)
    families = {s.family for s in wanted}
    backtest = run_backtest(
        [s for s in every if s.family in families]
    )  # a family's method from all its regions
    return forecast_all(wanted, backtest, horizon, "store")
