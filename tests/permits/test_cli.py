"""`jumys permits decide FILE --json` prints the interface's decisions; `jumys quotas --year Y --json` the ledger."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from jumys.cli.main import app
from jumys.config import Settings, get_settings
from jumys.permits.service import FIELDS
from tests.factories import write_csv
from tests.permits.world import PermitWorld


@pytest.fixture
def world(cli_store: tuple[Settings, sa.Engine], tmp_path: Path) -> Iterator[PermitWorld]:
    """An embedded store, the CLI pointed at it, with an employer, a vacancy and 1 unit of quota."""
    settings, engine = cli_store
    w = PermitWorld(engine, settings, tmp_path)
    b = w.employer()
    w.vacancy(b)
    w.quota(1)
    w.ingest()
    w.rows["employers"] = [{"bin": b}]  # remembered for the scenario
    engine.dispose()
    yield w


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


DECISION_FIELDS = {"application_id", "decision", "permit_id", "failed_checks", "sentence", "reason"}


def _two_for_one_unit(world: PermitWorld, tmp_path: Path) -> Path:
    """A1 (group 3) and A2 (group 2, a salary stated) for the one unit of specialists, on the same day, each with
    an unfilled vacancy."""
    b = world.rows.pop("employers")[0]["bin"]
    world.vacancy(b, nkz="3115")
    world.ingest()
    apps = [
        world.application(b, application_id="A1", nkz="3115") | {"salary_kzt": ""},
        world.application(b, application_id="A2", salary_kzt="650000"),
    ]
    return write_csv(tmp_path / "applications.csv", [*FIELDS, "salary_kzt"], apps)


def test_decide_prints_the_points_only_with_the_points_flag(world: PermitWorld, tmp_path: Path) -> None:
    path = _two_for_one_unit(world, tmp_path)
    plain = CliRunner().invoke(app, ["permits", "decide", str(path), "--json"])
    assert plain.exit_code == 0, plain.output
    assert [set(d) for d in json.loads(plain.stdout)] == [DECISION_FIELDS, DECISION_FIELDS]
    again = CliRunner().invoke(app, ["permits", "decide", str(path), "--json", "--points"])
    assert again.exit_code == 0, again.output
    decisions = json.loads(again.stdout)  # decided before: the stored decisions and their points
    assert [set(d) for d in decisions] == [DECISION_FIELDS | {"points"}] * 2
    a1, a2 = (d["points"] for d in decisions)
    assert (a1["total"], a1["pass_mark"], a2["total"]) == (30, 40, 40)  # qualification 10, 20; a shortage 20
    [salary] = [c for c in a1["components"] if c["criterion"] == "salary"]
    assert salary["value"]["salary_kzt"] is None and salary["points"] == 0
    assert set(salary) == {"criterion", "value", "points", "rule", "sentence"}
    table = CliRunner().invoke(app, ["permits", "decide", str(path), "--points"], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert "points" in table.output and "30 / 40" in table.output and "40 / 40" in table.output
    without = CliRunner().invoke(app, ["permits", "decide", str(path)], env={"COLUMNS": "200"})
    assert "/ 40" not in without.output


def test_selection_by_points_is_a_setting(
    world: PermitWorld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _two_for_one_unit(world, tmp_path)
    monkeypatch.setenv("JUMYS_PERMIT_SELECTION", "points")
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["permits", "decide", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert [(d["application_id"], d["decision"]) for d in json.loads(result.stdout)] == [
        ("A2", "issued"),
        ("A1", "refused"),
    ]


def test_rank_prints_the_competing_applications_and_decides_nothing(
    world: PermitWorld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _two_for_one_unit(world, tmp_path)
    result = CliRunner().invoke(app, ["permits", "rank", str(path), "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["selection"] == "order" and body["invalid"] == []
    [quota] = body["quotas"]
    assert (quota["category"], quota["left"]) == ("specialist", 1)
    assert [(a["application_id"], a["points"], a["would_get"]) for a in quota["applications"]] == [
        ("A1", 30, True),
        ("A2", 40, False),
    ]
    monkeypatch.setenv("JUMYS_PERMIT_SELECTION", "points")
    get_settings.cache_clear()
    table = CliRunner().invoke(app, ["permits", "rank", str(path)], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert "selection: points" in table.output
    lines = [line for line in table.output.splitlines() if "A1" in line or "A2" in line]
    assert "A2" in lines[0] and "yes" in lines[0] and "no:" in lines[1]
    assert world.count("fact_permit_decisions") == 0 and world.count("audit_log") == 0
