"""The backtest of enterprise risk: per cut date and pooled, beside random order and today's rule;
dates with too little history, or whose following year is not over, are skipped with the reason."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from jumys.config import Settings
from jumys.safety.service import backtest
from tests.safety.risk_world import RiskWorld


def planted(n: int = 150) -> RiskWorld:
    """n employers inspected every year 2020-2025; every fourth one unsafe, whatever its sector.

    The unsafe ones are shops as often as builders, so today's rule (hazard class, then size) cannot
    find them, while their past violations, harmful work and injuries can.
    """
    w = RiskWorld()
    for i in range(n):
        unsafe = i % 4 == 0
        b = w.employer(oked="41201" if i % 2 else "47111")
        w.staff(b, 2 + i % 5, start="2019-01-01", conditions="harmful" if unsafe else "normal", paid=None)
        for year in range(2020, 2026):
            found = 3 if unsafe or (i * 7 + year) % 5 == 0 else 0
            w.inspection(b, f"{year}-05-01", violations=found, fine=30_000 * found)
            if unsafe and year % 2 == 0:
                w.incident(b, f"{year}-09-01", "severe")
    first, last = w.employer(), w.employer()
    w.staff(first, 1, start="2019-01-01", paid=None)
    w.staff(last, 1, start="2019-01-01", paid=None)
    w.incident(first, "2019-12-01")  # the records begin before 2020 and end in December 2025
    w.incident(last, "2025-12-20")
    return w


def test_every_cut_date_is_measured_and_the_model_beats_random_and_the_rule(
    engine: sa.Engine, tmp_path: Path, settings: Settings
) -> None:
    planted().load(engine, tmp_path / "batch", settings)
    with engine.begin() as conn:
        result = backtest(conn)
    assert [str(c.cut) for c in result.cuts] == ["2023-01-01", "2024-01-01", "2025-01-01"]
    assert all(c.skipped is None for c in result.cuts)
    assert all(c.method == "logistic" for c in result.cuts)
    pooled = result.pooled
    assert pooled is not None and pooled.hit_rate and pooled.hit_auc and pooled.severe_share
    assert pooled.scored == 3 * 152 and pooled.inspected == 3 * 150
    assert pooled.hit_rate.model == 1.0
    assert pooled.hit_rate.random is not None and pooled.hit_rate.random < 0.5
    assert pooled.hit_rate.rule is not None and pooled.hit_rate.rule < 0.7
    assert pooled.hit_auc.model is not None and pooled.hit_auc.model > 0.8
    assert pooled.severe_share.model is not None and pooled.severe_share.model > 0.3


def test_dates_with_less_than_three_years_of_records_before_them_are_skipped_with_the_reason(
    engine: sa.Engine, tmp_path: Path, settings: Settings
) -> None:
    w = RiskWorld()
    b = w.employer()
    w.staff(b, 1)
    w.inspection(b, "2021-01-02", violations=1)
    w.inspection(b, "2025-12-01", violations=1)
    w.load(engine, tmp_path / "batch", settings)
    with engine.begin() as conn:
        result = backtest(conn)
    assert [c.skipped for c in result.cuts] == [
        "Cut date 2023-01-01 skipped: the safety records begin on 2021-01-02, fewer than 3 years before it.",
        "Cut date 2024-01-01 skipped: the safety records begin on 2021-01-02, fewer than 3 years before it.",
        None,
    ]
    assert result.pooled is not None and result.pooled.cut.isoformat() == "2025-01-01"


def test_dates_whose_following_year_is_not_over_and_an_empty_store_are_skipped(
    engine: sa.Engine, tmp_path: Path, settings: Settings
) -> None:
    with engine.begin() as conn:
        empty = backtest(conn)
    assert [c.skipped for c in empty.cuts] == [
        f"Cut date {y}-01-01 skipped: there are no inspections or incidents at all."
        for y in (2023, 2024, 2025)
    ]
    assert empty.pooled is None
    w = RiskWorld()
    b = w.employer()
    w.staff(b, 1)
    w.inspection(b, "2019-06-01", violations=1)
    w.inspection(b, "2023-06-01", violations=0)
    w.inspection(b, "2024-06-01", violations=2)
    w.incident(b, "2024-12-15")
    w.load(engine, tmp_path / "batch", settings)
    with engine.begin() as conn:
        result = backtest(conn)
    assert result.cuts[0].skipped is None
    assert result.cuts[1].skipped is None
    assert result.cuts[2].skipped == (
        "Cut date 2025-01-01 skipped: the records end on 2024-12-15, before the 12 months after it are over."
    )
