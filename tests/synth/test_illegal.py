"""The synthetic country plants each illegal-work signal at background employers, with legal look-alikes."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from jumys.cli.main import app
from jumys.config import get_settings
from jumys.illegal_work.signals import SIGNALS
from jumys.synth.illegal import MIN_PLANTED
from jumys.synth.service import generate
from tests.synth.conftest import Batch


def test_every_signal_is_planted_at_background_employers_apart_from_its_look_alikes(batch: Batch) -> None:
    truth = batch.truth["illegal_work"]
    assert truth["as_of"] == batch.truth["as_of"]
    assert set(truth["signals"]) == set(SIGNALS)
    groups = {b for p in batch.all("SELECT investor_bin, operator_bins FROM projects") for b in p[0:1]}
    groups |= {b for (ops,) in batch.all("SELECT operator_bins FROM projects") for b in ops.split(";")}
    employers = {b for (b,) in batch.all("SELECT bin FROM employers")}
    for code in SIGNALS:
        planted, looks = set(truth["signals"][code]), set(truth["look_alikes"][code])
        assert len(planted) >= MIN_PLANTED // 2, code
        assert looks and not planted & looks, code
        assert planted <= employers and looks <= employers
        if code != "unconfirmed":  # its truth names the projects' fictitious contracts' operators too
            assert not planted & groups, code


def test_pay_without_a_contract_is_in_the_payroll_and_not_in_the_contracts(batch: Batch) -> None:
    planted = batch.truth["illegal_work"]["signals"]["unregistered"]
    listed = ", ".join(f"'{b}'" for b in planted)
    unmatched = batch.one(
        f"""SELECT COUNT(DISTINCT p.bin) FROM payroll p WHERE p.bin IN ({listed}) AND NOT EXISTS (
            SELECT 1 FROM contracts c WHERE c.bin = p.bin AND c.iin = p.iin)"""
    )
    assert unmatched == len(planted)


def test_score_prints_precision_and_recall_per_signal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JUMYS_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("JUMYS_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    batch = tmp_path / "batch"
    generate(batch, scale=0.002, seed=7)
    runner = CliRunner()
    try:
        assert runner.invoke(app, ["ingest", str(batch)]).exit_code == 0
        first = runner.invoke(app, ["score", str(batch)])
        assert "illegal work: not scored yet (run jumys illegal-work --as-of 2026-01-01)" in first.output
        ran = runner.invoke(app, ["illegal-work", "--as-of", "2026-01-01", "--json"])
        assert ran.exit_code == 0, ran.output
        second = runner.invoke(app, ["score", str(batch)], env={"COLUMNS": "160"})
        assert second.exit_code == 0, second.output
        rows = {line.split()[0]: line.split() for line in second.output.splitlines() if line.split()}
        for code in SIGNALS:
            cells = rows[code]  # signal, planted, flagged, caught, precision, recall, look-alikes
            assert cells[5] == "100.0%", (code, cells)  # recall
            assert float(cells[4].rstrip("%")) >= 90, (code, cells)  # precision
            assert cells[6] == "0", (code, cells)  # look-alikes flagged
    finally:
        get_settings.cache_clear()
