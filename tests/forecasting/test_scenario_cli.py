"""`jumys scenario run|list|show|compare`: tables within 80 columns, JSON, refusals naming every bad line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from jumys.cli.main import app
from jumys.config import Settings
from tests.forecasting.scenario_world import HEAD, SCENARIO, build_country

EXAMPLE = Path(__file__).resolve().parents[2] / "jumys" / "forecasting" / "data" / "scenario_example.csv"


@pytest.fixture
def files(cli_store: tuple[Settings, sa.Engine], tmp_path: Path) -> Iterator[Path]:
    """The country of scenario_world.py in the CLI's store, and a folder with a scenario file in it."""
    settings, engine = cli_store
    build_country(engine, settings, tmp_path)
    engine.dispose()
    (tmp_path / "two.csv").write_text(SCENARIO, encoding="utf-8")
    yield tmp_path


def fits(output: str) -> str:
    """The output, checked to fit 80 columns, with its lines joined (a long line wraps)."""
    assert max(len(line) for line in output.splitlines()) <= 80, output
    return " ".join(output.split())


def test_run_list_show_and_compare_fit_80_columns(files: Path) -> None:
    runner, narrow = CliRunner(), {"COLUMNS": "80"}
    first = runner.invoke(app, ["scenario", "run", str(files / "two.csv"), "--to", "2035"], env=narrow)
    assert first.exit_code == 0, first.output
    text = fits(first.output)
    assert (
        "scenario run 1: Two growth points; from the population of 1 January 2025 to the end of 2035" in text
    )
    assert "data: population scen-country-1" in text
    assert "At the end of 2035" in text and "kindergarten places" in text
    assert "59 North Kazakhstan" in text  # a region the scenario changes
    second = runner.invoke(app, ["scenario", "run", str(EXAMPLE), "--json"])
    assert second.exit_code == 0, second.output
    body = json.loads(second.stdout)
    assert (
        body["run_id"] == 2 and body["horizon"] == 2050 and body["parameters"]["kindergarten_coverage"] == 1.0
    )
    listed = runner.invoke(app, ["scenario", "list"], env=narrow)
    assert listed.exit_code == 0 and "Two growth points" in fits(listed.output)
    shown = runner.invoke(app, ["scenario", "show", "1", "--region", "59"], env=narrow)
    assert shown.exit_code == 0, shown.output
    assert "2027 resettle 61 Turkistan to 59 North Kazakhstan: 300" in fits(shown.output)
    compared = runner.invoke(app, ["scenario", "compare", "1", "2"], env=narrow)
    assert compared.exit_code == 0, compared.output
    text = fits(compared.output)
    assert "The country at the end of 2035" in text and "#1" in text and "#2" in text
    assert json.loads(runner.invoke(app, ["scenario", "list", "--json"]).stdout)[0]["run_id"] == 2


def test_a_bad_file_is_refused_with_every_bad_line(files: Path) -> None:
    (files / "bad.csv").write_text(HEAD + "jobs,99,2030,5,\nwage,11,2020,abc,\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["scenario", "run", str(files / "bad.csv")])
    assert result.exit_code == 2
    for reason in (
        "line 2: 99 is not the 2-digit KATO code of a region",
        "line 3: year 2020 is not between 2026 and 2050",
        "line 3: abc is not a number",
    ):
        assert reason in " ".join(result.output.split())
    missing = CliRunner().invoke(app, ["scenario", "run", str(files / "none.csv")])
    assert missing.exit_code == 2 and "the file cannot be read" in " ".join(missing.output.split())
    assert CliRunner().invoke(app, ["scenario", "show", "7"]).exit_code == 2
    assert CliRunner().invoke(app, ["scenario", "compare", "1"]).exit_code == 2
