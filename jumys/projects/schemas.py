"""What job-creation verification finds for a project: the one list of its fields."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any, Literal

Status = Literal["pending", "on_track", "at_risk", "fulfilled", "failed"]
STATUSES: tuple[Status, ...] = ("pending", "on_track", "at_risk", "fulfilled", "failed")


@dataclass(frozen=True)
class ProjectResult:
    """One project's verification at an as-of date, its fields in the order `jumys verify --json` prints them.

    The stored facts (fact_project_verification), the CLI, the API's Verification and the pages
    all take their field names from here (docs/methodology.md, "What is stored").
    """

    project_id: str
    status: Status
    promised_permanent_jobs: int
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
    as_of: dt.date
    region: str
    expected_jobs: int
    promised_temporary_jobs: int | None
    investment_kzt: int
    meets_wage_share: bool | None
    mean_salary_kzt: float | None
    salary_ratio: float | None
    harmful_share: float | None

    @classmethod
    def of(cls, row: Any) -> ProjectResult:
        """The result from a stored row (a mapping with at least these fields)."""
        return cls(**{name: row[name] for name in RESULT_FIELDS})


RESULT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ProjectResult))
# the numbers a verification counts, as the CLI's table shows them after the status
COUNTS: tuple[str, ...] = RESULT_FIELDS[
    RESULT_FIELDS.index("promised_permanent_jobs") : RESULT_FIELDS.index("wage_bill_kzt")
]
