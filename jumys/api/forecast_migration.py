"""The API of migration flows and labour supply and demand: aggregates by region, so everyone may ask, the
public too (docs/forecasting.md)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import StringConstraints

from jumys.api.deps import ANYONE, READ_ERRORS, Asker, answer
from jumys.forecasting.flows_and_labour import (
    CHANGE_PATTERN,
    LabourForecast,
    MigrationForecast,
    labour_forecast,
    migration_forecast,
)
from jumys.forecasting.labour import MAX_YEARS

router = APIRouter(tags=["forecasts"])


@router.get(
    "/forecasts/migration", openapi_extra=ANYONE, response_model=MigrationForecast, responses=READ_ERRORS
)
async def get_forecasts_migration(
    request: Request,
    p: Asker,
    year: Annotated[
        int | None,
        Query(
            ge=1991, le=2100, description="The year predicted; default: the newest of the migration table."
        ),
    ] = None,
    wage: Annotated[
        list[Annotated[str, StringConstraints(pattern=CHANGE_PATTERN)]] | None,
        Query(description="A region's wage changed, KATO=+10% (-90 % to +500 %); repeat for more regions."),
    ] = None,
) -> Response:
    """The gravity model of flows between regions (a Poisson GLM of the migration table): coefficients with
    standard errors and 95 % intervals, deviance, pseudo-R², the holdout of the last year, and each
    region's predicted net migration with the wage changes and without."""
    return await answer(request, p, MigrationForecast, lambda conn: migration_forecast(conn, year, wage))


@router.get("/forecasts/labour", openapi_extra=ANYONE, response_model=LabourForecast, responses=READ_ERRORS)
async def get_forecasts_labour(
    request: Request,
    p: Asker,
    to: Annotated[
        int | None,
        Query(
            ge=1992,
            le=2100,
            description=f"The last year (at most {MAX_YEARS} after the base); default: 5 after.",
        ),
    ] = None,
) -> Response:
    """Labour supply (population x participation) and demand (the employment trend) by region and year from
    the store's latest population, and the gap (supply - demand; positive: a surplus of labour)."""
    return await answer(request, p, LabourForecast, lambda conn: labour_forecast(conn, to))
