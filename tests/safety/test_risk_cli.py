"""`jumys risk score` and `jumys risk backtest`: their JSON, a skipped date's reason, a future date refused."""

from __future__ import annotations

import datetime as dt
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
from tests.safety.risk_world import RiskWorld


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, duckdb_template: Path) -> Iterator[Path]:
    """An embedded store with three employers, the CLI pointed at it."""
    monkeypatch.setenv("JUMYS_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("JUMYS_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    settings = get_settings()
    w = RiskWorld()
    builder, shop, idle = w.employer(oked="41201"), w.employer(), w.employer()
    w.staff(builder, 4, conditions="hazardous")
    w.staff(shop, 2)
    w.staff(idle, 1, start="2019-01-01", end="2021-01-01")
    w.incident(builder, "2024-02-01", "fatal")
    w.inspection(builder, "2023-05-01", violations=4, fine=200_000)
    engine = duckdb_copy(settings, duckdb_template)
    w.load(engine, tmp_path / "batch", settings)
    engine.dispose()
    yield tmp_path / "home"
    get_settings.cache_clear()


def test_risk_score_json_is_every_active_employer_with_its_factors(home: Path) -> None:
    result = CliRunner().invoke(app, ["risk", "score", "--as-of", "2025-01-01", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 2
    assert [set(r) for r in rows] == [{"bin", "score", "class", "factors"}] * 2
    top = rows[0]
    assert top["score"] > rows[1]["score"]
    assert {f["factor"] for f in top["factors"]} >= {"injuries_weighted", "section", "violations"}
    assert next(f for f in top["factors"] if f["factor"] == "section")["value"] == "F"
    assert [f["points"] for f in top["factors"]] == sorted(
        (f["points"] for f in top["factors"]), reverse=True
    )
    engine = make_engine(settings=get_settings())
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM fact_risk_runs")).scalar_one() == 1
        assert (
            conn.execute(sa.text("SELECT count(*) FROM audit_log WHERE action = 'score_risk'")).scalar_one()
            == 1
        )


def test_risk_score_refuses_a_date_after_today(home: Path) -> None:
    result = CliRunner().invoke(app, ["risk", "score", "--as-of", "9946-08-20"])
    assert result.exit_code != 0
    assert "after today" in result.output


def test_risk_backtest_says_which_dates_it_skipped_and_why(home: Path) -> None:
    result = CliRunner().invoke(app, ["risk", "backtest", "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert [c["skipped"] for c in body["cuts"]] == [
        f"Cut date {y}-01-01 skipped: the safety records begin on 2023-05-01, fewer than 3 years before it."
        for y in (2023, 2024, 2025)
    ]
    assert body["pooled"] is None
    table = CliRunner().invoke(app, ["risk", "backtest"])
    assert table.exit_code == 0 and "Cut date 2025-01-01 skipped" in table.output


def test_risk_backtest_table_keeps_its_dates_whole_in_80_columns() -> None:
    from rich.console import Console

    from jumys.cli.safety import BACKTEST_COLS, backtest_rows
    from jumys.cli.tables import print_table
    from jumys.safety.schemas import Backtest, Comparison, CutResult

    def cmp() -> Comparison:
        return Comparison(model=0.639, random=0.46, rule=0.38)

    cut = CutResult(
        cut=dt.date(2024, 1, 1),
        scored=3432,
        inspected=124,
        hit_rate=cmp(),
        hit_auc=cmp(),
        severe_share=cmp(),
        severe_auc=cmp(),
    )
    console = Console(width=80, record=True)
    print_table(console, BACKTEST_COLS, backtest_rows(Backtest(cuts=[cut], pooled=cut)))
    shown = console.export_text()
    assert "2024-01-01" in shown and "pooled" in shown and "inspected" in shown, shown
    assert "63.9%" in shown and "0.639" in shown and "…" not in shown, shown
    assert max(len(line.rstrip()) for line in shown.splitlines()) <= 80, shown
