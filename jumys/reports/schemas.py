"""The read models' rows: typed, frozen, the same shapes the API publishes and the pages and CLI read.

Every function of jumys.reports returns these (or lists of them) instead of loose mappings; the
API's response bodies (jumys.api.schemas) are built from them, so a field is declared once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Container
from typing import Any, Literal

import pydantic
from pydantic import BaseModel, ConfigDict, Field

from jumys.projects.schemas import Counts, Status

AlertKind = Literal["failed", "at_risk", "unconfirmed", "low_wage_share"]


class Row(BaseModel):
    """A row of a read model: frozen; a key the shape does not declare is dropped, never passed on unseen."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    def __getitem__(self, name: str) -> Any:
        """A field by its name, as row["name"] (tests and templates read rows so too)."""
        return _field(self, name, type(self).model_fields)


class Shaped(dict[str, Any]):
    """An answer built in its schema's JSON shape already (keys by alias and in the schema's order, dates as
    ISO text): the API encodes it as it is, without validating it row by row. Only for answers whose every
    value is built by code (never read from input), and whose tests hold the encoding equal to the schema's.

    raw: the schema's last fields whose values are JSON text already (made once, joined per answer)."""

    def __init__(self, *args: Any, raw: dict[str, bytes] | None = None, **fields: Any) -> None:
        super().__init__(*args, **fields)
        self.raw = raw or {}

    def plain(self) -> dict[str, Any]:
        """Every field as plain values (the raw ones parsed), as a schema validates them."""
        return {**self, **{k: json.loads(v) for k, v in self.raw.items()}}


def _field(row: Any, name: str, names: Container[str]) -> Any:
    """A declared field of row, KeyError for any other name."""
    if name not in names:
        raise KeyError(name)
    return getattr(row, name)


class MapRegion(Row):
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


class Scorecard(Row):
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


class TrendPoint(Row):
    """A region's promised and verified permanent jobs at one stored as-of date."""

    as_of: dt.date
    promised: int | None
    verified: int | None
    fulfilment: float | None
    suppressed: bool


class ProjectRow(Row):
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


class Party(Row):
    """An employer named in a project."""

    bin: str
    name: str | None


@pydantic.dataclasses.dataclass(frozen=True)
class Verification(Counts):
    """A project's verification at the as-of date (docs/methodology.md): its counts, status and fulfilment."""

    status: Status
    expected_jobs: int
    meets_wage_share: bool | None
    fulfilment: float | None

    def __getitem__(self, name: str) -> Any:
        """A field by its name, as row["name"]."""
        return _field(self, name, {f.name for f in dataclasses.fields(self)})


class MajorGroup(Row):
    """Credited persons in one NKZ major group."""

    code: str
    name_ru: str
    name_kk: str
    name_en: str
    credited: int


class Quality(Row):
    """What the created jobs are like: wages against the region, occupations, harmful conditions."""

    mean_salary_kzt: float | None
    region_avg_wage_kzt: float | None
    salary_ratio: float | None
    harmful_share: float | None
    nkz_major_groups: list[MajorGroup]


class EvidenceMonth(Row):
    """Contracts assigned to the project by start month and class: counts only, never a person."""

    month: str = Field(description="YYYY-MM of the contracts' start date.")
    credited: int
    provisional: int
    unconfirmed: int
    temporary: int


class ProjectTrendPoint(Row):
    """A project's numbers at one stored as-of date."""

    as_of: dt.date
    status: Status
    promised: int
    expected: int
    verified: int


class ProjectDetail(Row):
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
    data_batch_no: int | None = pydantic.Field(
        None,
        description="The newest batch (events included) its verification at as_of counts; null before one.",
    )
    verified_at: dt.datetime | None = pydantic.Field(None, description="When it was verified at as_of.")


class Alert(Row):
    """An alert: why, in a sentence per language, with the numbers behind it."""

    as_of: dt.date
    project_id: str
    region: str
    kind: AlertKind
    severity: Literal["high", "medium"]
    message_ru: str
    message_kk: str
    message_en: str
    numbers: dict[str, Any]


class EmployerBrief(Row):
    """An employer found by a search."""

    bin: str
    name: str
    kato: str
    region: str
    oked: str
    sector: str | None


class EmployerProject(Row):
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
