"""`jumys ingest`, `jumys batches` and `jumys db check` over the same store the other tests use."""

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from jumys.cli.main import app
from jumys.config import Settings, get_settings
from tests import factories as f


@pytest.fixture
def cli_env(
    engine: sa.Engine, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[dict[str, str]]:
    """The environment that points the command line at the test's store."""
    env = {
        "JUMYS_HOME": str(settings.home),
        "JUMYS_PSEUDONYM_KEY": str(settings.pseudonym_key),
        "JUMYS_DATABASE_URL": engine.url.render_as_string(hide_password=False),
    }
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    get_settings.cache_clear()
    engine.dispose()  # the embedded store admits one writer: the command opens its own
    yield env
    get_settings.cache_clear()


def test_ingest_prints_a_summary_and_writes_the_report(cli_env: dict[str, str], tmp_path: Path) -> None:
    boss = f.employer()
    folder = f.write_batch(
        tmp_path / "b",
        {"employers": [boss], "contracts": [f.contract(boss["bin"]), f.contract(boss["bin"], nkz="x")]},
    )
    result = CliRunner().invoke(app, ["ingest", str(folder), "--rejects", str(tmp_path / "report")])
    assert result.exit_code == 0, result.output
    assert "employers.csv" in result.stdout and "contracts.csv" in result.stdout
    assert "1 problems in 1 rejected rows" in result.stdout
    assert "contracts.csv:3 nkz: an NKZ code is 4 digits" in result.stdout
    assert (
        (tmp_path / "report" / "rejects.csv").read_text().splitlines()[1].startswith("contracts.csv,3,nkz,")
    )
    assert (tmp_path / "report" / "rejects.json").exists()

    again = CliRunner().invoke(app, ["ingest", str(folder)])
    assert again.exit_code == 0 and "was already applied as batch 1: nothing changed" in again.stdout
    listed = CliRunner().invoke(app, ["batches"])
    assert listed.exit_code == 0 and "contracts" in listed.stdout
    checked = CliRunner().invoke(app, ["db", "check"])
    assert checked.exit_code == 0 and "every key is unique and every reference resolves" in checked.stdout


def test_ingest_json_report(cli_env: dict[str, str], tmp_path: Path) -> None:
    folder = f.write_batch(
        tmp_path / "b", {"employers": [f.employer(), f.employer(kato="1")]}, {"batch_id": "j-1"}
    )
    result = CliRunner().invoke(app, ["ingest", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["batch_id"], data["status"], data["rows_accepted"], data["rows_rejected"]) == (
        "j-1",
        "applied",
        1,
        1,
    )
    assert data["files"] == [
        {"file": "employers.csv", "rows_read": 2, "rows_accepted": 1, "rows_rejected": 1, "warnings": []}
    ]
    assert Path(data["rejects_csv"]).exists()


def test_a_bad_path_is_an_error_on_stderr_and_exit_2(cli_env: dict[str, str], tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "missing")])
    assert result.exit_code == 2
    assert result.stdout == ""
    # (the wording only: where the line wraps is another test's concern)
    assert "".join(result.stderr.split()) == "".join(
        f"error: {tmp_path / 'missing'}: no such file or folder".split()
    )


def test_the_installed_command_exits_2_without_a_traceback(cli_env: dict[str, str], tmp_path: Path) -> None:
    folder = f.write_batch(tmp_path / "b", {"employers": [f.employer()]})
    (folder / "manifest.json").write_text("{broken")
    done = subprocess.run(
        [str(Path(sys.executable).parent / "jumys"), "ingest", str(folder)],
        env=os.environ | cli_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert "".join(done.stderr.split()).startswith("error:manifest.jsonisnotvalidJSON")


def test_an_error_is_one_line_on_stderr(cli_env: dict[str, str], tmp_path: Path) -> None:
    missing = tmp_path / ("a-folder-with-a-long-name-" * 3)
    result = CliRunner().invoke(app, ["ingest", str(missing)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"error: {missing}: no such file or folder"]
