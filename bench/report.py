"""The regional labour report at scale: one region's PDF (best of 3), its XLSX, and every page in both formats;
and the skills and shortages of the same year, the first time (computed) and again (the rows kept until a batch)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from bench.store import bench_store
from jumys.access.principal import Principal

REGION = "75"  # Almaty city: the most contracts of any region


def measure(home: Path, url: str | None, year: int) -> dict[str, object]:
    """Seconds for each file of the report of year (figures computed and file written), DuckDB or PostgreSQL."""
    from jumys.reports.export import export_report
    from jumys.reports.labour_report import build_report

    engine = bench_store(home, url, upgraded=False)
    who = Principal("bench", "ministry")

    def one(region: str, fmt: str) -> tuple[float, int]:
        t = time.perf_counter()
        with engine.connect() as conn:
            data = export_report(build_report(conn, who, year, region), "kk", fmt)
        return time.perf_counter() - t, len(data)

    skills_first, skills_again = skills_seconds(engine, who, year)
    pdf = [one(REGION, "pdf") for _ in range(3)]
    xlsx, _ = one(REGION, "xlsx")
    all_pdf, size = one("all", "pdf")
    all_xlsx, _ = one("all", "xlsx")
    return {
        "year": year,
        "region_pdf_seconds": [round(s, 2) for s, _ in pdf],
        "region_xlsx_seconds": xlsx,
        "all_pdf_seconds": all_pdf,
        "all_pdf_bytes": size,
        "all_xlsx_seconds": all_xlsx,
        "skills_first_seconds": skills_first,
        "skills_again_seconds": skills_again,
    }


def skills_seconds(engine: Any, who: Principal, year: int) -> tuple[float, float]:
    """Seconds for the skills and shortages of year: the first asking in the process, then the best of 3 after."""
    from jumys.reports.skills import skills

    times = []
    for _ in range(4):
        t = time.perf_counter()
        with engine.connect() as conn:
            skills(conn, who, year)
        times.append(time.perf_counter() - t)
    return times[0], min(times[1:])
