"""The risk scorecard: a logistic regression on standardized factors (L2), read as additive points.

score = 50 + 10.88 x log-odds, clipped to 0..100 and rounded; a factor's points are its share of
that sum, 10.88 x weight x (standardized value, capped at 5 standard deviations). 10.88 points are
one unit of log-odds, so the score spans 0..100 for log-odds -4.6..+4.6 (odds 1:100 to 100:1),
and 7.5 points double the odds.
With too little history to fit (fewer than MIN_ROWS training rows, or fewer than MIN_EACH with
and without a violation) the documented prior weights are used instead (docs/safety.md).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from jumys.safety.features import CODES, Floats

SCALE = 10.88  # points per unit of log-odds
BASE = 50.0  # the score at log-odds 0
MIN_ROWS, MIN_EACH = 200, 20
L2_C = 1.0  # scikit-learn's inverse strength of the L2 penalty
Z_CAP = 5.0  # a standardized value counts at most 5 standard deviations either way (rare, huge values)
# prior weights per standard deviation of each factor (log-odds), and the intercept: the rule's
# judgement (hazard, injuries, violations, arrears, unconfirmed work) written as a scorecard
PRIOR_INTERCEPT = -0.2  # about 45 % of inspections find a violation
PRIOR_WEIGHTS: dict[str, float] = {
    "size": 0.2,
    "avg_headcount": 0.1,
    "injuries_weighted": 0.3,
    "injuries_per_100": 0.3,
    "inspections": 0.1,
    "violation_share": 0.4,
    "violations": 0.3,
    "fines_kzt": 0.1,
    "days_since_inspection": 0.0,
    "arrears_kzt": 0.3,
    "arrears_workers": 0.1,
    "harmful_share": 0.3,
    "churn": 0.2,
    "low_pay_share": 0.2,
    "unconfirmed_share": 0.3,
    "section": 0.4,
    "vision_zero": -0.3,
}


@dataclass
class Model:
    """A fitted (or prior) scorecard: what fact_risk_runs.model stores as JSON."""

    method: str  # "logistic" or "prior"
    intercept: float
    weights: dict[str, float]  # log-odds per standard deviation
    means: dict[str, float]
    sds: dict[str, float]
    training: dict[str, Any] = field(default_factory=dict)
    reason: str | None = None  # why the prior was used
    scale: float = SCALE
    base: float = BASE

    def to_json(self) -> str:
        """The model as stored with the run."""
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    def vectors(self) -> tuple[Floats, Floats, Floats]:
        """weights, means and standard deviations in the order of CODES."""
        return (
            np.array([self.weights[c] for c in CODES]),
            np.array([self.means[c] for c in CODES]),
            np.array([self.sds[c] for c in CODES]),
        )


def _scaling(x: Floats) -> tuple[Floats, Floats]:
    means = x.mean(axis=0) if len(x) else np.zeros(x.shape[1])
    sds = x.std(axis=0) if len(x) else np.ones(x.shape[1])
    return means, np.where(sds > 1e-12, sds, 1.0)


def _named(values: Floats) -> dict[str, float]:
    return {c: round(float(v), 6) for c, v in zip(CODES, values, strict=True)}


def standardized(x: Floats, means: Floats, sds: Floats) -> Floats:
    """(x - mean) / sd of each factor, capped at Z_CAP either way."""
    return np.clip((x - means) / sds, -Z_CAP, Z_CAP)


def prior_model(population: Floats, reason: str, training: dict[str, Any]) -> Model:
    """The prior scorecard, standardized on the population being scored."""
    means, sds = _scaling(population)
    return Model("prior", PRIOR_INTERCEPT, dict(PRIOR_WEIGHTS), _named(means), _named(sds), training, reason)


def fit_model(x: Floats, y: NDArray[np.int64], population: Floats, training: dict[str, Any]) -> Model:
    """A logistic scorecard fitted on (x, y), or the prior when they are too few to fit."""
    positives = int(y.sum())
    training = training | {"rows": len(y), "positives": positives}
    if len(y) < MIN_ROWS or min(positives, len(y) - positives) < MIN_EACH:
        reason = f"{len(y)} training rows, {positives} with a violation (need {MIN_ROWS}, {MIN_EACH} of each)"
        return prior_model(population, reason, training)
    from sklearn.linear_model import LogisticRegression  # deferred: CLI start-up time

    means, sds = _scaling(x)
    fit = LogisticRegression(C=L2_C, max_iter=1000).fit(standardized(x, means, sds), y)
    return Model(
        "logistic",
        round(float(fit.intercept_[0]), 6),
        _named(fit.coef_[0]),
        _named(means),
        _named(sds),
        training,
    )


@dataclass
class Scored:
    """Scores of a population: log-odds, the 0..100 score, points per factor, rank and class."""

    logit: Floats
    score: NDArray[np.int64]
    points: Floats  # rows x factors
    rank: NDArray[np.int64]  # 1 = the highest risk
    klass: list[str]


def class_sizes(n: int) -> tuple[int, int]:
    """How many of n are high, and high or medium: the top 10 % and the next 20 %, rounded half up."""
    return (n * 10 + 50) // 100, (n * 30 + 50) // 100


def score(model: Model, x: Floats, bins: list[str]) -> Scored:
    """Score the rows of x (model inputs) with the model; rank by log-odds, ties by BIN."""
    w, means, sds = model.vectors()
    contributions = standardized(x, means, sds) * w
    logit = model.intercept + contributions.sum(axis=1)
    points = model.scale * contributions
    raw = np.clip(np.rint(model.base + model.scale * logit), 0, 100).astype(np.int64)
    order = np.lexsort((np.array(bins, dtype=str), -logit)) if len(bins) else np.array([], dtype=np.int64)
    rank = np.empty(len(bins), dtype=np.int64)
    rank[order] = np.arange(1, len(bins) + 1)
    high, medium = class_sizes(len(bins))
    klass = ["high" if r <= high else "medium" if r <= medium else "low" for r in rank.tolist()]
    return Scored(logit, raw, points, rank, klass)


def roc_auc(y: NDArray[np.int64], s: Floats) -> float | None:
    """The ROC AUC of score s for label y; None when y has one class only."""
    if len(y) == 0 or y.min() == y.max():
        return None
    from sklearn.metrics import roc_auc_score  # deferred: CLI start-up time

    return float(roc_auc_score(y, s))
