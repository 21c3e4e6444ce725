"""Each factor of enterprise risk (sql/01..04) on a hand-made world, on both engines: one rule a test.

D = 2025-01-01: the 3-year window is [2022-01-01, 2025-01-01) (1096 days), the 12-month window
[2024-01-01, 2025-01-01) (366 days), the last 3 full months October to December 2024, and the
minimum wage of 2025 is 85,000 KZT. Nothing dated D or later counts.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from jumys.config import Settings
from jumys.reference.oked import oked_codes, oked_section
from jumys.safety.features import SQL_DIR, compute_features
from tests.safety.risk_world import RiskWorld

D = dt.date(2025, 1, 1)


def factors(
    engine: sa.Engine, world: RiskWorld, tmp_path: Path, settings: Settings
) -> dict[str, dict[str, Any]]:
    """The factors at D of every employer scored, by BIN (raw values, None where NULL)."""
    world.load(engine, tmp_path / "batch", settings)
    with engine.begin() as conn:
        f = compute_features(conn, D, [])
    out: dict[str, dict[str, Any]] = {}
    for i, bin in enumerate(f.bin):
        out[bin] = {name: (None if col[i] != col[i] else float(col[i])) for name, col in f.raw.items()}
        out[bin]["section"] = f.section[i]
        out[bin]["region"] = f.region[i]
    return out


def test_size_counts_the_contracts_active_on_d_and_only_employers_with_one_are_scored(
    engine: sa.Engine, tmp_path: Path, settings: Settings
) -> None:
    w = RiskWorld()
    a, gone, future = w.employer(), w.employer(), w.employer()
    w.staff(a, 2, start="2024-05-01")
    w.staff(a, 1, start="2024-05-01", end="2025-01-01")  # ends on D: still active on D
    w.staff(a, 1, start="2023-05-01", end="2024-12-31")  # ended the day before D
    w.staff(a, 1, start="2025-01-01")  # starts on D: dated D, not before it
    w.staff(gone, 1, start="2021-01-01", end="2024-06-30")
    w.staff(future, 1, start="2025-02-01")
    got = factors(engine, w, tmp_path, settings)
    assert set(got) == {a}
    assert got[a]["size"] == 3


def test_average_headcount_is_the_contract_days_in_the_three_years_before_d(
    engine: sa.Engine, tmp_path: Path, settings: Settings
) -> None:
    w = RiskWorld()
    a = w.employer()
    w.staff(a, 1, start="2019-01-01")  # the whole window: 1096 days
    w.staff(a, 1, start="2023-01-01")  # 731 days
    w.staff(a, 1, start="2021-01-01", end="2022-01-10")  # 10 days inside
    got = factors(engine, w, tmp_path, settings)[a]
    assert got["avg_headcount"] == pytest.approx((1096 + 731 + 10) / 1096)


def test_injuries_are_weighted_fatal_10_severe_3_light_1_per_victim_and_per_100_workers(
    engine: sa.Engine, tmp_path: Path, settings: Settings
) -> None:
    w = RiskWorld()
    a = w.employer()
    w.staff(a, 4, start="2019-01-01")
    w.incident(a, "2022-01-01", "fatal")
    w.incident(a, "2023-06-01", "severe", victims=2)
    w.incident(a, "2024-12-31", "light")
    w.incident(a, "2021-12-31", "fatal")  # before the window
    w.incident(a, "2025-01-01", "fatal")  # on D
    got = factors(engine, w, tmp_path, settings)[a]
    assert got["injuries_weighted"] == 10 + 6 + 1
    assert got["injuries_per_100"] == pytest.approx(100 * 17 / 4)


def test_inspections_in_three_years_their_violations_fines_and_days_since_the_last(
    engine: sa.Engine, tmp_path: Path, settings: Settings
) -> None:
    w = RiskWorld()
    a, never = w.employer(), w.employer()
    w.staff(a, 1)
    w.staff(never, 1)
    w.inspection(a, "2022-03-01", violations=3, fine=100_000)
    w.inspection(a, "2024-12-01", violations=0)
    w.inspection(a, "2021-12-31", violations=9, fine=9)  # before the window
    w.inspection(a, "2025-01-01", violations=9, fine=9)  # on D
    got = factors(engine, w, tmp_path, settings)
    assert got[a]["inspections"] == 2
    assert got[a]["violation_share"] == 0.5
    assert got[a]["violations"] == 3
    assert got[a]["fines_kzt"] == 100_000
    assert got[a]["days_since_inspection"] == 31
    assert got[never]["inspections"] == 0
    assert got[never]["violation_share"] is None
    assert got[never]["days_since_inspection"] is None


def test_arrears_open_on_d_are_reported_before_d_and_not_repaid_before_d(
    engine: sa.Engine, tmp_path: Path, settings: Settings
) -> None:
    w = RiskWorld()
    a = w.employer()
    w.staff(a, 1)
    w.arrear(a, "2024-03-01", 1_000_000, 5)  # open
    w.arrear(a, "2024-04-01", 200_000, 2, repaid="2025-01-01")  # repaid on D: open on D
    w.arrear(a, "2024-05-01", 7_000_000, 70, repaid="2024-12-31")  # repaid before D
    w.arrear(a, "2025-01-01", 9_000_000, 90)  # reported on D
    got = factors(engine, w, tmp_path, settings)[a]
    assert got["arrears_kzt"] == 1_200_000
    assert got["arrears_workers"] == 7


def test_harmful_share_and_low_pay_share_under_the_minimum_wage_of_ds_year(
    engine: sa.Engine, tmp_path: Path, settings: Settings
) -> None:
    w = RiskWorld()
    a = w.employer()
    w.staff(a, 1, conditions="harmful", salary=84_999)
    w.staff(a, 1, conditions="hazardous", salary=85_000)
    w.staff(a, 2, salary=60_000, start="2021-01-01", end="2024-06-30")  # ended: not active on D
    w.staff(a, 2)
    got = factors(engine, w, tmp_path, settings)[a]
    assert got["harmful_share"] == 0.5
    assert got["low_pay_share"] == 0.25


def test_churn_is_contracts_ended_in_twelve_months_over_the_average_headcount(
    engine: sa.Engine, tmp_path: Path, settings: Settings
) -> None:
    w = RiskWorld()
    a = w.employer()
    w.staff(a, 2, start="2019-01-01")  # 2 x 366 days
    w.staff(a, 1, start="2019-01-01", end="2024-07-01")  # ended inside: 183 days
    w.staff(a, 1, start="2019-01-01", end="2023-12-31")  # ended before the 12 months
    got = factors(engine, w, tmp_path, settings)[a]
    assert got["churn"] == pytest.approx(1 / ((2 * 366 + 183) / 366))


def test_unconfirmed_share_has_no_contribution_in_the_last_three_full_months(
    engine: sa.Engine, tmp_path: Path, settings: Settings
) -> None:
    w = RiskWorld()
    a = w.employer()
    w.staff(a, 2, start="2020-01-10")  # paid throughout
    w.staff(a, 1, start="2020-01-10", paid=("2020-01", "2024-09"))  # last paid in September
    w.staff(a, 1, start="2020-01-10", paid=("2025-01", "2025-03"))  # paid only from D's month on
    w.staff(a, 1, start="2024-12-15", paid=("2024-12", "2024-12"))  # started in December, paid
    got = factors(engine, w, tmp_path, settings)[a]
    assert got["unconfirmed_share"] == pytest.approx(2 / 5)


def test_section_region_hazard_and_vision_zero_joined_before_d(
    engine: sa.Engine, tmp_path: Path, settings: Settings
) -> None:
    w = RiskWorld()
    builder, shop, farm = (
        w.employer(oked="41201", kato="111010000"),
        w.employer(oked="47111"),
        w.employer(oked="01111"),
    )
    for b in (builder, shop, farm):
        w.staff(b, 1)
    w.vision_zero(builder, "2024-12-31")
    w.vision_zero(shop, "2025-01-01")  # joined on D
    got = factors(engine, w, tmp_path, settings)
    assert (got[builder]["section"], got[builder]["hazard"], got[builder]["region"]) == ("F", 3, "11")
    assert (got[shop]["section"], got[shop]["hazard"], got[shop]["region"]) == ("G", 1, "75")
    assert (got[farm]["section"], got[farm]["hazard"]) == ("A", 2)
    assert got[builder]["vision_zero"] == 1
    assert got[shop]["vision_zero"] == 0


def test_the_sql_sections_of_oked_divisions_agree_with_the_classifier() -> None:
    sql = (SQL_DIR / "04_features.sql").read_text()
    ranges = [
        (int(lo or one), int(hi or one), letter)
        for lo, hi, one, letter in re.findall(
            r"WHEN d (?:BETWEEN (\d+) AND (\d+)|= (\d+)) THEN '([A-U])'", sql
        )
    ]
    assert ranges

    def section(code: str) -> str:
        d = int(code[:2])
        return next((s for lo, hi, s in ranges if lo <= d <= hi), "U")

    wrong = {
        code: (section(code), oked_section(code))
        for code in oked_codes()
        if section(code) != oked_section(code)
    }
    assert not wrong
