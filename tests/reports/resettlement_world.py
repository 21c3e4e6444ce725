"""A small hand-built world of resettlement and kandas cases for the follow-up read model (docs/resettlement.md).

As of D = 1 January 2026. Regions: 61 (Turkistan) and 75 (Almaty) as origins, 55 (Pavlodar) and 11 (Akmola)
as destinations. Each case is named by what it tests:

- STAYED (61→55, 2023-03-15, family 4): two open contracts in 55 (300,000 and 100,000), payroll at the
  better one in March 2024 (310,000) and March 2025 (320,000): retained and employed at 12 and 24 months;
- LEFT_EARLY (61→55, 2023-06-01, family 2): left 2024-02-01, its contract in 55 ended 2024-01-31, then a
  contract back in 61: neither retained nor employed at 12 and 24;
- LEFT_BETWEEN (kandas, 75→11, 2023-09-01, family 5): left 2025-01-10, a contract in 11 till 2025-01-09
  with no payroll: retained and employed at 12 (no wage), neither at 24;
- LEAP (61→55, 2024-02-29, family 1): left on 2025-02-28, its 12-month milestone (the last day of February):
  retained at 12; 24 not yet known;
- STARTS_ON_MILESTONE (61→55, 2024-05-01, family 3): a contract ending 2025-04-30, another from 2025-05-01
  (280,000): employed at 12 by the second;
- LEAVES_AFTER_D (61→55, 2024-01-10, family 2): left_on 2026-02-01, after D: not known to have left;
- ON_D (61→55, 2025-01-01, family 1): its 12-month milestone is D itself: not yet known;
- RECENT (kandas, 61→55, 2025-06-01, family 6): a contract in 55 since 2025-06-10: employed now;
- OLD (61→55, 2021-06-01, family 3): moved before 2022: in every group, not among the persons resettled
  since 2022;
- not followed: FUTURE moved on D.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from jumys.config import Settings
from jumys.registry.ingest import ingest_batch
from tests.factories import contract, employer, new_iin, payroll, person, resettlement, write_batch

D = dt.date(2026, 1, 1)
FILES = ("employers", "persons", "contracts", "payroll", "resettlement")
KATO = {"61": "611010000", "55": "551010000", "75": "751110000", "11": "111010000"}


@dataclass
class ResettlementWorld:
    """Rows built up by a scenario, then ingested."""

    engine: sa.Engine
    settings: Settings
    tmp: Path
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {f: [] for f in FILES})
    bins: dict[str, str] = field(default_factory=dict)
    iins: dict[str, str] = field(default_factory=dict)

    def employer(self, region: str) -> str:
        """The employer of a region (one per region), its BIN."""
        if region not in self.bins:
            row = employer(name=f"ТОО {region}", kato=KATO[region])
            self.rows["employers"].append(row)
            self.bins[region] = str(row["bin"])
        return self.bins[region]

    def case(
        self, name: str, moved: str, frm: str = "61", to: str = "55", family: int = 1, **over: Any
    ) -> str:
        """A resettlement case called name (its case_id) of a new person; returns the IIN."""
        iin = new_iin()
        self.iins[name] = iin
        self.rows["persons"].append(
            person(iin, status="kandas" if over.get("program") == "kandas" else "citizen")
        )
        self.rows["resettlement"].append(
            resettlement(
                iin,
                case_id=name,
                program=over.pop("program", "resettler"),
                from_kato=KATO[frm],
                to_kato=KATO[to],
                family_size=str(family),
                moved_on=moved,
                **over,
            )
        )
        return iin

    def job(
        self, name: str, region: str, start: str, end: str = "", salary: int = 300_000, bin: str = ""
    ) -> str:
        """A contract of case name's person in region; returns its employer's BIN."""
        at = bin or self.employer(region)
        self.rows["contracts"].append(
            contract(
                at,
                iin=self.iins[name],
                kato=KATO[region],
                start_date=start,
                end_date=end,
                salary_kzt=str(salary),
            )
        )
        return at

    def paid(self, name: str, bin: str, period: str, wage: int) -> None:
        """A payroll row of case name's person at bin."""
        self.rows["payroll"].append(payroll(self.iins[name], bin, period, wage_kzt=str(wage)))

    def ingest(self) -> None:
        """Ingest everything built so far."""
        folder = write_batch(self.tmp / "resettlement", {k: v for k, v in self.rows.items() if v})
        report = ingest_batch(self.engine, folder, settings=self.settings, today=dt.date(2026, 11, 1))
        assert report.rows_rejected == 0, report.rejects


def cases_world(w: ResettlementWorld) -> None:
    """The cases of the module's docstring."""
    w.case("STAYED", "2023-03-15", family=4)
    best = w.job("STAYED", "55", "2023-04-01", salary=300_000)
    other = employer(name="ТОО 55 other", kato=KATO["55"])
    w.rows["employers"].append(other)
    w.job("STAYED", "55", "2023-05-01", salary=100_000, bin=str(other["bin"]))
    w.paid("STAYED", best, "2024-03", 310_000)
    w.paid("STAYED", best, "2025-03", 320_000)
    w.paid(
        "STAYED", str(other["bin"]), "2024-03", 999_000
    )  # the other employer's: not the best-paid contract's

    w.case("LEFT_EARLY", "2023-06-01", family=2, left_on="2024-02-01")
    w.job("LEFT_EARLY", "55", "2023-06-15", end="2024-01-31", salary=200_000)
    w.job("LEFT_EARLY", "61", "2024-03-01", salary=150_000)

    w.case("LEFT_BETWEEN", "2023-09-01", frm="75", to="11", family=5, program="kandas", left_on="2025-01-10")
    w.job("LEFT_BETWEEN", "11", "2023-10-01", end="2025-01-09", salary=250_000)

    w.case("LEAP", "2024-02-29", left_on="2025-02-28")

    w.case("STARTS_ON_MILESTONE", "2024-05-01", family=3)
    w.job("STARTS_ON_MILESTONE", "55", "2024-05-10", end="2025-04-30", salary=500_000)
    w.job("STARTS_ON_MILESTONE", "55", "2025-05-01", salary=280_000)

    w.case("LEAVES_AFTER_D", "2024-01-10", family=2, left_on="2026-02-01")
    w.case("ON_D", "2025-01-01")
    w.case("RECENT", "2025-06-01", family=6, program="kandas")
    w.job("RECENT", "55", "2025-06-10", salary=260_000)
    w.case("OLD", "2021-06-01", family=3)
    w.case("FUTURE", "2026-01-01", family=2)


MATRIX_AS_OF = "2025-12-01"


def plant_resettlement(engine: sa.Engine, settings: Settings, tmp: Path) -> dict[str, set[str]]:
    """In the reports world (tests/reports/world.py): five resettlers from 61 to 75 and a kandas from 61 to 11,
    moved in early 2024; returns the case ids by destination region."""
    rows: dict[str, list[dict[str, Any]]] = {"persons": [], "resettlement": []}
    planted: dict[str, set[str]] = {"75": set(), "11": set()}
    for n, to in enumerate(("75", "75", "75", "75", "75", "11")):
        iin = new_iin()
        case_id = f"MATRIX-R{n}"
        program = "kandas" if to == "11" else "resettler"
        rows["persons"].append(person(iin, status="kandas" if program == "kandas" else "citizen"))
        rows["resettlement"].append(
            resettlement(
                iin,
                case_id=case_id,
                program=program,
                from_kato=KATO["61"],
                to_kato=KATO[to],
                family_size="2",
                moved_on=f"2024-0{1 + n % 3}-15",
            )
        )
        planted[to].add(case_id)
    folder = write_batch(tmp / "matrix-resettlement", rows)
    report = ingest_batch(engine, folder, settings=settings, today=dt.date(2025, 12, 31))
    assert report.rows_rejected == 0, report.rejects
    return planted


def cases_ingested(engine: sa.Engine, settings: Settings, tmp: Path) -> ResettlementWorld:
    """The cases of the module's docstring, ingested into the store of engine."""
    w = ResettlementWorld(engine, settings, tmp)
    cases_world(w)
    w.ingest()
    return w
