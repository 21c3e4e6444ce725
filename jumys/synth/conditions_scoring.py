"""Score foreign workers' conditions (docs/foreign_workers.md) against the truth a synthetic country wrote.

The truth names, at its as-of date, the employers paying foreign workers under the threshold, the employers
with foreign workers and open arrears, and the permits ending within the days while the contract runs on,
worked out from the synthetic arrays (jumys/synth/conditions.py); the read model is asked the same as the
ministry. Per part: expected, found, caught (precision and recall), and how many of the planted were caught.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from jumys.access.principal import Principal
from jumys.reports.foreign_workers import foreign_workers
from jumys.synth.scoring import Score

SCORER = Principal(username="score", role="ministry", via="cli")


def score(
    conn: sa.Connection, truth: dict[str, Any]
) -> tuple[list[Score], dict[str, tuple[int, int]]] | None:
    """Scores of the three parts, and per part with planted rows (planted, caught); None without a truth."""
    expected = truth.get("foreign_workers")
    if not expected:
        return None
    day = dt.date.fromisoformat(expected["as_of"])
    report = foreign_workers(
        conn, SCORER, day, days=expected["days"], under_pct=expected["under_pct"], limit=10**9
    )
    found = {
        "underpaid": {u.bin for u in report.underpaid},
        "arrears": {a.bin for a in report.arrears if a.arrears > 0},
        "expiring": {p.permit_id for p in report.expiring if p.source == "registry"},
    }
    scores = []
    for part, got in found.items():
        want = set(expected[part])
        scores.append(
            Score(part, "employer" if part != "expiring" else "permit", len(want), len(got), len(want & got))
        )
    planted = {
        part: (len(rows), len(set(rows) & found[part])) for part, rows in expected.get("planted", {}).items()
    }
    return scores, planted
