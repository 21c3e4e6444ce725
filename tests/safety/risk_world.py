"""Hand-made worlds for enterprise risk: employers, their staff and pay, and their safety records."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from jumys.config import Settings
from tests.factories import (
    arrear,
    contract,
    employer,
    incident,
    ingest,
    inspection,
    new_bin,
    new_iin,
    write_batch,
)

LOADED_ON = dt.date(2026, 6, 30)  # the batch's date: records up to it are accepted


def months(first: str, last: str) -> list[str]:
    """The periods YYYY-MM from first to last."""
    y, m = map(int, first.split("-"))
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


class RiskWorld:
    """Rows of a small country, added by verbs, ingested by load()."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = defaultdict(list)

    def employer(
        self, oked: str = "47111", kato: str = "751110000", lat: str = "43.25", lon: str = "76.95"
    ) -> str:
        """A new employer (at lat, lon; empty: not placed); its BIN."""
        bin = new_bin(dt.date(2010, 1, 1))
        self.rows["employers"].append(
            employer(bin=bin, oked=oked, kato=kato, lat=lat, lon=lon, registered_on="2010-01-01")
        )
        return bin

    def staff(
        self,
        bin: str,
        n: int = 1,
        start: str = "2020-01-10",
        end: str = "",
        *,
        salary: int = 400_000,
        conditions: str = "normal",
        paid: tuple[str, str] | None = ("2020-01", "2026-05"),
    ) -> list[str]:
        """n contracts at bin, paid with contributions in the months paid (first, last); their IINs."""
        iins = []
        for _ in range(n):
            iin = new_iin()
            iins.append(iin)
            self.rows["contracts"].append(
                contract(
                    bin,
                    iin=iin,
                    start_date=start,
                    end_date=end,
                    salary_kzt=str(salary),
                    conditions=conditions,
                )
            )
            if paid is not None:
                last = min(paid[1], end[:7]) if end else paid[1]
                for period in months(max(paid[0], start[:7]), last):
                    self.rows["payroll"].append(
                        {
                            "iin": iin,
                            "bin": bin,
                            "period": period,
                            "wage_kzt": str(salary),
                            "opv_kzt": "40000",
                        }
                    )
        return iins

    def incident(self, bin: str, on: str, severity: str = "light", victims: int = 1) -> None:
        """An incident at bin."""
        self.rows["incidents"].append(incident(bin, occurred_on=on, severity=severity, victims=str(victims)))

    def inspection(
        self, bin: str, on: str, violations: int = 0, fine: int = 0, kind: str = "planned"
    ) -> None:
        """An inspection of bin."""
        self.rows["inspections"].append(
            inspection(bin, inspected_on=on, violations=str(violations), fine_kzt=str(fine), kind=kind)
        )

    def arrear(self, bin: str, reported: str, amount: int, workers: int, repaid: str = "") -> None:
        """Wage arrears at bin."""
        self.rows["arrears"].append(
            arrear(
                bin,
                reported_on=reported,
                amount_kzt=str(amount),
                workers=str(workers),
                repaid_on=repaid,
                repaid_kzt=str(amount) if repaid else "",
            )
        )

    def vision_zero(self, bin: str, joined: str) -> None:
        """bin joined Vision Zero."""
        self.rows["vision_zero"].append({"bin": bin, "joined_on": joined})

    def load(self, engine: sa.Engine, folder: Path, settings: Settings) -> None:
        """Ingest the rows (none may be rejected)."""
        report = ingest(engine, write_batch(folder, dict(self.rows)), settings, today=LOADED_ON)
        assert report.rows_rejected == 0, report.rejects_csv and report.rejects_csv.read_text()
