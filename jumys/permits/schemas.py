"""The typed records of foreign labour: an application as checked, a decision, a quota ledger line."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, Field


@dataclass(frozen=True)
class Application:
    """An application whose fields are all known and in order (jumys.permits.service.parse_application)."""

    application_id: str
    bin: str | None
    category: str
    nkz: str
    kato: str
    person_id: uuid.UUID
    citizenship: str
    submitted_on: dt.date
    valid_from: dt.date
    valid_until: dt.date
    salary_kzt: int | None = None  # the offered monthly salary, when stated (the points' criterion a)

    @property
    def region(self) -> str:
        """The 2-digit KATO region of the workplace."""
        return self.kato[:2]

    @property
    def year(self) -> int:
        """The quota year the permit counts in: the year its validity begins."""
        return self.valid_from.year


class FailedCheck(BaseModel):
    """A check that failed and the numbers behind it."""

    check: Literal["quota", "labour_market_test", "local_share", "one_head_per_position", "seasonal_list"]
    numbers: dict[str, Any]


class Decision(BaseModel):
    """The decision on one application, as docs/permits.md "The interface" gives it."""

    application_id: str
    decision: Literal["issued", "refused", "invalid"]
    permit_id: str | None = None
    failed_checks: list[FailedCheck] = Field(default_factory=list)
    sentence: dict[str, str] = Field(description="The decision in words: ru, kk and en.")
    reason: dict[str, Any] | None = Field(
        None, description="Why an invalid application was not decided: {code, params}."
    )


Criterion = Literal["salary", "qualification", "shortage", "local_hiring", "training", "arrears"]


class PointsComponent(BaseModel):
    """One criterion of an application's points: what was measured, the points it earns and the rule."""

    criterion: Criterion
    value: dict[str, Any] = Field(description="What was measured, with the numbers behind it.")
    points: int
    rule: str = Field(description="The rule that turns the value into points, in English.")
    sentence: dict[str, str] = Field(description="The value, points and rule in words: ru, kk and en.")


class Points(BaseModel):
    """An application's points (docs/permits.md, "Points"): the total, the pass mark and every criterion."""

    total: int
    pass_mark: int
    components: list[PointsComponent]


class QuotaLine(BaseModel):
    """Quota units of a year, region and category, the permits issued against them and the units left."""

    year: int
    region: str
    category: str
    units: int
    issued: int
    left: int


class WorkerCount(BaseModel):
    """Foreign workers holding a permit active at a date, by one dimension; null where suppressed."""

    by: Literal["country", "section", "region", "category"]
    key: str
    workers: int | None
    suppressed: bool = False


class QuotaLedger(BaseModel):
    """A year's quota ledger: the lines, the totals, the cap from the labour force, foreign workers at a date."""

    year: int
    as_of: dt.date
    lines: list[QuotaLine]
    units: int
    issued: int
    left: int
    household_units: int
    household_issued: int
    labour_force: int | None
    cap_share: float
    cap_units: int | None
    household_share: float
    household_cap_units: int | None
    workers: list[WorkerCount]


class ProposalLine(BaseModel):
    """Next year's quota proposed for a region and category, with every term of its formula."""

    region: str
    category: str
    vacancies_unfilled: int = Field(
        description="Vacancies of the category's occupations posted in the data year at least 15 days before "
        "the as-of date and not filled by a citizen on it."
    )
    seekers_matched: int = Field(
        description="Job seekers on the register at the as-of date who could fill them: per occupation, the "
        "fewer of its seekers in the region and its unfilled vacancies."
    )
    shortage: int = Field(description="vacancies_unfilled - seekers_matched (never below 0).")
    last_units: int = Field(description="Units of the data year's quota.")
    last_used: int = Field(
        description="Permits holding a unit of the data year's quota, issued by the as-of date."
    )
    used_up: bool = Field(description="last_used > 0 and last_used >= last_units.")
    used_counted: int = Field(description="last_used: the units of the data year in use count in the demand.")
    demand: int = Field(description="shortage + used_counted.")
    scale: float | None = Field(
        description="cap / national demand when it is over the cap, else 1; null: no cap."
    )
    proposed: int = Field(
        description="demand x scale, rounded by largest remainder so the lines sum to the cap."
    )
    sentence: dict[str, str] = Field(description="The line's figures in words: ru, kk and en.")


class HouseholdProposal(BaseModel):
    """Next year's household quota: the households' share of the labour force."""

    labour_force: int | None
    share: float
    units: int | None
    last_units: int
    last_used: int
    sentence: dict[str, str]


class QuotaProposal(BaseModel):
    """Next year's quota proposed from the shortages of the data year under the national cap."""

    year: int = Field(description="The year proposed for.")
    data_year: int = Field(description="The year whose data the proposal reads: year - 1.")
    as_of: dt.date
    region: str | None = Field(description="The one region asked for, if any.")
    labour_force: int | None
    cap_share: float
    cap_units: int | None
    demand: int = Field(description="The national demand: the sum of every region's and category's demand.")
    scale: float | None
    proposed: int = Field(description="The national total proposed (the cap when the demand is over it).")
    lines: list[ProposalLine]
    household: HouseholdProposal
    labour_gap_per_1000: dict[str, float] = Field(
        default_factory=dict,
        description="Each region's labour gap (supply - demand) projected for the year proposed for, per 1,000 "
        "of its labour force (docs/forecasting.md): shown beside the proposal; it does not move the split.",
    )


class RankedApplication(BaseModel):
    """An application competing for a quota, as `jumys permits rank` shows it: its points and its fate."""

    application_id: str
    submitted_on: dt.date
    points: int | None = Field(description="The total points; null for a category never scored.")
    pass_mark: int | None
    would_get: bool = Field(description="Whether it would be issued a permit, deciding the file now.")
    failed_checks: list[str] = Field(default_factory=list, description="The checks that would fail.")


class QuotaCompetition(QuotaLine):
    """A year's quota of a region and category, its units left now and the applications competing for them."""

    applications: list[RankedApplication]
