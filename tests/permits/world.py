"""A tiny world for the permit scenarios: an employer with a vacancy and a quota, ingested, then applications."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from jumys.access.principal import Principal
from jumys.config import Settings
from jumys.doors.applications import decide_many, decide_one
from jumys.permits.points import stored_points
from jumys.permits.schemas import Decision, Points
from jumys.registry.ingest import ingest_batch
from jumys.registry.pseudonym import PseudonymKey
from tests.factories import new_bin, new_iin, write_batch

FILES = (
    "employers",
    "persons",
    "contracts",
    "vacancies",
    "quotas",
    "permits",
    "job_seekers",
    "training",
    "arrears",
    "region_stats",
)
MINISTRY = Principal(username="minister", role="ministry")
REGION_KATO = "751110000"


@dataclass
class PermitWorld:
    """Rows of a batch built by a scenario; `ingest` stores them, `decide` decides applications."""

    engine: sa.Engine
    settings: Settings
    tmp: Path
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {f: [] for f in FILES})
    lock: threading.Lock = field(default_factory=threading.Lock)
    _n: int = 0

    def _next(self) -> int:
        self._n += 1
        return self._n

    def employer(self, kato: str = REGION_KATO, oked: str = "41201") -> str:
        """A new employer; returns its BIN."""
        b = new_bin()
        self.rows["employers"].append(
            {"bin": b, "name": f"ТОО {b}", "kato": kato, "oked": oked, "registered_on": "2010-01-01"}
        )
        return b

    def vacancy(
        self,
        bin: str,
        nkz: str = "2142",
        posted_on: str = "2025-01-02",
        filled: bool = False,
        kato: str = REGION_KATO,
        closed_on: str | None = None,
    ) -> None:
        """A vacancy of bin for nkz (in region 75 unless kato says), closed 2025-02-20 when filled."""
        self.rows["vacancies"].append(
            {
                "vacancy_id": f"V{self._next():06d}",
                "bin": bin,
                "kato": kato,
                "nkz": nkz,
                "salary_kzt": "500000",
                "posted_on": posted_on,
                "closed_on": closed_on if closed_on is not None else "2025-02-20" if filled else "",
                "filled": "true" if filled else "false",
            }
        )

    def seeker(
        self, nkz: str, kato: str = REGION_KATO, registered_on: str = "2025-02-01", left_on: str = ""
    ) -> None:
        """A job seeker of occupation nkz on the register from registered_on (until left_on)."""
        self.rows["job_seekers"].append(
            {
                "iin": new_iin(),
                "kato": kato,
                "registered_on": registered_on,
                "left_on": left_on,
                "reason": "employed" if left_on else "",
                "nkz": nkz,
            }
        )

    def labour_force(self, value: int, kato: str = "750000000", period: str = "2025") -> None:
        """The labour force of a region in a year (region_stats)."""
        self.rows["region_stats"].append(
            {"kato": kato, "period": period, "indicator": "labour_force", "value": str(value)}
        )

    def quota(
        self, units: int, category: str = "specialist", year: int = 2025, kato: str = "750000000"
    ) -> None:
        """Quota units of a year, region and category."""
        self.rows["quotas"].append(
            {"year": str(year), "kato": kato, "category": category, "units": str(units)}
        )

    def staff(
        self,
        bin: str,
        n: int,
        nkz: str = "2411",
        status: str = "citizen",
        salary: int = 400_000,
        start: str = "2024-01-10",
        kato: str = REGION_KATO,
    ) -> list[str]:
        """n persons on contracts active from start (2024-01-10) at bin, of a status (citizen, kandas,
        foreigner), paid salary a month; returns their IINs."""
        iins = []
        for _ in range(n):
            iin = new_iin()
            iins.append(iin)
            self.rows["persons"].append(
                {"iin": iin, "citizenship": "KAZ" if status != "foreigner" else "UZB", "status": status}
            )
            self.rows["contracts"].append(
                {
                    "contract_id": f"C{self._next():07d}",
                    "iin": iin,
                    "bin": bin,
                    "kato": kato,
                    "nkz": nkz,
                    "contract_type": "permanent",
                    "start_date": start,
                    "end_date": "",
                    "salary_kzt": str(salary),
                    "conditions": "normal",
                }
            )
        return iins

    def seekers(
        self, n: int, nkz: str = "2142", registered_on: str = "2025-01-10", left_on: str = ""
    ) -> None:
        """n job seekers of nkz registered in region 75."""
        for _ in range(n):
            self.rows["job_seekers"].append(
                {
                    "iin": new_iin(),
                    "kato": REGION_KATO,
                    "registered_on": registered_on,
                    "left_on": left_on,
                    "nkz": nkz,
                }
            )

    def trained(
        self, bin: str, iins: list[str], paid_by: str = "employer", started_on: str = "2024-09-01"
    ) -> None:
        """Training of each person at bin, paid by paid_by."""
        for iin in iins:
            self.rows["training"].append(
                {
                    "training_id": f"T{self._next():06d}",
                    "iin": iin,
                    "bin": bin,
                    "started_on": started_on,
                    "finished_on": "",
                    "paid_by": paid_by,
                    "nkz": "",
                    "hours": "40",
                }
            )

    def arrear(self, bin: str, amount: int = 1_000_000, reported_on: str = "2025-01-15", **over: Any) -> None:
        """Wage arrears at bin, open unless repaid_on is given."""
        self.rows["arrears"].append(
            {
                "arrear_id": f"AR{self._next():06d}",
                "bin": bin,
                "reported_on": reported_on,
                "amount_kzt": str(amount),
                "workers": "3",
                "repaid_on": "",
                "repaid_kzt": "",
            }
            | over
        )

    def permit(self, bin: str, **over: Any) -> str:
        """A permit of the registry at bin (specialist 2142 issued 2025-02-01 by default); returns its id."""
        pid = f"WP-T{self._next():06d}"
        row = {
            "permit_id": pid,
            "iin": new_iin(),
            "citizenship": "CHN",
            "bin": bin,
            "category": "specialist",
            "nkz": "2142",
            "kato": REGION_KATO,
            "issued_on": "2025-02-01",
            "valid_until": "2026-01-31",
            "revoked_on": "",
        } | over
        self.rows["permits"].append(row)
        return pid

    def ingest(self) -> None:
        """Store the rows as one batch."""
        folder = write_batch(self.tmp / f"batch{self._next()}", {k: v for k, v in self.rows.items() if v})
        ingest_batch(self.engine, folder, settings=self.settings, today=dt.date(2025, 12, 31))
        self.rows = {f: [] for f in FILES}

    def application(self, bin: str | None, **over: Any) -> dict[str, Any]:
        """An application of bin: a specialist 2142 in region 75, submitted 2025-03-01, valid for a year."""
        return {
            "application_id": f"A{self._next():06d}",
            "bin": bin or "",
            "category": "specialist",
            "nkz": "2142",
            "kato": REGION_KATO,
            "iin": new_iin(),
            "citizenship": "IND",
            "submitted_on": "2025-03-01",
            "valid_from": "2025-04-01",
            "valid_until": "2026-03-31",
        } | over

    @property
    def key(self) -> PseudonymKey:
        """The store's pseudonym key."""
        assert self.settings.pseudonym_key
        return PseudonymKey(self.settings.pseudonym_key.encode())

    def decide(self, raw: dict[str, Any], p: Principal = MINISTRY) -> Decision:
        """Decide one application (InvalidInput when invalid)."""
        return decide_one(self.engine, self.lock, self.key, p, raw)

    def decide_all(self, rows: list[dict[str, Any]], selection: str = "order") -> list[Decision]:
        """Decide applications in the interface's order (or by points within a day and quota)."""
        return list(decide_many(self.engine, self.lock, self.key, MINISTRY, rows, selection))

    def points(self, application_id: str) -> Points | None:
        """The points stored with an application's decision."""
        with self.engine.connect() as conn:
            return stored_points(conn, [application_id]).get(application_id)

    def count(self, table: str) -> int:
        """Rows of a table."""
        with self.engine.connect() as conn:
            return int(conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())
