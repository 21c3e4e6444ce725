"""The bench's events: new hires (a contract and its payroll for the three full months before as_of) at the
operators of the store's verified projects, 1,000 events a request (bench/events.py sends them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from jumys.kit.identifiers import make_iin

PER_REQUEST = 1000  # events a second, in one request
PAYROLL_MONTHS = 3  # each hire: a contract and its payroll for the three full months before as_of


@dataclass
class Hiring:
    """Where the bench's hires go: each project's operator and region, verified at as_of."""

    as_of: dt.date
    projects: list[tuple[str, str, str]]  # project_id, operator BIN, KATO of the project

    def events(self, run: str, k: int) -> tuple[list[dict[str, Any]], str]:
        """Request k's 1,000 events (hires at one project, taken in turn) and that project's id."""
        pid, bin_, kato = self.projects[k % len(self.projects)]
        first = _month_start(self.as_of, PAYROLL_MONTHS)
        out: list[dict[str, Any]] = []
        for h in range(PER_REQUEST // (1 + PAYROLL_MONTHS)):
            n = k * 1000 + h
            iin = make_iin(
                dt.date(1990, 1, 1) + dt.timedelta(days=n // 900), "F", n % 900 * 10
            )  # apart: no bump meets
            contract = {
                "contract_id": f"EV{run}{n:08d}",
                "iin": iin,
                "bin": bin_,
                "kato": kato,
                "nkz": "7212",
                "contract_type": "permanent",
                "start_date": first.isoformat(),
                "end_date": "",
                "salary_kzt": "450000",
                "conditions": "normal",
            }
            out.append({"event_id": f"bench-{run}-{n}-c", "kind": "contract", "row": contract})
            for m in range(PAYROLL_MONTHS):
                period = _month_start(self.as_of, PAYROLL_MONTHS - m)
                row = {"iin": iin, "bin": bin_, "period": period.strftime("%Y-%m"), "wage_kzt": "450000"}
                out.append(
                    {
                        "event_id": f"bench-{run}-{n}-p{m}",
                        "kind": "payroll",
                        "row": row | {"opv_kzt": "45000"},
                    }
                )
        return out, pid


def _month_start(as_of: dt.date, back: int) -> dt.date:
    """The first day of the month `back` months before as_of's month."""
    index = as_of.year * 12 + as_of.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def hiring(engine: sa.Engine, as_of: dt.date) -> Hiring:
    """The projects verified at as_of that are not pending, with their first operator and region."""
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT p.project_id, min(o.bin), p.kato FROM projects p "
            "JOIN project_operators o ON o.project_id = p.project_id "
            "JOIN fact_project_verification v ON v.project_id = p.project_id AND v.as_of = "
            f"DATE '{as_of.isoformat()}' AND v.status <> 'pending' "
            "GROUP BY p.project_id, p.kato ORDER BY p.project_id"
        ).all()
    return Hiring(as_of, [(str(a), str(b), str(c)) for a, b, c in rows])
