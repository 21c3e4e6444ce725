"""`jumys forecast series`: the series forecast beyond their data, with 80 % and 95 % intervals."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import Annotated, Literal

import typer

from jumys.cli.common import friendly, out, store
from jumys.cli.forecast import forecast_app
from jumys.cli.tables import Col, print_table, region_label


def _n(x: float, digits: int) -> str:
    return f"{x:,.{digits}f}"


@forecast_app.command("series")
@friendly
def series_cmd(
    family: Annotated[
        str | None,
        typer.Option(help="employment, unemployment, population, migration or wages; default: every family."),
    ] = None,
    region: Annotated[
        str | None, typer.Option(help="A region's 2-digit KATO code; default: every region.")
    ] = None,
    source: Annotated[
        Literal["shipped", "store"],
        typer.Option(
            help="shipped: the published series shipped with Jumys; store: region_stats of the store."
        ),
    ] = "shipped",
    years: Annotated[int, typer.Option(help="How many years past the last published value, 1-10.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Each series forecast 1-10 years past its last published value by the method its family's backtest chose
    (naive where too short to test), with 80 % and 95 % intervals; says how far the data go and the method's
    backtest MASE."""
    from jumys.forecasting.outlook import shipped_outlook
    from jumys.forecasting.outlook_store import store_outlook

    if source == "store":
        with store().connect() as conn:
            found = store_outlook(conn, family, region, years)
    else:
        found = shipped_outlook(family, region, years)
    if as_json:
        sys.stdout.write(json.dumps([asdict(o) for o in found], ensure_ascii=False, indent=1) + "\n")
        return
    cols = [
        Col("family", right=False, key=True),
        Col("series", right=False, key=True, fold=True),
        Col("data to", "to", drop=2),
        Col("method", right=False, key=True),
        Col("MASE", drop=3),
        Col("year", key=True),
        Col("forecast", key=True),
        Col("80 % interval", "80 %", key=True),
        Col("95 % interval", "95 %", drop=1),
    ]
    rows = []
    for o in found:
        digits = 1 if o.family == "unemployment" else 0
        name = o.series if o.family in ("wages",) or not o.series.isdigit() else region_label(o.series)
        for k, year in enumerate(o.years):
            rows.append(
                [
                    o.family if k == 0 else "",
                    name if k == 0 else "",
                    str(o.last_year) if k == 0 else "",
                    o.method if k == 0 else "",
                    (f"{o.mase:.2f}" if o.mase is not None else "untested") if k == 0 else "",
                    str(year),
                    _n(o.point[k], digits),
                    f"{_n(o.low80[k], digits)}–{_n(o.high80[k], digits)}",
                    f"{_n(o.low95[k], digits)}–{_n(o.high95[k], digits)}",
                ]
            )
    print_table(out, cols, rows, title=f"Forecasts beyond the data ({source} series)")
    out.print(
        "MASE: median at h = 1 on the family's backtest; untested: too short to test, naive.",
        highlight=False,
    )
