"""Commands `jumys forecast migration` (the gravity model of flows between regions) and `jumys forecast
labour` (labour supply and demand by region)."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from jumys.cli.common import friendly, out, store
from jumys.cli.forecast import forecast_app
from jumys.cli.tables import Col, print_table, region_label


def _n(x: float, digits: int = 0) -> str:
    """A number with spaces between thousands; a small negative rounds to 0, not -0."""
    return f"{round(x, digits) + 0.0:,.{digits}f}".replace(",", " ")


@forecast_app.command("migration")
@friendly
def migration_cmd(
    year: Annotated[
        int | None,
        typer.Option("--year", help="The year predicted; default: the newest of the migration table."),
    ] = None,
    wage: Annotated[
        list[str] | None,
        typer.Option("--wage", help="A region's wage changed, KATO=+10% (-90 % to +500 %); repeatable."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """The gravity model of the migration table (Poisson GLM): coefficients with 95 % intervals, the fit
    and its holdout, and each region's predicted net migration, with the wage changes and without."""
    from jumys.forecasting.flows_and_labour import migration_forecast  # deferred: CLI start-up time

    with store().connect() as conn:
        f = migration_forecast(conn, year, wage)
    if as_json:
        sys.stdout.write(json.dumps(f.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n")
        return
    cols = [
        Col("coefficient", right=False, key=True),
        Col("estimate", "est", key=True),
        Col("std. error", "se", key=True),
        Col("95 % interval", "95 %", key=True),
    ]
    rows = [
        [c.name, f"{c.estimate:+.3f}", f"{c.std_error:.3f}", f"{c.lower:+.3f} .. {c.upper:+.3f}"]
        for c in f.coefficients
    ]
    years = f"{f.fitted_years[0]}-{f.fitted_years[-1]}"
    print_table(out, cols, rows, title=f"Gravity model, Poisson GLM on the flows of {years}")
    out.print(
        f"{f.observations} flows; deviance {_n(f.deviance)} of {_n(f.null_deviance)} (pseudo-R² "
        f"{f.pseudo_r2:.2f}); dispersion {f.dispersion:.1f}",
        highlight=False,
    )
    if f.holdout_year is not None:
        out.print(
            f"Holdout {f.holdout_year}: error per flow {f.holdout_flow_mae:.1f} persons "
            f"({100 * (f.holdout_flow_wape or 0):.0f} % of those who moved); net per region "
            f"{f.holdout_net_mae:.1f}",
            highlight=False,
        )
    net_cols = [
        Col("region", right=False, key=True),
        Col("wage", drop=1),
        Col("net, base", "base", key=True),
        Col("net, changed", "changed", key=True),
        Col("difference", "diff", key=True),
    ]
    net_rows = [
        [
            region_label(r.kato2),
            "" if r.wage_change_pct is None else f"{r.wage_change_pct:+.0f} %",
            _n(r.base),
            _n(r.changed),
            _n(r.difference),
        ]
        for r in f.regions
    ]
    print_table(out, net_cols, net_rows, title=f"Predicted net migration by region, {f.year}")


@forecast_app.command("labour")
@friendly
def labour_cmd(
    to: Annotated[
        int | None, typer.Option("--to", help="The last year; default: five after the base.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Labour supply (population x participation) and demand (the employment trend) by region and year,
    from the store's latest population, and the gap (supply - demand; positive: a surplus)."""
    from jumys.forecasting.flows_and_labour import labour_forecast  # deferred: CLI start-up time

    with store().connect() as conn:
        f = labour_forecast(conn, to)
    if as_json:
        sys.stdout.write(json.dumps(f.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n")
        return
    cols = [
        Col("region", right=False, key=True),
        Col("year", key=True),
        Col("supply", key=True),
        Col("demand", key=True),
        Col("gap", key=True),
        Col("per 1,000", "‰", key=True),
    ]
    rows = [
        [region_label(r.kato2), str(r.year), _n(r.supply), _n(r.demand), _n(r.gap), f"{r.gap_per_1000:+.0f}"]
        for r in f.rows
    ]
    print_table(
        out,
        cols,
        rows,
        title=f"Labour supply and demand from {f.base_year} (demand: {f.demand_method} trend); gap > 0: surplus",
    )
