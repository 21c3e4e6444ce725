"""The synthetic country plants foreign workers' conditions (docs/foreign_workers.md), and `jumys score` finds
the read model agrees with the truth worked out from the synthetic arrays."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from jumys.cli.main import app
from jumys.config import get_settings
from jumys.synth.service import generate
from tests.synth.conftest import Batch


def test_the_planted_rows_are_foreign_workers_with_permits_of_the_year_before(batch: Batch) -> None:
    truth = batch.truth["foreign_workers"]
    planted = truth["planted"]
    assert planted["underpaid"] and set(planted["underpaid"]) <= set(truth["underpaid"])
    assert planted["expiring"] and set(planted["expiring"]) <= set(truth["expiring"])
    listed = ", ".join(f"'{p}'" for p in planted["expiring"])
    rows = batch.all(
        f"""SELECT p.issued_on, p.valid_until, c.end_date, s.status FROM permits p
            JOIN contracts c ON c.iin = p.iin AND c.bin = p.bin JOIN persons s ON s.iin = p.iin
            WHERE p.permit_id IN ({listed})"""
    )
    assert len(rows) == len(planted["expiring"])
    for issued, until, end, status in rows:
        assert issued.year == batch.truth["year"] - 1  # no unit of the synthetic year's quota is taken
        assert end is None and status == "foreigner" and until.year == batch.truth["year"] + 1
    bins = ", ".join(f"'{b}'" for b in planted["underpaid"])
    paid = batch.one(
        f"""SELECT COUNT(DISTINCT c.iin) FROM contracts c JOIN persons s ON s.iin = c.iin
            JOIN permits p ON p.iin = c.iin AND p.bin = c.bin
            WHERE c.bin IN ({bins}) AND s.status = 'foreigner' AND c.salary_kzt >= 95000"""
    )
    assert paid >= 5 * len(planted["underpaid"])


def test_score_finds_every_part_as_the_truth_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUMYS_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("JUMYS_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    batch = tmp_path / "batch"
    generate(batch, scale=0.01, seed=7)
    runner = CliRunner()
    try:
        assert runner.invoke(app, ["ingest", str(batch)]).exit_code == 0
        decided = runner.invoke(app, ["permits", "decide", str(batch / "applications.csv"), "--json"])
        assert decided.exit_code == 0, decided.output
        scored = runner.invoke(app, ["score", str(batch)], env={"COLUMNS": "160"})
        rows = {line.split()[0]: line.split() for line in scored.output.splitlines() if line.split()}
        for part in ("underpaid", "arrears", "expiring"):
            cells = rows[part]  # part, level, expected, found, caught, precision, recall, planted caught
            assert cells[5] == "100.0%" and cells[6] == "100.0%", (part, cells)
        assert rows["underpaid"][7] == rows["underpaid"][9] and rows["expiring"][7] == rows["expiring"][9]
    finally:
        get_settings.cache_clear()
