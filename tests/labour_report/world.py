"""A hand-made country for the labour report and the skills figures: two regions, 2024 against 2025.

Region 31 (Zhambyl): enterprises A and B; region 75 (Almaty city): enterprises C and D. Every figure the report
shows is written out in EXPECTED below, counted by hand from the rows made here (docs/safety.md says
how each is defined).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from jumys.config import Settings
from jumys.projects.tables import project_verification
from tests import factories as f

TODAY = dt.date(2026, 3, 1)
ZHAMBYL, ALMATY = "311010000", "751110000"


def filled_on(day: str) -> dict[str, str]:
    """The columns of a vacancy filled (and closed) on day."""
    return {"closed_on": day, "filled": "true"}


def build(engine: sa.Engine, folder: Path, settings: Settings) -> dict[str, str]:
    """Ingest the world into engine; the BINs of A, B, C and D."""
    a = f.employer(kato=ZHAMBYL, oked="01111", name="=A farm")
    b = f.employer(kato=ZHAMBYL, oked="85100")
    c = f.employer(kato=ALMATY, oked="47111")
    d = f.employer(kato=ALMATY, oked="85100")
    p = [f.new_iin() for _ in range(8)]
    contracts = [
        *(f.contract(a["bin"], iin=p[i], kato=ZHAMBYL, start_date="2024-01-10") for i in range(4)),
        f.contract(b["bin"], iin=p[4], kato=ZHAMBYL, start_date="2025-03-01", end_date="2025-06-30"),
        f.contract(c["bin"], iin=p[5], kato=ALMATY, start_date="2023-01-01"),
        f.contract(c["bin"], iin=p[6], kato=ALMATY, start_date="2023-01-01", end_date="2024-05-01"),
        # a person at two enterprises of region 75 (sections G and P) in 2025: counted once wherever both are
        f.contract(c["bin"], iin=p[7], kato=ALMATY, start_date="2025-02-01"),
        f.contract(d["bin"], iin=p[7], kato=ALMATY, start_date="2025-03-01"),
    ]
    foreign = [f.new_iin() for _ in range(3)]
    files: dict[str, list[dict[str, Any]]] = {
        "employers": [a, b, c, d],
        "contracts": contracts,
        "incidents": [
            f.incident(a["bin"], occurred_on="2025-05-05", severity="light", victims="1"),
            f.incident(a["bin"], occurred_on="2025-05-05", severity="fatal", victims="1"),
            f.incident(b["bin"], occurred_on="2024-07-01", severity="severe", victims="2"),
        ],
        "vision_zero": [
            {"bin": a["bin"], "joined_on": "2023-05-01"},
            {"bin": b["bin"], "joined_on": "2025-02-01"},
        ],
        "arrears": [
            f.arrear(
                a["bin"],
                reported_on="2024-04-01",
                amount_kzt="1000000",
                workers="10",
                repaid_on="2025-03-01",
                repaid_kzt="900000",
            ),
            f.arrear(b["bin"], reported_on="2025-06-01", amount_kzt="500000", workers="3"),
        ],
        "inspections": [
            f.inspection(a["bin"], inspected_on="2025-06-01", violations="2", fine_kzt="100000"),
            f.inspection(b["bin"], inspected_on="2025-07-01", violations="0", fine_kzt="0"),
            f.inspection(a["bin"], inspected_on="2024-06-01", violations="3", fine_kzt="50000"),
        ],
        "training": [
            f.training(p[0], a["bin"], started_on="2025-02-01", finished_on="2025-04-30", paid_by="employer"),
            f.training(p[1], a["bin"], started_on="2025-02-01", finished_on="2025-04-30", paid_by="state"),
            f.training(p[2], a["bin"], started_on="2024-02-01", finished_on="2024-04-30", paid_by="employer"),
            f.training(p[7], d["bin"], started_on="2025-09-01", finished_on="", paid_by="employer"),
        ],
        "region_stats": [
            f.region_stat(kato="310000000", period="2025", indicator="employed", value="500000"),
            f.region_stat(kato="310000000", period="2025", indicator="unemployment_rate", value="4.5"),
            f.region_stat(kato="310000000", period="2025", indicator="avg_wage_kzt", value="300000"),
            f.region_stat(kato="310000000", period="2024-01", indicator="avg_wage_kzt", value="250000"),
            f.region_stat(kato="310000000", period="2024-02", indicator="avg_wage_kzt", value="270000"),
            f.region_stat(kato="750000000", period="2025", indicator="employed", value="1000000"),
            f.region_stat(kato="750000000", period="2025", indicator="unemployment_rate", value="5.0"),
            f.region_stat(kato="750000000", period="2025", indicator="avg_wage_kzt", value="500000"),
        ],
        "permits": [
            f.permit(foreign[0], a["bin"], kato=ZHAMBYL, issued_on="2025-02-01", valid_until="2026-01-31"),
            f.permit(foreign[1], a["bin"], kato=ZHAMBYL, issued_on="2025-03-01", valid_until="2025-12-01"),
            f.permit(foreign[2], a["bin"], kato=ZHAMBYL, issued_on="2024-05-01", valid_until="2025-04-30"),
        ],
        "quotas": [f.quota(year="2025", kato="310000000", category="specialist", units="10")],
        "vacancies": [
            f.vacancy(a["bin"], kato=ZHAMBYL, nkz="2211", posted_on="2025-01-10"),
            f.vacancy(
                a["bin"],
                kato=ZHAMBYL,
                nkz="2211",
                posted_on="2025-02-01",
                closed_on="2025-03-03",
                filled="true",
            ),
            f.vacancy(
                c["bin"],
                kato=ALMATY,
                nkz="2211",
                posted_on="2025-03-01",
                closed_on="2025-06-29",
                filled="true",
            ),
            f.vacancy(c["bin"], kato=ALMATY, nkz="8311", posted_on="2025-04-01"),
            f.vacancy(b["bin"], kato=ZHAMBYL, nkz="2411", posted_on="2024-05-01"),
            # two unit groups of sub-major group 24 in region 75: one row "24", with the seeker of a third
            f.vacancy(d["bin"], kato=ALMATY, nkz="2411", posted_on="2025-05-01"),
            f.vacancy(d["bin"], kato=ALMATY, nkz="2412", posted_on="2025-06-01", **filled_on("2025-06-21")),
        ],
        "job_seekers": [
            f.job_seeker(f.new_iin(), kato=ZHAMBYL, nkz="2211", registered_on="2024-12-01"),
            f.job_seeker(f.new_iin(), kato=ZHAMBYL, nkz="2211", registered_on="2024-12-01"),
            f.job_seeker(
                f.new_iin(), kato=ZHAMBYL, nkz="2211", registered_on="2024-01-01", left_on="2024-11-01"
            ),
            f.job_seeker(f.new_iin(), kato=ALMATY, nkz="8311", registered_on="2025-02-01"),
            f.job_seeker(f.new_iin(), kato=ALMATY, nkz="2413", registered_on="2025-01-15"),
        ],
    }
    report = f.ingest(engine, f.write_batch(folder, files), settings, today=TODAY)
    assert report.rows_rejected == 0, report
    with engine.begin() as conn:
        for as_of, promised, verified in ((dt.date(2025, 6, 1), 100, 10), (dt.date(2025, 12, 1), 120, 60)):
            conn.execute(
                sa.insert(project_verification), [_verification(as_of, "P1", "31", promised, verified)]
            )
    return {"A": a["bin"], "B": b["bin"], "C": c["bin"], "D": d["bin"]}


def _verification(
    as_of: dt.date, project_id: str, region: str, promised: int, verified: int
) -> dict[str, Any]:
    return {
        "as_of": as_of,
        "project_id": project_id,
        "region": region,
        "status": "on_track",
        "promised_permanent_jobs": promised,
        "expected_jobs": promised,
        "verified_permanent_jobs": verified,
        "credited": verified,
        "provisional": 0,
        "unconfirmed": 0,
        "baseline_headcount": 0,
        "current_headcount": verified,
        "youth_jobs": 0,
        "temporary_jobs": 0,
        "wage_bill_kzt": 0,
        "investment_kzt": 1,
    }


# (region, figure) -> (2025, 2024), counted by hand from the rows above
EXPECTED: dict[tuple[str, str], tuple[float | None, float | None]] = {
    ("31", "active_contracts"): (5, 4),
    ("31", "injured"): (2, 2),
    ("31", "injured_per_1000"): (400.0, 500.0),
    ("31", "fatal"): (1, 0),
    ("31", "vision_zero"): (2, 1),
    ("31", "vision_zero_joined"): (1, 0),
    ("31", "arrears_repaid_enterprises"): (1, 0),
    ("31", "arrears_repaid_kzt"): (900_000, 0),
    ("31", "arrears_open_enterprises"): (1, 1),
    ("31", "arrears_open_kzt"): (500_000, 1_000_000),
    ("31", "arrears_open_workers"): (3, 10),
    ("31", "workers_year_end"): (4, 4),
    ("31", "inspections"): (2, 1),
    ("31", "violations"): (2, 3),
    ("31", "fines_kzt"): (100_000, 50_000),
    ("31", "employees"): (5, 4),
    ("31", "trained_by_employer"): (1, 1),
    ("31", "trained_share"): (0.2, 0.25),
    ("31", "employed"): (500_000, None),
    ("31", "unemployment_rate"): (4.5, None),
    ("31", "avg_wage_kzt"): (300_000, 260_000),
    ("31", "wage_vs_country"): (300_000 / (650e9 / 1.5e6), 1.0),
    ("31", "foreign_workers"): (1, 1),
    ("31", "permits_issued"): (2, 1),
    ("31", "quota_units"): (10, None),
    ("31", "quota_use"): (0.2, None),
    ("31", "projects"): (1, None),
    ("31", "jobs_promised"): (120, None),
    ("31", "jobs_verified"): (60, None),
    ("75", "active_contracts"): (3, 2),
    ("75", "employees"): (2, 2),
    ("75", "trained_by_employer"): (1, 0),
    ("75", "trained_share"): (0.5, 0.0),
    ("75", "injured"): (0, 0),
    ("75", "injured_per_1000"): (0.0, 0.0),
    ("75", "workers_year_end"): (2, 1),
    ("75", "avg_wage_kzt"): (500_000, None),
    ("KZ", "active_contracts"): (8, 6),
    ("KZ", "injured"): (2, 2),
    ("KZ", "injured_per_1000"): (250.0, 2000 / 6),
    ("KZ", "workers_year_end"): (6, 5),
    ("KZ", "employees"): (7, 6),
    ("KZ", "trained_by_employer"): (2, 1),
    ("KZ", "trained_share"): (2 / 7, 1 / 6),
    ("KZ", "employed"): (1_500_000, None),
    ("KZ", "unemployment_rate"): ((4.5 * 500_000 + 5.0 * 1_000_000) / 1_500_000, None),
    ("KZ", "avg_wage_kzt"): (650e9 / 1.5e6, 260_000),
    ("KZ", "jobs_verified"): (60, None),
    ("KZ", "vision_zero"): (2, 1),
}


# the skills page of 2025: (dimension, group) -> (employees, trained); shortages in the order shown
TRAINING_2025 = {
    ("country", "KZ"): (7, 2),
    ("region", "31"): (5, 1),
    ("region", "75"): (2, 1),
    ("section", "A"): (4, 1),
    ("section", "P"): (2, 1),
    ("section", "G"): (2, 0),
    ("size", "micro"): (7, 2),
}
# (region, group, priority, vacancies, open_60, seekers, per_seeker, median_days_to_fill): named unit groups
# first (railways, then health in rural Zhambyl), then the sub-major groups, one without seekers first
SHORTAGES_2025 = [
    ("75", "8311", "railways", 1, 1, 1, 1.0, None),
    ("31", "2211", "health", 2, 1, 2, 0.5, 30.0),
    ("75", "22", None, 1, 1, 0, None, 120.0),  # 2211 is named in rural regions only
    ("75", "24", None, 2, 1, 1, 1.0, 20.0),
]
