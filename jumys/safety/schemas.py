"""The typed records of enterprise risk and its backtest."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field


class RiskFactor(BaseModel):
    """A factor of an employer's score: its value (as read) and its points (share of the score)."""

    factor: str = Field(description="The factor's code (docs/safety.md, the weights table).")
    value: float | int | str | None = Field(description="The factor's value at the date; null: none.")
    points: float = Field(description="Points the factor adds to (or takes from) the score.")


class RiskScore(BaseModel):
    """An employer's risk at a date: score 0-100, class and factors, highest points first."""

    as_of: dt.date
    bin: str
    region: str
    section: str
    score: int
    risk_class: str = Field(alias="class", serialization_alias="class")
    rank: int
    headcount: int
    vision_zero: bool
    open_arrears_kzt: int
    factors: list[RiskFactor]

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)


class Comparison(BaseModel):
    """One measure for the model and its two baselines on the same enterprises."""

    model: float | None
    random: float | None
    rule: float | None


class CutResult(BaseModel):
    """The backtest at one cut date T: the scores at T against what happened in [T, T + 12 months)."""

    cut: dt.date
    skipped: str | None = Field(None, description="Why the date was skipped (then nothing else is set).")
    method: str | None = Field(None, description="logistic, or prior when too little history to fit.")
    training_rows: int | None = None
    scored: int = 0
    top: int = 0
    inspected: int = 0
    with_violation: int = 0
    severe: int = 0
    hit_rate: Comparison | None = Field(
        None, description="(a) share found violating among the top 10 % inspected."
    )
    hit_auc: Comparison | None = Field(None, description="(a) ROC AUC of violations among the inspected.")
    severe_share: Comparison | None = Field(
        None, description="(b) share of severe/fatal incidents in the top 10 %."
    )
    severe_auc: Comparison | None = Field(None, description="(b) ROC AUC of severe/fatal incidents.")


class Backtest(BaseModel):
    """The backtest per cut date and pooled over the dates not skipped."""

    cuts: list[CutResult]
    pooled: CutResult | None
