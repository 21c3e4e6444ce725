"""What job-creation verification finds for a project: its fields, declared once.

`Counts` are the numbers a verification counts; `ProjectResult` is the whole record of one project
at an as-of date. The stored facts (fact_project_verification), `jumys verify --json`, the CLI's
table and the API's Verification (jumys.reports.schemas) all take their fields from here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any, Literal

Status = Literal["pending", "on_track", "at_risk", "fulfilled", "failed"]
STATUSES: tuple[Status, ...] = ("pending", "on_track", "at_risk", "fulfilled", "failed")


@dataclass(frozen=True)
class Promise:
    """Which project, its status, and the permanent jobs it promised."""

    project_id: str
    status: Status
    promised_permanent_jobs: int


@dataclass(frozen=True)
class Counts:
    """What a verification counts for one project (docs/methodology.md): jobs by class, headcounts, wages."""

    verified_permanent_jobs: int
    credited: int
    provisional: int
    unconfirmed: int
    baseline_headcount: int
    current_headcount: int
    youth_jobs: int
    temporary_jobs: int
    wage_bill_kzt: int
    wage_share: float | None


@dataclass(frozen=True)
class Context:
    """When and where, what was expected by then, and the quality of the created jobs."""

    as_of: dt.date
    region: str
    expected_jobs: int
    promised_temporary_jobs: int | None
    investment_kzt: int
    meets_wage_share: bool | None
    mean_salary_kzt: float | None
    salary_ratio: float | None
    harmful_share: float | None


@dataclass(frozen=True)
class ProjectResult(Context, Counts, Promise):
    """One project's verification at an as-of date: the promise, the counts, the context.

    The fields come in the order `jumys verify --json` prints them: a dataclass lists the fields
    of its bases from the last base to the first.
    """

    @classmethod
    def of(cls, row: Any) -> ProjectResult:
        """The result from a stored row (a mapping with at least these fields)."""
        return cls(**{name: row[name] for name in RESULT_FIELDS})


RESULT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ProjectResult))
# the CLI's table: the promise, then the job counts (wages have their own column)
COUNTS: tuple[str, ...] = (
    "promised_permanent_jobs",
    *(f.name for f in fields(Counts) if f.name not in ("wage_bill_kzt", "wage_share")),
)
