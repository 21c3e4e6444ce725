"""`jumys foreign-workers`: the three parts as tables that fit 80 columns, or as JSON; no IIN; audited."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from jumys.cli.main import app
from jumys.config import Settings
from tests.reports.foreign_world import ForeignWorld, wages_world


@pytest.fixture
def world(cli_store: tuple[Settings, sa.Engine], tmp_path: Path) -> Iterator[ForeignWorld]:
    """An embedded store, the CLI pointed at it, holding the wage cells, an expiring permit and an arrear."""
    settings, engine = cli_store
    w = ForeignWorld(engine, settings, tmp_path)
    wages_world(w)
    w.permit(w.iins["UNDER"][0], "UNDER", "2024-07-11", "2025-07-11")
    w.arrear("UNDER", "2025-05-01", amount_kzt="3000000", workers="7")
    w.ingest()
    engine.dispose()
    yield w


def test_json_holds_the_three_parts_and_no_iin(world: ForeignWorld) -> None:
    result = CliRunner().invoke(app, ["foreign-workers", "--as-of", "2025-07-01", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [c["nkz"] for c in report["wages"]] == ["7212", "7"]
    assert {u["bin"] for u in report["underpaid"]} == {world.bins["UNDER"], world.bins["REST"]}
    assert [a["bin"] for a in report["arrears"]] == [world.bins["UNDER"]]
    assert [p["days_left"] for p in report["expiring"]] == [10]
    assert not any(i in result.stdout for rows in world.iins.values() for i in rows)


def test_tables_fit_80_columns_and_the_options_narrow(world: ForeignWorld) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["foreign-workers", "--as-of", "2025-07-01"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.output.splitlines()) <= 80
    assert "wages of foreign workers against citizens at 2025-07-01" in result.output
    assert world.bins["UNDER"] in result.output and "1 permits end by 2025-07-31" in result.output
    narrow = runner.invoke(app, ["foreign-workers", "--as-of", "2025-07-01", "--days", "5", "--region", "11"])
    assert narrow.exit_code == 0, narrow.output
    assert world.bins["UNDER"] not in narrow.output and "0 permits end by 2025-07-06" in narrow.output
    refused = runner.invoke(app, ["foreign-workers", "--as-of", "2025-07-01", "--days", "0"])
    assert refused.exit_code != 0 and "days must be between 1 and 366" in refused.output
