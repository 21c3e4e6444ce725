"""Score the follow-up of resettlement and kandas cases (docs/resettlement.md) against a synthetic truth.

The truth's "mobility" section names each case planted with its outcome at 12 and 24 months as of its date
(`retained_12`, `employed_12`, `retained_24`, `employed_24`: true, false, or null when not yet known), the
head's contract salary in the destination (`salary_kzt`), and the persons resettled per year and program.
The read model (jumys.reports.resettlement) is asked the same as the ministry. Per flag: the cases the truth
holds true, those the read model holds true, both (precision and recall), and how many cases agree on the
flag (true, false and not yet known alike); the salaries of the cases employed at 12 months that match; the
persons per year and program.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from jumys.access.principal import Principal
from jumys.reports.resettlement import MILESTONES, ResettlementCase, list_cases
from jumys.synth.scoring import Score

SCORER = Principal(username="score", role="ministry", via="cli")
FLAGS = tuple(f"{what}_{m}" for m in MILESTONES for what in ("retained", "employed"))
SHOWN = 10  # mismatches listed


def _persons(cases: list[dict[str, Any]] | list[ResettlementCase]) -> dict[str, dict[str, int]]:
    """Persons (family members counted) by year moved and program."""
    found: dict[str, dict[str, int]] = {}
    for c in cases:
        row = c if isinstance(c, dict) else c.model_dump(mode="json")
        year, program = str(row["moved_on"])[:4], str(row["program"])
        by = found.setdefault(year, {})
        by[program] = by.get(program, 0) + int(row["family_size"])
    return {y: dict(sorted(v.items())) for y, v in sorted(found.items())}


def score(conn: sa.Connection, truth: dict[str, Any]) -> dict[str, Any] | None:
    """The scores of the case follow-up at the truth's date; None when the truth has no mobility cases."""
    planted = (truth.get("mobility") or {}).get("cases")
    if not planted:
        return None
    day = dt.date.fromisoformat(truth["mobility"]["as_of"])
    found = {c.case_id: c for c in list_cases(conn, SCORER, day, limit=None).items}
    want = {c["case_id"]: c for c in planted}
    both = sorted(want.keys() & found.keys())
    scores, agree, mismatches = [], {}, []
    for flag in FLAGS:
        true_want = {k for k in both if want[k][flag] is True}
        true_found = {k for k in both if getattr(found[k], flag) is True}
        scores.append(Score(flag, "case", len(true_want), len(true_found), len(true_want & true_found)))
        same = [k for k in both if want[k][flag] == getattr(found[k], flag)]
        agree[flag] = len(same)
        mismatches += [
            {"case_id": k, "flag": flag, "truth": want[k][flag], "found": getattr(found[k], flag)}
            for k in both
            if want[k][flag] != getattr(found[k], flag)
        ][:SHOWN]
    employed = [k for k in both if want[k]["employed_12"] and want[k].get("salary_kzt") is not None]
    salaries = sum(found[k].salary_12_kzt == want[k]["salary_kzt"] for k in employed)
    persons = {"truth": _persons(planted), "found": _persons(list(found.values()))}
    return {
        "as_of": day.isoformat(),
        "cases": len(want),
        "found": len(found),
        "missing": sorted(want.keys() - found.keys())[:SHOWN],
        "missing_total": len(want.keys() - found.keys()),
        "scores": scores,
        "agree": agree,
        "salaries": (salaries, len(employed)),
        "persons": persons,
        "mismatches": mismatches[:SHOWN],
    }
