"""`jumys forecast population`: population by region, sex and age to 2035 or 2050, and its check on 2018-2023."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from jumys.cli.common import friendly, out, store
from jumys.cli.forecast import DOCS, forecast_app
from jumys.cli.tables import Col, print_table, region_label

if TYPE_CHECKING:
    from jumys.forecasting.population_check import Check
    from jumys.forecasting.population_report import PopulationForecastOut

CHECK_BEGIN = "<!-- population check: begin (jumys forecast population --check --write-docs) -->"
CHECK_END = "<!-- population check: end -->"


@forecast_app.command("population")
@friendly
def population_cmd(
    region: Annotated[str | None, typer.Option("--region", help="A region's 2-digit KATO code.")] = None,
    to: Annotated[int, typer.Option("--to", help="The last year projected (2035, 2050, ...).")] = 2035,
    data: Annotated[
        Literal["store", "shipped"],
        typer.Option("--data", help="store: the store's population and migration; shipped: BNS statistics."),
    ] = "store",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Project 1 January 2018 to 2023 and compare with BNS's totals.")
    ] = False,
    write_docs: Annotated[
        bool,
        typer.Option("--write-docs", help="With --check: also replace its table in docs/forecasting.md."),
    ] = False,
) -> None:
    """Population by region, sex and single year of age (cohort-component): totals by region for the years
    shown, the age groups 0-5, 6-17, 18-62 and 63+, the low and high variants; --check scores the model
    on 2018-2023."""
    if check:
        _check(as_json, write_docs)
        return
    from jumys.forecasting.population import check_region, forecast_population
    from jumys.forecasting.population_report import forecast_out

    check_region(region)
    if data == "store":
        engine = store()
        with engine.connect() as conn:
            result = forecast_population(conn, "store", to)
    else:
        result = forecast_population(None, "shipped", to)
    shown = forecast_out(result, region)
    if as_json:
        sys.stdout.write(shown.model_dump_json(indent=1) + "\n")
        return
    _print(shown)


def _thousands(x: float) -> str:
    return f"{x / 1000:,.1f}"


def _print(f: PopulationForecastOut) -> None:
    from jumys.forecasting.population_report import shown_years

    years = shown_years(f.years)
    at = [f.years.index(y) for y in years]
    cols = [Col("region", right=False, key=True)] + [Col(str(y), key=True) for y in years]
    cols.append(Col(f"{years[-1]} low-high", "low-high", drop=1))
    rows = [
        [region_label(r.kato2) if r.kato2 != "KZ" else "Kazakhstan"]
        + [_thousands(r.medium[i]) for i in at]
        + [f"{_thousands(r.low[-1])}-{_thousands(r.high[-1])}"]
        for r in (*f.regions, f.national)
    ]
    print_table(out, cols, rows, title="Population at 1 January, thousands (medium variant)")
    scope = "Kazakhstan" if f.age_groups.scope == "KZ" else region_label(f.age_groups.scope)
    group_cols = [Col("ages", right=False, key=True)] + [Col(str(y), key=True) for y in years]
    group_rows = [
        [name] + [_thousands(values[i]) for i in at] for name, values in f.age_groups.groups.items()
    ]
    print_table(out, group_cols, group_rows, title=f"{scope} by age group, thousands (medium variant)")
    d = f.data
    where = f"store batch {d.batch_no} ({d.batch_id})" if d.source == "store" else "shipped BNS statistics"
    span = d.migration_years
    migration = (
        "" if not span else f" (net migration of {span[0]}" + (f"-{span[1]})" if span[1] != span[0] else ")")
    )
    out.print(f"data: {where}{migration}; {d.note}", highlight=False)


def _check(as_json: bool, write_docs: bool) -> None:
    from jumys.forecasting.population_check import markdown, run_check
    from jumys.forecasting.report import replace_block

    result = run_check()
    if write_docs:
        text = DOCS.read_text(encoding="utf-8")
        DOCS.write_text(replace_block(text, markdown(result), CHECK_BEGIN, CHECK_END), encoding="utf-8")
    if as_json:
        sys.stdout.write(_check_json(result) + "\n")
        return
    cols = [
        Col("region", right=False, key=True),
        Col("2018", drop=3),
        Col("net migration a year", "net/yr", drop=2),
        Col("2023 projected", "2023 proj", key=True),
        Col("2023 published", "2023 publ", key=True),
        Col("error", "err", key=True),
        Col("2021 error", "2021 err", drop=1),
    ]
    rows = [
        [
            region_label(r.kato2) if r.kato2 != "KZ" else "Kazakhstan",
            _thousands(r.base),
            f"{result.net_migration[r.kato2]:+,.0f}" if r.kato2 in result.net_migration else "",
            _thousands(r.projected),
            _thousands(r.published),
            f"{r.error:+.1f} %",
            f"{r.error_middle:+.1f} %",
        ]
        for r in (*result.regions, result.nation)
    ]
    print_table(out, cols, rows, title="1 January 2018 projected to 2023 (2018 borders), thousands")
    out.print(
        f"mean absolute error of the regions: {result.mean_absolute_error:.1f} %; BNS's 2022+ figures are "
        "rebased on the 2021 census",
        highlight=False,
    )


def _check_json(result: Check) -> str:
    import json
    from dataclasses import asdict

    rows = [
        asdict(r) | {"error": r.error, "error_2021": r.error_middle} for r in (*result.regions, result.nation)
    ]
    body = {
        "regions": rows[:-1],
        "nation": rows[-1],
        "net_migration": result.net_migration,
        "growth": result.growth,
        "mean_absolute_error": result.mean_absolute_error,
    }
    return json.dumps(body, ensure_ascii=False, indent=1)
