"""A tiny world for the methodology's scenario tests: one region, a project, its operators, people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from jumys.config import Settings
from jumys.projects.methodology import Methodology
from jumys.projects.service import results, verify_projects
from jumys.projects.tables import project_jobs
from jumys.registry.ingest import ingest_batch
from tests.factories import new_bin, new_iin, write_batch

D = dt.date.fromisoformat


def months(first: str, last: str) -> list[str]:
    """Periods YYYY-MM from first to last, both included."""
    y, m = map(int, first.split("-"))
    ly, lm = map(int, last.split("-"))
    out = []
    while (y, m) <= (ly, lm):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


@dataclass
class World:
    """Rows of a batch, built up by the scenario, then ingested and verified."""

    engine: sa.Engine
    settings: Settings
    tmp: Path
    employers: list[dict[str, Any]] = field(default_factory=list)
    contracts: list[dict[str, Any]] = field(default_factory=list)
    payroll: list[dict[str, Any]] = field(default_factory=list)
    projects: list[dict[str, Any]] = field(default_factory=list)
    region_stats: list[dict[str, Any]] = field(default_factory=list)
    _n: int = 0

    def employer(self, kato: str = "751110000", parent: str = "") -> str:
        """A new employer; returns its BIN."""
        b = new_bin()
        self.employers.append(
            {
                "bin": b,
                "name": f"E{b}",
                "kato": kato,
                "oked": "47111",
                "parent_bin": parent,
                "registered_on": "2010-01-01",
            }
        )
        return b

    def person(self, born: str = "1990-04-12") -> str:
        """A new person; returns the IIN."""
        return new_iin(D(born))

    def contract(
        self,
        iin: str,
        bin: str,
        start: str,
        end: str = "",
        kind: str = "permanent",
        kato: str = "751110000",
        salary: int = 300000,
        nkz: str = "7212",
        conditions: str = "normal",
    ) -> str:
        """A contract; returns its id."""
        self._n += 1
        cid = f"K{self._n:06d}"
        self.contracts.append(
            {
                "contract_id": cid,
                "iin": iin,
                "bin": bin,
                "kato": kato,
                "nkz": nkz,
                "contract_type": kind,
                "start_date": start,
                "end_date": end,
                "salary_kzt": str(salary),
                "conditions": conditions,
            }
        )
        return cid

    def pay(
        self, iin: str, bin: str, first: str, last: str, wage: int = 300000, opv: int | None = None
    ) -> None:
        """Payroll rows for each month from first to last (YYYY-MM)."""
        for p in months(first, last):
            self.payroll.append(
                {
                    "iin": iin,
                    "bin": bin,
                    "period": p,
                    "wage_kzt": str(wage),
                    "opv_kzt": str(wage // 10 if opv is None else opv),
                }
            )

    def hire(
        self, bin: str, start: str, paid_until: str | None = "2025-12", born: str = "1990-04-12", **kw: Any
    ) -> str:
        """A person hired permanently at bin from start, paid monthly until paid_until; returns the IIN."""
        iin = self.person(born)
        self.contract(iin, bin, start, **kw)
        if paid_until:
            self.pay(iin, bin, start[:7], paid_until)
        return iin

    def employ(
        self, bin: str, start: str, paid_until: str | None = "2025-12", born: str = "1990-04-12", **kw: Any
    ) -> str:
        """As hire, but returns the contract's id."""
        self.hire(bin, start, paid_until, born, **kw)
        return str(self.contracts[-1]["contract_id"])

    def iin_of(self, contract_id: str) -> str:
        """The IIN of a contract's person."""
        return next(str(c["iin"]) for c in self.contracts if c["contract_id"] == contract_id)

    def project(
        self,
        operators: list[str],
        investor: str | None = None,
        start: str = "2025-03-01",
        deadline: str = "2026-03-01",
        promised: int = 10,
        investment: int = 10_000_000,
        kato: str = "751110000",
        project_id: str | None = None,
    ) -> str:
        """A project; returns its id."""
        pid = project_id or f"P{len(self.projects) + 1:03d}"
        self.projects.append(
            {
                "project_id": pid,
                "name": pid,
                "investor_bin": investor or operators[0],
                "operator_bins": ";".join(operators),
                "kato": kato,
                "oked": "47111",
                "investment_kzt": str(investment),
                "start_date": start,
                "deadline": deadline,
                "promised_permanent_jobs": str(promised),
                "promised_temporary_jobs": "",
            }
        )
        return pid

    def stat(self, period: str, value: int, kato: str = "750000000") -> None:
        """A region_stats row of the average wage."""
        self.region_stats.append(
            {"kato": kato, "period": period, "indicator": "avg_wage_kzt", "value": str(value)}
        )

    def jobs(self, as_of: str) -> dict[str, tuple[str, str, str | None]]:
        """The evidence at as_of (verify first): contract_id -> (project_id, job_kind, status)."""
        return {cid: (r["project_id"], r["job_kind"], r["status"]) for cid, r in self.evidence(as_of).items()}

    def evidence(self, as_of: str) -> dict[str, dict[str, Any]]:
        """The rows of fact_project_jobs at as_of by contract_id."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(project_jobs).where(project_jobs.c.as_of == D(as_of))).mappings()
            return {r["contract_id"]: dict(r) for r in rows}

    def verify(self, as_of: str, methodology: Methodology | None = None) -> dict[str, dict[str, Any]]:
        """Ingest everything built so far and verify at as_of; results by project_id."""
        self._n += 1
        folder = write_batch(
            self.tmp / f"batch{self._n}",
            {
                "employers": self.employers,
                "contracts": self.contracts,
                "payroll": self.payroll,
                "projects": self.projects,
                "region_stats": self.region_stats,
            },
        )
        report = ingest_batch(self.engine, folder, settings=self.settings, today=D("2026-11-01"))
        assert report.rows_rejected == 0, report.rejects
        with self.engine.begin() as conn:
            verify_projects(conn, D(as_of), methodology)
            return {r["project_id"]: r for r in results(conn, D(as_of))}
