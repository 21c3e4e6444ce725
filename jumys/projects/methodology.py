"""The parameters of the job-creation methodology (docs/methodology.md) and how they become step parameters.

The steps themselves are the numbered files of sql/, run by jumys.storage.steps.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from jumys.storage import steps
from jumys.storage.steps import Value

SQL_DIR = Path(__file__).parent / "sql"
VERIFY_STEPS = (1, 9)  # 01 to 09 compute and store the facts of every project
SCORECARD_STEPS = (10, 10)  # 10 runs after them, from the stored facts (jumys.projects.scorecard)


DECIMALS = 4  # shares are given with at most this many decimal places


class Methodology(BaseSettings):
    """Every parameter of the methodology, with the spec's defaults; each can be set as JUMYS_METHODOLOGY_NAME."""

    model_config = SettingsConfigDict(env_prefix="JUMYS_METHODOLOGY_", env_file=".env", extra="ignore")

    window_days: int = Field(180, ge=0, description="Hiring this many days before start_date counts.")
    transfer_days: int = Field(
        60, ge=0, description="A contract ended at a group employer this many days before is a transfer."
    )
    max_months: int = Field(
        6, ge=1, description="At most this many last full months are checked for contributions."
    )
    paid_share: float = Field(
        0.8,
        gt=0,
        le=1,
        description="Share of checked months that must carry contributions (4 decimals at most).",
    )
    youth_age: int = Field(35, ge=0, description="Young: this age or younger on the contract's start date.")
    wage_share_target: float = Field(
        0.30,
        ge=0,
        le=10,
        description="Wages paid as a share of the investment that the government asks (4 decimals at most).",
    )

    @field_validator("paid_share", "wage_share_target")
    @classmethod
    def _four_decimals(cls, v: float) -> float:
        # the SQL compares shares in whole numbers (paid * den >= n * num): exact, and small enough for BIGINT
        if 10**DECIMALS % _fraction(v).denominator:
            raise ValueError(f"give a share with at most four decimal places, not {v!r}")
        return v


def _fraction(x: float) -> Fraction:
    """The decimal the user wrote (0.8 is 4/5), not the binary float nearest to it."""
    return Fraction(str(x))


def _months_before(month: dt.date, k: int) -> dt.date:
    """The first day of the month k months before month (a first day)."""
    index = month.year * 12 + month.month - 1 - k
    return dt.date(index // 12, index % 12 + 1, 1)


def parameters(as_of: dt.date, m: Methodology) -> dict[str, Value]:
    """The steps' parameters at as_of: dates and integers (docs/methodology.md, "How a step runs")."""
    first_of_month = as_of.replace(day=1)
    last_full = (first_of_month - dt.timedelta(days=1)).replace(day=1)
    paid, wage = _fraction(m.paid_share), _fraction(m.wage_share_target)
    return {
        "as_of": as_of,
        "as_of_month": first_of_month,
        "last_full_month": last_full,
        "first_checked_month": _months_before(last_full, m.max_months - 1),
        "window_days": m.window_days,
        "transfer_days": m.transfer_days,
        "max_months": m.max_months,
        "paid_num": paid.numerator,
        "paid_den": paid.denominator,
        "youth_age": m.youth_age,
        "wage_share_num": wage.numerator,
        "wage_share_den": wage.denominator,
    }


def bind(sql: str, as_of: dt.date, m: Methodology) -> str:
    """sql with the methodology's parameters at as_of written in as literals."""
    return steps.bind(sql, parameters(as_of, m))
