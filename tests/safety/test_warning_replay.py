"""The warnings of a small synthetic country, fixed: every signal, level and evidence at a set of dates.

warning_replay.json holds what the warnings were at those dates when it was written; a change to how
they are computed (the SQL, its order, what it shares between the monthly windows) must give them
byte for byte, on DuckDB and PostgreSQL alike. A change meant to alter the warnings, or to the synthetic
country, rewrites the file: `JUMYS_WRITE_REPLAY=1 pytest tests/safety/test_warning_replay.py` (on DuckDB),
and the diff shows what moved.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from jumys.config import Settings
from jumys.registry.ingest import ingest_batch
from jumys.safety.warnings import WarningRules, run_warnings, stored
from jumys.synth.service import generate

REPLAY = Path(__file__).with_name("warning_replay.json")
# first of a month and not, the turn of the payroll's first year (2025), the synthetic as-of date
DATES = ("2025-03-31", "2025-05-01", "2025-07-01", "2025-08-15", "2025-09-01", "2025-10-01", "2026-01-01")
# other thresholds: a longer memory, a base month inside the windows, lower minimums
OTHER = WarningRules(memory_months=4, wage_cut_months=2, min_persons=3, min_staff=3, layoff_days=45)
OTHER_DATES = ("2025-08-01", "2025-11-30")
# PostgreSQL runs the same SQL text, 9 runs take it minutes: it replays the dates that between them hold every
# signal, both rule sets, the first of a month and not, and the synthetic as-of date (DuckDB replays them all)
PG_DATES = {"default": ("2025-03-31", "2025-08-15", "2026-01-01"), "other": ("2025-11-30",)}


@pytest.fixture(scope="module")
def country(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The synthetic country of the demo's seed at scale 0.01 (CSV)."""
    out = tmp_path_factory.mktemp("replay") / "batch"
    generate(out, scale=0.01, seed=1, fmt="csv")
    return out


def _run(conn: sa.Connection, as_of: str, rules: WarningRules) -> list[dict[str, Any]]:
    day = dt.date.fromisoformat(as_of)
    run_warnings(conn, day, rules)
    return [
        {"bin": r["bin"], "region": r["region"], "level": r["level"], "signals": r["signals"]}
        for r in stored(conn, day)
    ]


def _replay(engine: sa.Engine) -> dict[str, Any]:
    dates = PG_DATES if engine.dialect.name == "postgresql" else {"default": DATES, "other": OTHER_DATES}
    with engine.begin() as conn:
        return {
            "default": {d: _run(conn, d, WarningRules()) for d in dates["default"]},
            "other": {"rules": OTHER.model_dump(), **{d: _run(conn, d, OTHER) for d in dates["other"]}},
        }


def test_the_warnings_of_the_synthetic_country_are_those_fixed(
    engine: sa.Engine, settings: Settings, country: Path
) -> None:
    report = ingest_batch(engine, country, settings=settings)
    assert report.rows_rejected == 0
    replay = _replay(engine)
    text = json.dumps(replay, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if os.environ.get("JUMYS_WRITE_REPLAY") and engine.dialect.name == "duckdb":
        REPLAY.write_text(text)
    fixed = json.loads(REPLAY.read_text())
    assert fixed["other"]["rules"] == OTHER.model_dump(), "the file was written with other rules"
    signals = {
        s["signal"]
        for runs in fixed.values()
        for d, ws in runs.items()
        if d != "rules"
        for w in ws
        for s in w["signals"]
    }
    assert len(signals) == 6, signals  # the file exercises every signal
    replayed = {
        s["signal"]
        for kind in replay
        for d, ws in replay[kind].items()
        if d != "rules"
        for w in ws
        for s in w["signals"]
    }
    assert replayed == signals, "the dates replayed miss a signal"
    for kind, runs in replay.items():
        for day, warned in runs.items():
            assert warned == fixed[kind][day], f"{kind} warnings at {day} differ"
    if engine.dialect.name == "duckdb":
        assert text == REPLAY.read_text()  # byte for byte: numbers, order and all
