"""`jumys cabinet` and `jumys outbox` at the command line, and `jumys serve`'s delivery worker."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from jumys.cli.main import app
from jumys.config import Settings, get_settings
from jumys.server import create_app
from tests.cabinet.smtp import Mailbox, smtp_server
from tests.cabinet.world import CabinetWorld
from tests.conftest import duckdb_copy
from tests.factories import write_batch

runner = CliRunner()
KEY = "test-pseudonym-key-0123456789abcdef-not-secret"


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, duckdb_template: Path) -> Iterator[CabinetWorld]:
    """An embedded store the CLI points at, with a kandas who moved in 2024 (the case in rows['resettlement'])."""
    monkeypatch.setenv("JUMYS_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("JUMYS_PSEUDONYM_KEY", KEY)
    for name in ("JUMYS_DATABASE_URL", "JUMYS_SMTP_HOST", "JUMYS_SMTP_PORT"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    settings = get_settings()
    engine = duckdb_copy(settings, duckdb_template)
    w = CabinetWorld(engine, settings, tmp_path)
    iin = w.person("kandas")
    case = w.resettle(iin, moved_on="2024-04-01")
    w.ingest()
    w.rows["resettlement"] = [{"iin": iin, "case_id": case}]  # remembered for the scenario
    engine.dispose()
    yield w
    get_settings.cache_clear()


def test_an_account_is_opened_its_new_status_ingested_and_mailed_from_the_command_line(
    world: CabinetWorld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    iin, case = world.rows["resettlement"][0]["iin"], world.rows["resettlement"][0]["case_id"]
    made = runner.invoke(
        app, ["cabinet", "add-person", "--iin", iin, "--email", "k@example.kz", "--lang", "kk"]
    )
    assert made.exit_code == 0, made.output
    assert "one-time password" in made.output and iin not in made.output
    assert (
        runner.invoke(app, ["cabinet", "add-person", "--iin", iin, "--email", "k@example.kz"]).exit_code == 2
    )
    listed = json.loads(runner.invoke(app, ["cabinet", "persons", "--json"]).output)
    assert [(p["email"], p["lang"], p["disabled"]) for p in listed] == [("k@example.kz", "kk", False)]
    batch = write_batch(
        tmp_path / "left",
        {
            "resettlement": [
                {
                    "case_id": case,
                    "iin": iin,
                    "program": "kandas",
                    "from_kato": "611010000",
                    "to_kato": "551010000",
                    "family_size": "4",
                    "moved_on": "2024-04-01",
                    "left_on": "2025-05-10",
                }
            ]
        },
    )
    assert runner.invoke(app, ["ingest", str(batch)]).exit_code == 0
    unset = runner.invoke(app, ["outbox", "deliver", "--once"])
    assert unset.exit_code == 2 and "JUMYS_SMTP_HOST" in unset.output
    box = Mailbox()
    with smtp_server(box) as port:
        monkeypatch.setenv("JUMYS_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("JUMYS_SMTP_PORT", str(port))
        get_settings.cache_clear()
        sent = runner.invoke(app, ["outbox", "deliver", "--once"])
        assert sent.exit_code == 0, sent.output
        assert "sent 1," in sent.output
        assert "sent 0," in runner.invoke(app, ["outbox", "deliver", "--once"]).output
    [mail] = box.received
    assert mail["To"] == "k@example.kz" and case in mail["Subject"] and "мәртебе" in mail["Subject"]
    assert "sent" in runner.invoke(app, ["outbox", "list"]).output
    assert runner.invoke(app, ["cabinet", "disable-person", "--iin", iin]).exit_code == 0
    log = json.loads(runner.invoke(app, ["audit", "--json", "--limit", "20"]).output)
    assert {"add_person", "disable_person"} <= {line["action"] for line in log}
    assert iin not in str(log)


def test_serve_drains_the_outbox_when_an_smtp_server_is_set(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    w = CabinetWorld(engine, settings, tmp_path)
    b = w.ready()
    iin = w.person()
    w.ingest()
    w.account(iin, email="w@example.kz")
    w.decide(w.application(b, application_id="A1", iin=iin, valid_until="2027-03-31"))
    box = Mailbox()
    with smtp_server(box) as port:
        served = settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": port})
        with TestClient(create_app(served, engine=engine)):
            deadline = time.monotonic() + 30
            while len(box.received) < 3 and time.monotonic() < deadline:
                time.sleep(0.1)
    assert len(box.received) == 3
    assert {r["state"] for r in w.table("cabinet_outbox")} == {"sent"}
