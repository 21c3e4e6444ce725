"""The command line in an 80-column terminal: no line wider than 80, no number or name cut to '…'.

The commands run as a person runs them, in this process (a process each cost a second and more to start): the
command line's consoles 80 columns wide, as COLUMNS=80 makes them in a process of their own, on the small
country of the page tests:
scorecard, verify, summary, batches, an ingest's report, the audit log, the users and the alerts, which
name severity and kind in the language asked for; the risk scores and their backtest, skills and shortages,
and a synthetic country's files.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from jumys.cli import common
from jumys.cli.main import app
from jumys.cli.tables import Col, compact_table
from jumys.config import Settings, get_settings
from jumys.storage.engine import make_engine
from jumys.storage.revisions import upgrade
from tests.conftest import TEST_KEY
from tests.factories import employer, write_batch
from tests.web.world import load_country


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the small country, verified at three dates."""
    root = tmp_path_factory.mktemp("cli-width")
    settings = Settings(home=root / "home", pseudonym_key=TEST_KEY)
    engine = make_engine(settings=settings)
    upgrade(engine)
    load_country(engine, settings, root / "batch")
    engine.dispose()
    return root


def run(home: Path, *args: str, code: int = 0) -> str:
    """The output of `jumys ARGS` in an 80-column terminal (stdout; stderr too when it should fail).

    The environment is the command's alone (no other JUMYS_ variable, COLUMNS=80) and the settings are read
    from it afresh; the consoles take COLUMNS when made, at import, so they are set to 80 columns here and put
    back afterwards."""
    env: dict[str, str | None] = {k: None for k in os.environ if k.startswith("JUMYS_")}
    env |= {"JUMYS_HOME": str(home / "home"), "JUMYS_PSEUDONYM_KEY": TEST_KEY, "COLUMNS": "80"}
    widths = common.out._width, common.err._width
    common.out.width = common.err.width = 80
    get_settings.cache_clear()
    try:
        res = CliRunner().invoke(app, list(args), env=env)
    finally:
        get_settings.cache_clear()
        common.out._width, common.err._width = widths
    assert res.exit_code == code, res.output + repr(res.exception)
    return res.stdout + (res.stderr if code else "")


def assert_fits(text: str) -> None:
    """No line over 80 columns and nothing cut."""
    for line in text.splitlines():
        assert cell_len(line.rstrip()) <= 80, line
    assert "…" not in text, text


def test_the_scorecard_fits_80_columns_whole(home: Path) -> None:
    text = run(home, "scorecard", "--as-of", "2026-01-01")
    assert_fits(text)
    [almaty] = [line.split("75 Almaty city")[1] for line in text.splitlines() if "75 Almaty city" in line]
    assert almaty.split()[:4] == ["2", "60", "24", "40.0%"]  # projects, promised, verified, share
    assert "not shown at 80 columns" in text  # and says which columns it left out


def test_verify_fits_80_columns(home: Path) -> None:
    text = run(home, "verify", "--as-of", "2026-01-01")
    assert_fits(text)
    assert "PRJ-003" in text and "failed" in text and "on_track" in text


def test_summary_batches_and_an_ingest_fit_80_columns(home: Path, tmp_path: Path) -> None:
    summary = run(home, "summary")
    assert_fits(summary)
    assert "59 North Kazakhstan" in summary and "75 Almaty city" in summary
    batch = write_batch(tmp_path / "b", {"employers": [employer(), employer(kato="7510")]})
    report = run(home, "ingest", str(batch))
    assert_fits(report)
    assert "employers" in report and "a KATO code is 9 digits" in report
    ledger = run(home, "batches")
    assert_fits(ledger)
    assert "region_stats" in ledger and "employers" in ledger
    audit = run(home, "audit")
    assert_fits(audit)
    assert "ingest_batch" in audit and "cli:" in audit
    users = run(home, "users", "list")
    assert_fits(users)
    assert "inspector" in users and "ministry" in users


def test_alerts_fit_80_columns_in_the_language_asked(home: Path) -> None:
    ru = run(home, "alerts", "--as-of", "2026-01-01", "--lang", "ru")
    assert_fits(ru)
    assert "Высокая · Обещание не выполнено: Проект PRJ-003" in ru
    assert "high" not in ru and "failed" not in ru and "low_wage_share" not in ru
    kk = run(home, "alerts", "--as-of", "2026-01-01", "--lang", "kk")
    assert "Жоғары" in kk and "high" not in kk


def test_risk_scores_and_the_backtest_fit_80_columns(home: Path) -> None:
    scores = run(home, "risk", "score", "--as-of", "2026-01-01")
    assert_fits(scores)
    assert "enterprise risk at 2026-01-01" in scores and "rank" in scores
    assert "75 Almaty city" in scores  # a region by name, as every table of the command line shows it
    assert "┃" not in scores  # a compact table (jumys/cli/tables.py), not a framed one squeezed to fit
    backtest = run(home, "risk", "backtest")
    assert_fits(backtest)
    assert "skipped" in backtest and "┏" not in backtest  # every date skipped: no empty table under them


def test_skills_fit_80_columns_and_a_year_without_data_says_so(home: Path) -> None:
    text = run(home, "skills", "--year", "2025")
    assert_fits(text)
    assert "75 Almaty city" in text and "8311 Locomotive Engine" in text  # a region and a group, by name
    assert "24 Business and" in text and "no seekers" in text
    empty = run(home, "skills", "--year", "2010", code=2)
    assert "no skills and shortages figures for 2010" in empty
    assert "employees" not in empty  # no empty table


def test_a_synthetic_country_and_its_score_fit_80_columns(home: Path, tmp_path: Path) -> None:
    """Its files, and how verification classified what it planted (in a store of its own)."""
    text = run(home, "synth", "--scale", "0.0002", "--out", str(tmp_path / "synth"))
    assert_fits(text)
    assert (
        "contracts" in text and "synthetic Kazakhstan, scale 0.0002" in text
    )  # the title whole, on one line
    run(tmp_path, "ingest", str(tmp_path / "synth"))
    score = run(tmp_path, "score", str(tmp_path / "synth"))
    assert_fits(score)
    assert "broken_promise" in score and "precision" in score and "┃" not in score


def test_a_compact_table_leaves_out_optional_columns_first_and_never_cuts_a_key() -> None:
    cols = [
        Col("region", right=False, key=True),
        Col("promised jobs", "promised", key=True),
        Col("youth share", "youth", drop=2),
        Col("a column of little weight", "extra", drop=1),
    ]
    rows = [["59 North Kazakhstan", "1,234,567", "12.5%", "x" * 10]]
    table, left_out = compact_table(cols, rows, 40)
    assert [str(c.header) for c in table.columns] == ["region", "promised", "youth"]
    assert left_out == ["a column of little weight"]
    wide, nothing = compact_table(cols, rows, 200)
    assert len(wide.columns) == 4 and nothing == []
    assert str(wide.columns[1].header) == "promised\njobs"  # full headers, wrapped at their spaces


def test_an_empty_table_says_so_instead_of_drawing_its_headings() -> None:
    from io import StringIO

    from rich.console import Console

    from jumys.cli.tables import print_table

    console = Console(file=StringIO(), width=80)
    print_table(console, [Col("BIN", right=False, key=True), Col("arrears KZT")], [], "arrears", none="none")
    printed = console.file.getvalue()  # type: ignore[attr-defined]
    assert printed.splitlines() == ["arrears", "none"]
