"""The read models of enterprise risk (jumys/reports/safety.py) per role: lists, one employer, counts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from jumys.access.principal import Principal
from jumys.config import Settings
from jumys.errors import Forbidden, NotFound
from jumys.reports.safety import list_risk, resolve_risk_date, risk_counts, risk_of
from jumys.safety.service import score_risk
from tests.safety.risk_world import RiskWorld

D = dt.date(2025, 1, 1)
MINISTRY = Principal("m", "ministry")
AKIMAT11 = Principal("a", "akimat", region="11")
PUBLIC = Principal("public", "public", via="anonymous")


@pytest.fixture
def scored(engine: sa.Engine, tmp_path: Path, settings: Settings) -> dict[str, list[str]]:
    """12 employers in region 75 and 3 in region 11, scored at D; their BINs by region."""
    w = RiskWorld()
    bins: dict[str, list[str]] = {"75": [], "11": []}
    for i in range(15):
        region = "75" if i < 12 else "11"
        b = w.employer(kato="751110000" if region == "75" else "111010000")
        bins[region].append(b)
        w.staff(b, 1 + i)
        for _ in range(i % 4):
            w.incident(b, "2024-03-01", "severe")
    w.load(engine, tmp_path / "batch", settings)
    with engine.begin() as conn:
        score_risk(conn, D)
    return bins


def test_lists_are_ranked_filtered_by_class_and_scoped_to_the_akimats_region(
    engine: sa.Engine, scored: dict[str, list[str]]
) -> None:
    with engine.connect() as conn:
        everyone, total = list_risk(conn, MINISTRY, D)
        assert total == 15 and [r.rank for r in everyone] == list(range(1, 16))
        high, n_high = list_risk(conn, MINISTRY, D, risk_class="high")
        assert n_high == 2 and {r.risk_class for r in high} == {"high"}
        own, _ = list_risk(conn, AKIMAT11, D)
        assert {r.bin for r in own} == set(scored["11"])
        with pytest.raises(Forbidden):
            list_risk(conn, AKIMAT11, D, region="75")
        with pytest.raises(Forbidden):
            list_risk(conn, PUBLIC, D)
        assert risk_of(conn, AKIMAT11, scored["11"][0], D).region == "11"
        with pytest.raises(NotFound):
            risk_of(conn, AKIMAT11, scored["75"][0], D)


def test_counts_suppress_a_count_under_five_for_those_who_may_not_see_the_region(
    engine: sa.Engine, scored: dict[str, list[str]]
) -> None:
    with engine.connect() as conn:
        full = {(c["region"], c["risk_class"]): c["employers"] for c in risk_counts(conn, MINISTRY, D)}
        public = {(c["region"], c["risk_class"]): c for c in risk_counts(conn, PUBLIC, D)}
        akimat = {(c["region"], c["risk_class"]): c for c in risk_counts(conn, AKIMAT11, D)}
    assert sum(full.values()) == 15
    for key, n in full.items():
        assert public[key]["employers"] == (n if n >= 5 else None)
        assert public[key]["suppressed"] == (n < 5)
        shown = key[0] == "11" or n >= 5
        assert akimat[key]["employers"] == (n if shown else None)


def test_a_date_never_scored_is_not_found(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        with pytest.raises(NotFound, match="has not been scored yet"):
            resolve_risk_date(conn, None)
        with pytest.raises(NotFound, match="was not scored at 2025-01-01"):
            resolve_risk_date(conn, D)
