"""The API's bodies in and out: pydantic models, so the published OpenAPI schema says exactly what is sent."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from jumys.kit.messages import Text

# the read models' rows are the API's shapes too: declared once, in jumys.reports.schemas
from jumys.projects.schemas import Status
from jumys.reports.schemas import (
    Alert,
    EmployerBrief,
    EmployerDetail,
    EmployerProject,
    EvidenceMonth,
    MajorGroup,
    MapRegion,
    Party,
    ProjectDetail,
    ProjectRow,
    ProjectTrendPoint,
    Quality,
    Scorecard,
    TrendPoint,
    Verification,
)

__all__ = [
    "BIN",
    "KATO2",
    "TEXT",
    "Alert",
    "Alerts",
    "AsOfDates",
    "BatchResult",
    "EmployerBrief",
    "EmployerDetail",
    "EmployerProject",
    "ErrorBody",
    "EvidenceMonth",
    "FileResult",
    "Issue",
    "LedgerEntry",
    "LedgerFile",
    "MajorGroup",
    "MapRegion",
    "Me",
    "NationalMap",
    "Out",
    "Party",
    "ProjectDetail",
    "ProjectPage",
    "ProjectRow",
    "ProjectTrendPoint",
    "Quality",
    "RegionInfo",
    "RegionTrend",
    "Reject",
    "RunJob",
    "RunRequest",
    "Runs",
    "Scorecard",
    "Scorecards",
    "Sector",
    "SignIn",
    "Status",
    "StoredRun",
    "TrendPoint",
    "Verification",
]

Sector = Literal[
    "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U"
]
KATO2 = r"^[0-9]{2}$"
TEXT = r"^[^\x00-\x1f\x7f]*$"  # no control characters: PostgreSQL refuses NUL in text
BIN = r"^[0-9]{12}$"


class Out(BaseModel):
    """A response body: extra keys of the read model are dropped, never passed through unseen."""

    model_config = ConfigDict(extra="ignore")


class Issue(Out):
    """One invalid parameter or field."""

    loc: list[str] = Field(description="Where: body, query, path or header, then the name.")
    msg: str
    type: str


class ErrorBody(Out):
    """What every refused or failed request says."""

    error: str = Field(description="The reason, in plain words (English).")
    code: str | None = Field(
        default=None, description="The reason's stable code: a key of the catalogues (docs/architecture.md)."
    )
    params: dict[str, Any] | None = Field(
        default=None, description="The values of the reason, by name; a nested reason as {code, params}."
    )
    detail: list[Issue] | None = Field(default=None, description="Invalid requests (422): each problem.")


class SignIn(BaseModel):
    """A person's username and password."""

    model_config = ConfigDict(strict=True)

    username: str = Field(min_length=1, max_length=64, pattern=TEXT)
    password: str = Field(min_length=1, max_length=1024, pattern=TEXT)


class Me(Out):
    """Who is asking: role and its limits."""

    username: str
    role: Literal["ministry", "akimat", "inspector", "investor", "employer", "public"]
    region: str | None
    bins: list[str]
    via: Literal["session", "token", "anonymous"]
    expires_at: dt.datetime | None = None


class RegionInfo(Out):
    """One of the 20 regions."""

    kato2: str
    kato: str
    iso: str
    name_ru: str
    name_kk: str
    name_en: str
    kind: Literal["oblast", "city"]


class AsOfDates(Out):
    """The verified as-of dates, newest first."""

    latest: dt.date | None
    dates: list[dt.date]


class NationalMap(Out):
    """The 20 regions at an as-of date."""

    as_of: dt.date | None
    regions: list[MapRegion]


class RegionTrend(Out):
    """A region's promised and verified jobs at every verified date, oldest first."""

    kato2: str = Field(description="The region's 2-digit KATO code.")
    points: list[TrendPoint]


class Scorecards(Out):
    """The scorecards the asker may see, best rank first."""

    as_of: dt.date | None
    items: list[Scorecard]


class ProjectPage(Out):
    """One page of projects and how many match in all."""

    as_of: dt.date | None
    total: int
    limit: int
    offset: int
    items: list[ProjectRow]


class Alerts(Out):
    """The alerts the asker may see at an as-of date, high severity first."""

    as_of: dt.date | None
    items: list[Alert]


class RunRequest(BaseModel):
    """Start a verification at a date."""

    as_of: dt.date = Field(description="The date to verify at.")

    @field_validator("as_of", mode="before")
    @classmethod
    def _a_date_is_text(cls, value: Any) -> Any:
        """A date is YYYY-MM-DD: pydantic would read a number as seconds since 1970."""
        if not isinstance(value, str | dt.date):
            raise ValueError("a date is written YYYY-MM-DD")
        return value


class RunJob(Out):
    """A verification started through the API, as the store keeps it."""

    run_id: str
    as_of: dt.date
    status: Literal["queued", "running", "done", "failed"]
    requested_by: str
    requested_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    projects: int | None
    regions: int | None
    alerts: int | None
    error: str | None


class StoredRun(Out):
    """A verification stored in the store, however it was started."""

    as_of: dt.date
    computed_at: dt.datetime
    projects: int
    seconds: float
    parameters: dict[str, Any]


class Runs(Out):
    """Verifications: those this server started (newest first) and those stored (newest first)."""

    jobs: list[RunJob]
    stored: list[StoredRun]


class FileResult(Out):
    """Rows of one file of a batch."""

    file: str
    rows_read: int
    rows_accepted: int
    rows_rejected: int
    warnings: list[str]


class Reject(Out):
    """One problem of a rejected row (identifiers that may be IINs are masked)."""

    file: str
    line: int
    column: str | None
    reason: str = Field(description="Why, in plain words (English).")
    value: str | None
    code: str | None = Field(
        default=None, description="The reason's stable code (docs/api.md, Messages by code)."
    )
    params: dict[str, Any] | None = Field(default=None, description="The values of the reason, by name.")

    @model_validator(mode="before")
    @classmethod
    def _code_of_reason(cls, data: Any) -> Any:
        """A reason that carries its code (jumys.kit.messages.Text) gives its code and parameters too."""
        if isinstance(data, dict) and isinstance(data.get("reason"), Text) and "code" not in data:
            return data | data["reason"].as_json()
        return data


class BatchResult(Out):
    """What an uploaded batch did: rows per file, warnings, and the first rejects."""

    batch_id: str
    batch_no: int
    status: Literal["applied", "already_applied"]
    files: list[FileResult]
    warnings: list[str]
    rows_accepted: int
    rows_rejected: int
    rejects_total: int
    rejects: list[Reject] = Field(description="The first rejects; rejects_total counts them all.")


class LedgerFile(Out):
    """Rows of one file of a stored batch."""

    file: str
    format: str
    rows_read: int
    rows_accepted: int
    rows_rejected: int


class LedgerEntry(Out):
    """A batch in the ledger."""

    batch_no: int
    batch_id: str
    source: str | None
    extracted_at: dt.datetime | None
    ingested_at: dt.datetime
    rows_read: int
    rows_accepted: int
    rows_rejected: int
    files: list[LedgerFile]
