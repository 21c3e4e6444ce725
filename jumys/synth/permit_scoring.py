"""Score the permit decisions stored against the decisions the synthetic country expects (truth.json).

An application matches when its stored decision and failed checks (their names, in the rules' order) are
the truth's; an invalid one matches when nothing of it was stored. Run `jumys permits decide
BATCH/applications.csv` first.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from jumys.permits.tables import permit_decisions


def score(conn: sa.Connection, truth: dict[str, Any]) -> dict[str, Any] | None:
    """Applications planted, decided, matching the truth, and the first mismatches; None when none is decided."""
    planted = (truth.get("applications") or {}).get("decisions") or {}
    if not planted:
        return None
    d = permit_decisions.c
    stored = {
        r.application_id: (r.decision, [f["check"] for f in json.loads(r.failed_checks)])
        for r in conn.execute(
            sa.select(d.application_id, d.decision, d.failed_checks).where(
                d.application_id.in_(sorted(planted))
            )
        )
    }
    if not stored:
        return None
    mismatches = []
    for application_id, want in sorted(planted.items()):
        got = stored.get(application_id)
        expected = None if want["decision"] == "invalid" else (want["decision"], want["failed_checks"])
        if got != expected:
            mismatches.append({"application_id": application_id, "expected": expected, "stored": got})
    kinds = (truth.get("applications") or {}).get("kinds") or {}
    return {
        "planted": len(planted),
        "decided": len(stored),
        "matched": len(planted) - len(mismatches),
        "kinds": kinds,
        "mismatches": mismatches[:10],
    }
