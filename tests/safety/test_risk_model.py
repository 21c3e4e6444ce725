"""The risk scorecard: classes by rank, the model stored with the run, fitted when there is history and
the prior when not, points that add up to the score, and no look-ahead (records after D change nothing)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from jumys.config import Settings
from jumys.safety.features import CODES
from jumys.safety.risk import class_sizes
from jumys.safety.service import score_risk, stored_model
from tests.safety.risk_world import RiskWorld

D = dt.date(2025, 1, 1)


def scores(engine: sa.Engine, day: dt.date = D) -> dict[str, dict[str, Any]]:
    """The stored scores at day by BIN."""
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                'SELECT bin, score, "class", rank, headcount, factors FROM fact_risk_scores WHERE as_of = :d'
            ),
            {"d": day},
        ).mappings()
        return {r["bin"]: dict(r) | {"factors": json.loads(r["factors"])} for r in rows}


def history_world(n: int = 120) -> tuple[RiskWorld, list[str], list[str]]:
    """n employers inspected every year 2020-2024; every third one unsafe: harmful work, violations found."""
    w = RiskWorld()
    bad: list[str] = []
    good: list[str] = []
    for i in range(n):
        unsafe = i % 3 == 0
        b = w.employer(oked="41201" if i % 2 else "47111")
        (bad if unsafe else good).append(b)
        w.staff(b, 3, start="2019-01-01", conditions="harmful" if unsafe else "normal", paid=None)
        for year in range(2020, 2025):
            found = 2 if unsafe or (i + year) % 7 == 0 else 0
            w.inspection(b, f"{year}-06-01", violations=found, fine=50_000 * found)
    return w, bad, good


def test_classes_are_the_top_10_percent_the_next_20_and_the_rest(
    engine: sa.Engine, tmp_path: Path, settings: Settings
) -> None:
    w = RiskWorld()
    for i in range(100):
        b = w.employer()
        w.staff(b, 1 + i % 7)
        for _ in range(i % 5):
            w.incident(b, "2024-03-01", "severe")
    w.load(engine, tmp_path / "batch", settings)
    with engine.begin() as conn:
        counts = score_risk(conn, D)
    got = scores(engine)
    assert counts == {"employers": 100, "high": 10, "medium": 20, "low": 70}
    by_class = {
        c: sorted(r["rank"] for r in got.values() if r["class"] == c) for c in ("high", "medium", "low")
    }
    assert by_class == {
        "high": list(range(1, 11)),
        "medium": list(range(11, 31)),
        "low": list(range(31, 101)),
    }
    ranked = sorted(got.values(), key=lambda r: r["rank"])
    assert [r["score"] for r in ranked] == sorted((r["score"] for r in ranked), reverse=True)


@pytest.mark.parametrize(
    ("n", "high", "medium"),
    [(0, 0, 0), (1, 0, 0), (5, 1, 2), (10, 1, 3), (100, 10, 30), (91_100, 9110, 27330)],
)
def test_class_sizes_round_half_up(n: int, high: int, medium: int) -> None:
    assert class_sizes(n) == (high, medium)


def test_too_little_history_uses_the_prior_weights_and_says_why(
    engine: sa.Engine, tmp_path: Path, settings: Settings
) -> None:
    w = RiskWorld()
    b = w.employer()
    w.staff(b, 2)
    w.inspection(b, "2024-06-01", violations=1)
    w.load(engine, tmp_path / "batch", settings)
    with engine.begin() as conn:
        score_risk(conn, D)
        model = stored_model(conn, D)
    assert model is not None
    assert model["method"] == "prior"
    assert "0 training rows" in model["reason"]
    assert set(model["weights"]) == set(CODES) == set(model["means"]) == set(model["sds"])


def test_the_model_is_fitted_on_the_years_before_d_and_stored_with_its_weights(
    engine: sa.Engine, tmp_path: Path, settings: Settings
) -> None:
    w, bad, good = history_world()
    w.load(engine, tmp_path / "batch", settings)
    with engine.begin() as conn:
        score_risk(conn, D)
        model = stored_model(conn, D)
    assert model is not None
    assert model["method"] == "logistic"
    assert model["training"]["cuts"] == ["2024-01-01", "2023-01-01", "2022-01-01"]
    assert model["training"]["rows"] == 360
    assert model["weights"]["violation_share"] > 0
    assert model["weights"]["harmful_share"] > 0
    assert model["scale"] == 10.88
    got = scores(engine)
    assert min(got[b]["score"] for b in bad) > max(got[b]["score"] for b in good)
    assert {got[b]["class"] for b in bad[:12]} <= {"high", "medium"}


def test_points_add_up_to_the_score_and_are_sorted_highest_first(
    engine: sa.Engine, tmp_path: Path, settings: Settings
) -> None:
    w, _, _ = history_world(60)
    w.load(engine, tmp_path / "batch", settings)
    with engine.begin() as conn:
        score_risk(conn, D)
        model = stored_model(conn, D)
    assert model is not None
    base = model["base"] + model["scale"] * model["intercept"]
    for r in scores(engine).values():
        points = [f["points"] for f in r["factors"]]
        assert [f["factor"] for f in r["factors"]] and sorted(f["factor"] for f in r["factors"]) == sorted(
            CODES
        )
        assert points == sorted(points, reverse=True)
        assert abs(min(100, max(0, base + sum(points))) - r["score"]) <= 0.5 + 0.05 * len(points)


def test_records_dated_d_or_later_change_nothing(
    engine: sa.Engine, tmp_path: Path, settings: Settings
) -> None:
    w, _, good = history_world(60)
    w.load(engine, tmp_path / "batch", settings)
    with engine.begin() as conn:
        score_risk(conn, D)
        model_before = stored_model(conn, D)
    before = scores(engine)
    later = RiskWorld()
    newcomer = later.employer()
    later.staff(newcomer, 5, start="2025-01-01")
    later.vision_zero(good[0], "2025-01-01")
    for b in good[:10]:
        later.staff(b, 4, start="2025-02-01", conditions="hazardous", salary=10_000)
        later.incident(b, "2025-01-01", "fatal", victims=3)
        later.inspection(b, "2025-03-01", violations=9, fine=1_000_000)
        later.arrear(b, "2025-01-01", 50_000_000, 40)
        later.rows["payroll"] += [
            {"iin": c["iin"], "bin": b, "period": "2025-01", "wage_kzt": "1", "opv_kzt": "0"}
            for c in w.rows["contracts"]
            if c["bin"] == b
        ]
    ended = dict(w.rows["contracts"][0], end_date="2025-02-28")  # an open contract that ends after D
    later.rows["contracts"].append(ended)
    later.load(engine, tmp_path / "later", settings)
    with engine.begin() as conn:
        score_risk(conn, D)
        assert stored_model(conn, D) == model_before
    assert scores(engine) == before
