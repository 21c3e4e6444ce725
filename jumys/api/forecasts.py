"""The API of the series forecasts: each series forecast beyond its data, and the backtest behind them.

Everyone may ask, the public too: the series are published statistics (the shipped files) or the store's
official region_stats, by region, with no person in them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Query, Request, Response

from jumys.api.deps import ANYONE, READ_ERRORS, Asker, answer
from jumys.forecasting.backtest import Choice, Row
from jumys.forecasting.outlook import MAX_HORIZON, Outlook, shipped_backtest, shipped_outlook
from jumys.forecasting.outlook_store import store_outlook

router = APIRouter(tags=["forecasts"])


@dataclass(frozen=True)
class SeriesForecasts:
    """The forecasts asked for."""

    source: str
    horizon: int
    forecasts: list[Outlook]


@dataclass(frozen=True)
class BacktestTable:
    """The backtest of the shipped series: each family, method and horizon, and the method used per family."""

    rows: list[Row]
    choices: list[Choice]


@router.get("/forecasts/series", openapi_extra=ANYONE, response_model=SeriesForecasts, responses=READ_ERRORS)
async def get_forecast_series(
    request: Request,
    p: Asker,
    family: Annotated[
        str | None,
        Query(description="employment, unemployment, population, migration or wages; default: all."),
    ] = None,
    region: Annotated[
        str | None, Query(description="A region's 2-digit KATO code; default: every region.")
    ] = None,
    source: Annotated[
        Literal["shipped", "store"],
        Query(
            description="shipped: the published series shipped with Jumys; store: the store's region_stats."
        ),
    ] = "shipped",
    horizon: Annotated[
        int,
        Query(description=f"Years past the last published value, 1-{MAX_HORIZON}."),
    ] = 5,
) -> Response:
    """Each series forecast 1-10 years past its last published value by the method its family's backtest chose
    (naive where too short to test), with 80 % and 95 % intervals, how far its data go and the method's MASE.
    The family, region and horizon are checked by the service, so a wrong one is refused with its reason (422);
    a region of a family published for the whole country only, or a store without the series, is 404."""
    family, region = family or None, region or None  # an empty parameter is one left out

    def forecasts(conn: sa.Connection) -> SeriesForecasts:  # in the thread pool: the first backtest takes 1 s
        found = (
            store_outlook(conn, family, region, horizon)
            if source == "store"
            else shipped_outlook(family, region, horizon)
        )
        return SeriesForecasts(source, horizon, found)

    return await answer(request, p, SeriesForecasts, forecasts)


@router.get("/forecasts/backtest", openapi_extra=ANYONE, response_model=BacktestTable, responses=READ_ERRORS)
async def get_forecast_backtest(request: Request, p: Asker) -> Response:
    """The rolling-origin backtest of the shipped series (docs/forecasting.md): median MASE, share within 10 %,
    80 % coverage of the models' intervals and of the widened ones, and the method used per family."""

    def table() -> BacktestTable:
        result = shipped_backtest()
        return BacktestTable(result.rows, result.choices)

    return await answer(request, p, BacktestTable, lambda conn: table())
