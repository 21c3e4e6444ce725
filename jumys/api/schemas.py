"""The API's bodies in and out: pydantic models, so the published OpenAPI schema says exactly what is sent."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from jumys.kit.messages import Text

Status = Literal["pending", "on_track", "at_risk", "fulfilled", "failed"]
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
    role: Literal["ministry", "akimat", "inspector", "investor", "public"]
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


class MapRegion(Out):
    """A region on the national map; numbers are null where the asker may not see them."""

    kato2: str
    name_ru: str
    name_kk: str
    name_en: str
    visible: bool = Field(description="False: the asker sees nothing of this region (another akimat's).")
    suppressed: bool = Field(description="True: numbers built from fewer than 5 persons are left out.")
    projects: int | None
    promised: int | None
    verified: int | None
    fulfilment: float | None
    pending: int | None
    on_track: int | None
    at_risk: int | None
    fulfilled: int | None
    failed: int | None


class NationalMap(Out):
    """The 20 regions at an as-of date."""

    as_of: dt.date | None
    regions: list[MapRegion]


class Scorecard(Out):
    """A region's scorecard at an as-of date; person-based numbers are null where suppressed."""

    kato2: str
    name_ru: str
    name_kk: str
    name_en: str
    as_of: dt.date | None
    previous_as_of: dt.date | None
    rank: int | None
    rank_change: int | None = Field(description="Places moved up since the previous as-of date.")
    projects: int | None
    pending: int | None
    on_track: int | None
    at_risk: int | None
    fulfilled: int | None
    failed: int | None
    promised_permanent_jobs: int | None
    verified_permanent_jobs: int | None
    fulfilment: float | None
    fulfilment_change: float | None
    credited: int | None
    youth_jobs: int | None
    youth_share: float | None
    wage_rule_projects: int | None
    wage_rule_share: float | None
    mean_salary_kzt: float | None
    region_avg_wage_kzt: float | None
    salary_ratio: float | None
    unconfirmed: int | None
    temporary_jobs: int | None
    suppressed: bool


class Scorecards(Out):
    """The scorecards the asker may see, best rank first."""

    as_of: dt.date | None
    items: list[Scorecard]


class TrendPoint(Out):
    """A region's promised and verified permanent jobs at one stored as-of date."""

    as_of: dt.date
    promised: int | None
    verified: int | None
    fulfilment: float | None
    suppressed: bool


class ProjectRow(Out):
    """A project in a list, with its verification at the as-of date (null before it was verified)."""

    project_id: str
    name: str
    region: str
    kato: str
    oked: str
    sector: str | None
    investor_bin: str
    investment_kzt: int
    start_date: dt.date
    deadline: dt.date
    promised_permanent_jobs: int
    status: Status | None
    expected_jobs: int | None
    verified_permanent_jobs: int | None
    fulfilment: float | None
    credited: int | None
    provisional: int | None
    unconfirmed: int | None


class ProjectPage(Out):
    """One page of projects and how many match in all."""

    as_of: dt.date | None
    total: int
    limit: int
    offset: int
    items: list[ProjectRow]


class Party(Out):
    """An employer named in a project."""

    bin: str
    name: str | None


class Verification(Out):
    """A project's verification at the as-of date (docs/methodology.md)."""

    status: Status
    expected_jobs: int
    verified_permanent_jobs: int
    fulfilment: float | None
    credited: int
    provisional: int
    unconfirmed: int
    baseline_headcount: int
    current_headcount: int
    youth_jobs: int
    temporary_jobs: int
    wage_bill_kzt: int
    wage_share: float | None
    meets_wage_share: bool | None


class MajorGroup(Out):
    """Credited persons in one NKZ major group."""

    code: str
    name_ru: str
    name_kk: str
    name_en: str
    credited: int


class Quality(Out):
    """What the created jobs are like: wages against the region, occupations, harmful conditions."""

    mean_salary_kzt: float | None
    region_avg_wage_kzt: float | None
    salary_ratio: float | None
    harmful_share: float | None
    nkz_major_groups: list[MajorGroup]


class EvidenceMonth(Out):
    """Contracts assigned to the project by start month and class: counts only, never a person."""

    month: str = Field(description="YYYY-MM of the contracts' start date.")
    credited: int
    provisional: int
    unconfirmed: int
    temporary: int


class ProjectTrendPoint(Out):
    """A project's numbers at one stored as-of date."""

    as_of: dt.date
    status: Status
    promised: int
    expected: int
    verified: int


class ProjectDetail(Out):
    """One project with the evidence behind its verification."""

    project_id: str
    name: str
    kato: str
    region: str
    region_name_ru: str
    region_name_kk: str
    region_name_en: str
    oked: str
    oked_name: str | None
    sector: str | None
    investment_kzt: int
    start_date: dt.date
    deadline: dt.date
    promised_permanent_jobs: int
    promised_temporary_jobs: int | None
    investor: Party
    operators: list[Party]
    as_of: dt.date | None
    verification: Verification | None
    quality: Quality | None
    evidence_by_month: list[EvidenceMonth]
    trend: list[ProjectTrendPoint]


class Alert(Out):
    """An alert: why, in a sentence per language, with the numbers behind it."""

    as_of: dt.date
    project_id: str
    region: str
    kind: Literal["failed", "at_risk", "unconfirmed", "low_wage_share"]
    severity: Literal["high", "medium"]
    message_ru: str
    message_kk: str
    message_en: str
    numbers: dict[str, Any]


class Alerts(Out):
    """The alerts the asker may see at an as-of date, high severity first."""

    as_of: dt.date | None
    items: list[Alert]


class EmployerBrief(Out):
    """An employer found by a search."""

    bin: str
    name: str
    kato: str
    region: str
    oked: str
    sector: str | None


class EmployerProject(Out):
    """A project an employer invests in or operates."""

    project_id: str
    name: str
    region: str
    as_investor: bool
    as_operator: bool


class EmployerDetail(EmployerBrief):
    """An employer: place, activity, group, contracts in force and its projects."""

    region_name_ru: str | None
    region_name_kk: str | None
    region_name_en: str | None
    oked_name: str | None
    parent_bin: str | None
    registered_on: dt.date
    lat: float | None
    lon: float | None
    subsidiaries: int
    contracts_in_force: int
    contracts_on: dt.date
    projects: list[EmployerProject]


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
