"""The whole chain on a synthetic country: synth, ingest (zero rejects), verify, every planted situation caught."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from jumys.config import Settings
from jumys.projects.service import run_verification
from jumys.registry.ingest import ingest_batch
from jumys.registry.service import check_integrity
from jumys.synth.scoring import load_truth, score
from jumys.synth.service import generate


@pytest.fixture(scope="module")
def country(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic country in CSV."""
    out = tmp_path_factory.mktemp("country") / "batch"
    generate(out, scale=0.002, seed=7, fmt="csv")
    return out


def test_synthetic_country_loads_verifies_and_every_planted_situation_is_caught(
    engine: sa.Engine, settings: Settings, country: Path
) -> None:
    report = ingest_batch(engine, country, settings=settings)
    truth = load_truth(country)
    assert report.rows_rejected == 0, report.rejects[:5]
    assert {f.file.split(".")[0]: f.rows_accepted for f in report.files} == truth["rows"]
    with engine.begin() as conn:
        assert check_integrity(conn) == []
        counts = run_verification(conn, dt.date.fromisoformat(truth["as_of"]))
    assert counts["projects"] == len(truth["projects"])
    with engine.connect() as conn:
        result = score(conn, truth)
    for s in result["scores"]:
        assert s.planted > 0, s
        assert s.caught == s.planted, f"{s.situation} ({s.level}): {s.caught} of {s.planted} caught"
        assert s.caught == s.flagged, f"{s.situation} ({s.level}): {s.flagged - s.caught} false alarms"
    assert result["mismatches"] == []
