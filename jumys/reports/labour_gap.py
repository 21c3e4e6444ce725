"""The labour gap projected for next year, per 1,000 of each region's labour force: the forecast's part in
the regions' labour index and in the proposal of next year's quota (docs/forecasting.md, "Labour supply
and demand"). Shown beside them; it enters neither the index's score nor the quota's regional split."""

from __future__ import annotations

import sqlalchemy as sa

from jumys.errors import JumysError
from jumys.forecasting.cohort import store_population
from jumys.forecasting.labour import outlook


def next_year_gap(conn: sa.Connection, year: int) -> dict[str, float]:
    """Each region's gap (supply - demand) of year + 1 per 1,000 of its labour force, projected from the
    store's population of year; empty when the store has no population of that year or no published
    figures reach it."""
    try:
        o = outlook(store_population(conn, year), year + 1)
    except JumysError:
        return {}
    return {k: round(float(o.gap_per_1000[0, i]), 1) for i, k in enumerate(o.regions)}
