"""The verbs of enterprise risk: score_risk (at a date, stored) and backtest (how well the score finds violations)."""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import sqlalchemy as sa
from numpy.typing import NDArray

from jumys.safety import messages as M
from jumys.safety.features import (
    CODES,
    Features,
    compute_features,
    history_start,
    record_span,
    training_cuts,
    years_before,
)
from jumys.safety.risk import Model, Scored, class_sizes, fit_model, roc_auc, score
from jumys.safety.schemas import Backtest, Comparison, CutResult
from jumys.safety.tables import risk_runs, risk_scores
from jumys.storage.bulk import write_columns
from jumys.storage.steps import Progress

BACKTEST_CUTS = (dt.date(2023, 1, 1), dt.date(2024, 1, 1), dt.date(2025, 1, 1))
_SCORE_COLUMNS = (
    "as_of",
    "bin",
    "region",
    "section",
    "score",
    "class",
    "rank",
    "headcount",
    "vision_zero",
    "open_arrears_kzt",
    "factors",
    "lat",
    "lon",
)
PLACE_BITS = (
    16  # the grid key's bits of longitude and of latitude (revision 0011 orders the older scores alike)
)


@dataclass
class Assessment:
    """The scores at a date with the model and the factors behind them."""

    model: Model
    features: Features  # the rows of the date itself (k = 0)
    scored: Scored


def assess(
    conn: sa.Connection, as_of: dt.date, training_rows: str = "inspected", progress: Progress | None = None
) -> Assessment:
    """Fit the scorecard on the training cuts before as_of and score every employer active on as_of."""
    first = history_start(conn)
    cuts = training_cuts(as_of, first)
    feats = compute_features(conn, as_of, cuts, training_rows == "all", progress)
    now, train = feats.where(feats.k == 0), feats.where(feats.k > 0)
    x_now = now.model_inputs()
    training = {
        "mode": training_rows,
        "cuts": [c.isoformat() for c in cuts],
        "history_from": first.isoformat() if first else None,
        "label": "an inspection in the 12 months after the cut found >= 1 violation",
    }
    model = fit_model(train.model_inputs(), train.violation_next, x_now, training)
    return Assessment(model, now, score(model, x_now, now.bin))


def _factors_json(a: Assessment) -> list[str]:
    """Each row's factors as JSON: {factor, value, points}, highest points first.

    A factor's points are a function of its value, so each distinct value of a factor is written once
    as its JSON object and the rows take theirs by index (420 k employers have few distinct values).
    """
    n = len(a.features)
    if n == 0:
        return []
    points = np.round(a.scored.points, 1) + 0.0  # + 0.0: no "-0.0"
    fragments = np.empty((n, len(CODES)), dtype=object)
    for j, code in enumerate(CODES):
        values, show = a.features.shown(code)
        distinct, first, where = np.unique(values, return_index=True, return_inverse=True)
        objects = [
            f'{{"factor":"{code}","value":{show(v)},"points":{points[i, j]}}}'
            for v, i in zip(distinct.tolist(), first.tolist(), strict=True)
        ]
        fragments[:, j] = np.array(objects, dtype=object)[where.reshape(-1)]
    order = np.argsort(-points, axis=1, kind="stable")
    return ["[" + ",".join(row) + "]" for row in np.take_along_axis(fragments, order, axis=1).tolist()]


def _spread(v: NDArray[np.int64]) -> NDArray[np.int64]:
    """The 16 low bits of each value moved to the even bits: half a Morton code."""
    for shift, mask in ((8, 0x00FF00FF), (4, 0x0F0F0F0F), (2, 0x33333333), (1, 0x55555555)):
        v = (v | (v << shift)) & mask
    return v


def place_order(lat: NDArray[np.float64], lon: NDArray[np.float64]) -> NDArray[np.intp]:
    """The rows in the order of a grid key, the unplaced (NaN) last, ties as they came.

    The key is a Morton code (Z-order) of 16 bits of longitude and of latitude (cells of 0.0055 by
    0.0027 degrees): stored in this order, the rows of a box of the map are in few row groups, and
    DuckDB skips the others by the minimum and maximum it keeps of each column.
    """
    top = (1 << PLACE_BITS) - 1

    def quantised(x: NDArray[np.float64], low: float, span: float) -> NDArray[np.int64]:
        cells = np.floor((np.nan_to_num(x) - low) / span * (1 << PLACE_BITS))
        return np.clip(cells, 0, top).astype(np.int64)

    key = _spread(quantised(lon, -180.0, 360.0)) | (_spread(quantised(lat, -90.0, 180.0)) << 1)
    key[np.isnan(lat) | np.isnan(lon)] = np.iinfo(np.int64).max
    return np.argsort(key, kind="stable")


def _coordinates(x: NDArray[np.float64]) -> Any:
    import pyarrow as pa  # deferred: CLI start-up time

    return pa.array(x, type=pa.float64(), mask=np.isnan(x))  # NaN: no coordinates, stored as NULL


def _score_rows(as_of: dt.date, a: Assessment) -> dict[str, Any]:
    f, s = a.features, a.scored
    return {
        "as_of": [as_of] * len(f),
        "bin": f.bin,
        "region": f.region,
        "section": f.section,
        "score": s.score.tolist(),
        "class": s.klass,
        "rank": s.rank.tolist(),
        "headcount": f.raw["size"].astype(np.int64).tolist(),
        "vision_zero": (f.raw["vision_zero"] > 0).tolist(),
        "open_arrears_kzt": f.raw["arrears_kzt"].astype(np.int64).tolist(),
        "factors": _factors_json(a),
        "lat": _coordinates(f.raw["lat"]),
        "lon": _coordinates(f.raw["lon"]),
    }


def _write_scores(conn: sa.Connection, columns: dict[str, Any], order: NDArray[np.intp]) -> None:
    """The rows into fact_risk_scores in bulk, in the given order (DuckDB keeps the order rows are inserted in)."""
    write_columns(conn, risk_scores, {c: columns[c] for c in _SCORE_COLUMNS}, order)


def score_risk(
    conn: sa.Connection, as_of: dt.date, training_rows: str = "inspected", progress: Progress | None = None
) -> dict[str, int]:
    """Score every employer active on as_of and store the scores and the model (replacing that date's)."""
    started = time.perf_counter()
    tick = progress or (lambda _s, _d, _t: None)
    for t in (risk_scores, risk_runs):
        conn.execute(t.delete().where(t.c.as_of == as_of))
    a = assess(conn, as_of, training_rows, tick)
    tick("scoring", 4, 5)
    _write_scores(conn, _score_rows(as_of, a), place_order(a.features.raw["lat"], a.features.raw["lon"]))
    n = len(a.features)
    conn.execute(
        risk_runs.insert().values(
            as_of=as_of,
            computed_at=dt.datetime.now(dt.UTC),
            model=a.model.to_json(),
            employers=n,
            seconds=time.perf_counter() - started,
        )
    )
    tick("done", 5, 5)
    high, medium = class_sizes(n)
    return {"employers": n, "high": high, "medium": medium - high, "low": n - medium}


def stored_model(conn: sa.Connection, as_of: dt.date) -> dict[str, Any] | None:
    """The model stored with the run at as_of (weights, scaling, training dates), or None."""
    text = conn.execute(sa.select(risk_runs.c.model).where(risk_runs.c.as_of == as_of)).scalar()
    return json.loads(text) if text else None


# --- the backtest ------------------------------------------------------------------------------------


def _mean(x: NDArray[Any]) -> float | None:
    return float(x.mean()) if len(x) else None


def _rule_rank(f: Features) -> NDArray[np.int64]:
    """Today's rule as a ranking: hazard class of the OKED section, then size; ties by BIN."""
    order = np.lexsort((np.array(f.bin, dtype=str), -f.raw["size"], -f.raw["hazard"]))
    rank = np.empty(len(f), dtype=np.int64)
    rank[order] = np.arange(1, len(f) + 1)
    return rank


@dataclass
class _Outcomes:
    """What the backtest compares at one or more cuts: ranks, tops and outcomes of the same enterprises."""

    logit: NDArray[np.float64]
    rule_key: NDArray[np.float64]  # higher: earlier in the rule's order
    top: NDArray[np.bool_]
    rule_top: NDArray[np.bool_]
    inspected: NDArray[np.bool_]
    violation: NDArray[np.int64]
    severe: NDArray[np.int64]

    @staticmethod
    def of(a: Assessment) -> _Outcomes:
        f, n = a.features, len(a.features)
        high, _ = class_sizes(n)
        rule_rank = _rule_rank(f)
        return _Outcomes(
            logit=a.scored.logit,
            rule_key=1.0 - rule_rank / max(n, 1),  # a percentile: comparable across dates
            top=a.scored.rank <= high,
            rule_top=rule_rank <= high,
            inspected=f.inspected_next == 1,
            violation=f.violation_next,
            severe=f.severe_next,
        )

    @staticmethod
    def joined(parts: list[_Outcomes]) -> _Outcomes:
        # the rule's key is a rank within its date: pooled, the tops are compared, and AUC pools ranks
        return _Outcomes(
            *(np.concatenate([getattr(p, name) for p in parts]) for name in _Outcomes.__annotations__)
        )

    def measure(self, result: CutResult) -> CutResult:
        ins, viol, sev = self.inspected, self.violation, self.severe
        n_severe = int(sev.sum())
        share = (lambda top: float(sev[top].sum()) / n_severe) if n_severe else (lambda _top: None)
        return result.model_copy(
            update={
                "scored": len(ins),
                "top": int(self.top.sum()),
                "inspected": int(ins.sum()),
                "with_violation": int(viol[ins].sum()),
                "severe": n_severe,
                "hit_rate": Comparison(
                    model=_mean(viol[self.top & ins]),
                    random=_mean(viol[ins]),
                    rule=_mean(viol[self.rule_top & ins]),
                ),
                "hit_auc": Comparison(
                    model=roc_auc(viol[ins], self.logit[ins]),
                    random=0.5,
                    rule=roc_auc(viol[ins], self.rule_key[ins]),
                ),
                "severe_share": Comparison(
                    model=share(self.top),
                    random=_mean(self.top.astype(np.float64)),
                    rule=share(self.rule_top),
                ),
                "severe_auc": Comparison(
                    model=roc_auc(sev, self.logit), random=0.5, rule=roc_auc(sev, self.rule_key)
                ),
            }
        )


def _skip_reason(cut: dt.date, first: dt.date | None, last: dt.date | None) -> str | None:
    if first is None or last is None:
        return M.BACKTEST_NO_HISTORY(cut=cut)
    if first > years_before(cut, 3):
        return M.BACKTEST_SHORT_HISTORY(cut=cut, first=first)
    if last < years_before(cut, -1) - dt.timedelta(days=31):  # records may stop a few days short of the year
        return M.BACKTEST_OUTCOME_INCOMPLETE(cut=cut, last=last)
    return None


def backtest(
    conn: sa.Connection, cuts: tuple[dt.date, ...] = BACKTEST_CUTS, training_rows: str = "inspected"
) -> Backtest:
    """Score at each cut date T from records before T, and measure against [T, T + 12 months); pooled too."""
    first, last = record_span(conn)
    results, parts = [], []
    for cut in cuts:
        reason = _skip_reason(cut, first, last)
        if reason is not None:
            results.append(CutResult(cut=cut, skipped=reason))
            continue
        a = assess(conn, cut, training_rows)
        outcomes = _Outcomes.of(a)
        if not outcomes.inspected.any():
            results.append(CutResult(cut=cut, skipped=M.BACKTEST_NO_INSPECTIONS(cut=cut)))
            continue
        base = CutResult(cut=cut, method=a.model.method, training_rows=a.model.training.get("rows"))
        results.append(outcomes.measure(base))
        parts.append(outcomes)
    pooled = None
    if parts:
        pooled = _Outcomes.joined(parts).measure(CutResult(cut=max(r.cut for r in results if not r.skipped)))
    return Backtest(cuts=results, pooled=pooled)
