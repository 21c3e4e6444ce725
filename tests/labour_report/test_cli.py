"""`jumys report` and `jumys skills` over the hand-made world: the files, and a clear error without data."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from jumys.cli.main import app
from jumys.config import Settings, get_settings
from tests.labour_report.pdftext import pages_text


@pytest.fixture
def cli_env(engine: sa.Engine, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The command line pointed at the world's store."""
    monkeypatch.setenv("JUMYS_HOME", str(settings.home))
    monkeypatch.setenv("JUMYS_PSEUDONYM_KEY", str(settings.pseudonym_key))
    monkeypatch.setenv("JUMYS_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    engine.dispose()  # the embedded store admits one writer: the command opens its own
    yield
    get_settings.cache_clear()


def test_report_writes_the_file(cli_env: None, tmp_path: Path) -> None:
    out = tmp_path / "zhambyl.pdf"
    args = [
        "report",
        "--year",
        "2025",
        "--region",
        "31",
        "--lang",
        "kk",
        "--format",
        "pdf",
        "--out",
        str(out),
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Жамбыл облысы" in pages_text(out.read_bytes())[0]
    xlsx = tmp_path / "all.xlsx"
    result = CliRunner().invoke(app, ["report", "--year", "2025", "--format", "xlsx", "--out", str(xlsx)])
    assert result.exit_code == 0 and xlsx.read_bytes().startswith(b"PK")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--year", "2019"], "no labour report for 2019"),
        (["--year", "2025", "--region", "47"], "no labour report for region 47 in 2025"),
        (["--year", "2025", "--format", "doc"], "the report's format is pdf or xlsx"),
        (["--year", "2025", "--region", "99"], "no region '99'"),
    ],
)
def test_report_without_data_is_one_line_and_exit_2(
    cli_env: None, tmp_path: Path, args: list[str], says: str
) -> None:
    result = CliRunner().invoke(app, ["report", *args, "--out", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert says in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x").exists()


def test_skills_json_is_the_api_answer(cli_env: None) -> None:
    result = CliRunner().invoke(app, ["skills", "--year", "2025", "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["shortages"][0]["priority"] == "railways"
