"""A small hand-built world of foreign workers and citizens for the conditions read model (docs/foreign_workers.md).

As of D = 1 July 2025. Region 75 (Almaty city) and region 11 (Akmola):

- 7212 in 75: five foreigners at UNDER for 200,000 and one at EDGE for 320,000 (80 % exactly), six citizens
  at CIT for 400,000 (one kandas, one with no persons row): a cell of its own, -50 %;
- 7213 and 7214 in 75: too few on one side each, so the rest of group 7: five foreigners at REST (180,000
  and 190,000), five citizens at CIT (300,000 and 320,000): median 190,000 against 300,000;
- 2411 in 11: five foreigners at NORTH for 500,000 against four citizens: left out (under 5);
- not counted: a foreigner's contract ended before D, and one that starts on D.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from jumys.config import Settings
from jumys.registry.ingest import ingest_batch
from tests.factories import arrear, contract, employer, incident, new_iin, permit, person, write_batch

D = dt.date(2025, 7, 1)
FILES = ("employers", "persons", "contracts", "permits", "arrears", "incidents")


@dataclass
class ForeignWorld:
    """Rows built up by a scenario, then ingested."""

    engine: sa.Engine
    settings: Settings
    tmp: Path
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {f: [] for f in FILES})
    bins: dict[str, str] = field(default_factory=dict)
    iins: dict[str, list[str]] = field(default_factory=dict)

    def employer(self, name: str, kato: str = "751110000") -> str:
        """A new employer called name; returns its BIN."""
        row = employer(name=f"ТОО {name}", kato=kato)
        self.rows["employers"].append(row)
        self.bins[name] = row["bin"]
        return str(row["bin"])

    def worker(
        self,
        at: str,
        nkz: str,
        salary: int,
        status: str | None = "citizen",
        kato: str = "751110000",
        start: str = "2024-01-10",
        end: str = "",
        iin: str | None = None,
    ) -> str:
        """A person (status None: no persons row) with a contract at employer `at`; returns the IIN."""
        iin = iin or new_iin()
        if status is not None and not any(p["iin"] == iin for p in self.rows["persons"]):
            citizenship = "KAZ" if status == "citizen" else "UZB"
            self.rows["persons"].append(person(iin, status=status, citizenship=citizenship))
        self.rows["contracts"].append(
            contract(
                self.bins[at],
                iin=iin,
                nkz=nkz,
                kato=kato,
                salary_kzt=str(salary),
                start_date=start,
                end_date=end,
            )
        )
        self.iins.setdefault(at, []).append(iin)
        return iin

    def permit(self, iin: str, at: str | None, issued: str, until: str, **over: Any) -> str:
        """A registry permit of iin for employer `at` (None: a household); returns its id."""
        row = permit(iin, self.bins[at] if at else "", issued_on=issued, valid_until=until, **over)
        if at is None:
            row["category"] = "household"
        self.rows["permits"].append(row)
        return str(row["permit_id"])

    def arrear(self, at: str, reported: str, **over: Any) -> None:
        """An arrears row at employer `at`."""
        self.rows["arrears"].append(arrear(self.bins[at], reported_on=reported, **over))

    def incident(self, at: str, on: str, iin: str = "", **over: Any) -> None:
        """An incidents row at employer `at`, naming iin (empty: no one)."""
        self.rows["incidents"].append(incident(self.bins[at], occurred_on=on, iin=iin, **over))

    def ingest(self) -> None:
        """Ingest everything built so far."""
        folder = write_batch(self.tmp / "foreign", {k: v for k, v in self.rows.items() if v})
        report = ingest_batch(self.engine, folder, settings=self.settings, today=dt.date(2026, 11, 1))
        assert report.rows_rejected == 0, report.rejects


def wages_world(w: ForeignWorld) -> None:
    """The wage cells of the module's docstring."""
    for name in ("UNDER", "EDGE", "CIT", "REST"):
        w.employer(name)
    w.employer("NORTH", kato="111010000")
    for _ in range(5):
        w.worker("UNDER", "7212", 200_000, "foreigner")
    w.worker("EDGE", "7212", 320_000, "foreigner")
    for status in ("citizen", "citizen", "citizen", "citizen", "kandas", None):
        w.worker("CIT", "7212", 400_000, status)
    for nkz, salary in (("7213", 180_000), ("7213", 180_000), ("7214", 190_000), ("7214", 190_000)):
        w.worker("REST", nkz, salary, "foreigner")
    w.worker("REST", "7214", 190_000, "foreigner")
    for nkz, salary in (("7213", 300_000), ("7213", 300_000), ("7213", 300_000), ("7214", 320_000)):
        w.worker("CIT", nkz, salary)
    w.worker("CIT", "7214", 320_000)
    for _ in range(5):
        w.worker("NORTH", "2411", 500_000, "foreigner", kato="111010000")
    for _ in range(4):
        w.worker("NORTH", "2411", 400_000, kato="111010000")
    w.worker("UNDER", "7212", 50_000, "foreigner", end="2025-06-30")  # ended before D
    w.worker("UNDER", "7212", 50_000, "foreigner", start="2025-07-01")  # starts on D


EXPIRING_AS_OF = dt.date(2025, 12, 1)  # the reports world's newest verified date


def plant_expiring(engine: sa.Engine, bins: dict[str, str]) -> dict[str, str]:
    """In the reports world (tests/reports/world.py): a permit of Jumys's decision ending 10 days after
    EXPIRING_AS_OF for the first worker of OA (region 75) and of OB (region 11), whose contracts are open;
    returns the permit ids by region."""
    from jumys.permits.tables import issued_permits

    contracts = sa.table("contracts", sa.column("person_id"), sa.column("bin"), sa.column("contract_id"))
    planted = {}
    with engine.begin() as conn:
        for name, region, kato in (("OA", "75", "751110000"), ("OB", "11", "111010000")):
            pid = conn.execute(
                sa.select(contracts.c.person_id)
                .where(contracts.c.bin == bins[name])
                .order_by(contracts.c.contract_id)
                .limit(1)
            ).scalar_one()
            planted[region] = f"WPA-EXP-{region}"
            conn.execute(
                issued_permits.insert().values(
                    permit_id=planted[region],
                    application_id=f"EXP-{region}",
                    person_id=pid,
                    citizenship="UZB",
                    bin=bins[name],
                    category="skilled_worker",
                    nkz="7212",
                    kato=kato,
                    issued_on=dt.date(2025, 1, 1),
                    valid_until=EXPIRING_AS_OF + dt.timedelta(days=10),
                )
            )
    return planted
