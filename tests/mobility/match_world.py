"""A tiny labour market for the matching scenarios: employers, contracts setting each region's wage, seekers and
vacancies, ingested and matched on AS_OF with the regions' classes given."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from jumys.config import Settings
from jumys.mobility.matching import MatchRules, match, regions_of
from tests.factories import contract, employer, ingest, job_seeker, new_iin, person, vacancy, write_batch

AS_OF = dt.date(2026, 1, 1)
SOUTH, SHYMKENT, NORTH, KOSTANAY, ASTANA = "61", "79", "59", "39", "71"
REGIONS = regions_of(2025, {SOUTH, SHYMKENT}, {NORTH, KOSTANAY}, {NORTH})


def kato(region: str) -> str:
    return f"{region}1010000"


class World:
    """Rows of a batch: employers per region, the contracts that set each region's reference wage."""

    def __init__(self, engine: sa.Engine, settings: Settings, tmp_path: Path) -> None:
        self.engine, self.settings, self.tmp_path = engine, settings, tmp_path
        self.rows: dict[str, list[dict[str, Any]]] = {
            k: [] for k in ("employers", "persons", "contracts", "vacancies", "job_seekers")
        }
        self.bins: dict[str, str] = {}
        self.iins: list[str] = []

    def employer(self, region: str) -> str:
        if region not in self.bins:
            row = employer(kato=kato(region))
            self.rows["employers"].append(row)
            self.bins[region] = row["bin"]
        return self.bins[region]

    def wage(self, region: str, salary: int, n: int = 30, nkz: str = "7112") -> None:
        """n contracts active on AS_OF in region at salary: the region's reference wage for nkz's group."""
        for _ in range(n):
            self.rows["contracts"].append(
                contract(self.employer(region), kato=kato(region), nkz=nkz, salary_kzt=str(salary))
            )

    def seeker(self, region: str, nkz: str = "7112", registered: str = "2025-06-01", **over: Any) -> str:
        iin = new_iin()
        self.iins.append(iin)
        kandas = over.pop("kandas", False)
        self.rows["job_seekers"].append(
            job_seeker(iin, kato=kato(region), nkz=nkz, registered_on=registered, **over)
        )
        self.rows["persons"].append(person(iin, status="kandas" if kandas else "citizen"))
        return iin

    def vacancy(self, region: str, salary: int, nkz: str = "7112", **over: Any) -> str:
        row = vacancy(self.employer(region), kato=kato(region), nkz=nkz, salary_kzt=str(salary), **over)
        row.setdefault("posted_on", "2025-10-01")
        self.rows["vacancies"].append(row)
        return str(row["vacancy_id"])

    def ingest(self) -> None:
        """Ingest the rows as one batch."""
        report = ingest(self.engine, write_batch(self.tmp_path / "batch", self.rows), self.settings)
        assert not report.rejects, report.rejects

    def match(self, rules: MatchRules | None = None) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
        """Ingest, match on AS_OF: the matches by vacancy id, and the run's row."""
        self.ingest()
        with self.engine.begin() as conn:
            match(conn, AS_OF, REGIONS, rules)
        with self.engine.connect() as conn:
            found = conn.execute(sa.text("SELECT * FROM fact_resettlement_matches")).mappings().all()
            run = conn.execute(sa.text("SELECT * FROM fact_resettlement_match_runs")).mappings().one()
        return {r["vacancy_id"]: dict(r) for r in found}, dict(run)
