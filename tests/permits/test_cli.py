"""`jumys permits decide FILE --json` prints the interface's decisions; `jumys quotas --year Y --json` the ledger."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jumys.cli.main import app
from jumys.config import get_settings
from jumys.permits.service import FIELDS
from jumys.storage.engine import make_engine
from jumys.storage.revisions import upgrade
from tests.factories import write_csv
from tests.permits.world import PermitWorld


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PermitWorld]:
    """An embedded store, the CLI pointed at it, with an employer, a vacancy and 1 unit of quota."""
    monkeypatch.setenv("JUMYS_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("JUMYS_PSEUDONYM_KEY", "test-pseudonym-key-0123456789abcdef-not-secret")
    monkeypatch.delenv("JUMYS_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    settings = get_settings()
    engine = make_engine(settings=settings)
    upgrade(engine)
    w = PermitWorld(engine, settings, tmp_path)
    b = w.employer()
    w.vacancy(b)
    w.quota(1)
    w.ingest()
    w.rows["employers"] = [{"bin": b}]  # remembered for the scenario
    engine.dispose()
    yield w
    get_settings.cache_clear()


def test_decide_prints_one_decision_per_application_as_the_interface_says(
    world: PermitWorld, tmp_path: Path
) -> None:
    b = world.rows["employers"][0]["bin"]
    apps = [
        world.application(b, application_id="A2", submitted_on="2025-03-02"),
        world.application(b, application_id="A1"),
        world.application(b, application_id="A3", category="boss"),
    ]
    path = write_csv(tmp_path / "applications.csv", list(FIELDS), apps)
    result = CliRunner().invoke(app, ["permits", "decide", str(path), "--json"])
    assert result.exit_code == 0, result.output
    decisions = json.loads(result.stdout)
    assert [(d["application_id"], d["decision"], d["permit_id"]) for d in decisions] == [
        ("A1", "issued", "WPA-A1"),
        ("A3", "invalid", None),  # submitted on 2025-03-01 too: decided before A2
        ("A2", "refused", None),
    ]
    assert decisions[2]["failed_checks"] == [
        {
            "check": "quota",
            "numbers": {
                "year": 2025,
                "region": "75",
                "category": "specialist",
                "units": 1,
                "issued": 1,
                "left": 0,
            },
        }
    ]
    assert set(decisions[2]["sentence"]) == {"ru", "kk", "en"}
    assert decisions[1]["reason"]["code"] == "permits.unknown_category"
    ledger = CliRunner().invoke(app, ["quotas", "--year", "2025", "--json"])
    assert ledger.exit_code == 0, ledger.output
    assert json.loads(ledger.stdout)["lines"] == [
        {"year": 2025, "region": "75", "category": "specialist", "units": 1, "issued": 1, "left": 0}
    ]


def test_a_file_without_the_interface_columns_is_one_line_and_exit_2(
    world: PermitWorld, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "bad.csv", ["application_id", "bin"], [{"application_id": "A1", "bin": "1"}])
    result = CliRunner().invoke(app, ["permits", "decide", str(path)])
    assert result.exit_code == 2
    assert "lacks the columns category" in result.output


def test_quotas_propose_prints_each_line_with_its_terms(world: PermitWorld) -> None:
    result = CliRunner().invoke(app, ["quotas", "propose", "--year", "2026", "--region", "75", "--json"])
    assert result.exit_code == 0, result.output
    proposal = json.loads(result.stdout)
    assert (proposal["year"], proposal["data_year"], proposal["region"]) == (2026, 2025, "75")
    spec = next(q for q in proposal["lines"] if q["category"] == "specialist")
    # the world's one vacancy of 2142, posted 2 January and unfilled; its 1 unit of 2025 unused
    assert (spec["vacancies_unfilled"], spec["seekers_matched"], spec["demand"], spec["proposed"]) == (
        1,
        0,
        1,
        1,
    )
    assert len(proposal["lines"]) == 5
    table = CliRunner().invoke(app, ["quotas", "propose", "--year", "2026"])
    assert table.exit_code == 0, table.output
    assert re.search(r"75 Almaty city +specialist +1 +0 ", table.stdout), table.stdout
    assert "national demand 1 " in table.stdout and "no cap" in table.stdout


def test_quotas_propose_refuses_an_unknown_region_and_a_year_without_data(world: PermitWorld) -> None:
    region = CliRunner().invoke(app, ["quotas", "propose", "--year", "2026", "--region", "99"])
    assert region.exit_code == 2 and "unknown region of KATO '99'" in region.output
    empty = CliRunner().invoke(app, ["quotas", "propose", "--year", "2031"])
    assert empty.exit_code == 2 and "no vacancy posted in 2030" in empty.output
    bare = CliRunner().invoke(app, ["quotas"])
    assert bare.exit_code == 2 and "propose" in bare.output
