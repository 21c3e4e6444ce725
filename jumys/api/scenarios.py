"""The API of scenarios of new growth points: the stored runs, one run in full, and a run of an uploaded file.

Choice (docs/scenarios.md): everyone reads the runs, the public too: they are projections of whole regions,
with nothing to suppress (only who ran a run is left out for the public). Running one is the ministry's,
audited; anyone else is refused (403, or 401 without signing in), and the refusal audited too.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Query, Request, Response, UploadFile
from fastapi import Path as PathParam

from jumys.api.deps import ANYONE, NOT_FOUND, READ_ERRORS, Asker, answer
from jumys.api.writes import WRITE_ERRORS
from jumys.doors.core import door_of
from jumys.doors.scenarios import receive_scenario
from jumys.forecasting.scenario_params import LAST_YEAR
from jumys.forecasting.scenario_store import RunDetail, RunSummary, get_run, list_runs

router = APIRouter(tags=["forecasts"])
RunId = Annotated[int, PathParam(ge=1, le=2**31 - 1, description="The run's id.")]


@router.get(
    "/forecasts/scenarios", openapi_extra=ANYONE, response_model=list[RunSummary], responses=READ_ERRORS
)
async def get_scenarios(request: Request, p: Asker) -> Response:
    """The stored scenario runs, newest first: name, file and its SHA-256, base year, horizon, when (and, for
    those signed in, by whom) each ran."""
    return await answer(request, p, list[RunSummary], lambda conn: list_runs(conn, p))


@router.get(
    "/forecasts/scenarios/{run_id}", openapi_extra=ANYONE, response_model=RunDetail, responses=READ_ERRORS
)
async def get_scenario(request: Request, p: Asker, run_id: RunId) -> Response:
    """One run in full: its parameters, changes and data (base year, batches, model), and every measure by
    region (and the country's total, region "total") and year under the scenario and the baseline."""
    return await answer(request, p, RunDetail, lambda conn: get_run(conn, p, run_id))


@router.post(
    "/forecasts/scenarios",
    response_model=RunDetail,
    status_code=201,
    responses=WRITE_ERRORS | NOT_FOUND,
)
def post_scenario(
    request: Request,
    p: Asker,
    file: Annotated[
        UploadFile, File(description="The scenario file: CSV, kind,region,year,value,to_region.")
    ],
    to: Annotated[
        int | None, Query(ge=1900, le=LAST_YEAR, description="The last year (default: the file's).")
    ] = None,
) -> RunDetail:
    """Run an uploaded scenario file and its baseline, store the run and answer it in full (the ministry;
    audited). A file with bad lines is refused whole (422), every bad line listed with its reason."""
    door = door_of(request)
    run_id = receive_scenario(door, p, file.file, file.filename, to)
    with door.engine.connect() as conn:
        return get_run(conn, p, run_id)
