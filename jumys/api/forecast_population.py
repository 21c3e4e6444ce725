"""The API of population forecasts: by region, sex and age to 2035 or 2050, in three variants.

Everyone may ask, the public too: the forecast is made of regional aggregates (docs/forecasting.md,
"Population").
"""

from __future__ import annotations

from typing import Annotated, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Query, Request, Response

from jumys.api.deps import ANYONE, READ_ERRORS, Asker, answer
from jumys.forecasting.population import DEFAULT_TO, check_region, forecast_population
from jumys.forecasting.population_report import PopulationForecastOut, forecast_out
from jumys.reference.regions import region_codes

router = APIRouter(tags=["forecasts"])


def population_answer(
    conn: sa.Connection, data: Literal["store", "shipped"], to: int, region: str | None
) -> PopulationForecastOut:
    """The forecast of the data asked for, every region's totals or one region's."""
    region = region or None  # an empty choice of a form: every region
    check_region(region)
    return forecast_out(forecast_population(conn, data, to), region)


@router.get(
    "/forecasts/population", openapi_extra=ANYONE, response_model=PopulationForecastOut, responses=READ_ERRORS
)
async def get_population_forecast(
    request: Request,
    p: Asker,
    region: Annotated[
        str | None,
        Query(
            description="A region's 2-digit KATO code; default (or empty): every region.",
            json_schema_extra={"enum": ["", *sorted(region_codes())]},
        ),
    ] = None,
    to: Annotated[
        int, Query(description="The last year projected, after the data's last, at most 2100.")
    ] = DEFAULT_TO,
    data: Annotated[
        Literal["store", "shipped"],
        Query(
            description="store: the store's population and migration; shipped: BNS's published statistics."
        ),
    ] = "store",
) -> Response:
    """Population at 1 January by region for each year to `to` (low, medium and high variants), the age groups
    0-5, 6-17, 18-62 and 63+ and the pyramid of the region (or the country), the model's parameters, and the data
    it came from (the store's base year and batch, or the shipped statistics)."""
    return await answer(
        request, p, PopulationForecastOut, lambda conn: population_answer(conn, data, to, region)
    )
