"""`jumys resettle cases`: the aggregates and the cases as tables that fit 80 columns, or as JSON; no IIN; audited."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from jumys.access.tables import audit_log
from jumys.cli.main import app
from jumys.config import Settings
from jumys.storage.engine import make_engine
from tests.reports.resettlement_world import ResettlementWorld, cases_ingested


@pytest.fixture
def world(cli_store: tuple[Settings, sa.Engine], tmp_path: Path) -> Iterator[ResettlementWorld]:
    """An embedded store holding the cases of tests/reports/resettlement_world.py, the CLI pointed at it."""
    settings, engine = cli_store
    w = cases_ingested(engine, settings, tmp_path)
    engine.dispose()
    yield w


def test_json_holds_the_summary_and_every_case_and_no_iin(world: ResettlementWorld) -> None:
    result = CliRunner().invoke(app, ["resettle", "cases", "--as-of", "2026-01-01", "--json", "--limit", "1"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["summary"]["resettled_since"] == 24
    assert body["cases"]["total"] == 9 and len(body["cases"]["items"]) == 9  # --limit is the table's
    assert not any(iin in result.stdout for iin in world.iins.values())
    engine = make_engine(settings=world.settings)
    with engine.connect() as conn:
        actions = conn.execute(sa.select(audit_log.c.action, audit_log.c.resource)).all()
    engine.dispose()
    assert ("read_resettlement_cases", "as_of 2026-01-01") in actions


def test_tables_fit_80_columns_and_the_options_narrow(world: ResettlementWorld) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["resettle", "cases", "--as-of", "2026-01-01"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.output.splitlines()) <= 80
    assert "persons resettled since 2022-01-01 before 2026-01-01: 24" in result.output
    assert "resettlement at 2026-01-01: by destination region" in result.output
    assert "9 of 9 cases listed" in result.output and "STAYED" in result.output
    narrow = runner.invoke(
        app, ["resettle", "cases", "--as-of", "2026-01-01", "--region", "11", "--limit", "5"]
    )
    assert narrow.exit_code == 0, narrow.output
    assert "1 of 1 cases listed" in narrow.output and "LEFT_BETWEEN" in narrow.output
    refused = runner.invoke(app, ["resettle", "cases", "--program", "nomad"])
    assert refused.exit_code == 2 and "program must be one of resettler, kandas" in refused.output


def test_an_empty_store_says_so(cli_store: tuple[Settings, sa.Engine]) -> None:
    cli_store[1].dispose()
    result = CliRunner().invoke(app, ["resettle", "cases"])
    assert result.exit_code == 0 and "no resettlement case is stored" in result.output
