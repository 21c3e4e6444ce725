"""Commands of forecasting: `jumys forecast backtest` (the methods against naive on the shipped series)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from jumys.cli.common import app, friendly, out
from jumys.cli.tables import Col, print_table

forecast_app = typer.Typer(help="Forecasts: backtests first.", no_args_is_help=True)
app.add_typer(forecast_app, name="forecast")

DOCS = Path(__file__).resolve().parents[2] / "docs" / "forecasting.md"


@forecast_app.command("backtest")
@friendly
def backtest_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    write_docs: Annotated[
        bool, typer.Option("--write-docs", help="Also replace the table in docs/forecasting.md.")
    ] = False,
) -> None:
    """Rolling-origin backtest of naive, drift, damped-trend smoothing and ARIMA(1,1,0) on the shipped series (origins
    2010 on, h = 1-3): median MASE against naive, share within 10 %, 80 % interval coverage, the method
    used per family and whether the targets are met."""
    from jumys.forecasting.backtest import run_backtest
    from jumys.forecasting.report import as_json as to_json
    from jumys.forecasting.report import markdown, replace_block
    from jumys.forecasting.series import shipped_series

    result = run_backtest(shipped_series())
    if write_docs:
        DOCS.write_text(replace_block(DOCS.read_text(encoding="utf-8"), markdown(result)), encoding="utf-8")
    if as_json:
        sys.stdout.write(json.dumps(to_json(result), ensure_ascii=False, indent=1) + "\n")
        return
    cols = [
        Col("family", right=False, key=True),
        Col("method", right=False, key=True),
        Col("h", key=True),
        Col("series", "n", drop=2),
        Col("forecasts", "fc", drop=1),
        Col("median MASE", "MASE", key=True),
        Col("within 10 %", "≤10%", key=True),
        Col("80 % coverage", "cov80", key=True),
        Col("80 % widened", "w80", drop=3),
        Col("95 % widened", "w95", drop=4),
    ]
    rows = [
        [
            r.family,
            r.method,
            str(r.h),
            str(r.series),
            str(r.forecasts),
            f"{r.mase:.2f}",
            f"{100 * r.within:.0f} %",
            f"{100 * r.coverage:.0f} %",
            f"{100 * r.calibrated80:.0f} %",
            f"{100 * r.calibrated95:.0f} %",
        ]
        for r in result.rows
    ]
    print_table(out, cols, rows, title="Backtest: rolling origin, fitted only on data up to the origin")
    choice_cols = [
        Col("family", right=False, key=True),
        Col("data", right=False, drop=1),
        Col("used", right=False, key=True),
        Col("MASE", key=True),
        Col("naive", key=True),
        Col("<1", right=False, key=True),
        Col("in10%", key=True),
        Col("≥60%", right=False, key=True),
    ]
    choice_rows = [
        [
            c.family,
            c.years,
            c.method,
            f"{c.mase:.2f}",
            f"{c.naive_mase:.2f}",
            "yes" if c.beats_naive else "no",
            f"{100 * c.within:.0f} %",
            "yes" if c.within_met else "no",
        ]
        for c in result.choices
    ]
    print_table(
        out,
        choice_cols,
        choice_rows,
        title="The method used per family at h = 1; targets: MASE < 1, ≥ 60 % within 10 %",
    )
    out.print(f"{result.seconds:.1f} s", highlight=False)
