"""The parameters of the job-creation methodology (shared/spec/job-creation.md) and its SQL texts."""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SQL_DIR = Path(__file__).parent / "sql"
STEPS = (
    "01_group",
    "02_candidates",
    "03_assignment",
    "04_paid",
    "05_persons",
    "06_headcount",
    "07_temporary",
    "08_wages",
    "09_results",
)  # 10_scorecard runs after them, from the stored facts
TEMP_TABLES = (
    "v_group",
    "v_candidates",
    "v_assigned",
    "v_months",
    "v_paid",
    "v_job_contracts",
    "v_permanent_persons",
    "v_headcount",
    "v_temporary",
    "v_wage_bill",
    "v_region_wage",
)


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


def bind(sql: str, as_of: dt.date, m: Methodology) -> str:
    """The step's SQL with its parameters written in as literals (dates and integers only)."""
    first_of_month = as_of.replace(day=1)
    last_full = (first_of_month - dt.timedelta(days=1)).replace(day=1)
    paid, wage = _fraction(m.paid_share), _fraction(m.wage_share_target)
    values = {
        "as_of": f"DATE '{as_of.isoformat()}'",
        "as_of_month": f"DATE '{first_of_month.isoformat()}'",
        "last_full_month": f"DATE '{last_full.isoformat()}'",
        "first_checked_month": f"DATE '{_months_before(last_full, m.max_months - 1).isoformat()}'",
        "window_days": str(m.window_days),
        "transfer_days": str(m.transfer_days),
        "max_months": str(m.max_months),
        "paid_num": str(paid.numerator),
        "paid_den": str(paid.denominator),
        "youth_age": str(m.youth_age),
        "wage_share_num": str(wage.numerator),
        "wage_share_den": str(wage.denominator),
    }

    def sub(match: re.Match[str]) -> str:
        return values[match.group(1)]

    return re.sub(r":(" + "|".join(values) + r")\b", sub, sql)


def statements(step: str, as_of: dt.date, m: Methodology) -> list[str]:
    """The SQL statements of one step, bound, without comments."""
    text = (SQL_DIR / f"{step}.sql").read_text()
    text = "\n".join(line.split("--", 1)[0] if "--" in line else line for line in text.splitlines())
    return [s.strip() for s in bind(text, as_of, m).split(";") if s.strip()]
