"""`jumys regions`, `jumys regions override FILE`, `jumys compatriots plan`: tables, JSON, refusals, the audit log."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from jumys.cli.main import app
from jumys.config import get_settings
from jumys.storage.engine import make_engine
from tests.conftest import duckdb_copy
from tests.factories import compatriot
from tests.mobility.world import MobilityWorld, kato


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, duckdb_template: Path) -> Iterator[Path]:
    """An embedded store, the CLI pointed at it, holding the baseline country with Turkistan in surplus."""
    monkeypatch.setenv("JUMYS_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("JUMYS_PSEUDONYM_KEY", "test-pseudonym-key-0123456789abcdef-not-secret")
    monkeypatch.delenv("JUMYS_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    settings = get_settings()
    engine = duckdb_copy(settings, duckdb_template)
    w = MobilityWorld(engine, settings, tmp_path)
    w.unemployment[("61", 2024)] = 12.0
    w.seekers["61"], w.vacancies["61"] = 40, 1
    w.extra["compatriots"] = [
        compatriot(kato_of_interest=kato("63"), intends_return_year="2026") for _ in range(3)
    ]
    w.ingest()
    engine.dispose()
    yield tmp_path
    get_settings.cache_clear()


def _audit() -> list[tuple[str, str, str]]:
    engine = make_engine(settings=get_settings())
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT action, resource, outcome FROM audit_log ORDER BY audit_id")
            ).all()
    finally:
        engine.dispose()
    return [(r[0], r[1], r[2]) for r in rows]


def test_regions_prints_the_index_as_a_table_and_as_json(store: Path) -> None:
    table = CliRunner().invoke(app, ["regions", "--year", "2024"], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert "Labour index, 2024" in table.output
    assert (
        next(line for line in table.output.splitlines() if line.startswith("61 Turkistan")).split()[2]
        == "surplus"
    )
    data = json.loads(CliRunner().invoke(app, ["regions", "--year", "2024", "--json"]).stdout)
    assert data["year"] == 2024 and len(data["regions"]) == 20
    south = next(r for r in data["regions"] if r["kato2"] == "61")
    assert south["labour_class"] == "surplus" and south["components"][1]["detail"]["seekers"] == 40
    assert "no government list of regions is in force for 2024" in table.output
    assert ("read_mobility_regions", "year 2024", "ok") in _audit()


def test_override_loads_a_list_and_refuses_a_bad_one(store: Path) -> None:
    good = store / "list.csv"
    good.write_text(
        "from_year,kato2,class,note\n2024,47,deficit,by decree\n2024,11,balanced,\n", encoding="utf-8"
    )
    loaded = CliRunner().invoke(app, ["regions", "override", str(good)])
    assert loaded.exit_code == 0, loaded.output
    assert "2 regions listed from 2024: 0 surplus, 1 deficit, 1 balanced" in loaded.output
    data = json.loads(CliRunner().invoke(app, ["regions", "--year", "2024", "--json"]).stdout)
    mangystau = next(r for r in data["regions"] if r["kato2"] == "47")
    assert (data["list_source"], data["list_from_year"]) == ("list.csv", 2024)
    assert (mangystau["labour_class"], mangystau["source"], mangystau["index_class"]) == (
        "deficit",
        "government",
        "balanced",
    )
    bad = store / "bad.csv"
    bad.write_text("from_year,kato2,class\n2024,61,surplus\n2024,99,deficit\n", encoding="utf-8")
    refused = CliRunner().invoke(app, ["regions", "override", str(bad)])
    assert refused.exit_code == 2 and "line 3: 99 is not the 2-digit KATO code of a region" in refused.output
    again = json.loads(CliRunner().invoke(app, ["regions", "--year", "2024", "--json"]).stdout)
    assert next(r for r in again["regions"] if r["kato2"] == "47")["source"] == "government"  # nothing stored
    missing = CliRunner().invoke(app, ["regions", "override", str(store / "none.csv")])
    assert missing.exit_code == 2 and "cannot be read" in missing.output
    assert ("load_region_list", "file list.csv", "ok") in _audit()


def test_compatriots_plan(store: Path) -> None:
    result = CliRunner().invoke(
        app, ["compatriots", "plan", "--as-of", "2026-01-01", "--year", "2024", "--json"]
    )
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert [(r["kato2"], r["year"], r["stated"]) for r in plan["rows"]] == [("63", 2026, 3)]
    table = CliRunner().invoke(app, ["compatriots", "plan", "--as-of", "2026-01-01"], env={"COLUMNS": "200"})
    assert table.exit_code == 0 and "63 East Kazakhstan" in table.output and "3 registered" in table.output
