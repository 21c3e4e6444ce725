"""Score job-creation verification against the truth a synthetic country planted.

For each planted situation, how the verification classified the projects (and, where the truth
names contracts, the contracts): precision and recall. A planted situation is caught when every
project (or contract) planted with it is flagged by the signal the methodology gives for it:
- broken promise: status failed or at_risk (planted in every project whose genuine jobs fall short);
- fictitious hiring: unconfirmed contracts (no contributions) at the project; per contract: the
  planted fictitious contracts are classed unconfirmed;
- churn: net growth caps the count (verified < credited);
- transfers: contracts that meet rules 1-4 of a project but were not assigned to any project
  (rule 5); per contract: the planted transfers are among them.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from jumys.projects.methodology import Methodology, bind
from jumys.projects.service import results

# permanent contracts meeting rules 1-4 for some project at :as_of but assigned to none (rule 5)
EXCLUDED_AS_TRANSFER = """
SELECT DISTINCT p.project_id, c.contract_id
FROM projects p
JOIN project_operators o ON o.project_id = p.project_id
JOIN contracts c ON c.bin = o.bin
WHERE substr(c.kato, 1, 2) = substr(p.kato, 1, 2)
  AND c.contract_type = 'permanent'
  AND c.start_date >= p.start_date - :window_days
  AND c.start_date <= :as_of
  AND (c.end_date IS NULL OR c.end_date >= :as_of)
  AND NOT EXISTS (SELECT 1 FROM fact_project_jobs j WHERE j.as_of = :as_of AND j.contract_id = c.contract_id)
"""
NUMBERS = ("status", "credited", "unconfirmed", "baseline_headcount", "current_headcount")


@dataclass
class Score:
    """Precision and recall of one signal."""

    situation: str
    level: str  # project or contract
    planted: int
    flagged: int
    caught: int

    @property
    def precision(self) -> float | None:
        """Share of flagged that were planted."""
        return self.caught / self.flagged if self.flagged else None

    @property
    def recall(self) -> float | None:
        """Share of planted that were flagged."""
        return self.caught / self.planted if self.planted else None


def _score(situation: str, level: str, planted: set[str], flagged: set[str]) -> Score:
    return Score(situation, level, len(planted), len(flagged), len(planted & flagged))


def score(conn: sa.Connection, truth: dict[str, Any], m: Methodology | None = None) -> dict[str, Any]:
    """Compare the stored verification at the truth's as-of date with the truth; scores and mismatches."""
    as_of = dt.date.fromisoformat(truth["as_of"])
    m = m or Methodology()
    found = {r["project_id"]: r for r in results(conn, as_of)}
    if not found:
        raise ValueError(f"no verification stored for {as_of}: run jumys verify --as-of {as_of}")
    planted = {p["project_id"]: p for p in truth["projects"]}

    def having(situation: str) -> set[str]:
        return {pid for pid, p in planted.items() if situation in p["situations"]}

    unconfirmed_contracts = set(
        conn.execute(
            sa.text("SELECT contract_id FROM fact_project_jobs WHERE as_of = :d AND status = 'unconfirmed'"),
            {"d": as_of},
        ).scalars()
    )
    excluded = conn.exec_driver_sql(bind(EXCLUDED_AS_TRANSFER, as_of, m)).all()
    transfer_projects = {pid for pid, _ in excluded}
    transfer_contracts = {cid for _, cid in excluded}
    scores = [
        _score(
            "broken_promise",
            "project",
            {pid for pid, p in planted.items() if p["expected_status"] in ("failed", "at_risk")},
            {pid for pid, r in found.items() if r["status"] in ("failed", "at_risk")},
        ),
        _score(
            "fictitious_hiring",
            "project",
            having("fictitious_hiring"),
            {pid for pid, r in found.items() if r["unconfirmed"] > 0},
        ),
        _score(
            "fictitious_hiring",
            "contract",
            {c for p in planted.values() for c in p["fictitious_contract_ids"]},
            unconfirmed_contracts,
        ),
        _score(
            "churn",
            "project",
            having("churn"),
            {pid for pid, r in found.items() if r["verified_permanent_jobs"] < r["credited"]},
        ),
        _score("transfers", "project", having("transfers"), transfer_projects),
        _score(
            "transfers",
            "contract",
            {c for p in planted.values() for c in p["transfer_contract_ids"]},
            transfer_contracts,
        ),
    ]
    mismatches = []
    for pid, p in planted.items():
        r = found.get(pid)
        if r is None:
            mismatches.append({"project_id": pid, "problem": "not verified"})
            continue
        wanted = {
            "status": p["expected_status"],
            **{k: p[k] for k in NUMBERS if k != "status"},
            "verified_permanent_jobs": p["genuine_new_jobs"],
        }
        got = {k: r[k] for k in wanted}
        if got != wanted:
            mismatches.append({"project_id": pid, "expected": wanted, "found": got})
    return {"as_of": as_of.isoformat(), "projects": len(planted), "scores": scores, "mismatches": mismatches}


def load_truth(path: Path) -> dict[str, Any]:
    """truth.json of a synthetic batch (path to the file or its folder)."""
    file = path / "truth.json" if path.is_dir() else path
    data: dict[str, Any] = json.loads(file.read_text(encoding="utf-8"))
    return data
