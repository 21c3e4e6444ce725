"""The synthetic country's applications are decided as its truth says, on both engines."""

from __future__ import annotations

import csv
import datetime as dt
import json
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from jumys.config import Settings
from jumys.doors.applications import decide_many
from jumys.registry.ingest import ingest_batch
from jumys.registry.pseudonym import PseudonymKey
from jumys.synth.permit_scoring import score
from jumys.synth.service import generate
from tests.permits.world import MINISTRY


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The synthetic country at scale 0.01, made once for both engines (the tests only read its files)."""
    out = tmp_path_factory.mktemp("permits-synth") / "batch"
    generate(out, scale=0.01, seed=11)
    return out


def test_the_planted_applications_are_decided_as_the_truth_says(
    engine: sa.Engine, settings: Settings, batch: Path
) -> None:
    ingest_batch(engine, batch, settings=settings, today=dt.date(2026, 1, 1))
    truth = json.loads((batch / "truth.json").read_text())
    kinds = truth["applications"]["kinds"]
    for kind in ("valid", "no_vacancy", "local_share", "second_head", "off_seasonal_list", "household"):
        assert kinds.get(kind, 0) > 0, kind
    expected = {d["decision"] for d in truth["applications"]["decisions"].values()}
    assert expected == {"issued", "refused", "invalid"}
    with (batch / "applications.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert settings.pseudonym_key
    key = PseudonymKey(settings.pseudonym_key.encode())
    list(decide_many(engine, threading.Lock(), key, MINISTRY, rows))
    with engine.connect() as conn:
        result = score(conn, truth)
    assert result is not None
    assert result["mismatches"] == []
    assert result["matched"] == result["planted"] == len(rows)
