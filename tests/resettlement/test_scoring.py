"""The mobility part of `jumys score`: the follow-up of cases against a hand-made truth in the shape the
synthetic country writes (truth.json "mobility": cases with their flags and the head's salary)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from jumys.config import Settings
from jumys.synth.mobility_scoring import score
from tests.reports.resettlement_world import ResettlementWorld, cases_ingested

# the outcomes of tests/reports/resettlement_world.py at 2026-01-01: (retained, employed) at 12, at 24, salary
OUTCOMES: dict[str, tuple[Any, ...]] = {
    "STAYED": (True, True, True, True, 300_000),
    "LEFT_EARLY": (False, False, False, False, 200_000),
    "LEFT_BETWEEN": (True, True, False, False, 250_000),
    "LEAP": (True, False, None, None, None),
    "STARTS_ON_MILESTONE": (True, True, None, None, 280_000),
    "LEAVES_AFTER_D": (True, False, None, None, None),
    "ON_D": (None, None, None, None, None),
    "RECENT": (None, None, None, None, 260_000),
    "OLD": (True, False, True, False, None),
}
FAMILY = {"STAYED": 4, "LEFT_EARLY": 2, "LEFT_BETWEEN": 5, "LEAP": 1, "STARTS_ON_MILESTONE": 3}
FAMILY |= {"LEAVES_AFTER_D": 2, "ON_D": 1, "RECENT": 6, "OLD": 3}
MOVED = {
    "STAYED": "2023-03-15",
    "LEFT_EARLY": "2023-06-01",
    "LEFT_BETWEEN": "2023-09-01",
    "LEAP": "2024-02-29",
}
MOVED |= {"STARTS_ON_MILESTONE": "2024-05-01", "LEAVES_AFTER_D": "2024-01-10", "ON_D": "2025-01-01"}
MOVED |= {"RECENT": "2025-06-01", "OLD": "2021-06-01"}


def truth() -> dict[str, Any]:
    """The truth of the world, as the synthetic country would write it."""
    cases = []
    for case_id, (r12, e12, r24, e24, salary) in OUTCOMES.items():
        cases.append(
            {
                "case_id": case_id,
                "program": "kandas" if case_id in ("LEFT_BETWEEN", "RECENT") else "resettler",
                "family_size": FAMILY[case_id],
                "moved_on": MOVED[case_id],
                "retained_12": r12,
                "employed_12": e12,
                "retained_24": r24,
                "employed_24": e24,
                "salary_kzt": salary,
            }
        )
    return {"as_of": "2026-01-01", "mobility": {"as_of": "2026-01-01", "cases": cases}}


@pytest.fixture
def w(engine: sa.Engine, settings: Settings, tmp_path: Path) -> Iterator[ResettlementWorld]:
    """The world's cases, ingested."""
    world = cases_ingested(engine, settings, tmp_path)
    yield world


def test_the_read_model_agrees_with_a_truth_of_its_own_world(w: ResettlementWorld) -> None:
    with w.engine.connect() as conn:
        found = score(conn, truth())
    assert found is not None
    assert (found["cases"], found["found"], found["missing_total"], found["mismatches"]) == (9, 9, 0, [])
    assert found["agree"] == dict.fromkeys(("retained_12", "employed_12", "retained_24", "employed_24"), 9)
    by = {s.situation: s for s in found["scores"]}
    assert (by["retained_12"].planted, by["retained_12"].caught, by["retained_12"].precision) == (6, 6, 1.0)
    assert (by["employed_24"].planted, by["employed_24"].flagged, by["employed_24"].recall) == (1, 1, 1.0)
    assert found["salaries"] == (3, 3)
    assert found["persons"]["truth"] == found["persons"]["found"]
    assert found["persons"]["found"]["2023"] == {"kandas": 5, "resettler": 6}


def test_a_wrong_flag_a_wrong_salary_and_a_missing_case_are_counted(w: ResettlementWorld) -> None:
    t = truth()
    cases = {c["case_id"]: c for c in t["mobility"]["cases"]}
    cases["OLD"]["employed_24"] = True  # the truth says employed, the registries do not
    cases["STAYED"]["salary_kzt"] = 123
    t["mobility"]["cases"].append(dict(cases["ON_D"], case_id="NOWHERE"))
    with w.engine.connect() as conn:
        found = score(conn, t)
    assert found is not None
    assert found["missing"] == ["NOWHERE"] and found["agree"]["employed_24"] == 8
    assert found["mismatches"] == [{"case_id": "OLD", "flag": "employed_24", "truth": True, "found": False}]
    by = {s.situation: s for s in found["scores"]}
    assert (by["employed_24"].planted, by["employed_24"].caught, by["employed_24"].recall) == (2, 1, 0.5)
    assert found["salaries"] == (2, 3)


def test_no_mobility_in_the_truth_is_not_scored(w: ResettlementWorld) -> None:
    with w.engine.connect() as conn:
        assert score(conn, {"as_of": "2026-01-01"}) is None
        assert score(conn, {"as_of": "2026-01-01", "mobility": {"as_of": "2026-01-01", "cases": []}}) is None
