"""A tiny world for the warning scenarios: employers with staff paid monthly, and the safety files' rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from jumys.config import Settings
from jumys.registry.ingest import ingest_batch
from jumys.safety.warnings import WarningRules, run_warnings, stored
from tests.factories import arrear, incident, inspection, labour_dispute, new_bin, new_iin, write_batch
from tests.projects.scenario import months

D = dt.date.fromisoformat
FILES = ("employers", "contracts", "payroll", "arrears", "incidents", "inspections", "labour_disputes")


@dataclass
class WarnWorld:
    """Rows of a batch built up by a scenario, then ingested and warned at a date."""

    engine: sa.Engine
    settings: Settings
    tmp: Path
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {f: [] for f in FILES})
    _n: int = 0

    def employer(self, kato: str = "751110000") -> str:
        """A new employer; returns its BIN."""
        b = new_bin()
        self.rows["employers"].append(
            {"bin": b, "name": f"ТОО {b}", "kato": kato, "oked": "47111", "registered_on": "2010-01-01"}
        )
        return b

    def staff(
        self,
        bin: str,
        n: int,
        start: str = "2023-01-01",
        end: str = "",
        paid: tuple[str, str] | None = ("2023-01", "2025-06"),
        wage: int = 400_000,
    ) -> list[str]:
        """n persons on permanent contracts at bin, paid wage (and 10 % contributions) every month of paid."""
        iins = []
        for _ in range(n):
            iin = new_iin(
                dt.date(1970, 1, 1) + dt.timedelta(days=self._n % 15_000)
            )  # 10,000 IINs a birth date
            self.contract(bin, iin, start, end, wage)
            if paid:
                self.pay(iin, bin, *paid, wage=wage)
            iins.append(iin)
        return iins

    def contract(self, bin: str, iin: str, start: str, end: str = "", wage: int = 400_000) -> None:
        """A permanent contract of iin at bin from start to end (empty: open)."""
        self._n += 1
        self.rows["contracts"].append(
            {
                "contract_id": f"C{self._n:07d}",
                "iin": iin,
                "bin": bin,
                "kato": "751110000",
                "nkz": "7212",
                "contract_type": "permanent",
                "start_date": start,
                "end_date": end,
                "salary_kzt": str(wage),
                "conditions": "normal",
            }
        )

    def split(self, bin: str, iin: str, *days: str) -> None:
        """Split iin's open contract at bin: it ends the day before each of days and a new one starts on it."""
        (first,) = [
            c for c in self.rows["contracts"] if c["bin"] == bin and c["iin"] == iin and not c["end_date"]
        ]
        previous = first
        for day in days:
            previous["end_date"] = (D(day) - dt.timedelta(days=1)).isoformat()
            self.contract(bin, iin, day)
            previous = self.rows["contracts"][-1]

    def pay(
        self, iin: str, bin: str, first: str, last: str, wage: int = 400_000, opv: int | None = None
    ) -> None:
        """A payroll row of iin at bin for each month first..last (replacing a row of the same month)."""
        periods = set(months(first, last))
        self.rows["payroll"] = [
            r
            for r in self.rows["payroll"]
            if not (r["iin"] == iin and r["bin"] == bin and r["period"] in periods)
        ]
        for period in sorted(periods):
            contribution = wage // 10 if opv is None else opv
            self.rows["payroll"].append(
                {
                    "iin": iin,
                    "bin": bin,
                    "period": period,
                    "wage_kzt": str(wage),
                    "opv_kzt": str(contribution),
                }
            )

    def unpay(self, iin: str, bin: str, first: str, last: str) -> None:
        """No payroll row of iin at bin in the months first..last."""
        periods = set(months(first, last))
        self.rows["payroll"] = [
            r
            for r in self.rows["payroll"]
            if not (r["iin"] == iin and r["bin"] == bin and r["period"] in periods)
        ]

    def end(self, bin: str, n: int, on: str) -> None:
        """End n of bin's open contracts on the date on."""
        open_ones = [c for c in self.rows["contracts"] if c["bin"] == bin and not c["end_date"]]
        assert len(open_ones) >= n
        for c in open_ones[:n]:
            c["end_date"] = on

    def arrear(self, bin: str, reported: str, **over: Any) -> None:
        """An arrears row."""
        self.rows["arrears"].append(arrear(bin, reported_on=reported, **over))

    def incident(self, bin: str, on: str, severity: str = "fatal") -> None:
        """An incidents row."""
        self.rows["incidents"].append(incident(bin, occurred_on=on, severity=severity))

    def inspection(self, bin: str, on: str, kind: str = "unplanned") -> None:
        """An inspections row."""
        self.rows["inspections"].append(inspection(bin, inspected_on=on, kind=kind))

    def dispute(self, bin: str, started: str) -> None:
        """A labour_disputes row."""
        self.rows["labour_disputes"].append(labour_dispute(bin, started_on=started, ended_on=""))

    def ingest(self) -> None:
        """Ingest everything built so far (a new batch replaces rows by their keys)."""
        self._n += 1
        folder = write_batch(self.tmp / f"warn{self._n}", {k: v for k, v in self.rows.items() if v})
        report = ingest_batch(self.engine, folder, settings=self.settings, today=D("2026-11-01"))
        assert report.rows_rejected == 0, report.rejects

    def warn(
        self, as_of: str, rules: WarningRules | None = None, ingest: bool = True
    ) -> dict[str, dict[str, Any]]:
        """Ingest, then the warnings at as_of by BIN: level, region and the signals by code."""
        if ingest:
            self.ingest()
        with self.engine.begin() as conn:
            run_warnings(conn, D(as_of), rules)
            found = stored(conn, D(as_of))
        return {
            r["bin"]: {
                "level": r["level"],
                "region": r["region"],
                "signals": {s["signal"]: s for s in r["signals"]},
            }
            for r in found
        }
