"""POST /events: contract and payroll events, checked as batch rows and applied at once (ministry only)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from jumys.api.deps import Asker, error_response
from jumys.api.schemas import TEXT, Out
from jumys.api.writes import WRITE_ERRORS
from jumys.doors.core import door_of
from jumys.doors.events import receive_events
from jumys.kit.messages import Text
from jumys.registry.events import MAX_EVENTS, Event

router = APIRouter()

Cell = Annotated[str, StringConstraints(max_length=1000, pattern=TEXT)] | int | float | bool | None
ColumnName = Annotated[
    str, StringConstraints(min_length=1, max_length=64)
]  # a name outside the contract is ignored


class EventIn(BaseModel):
    """One event: its id (unique per sender, kept for good), its kind and the row of that file."""

    model_config = ConfigDict(extra="forbid")

    event_id: str = Field(min_length=1, max_length=200, pattern=TEXT)
    kind: Literal["contract", "payroll"] = Field(
        description="contract: a contracts row; payroll: a payroll row."
    )
    row: dict[ColumnName, Cell] = Field(
        max_length=64,
        description="The row's columns as in the data contract; a number or boolean as its text.",
    )


class EventsIn(BaseModel):
    """Up to 1,000 events."""

    model_config = ConfigDict(extra="forbid")

    events: list[EventIn] = Field(min_length=1, max_length=MAX_EVENTS)


class EventReason(Out):
    """One problem of a refused event (identifiers that may be IINs are masked)."""

    column: str | None
    reason: str = Field(description="Why, in plain words (English); code and params give it in any language.")
    value: str | None
    code: str | None = None
    params: dict[str, Any] | None = None


class EventResult(Out):
    """What became of one event, by its place in the request (from 0)."""

    index: int
    event_id: str
    status: Literal["applied", "duplicate", "refused"]
    reasons: list[EventReason]


class EventsResult(Out):
    """What a request of events did: each event's result, counts, and the batch they were applied as."""

    batch_no: int | None = Field(
        description="The ledger's batch of the applied events; null when none was new."
    )
    batch_id: str | None
    applied: int
    duplicate: int
    refused: int
    warnings: list[str]
    events: list[EventResult]


@router.post(
    "/events",
    response_model=EventsResult,
    responses=WRITE_ERRORS
    | {
        422: error_response(f"Not a list of 1 to {MAX_EVENTS:,} events of the right shape."),
        429: error_response("Another write is running: send the same events again after Retry-After."),
    },
    tags=["batches"],
)
def post_events(body: EventsIn, request: Request, p: Asker) -> dict[str, Any]:
    """Check contract and payroll events by the data contract and apply the valid ones in one transaction."""
    sent = [Event(e.event_id, e.kind, dict(e.row)) for e in body.events]
    report = receive_events(door_of(request), p, sent)
    return {
        "batch_no": report.batch_no,
        "batch_id": report.batch_id,
        **{status: report.count(status) for status in ("applied", "duplicate", "refused")},
        "warnings": report.warnings,
        "events": [r.__dict__ | {"reasons": [_coded(c) for c in r.reasons]} for r in report.results],
    }


def _coded(reason: dict[str, Any]) -> dict[str, Any]:
    """A reason with its code and parameters beside its English sentence."""
    text = reason["reason"]
    return reason | (text.as_json() if isinstance(text, Text) else {})
