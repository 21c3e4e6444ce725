"""Commands of scenarios of new growth points: `jumys scenario run FILE`, `list`, `show ID`, `compare ID ID...`
(docs/scenarios.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jumys.cli.common import app, cli_principal, friendly, out, store
from jumys.cli.tables import Col, print_table, region_label

if TYPE_CHECKING:
    from jumys.forecasting.scenario_store import RunDetail

scenario_app = typer.Typer(
    help="Scenarios of new growth points: jobs, resettlement and wages -> migration -> population -> needs.",
    no_args_is_help=True,
)
app.add_typer(scenario_app, name="scenario")

SHOWN = (
    ("population", "population", "pop."),
    ("net_migration", "net migration", "net mig."),
    ("age_0_5", "aged 0-5", "0-5"),
    ("age_6_17", "aged 6-17", "6-17"),
    ("age_18_62", "aged 18-62", "18-62"),
    ("age_63_plus", "aged 63+", "63+"),
    ("school_places", "school places", "school"),
    ("kindergarten_places", "kindergarten places", "kinderg."),
    ("hospital_beds", "hospital beds", "beds"),
    ("housing_m2", "housing, m2", "housing"),
)
LABEL = {m: label for m, label, _ in SHOWN}


def _n(v: float | None) -> str:
    return "–" if v is None else f"{round(v) + 0:,}"  # + 0: no "-0"


def _d(a: float | None, b: float | None) -> str:
    if a is None or b is None:
        return "–"
    d = round(a - b)
    return f"{d:+,}" if d else "0"


def _dump(value: object) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=1, default=str) + "\n")


@scenario_app.command("run")
@friendly
def run_cmd(
    file: Annotated[Path, typer.Argument(help="The scenario file (CSV: kind,region,year,value,to_region).")],
    to: Annotated[
        int | None, typer.Option("--to", help="The last year (default: the file's horizon, else 2050).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run as JSON instead of tables.")] = False,
) -> None:
    """Run a scenario and its baseline from the store's newest population to the horizon: migration by the
    gravity model, population by age, needs; store the run (audited) and show the difference it makes."""
    from jumys.errors import InvalidInput  # deferred: CLI start-up time
    from jumys.forecasting import messages as M
    from jumys.forecasting.scenario_service import run_and_store
    from jumys.forecasting.scenario_store import get_run

    try:
        data = file.read_bytes()
    except OSError as e:
        problem = [M.SCENARIO_UNREADABLE(reason=type(e).__name__)]
        raise InvalidInput(M.SCENARIO_REFUSED, file=file.name, count=1, problems=problem) from None
    who = cli_principal()
    with store().begin() as conn:
        run_id, _ = run_and_store(conn, data, file.name, who, to)
        detail = get_run(conn, who, run_id)
    if as_json:
        _dump(detail.model_dump(mode="json"))
        return
    _print_head(detail)
    _print_horizon(detail)


def _print_head(d: RunDetail) -> None:
    out.print(
        f"scenario run {d.run_id}: {d.name}; from the population of 1 January {d.base_year} to the end of "
        f"{d.horizon}; {d.seconds:.1f} s",
        highlight=False,
    )
    batches = d.provenance.get("batches", {})
    used = ", ".join(f"{table} {' '.join(ids) or '-'}" for table, ids in batches.items())
    out.print(f"file {d.file_name} (SHA-256 {d.file_sha256[:12]}…); data: {used}", highlight=False)


def _print_horizon(d: RunDetail) -> None:
    from jumys.forecasting.scenario_store import TOTAL, at_year, series_of  # deferred: CLI start-up time

    year = d.horizon
    rows = []
    for measure, label, _ in SHOWN:
        s, b = at_year(series_of(d, TOTAL, measure), d, year)
        rows.append([label, _n(b), _n(s), _d(s, b)])
    cols = [Col("the country", right=False, key=True), Col("baseline", key=True), Col("scenario", key=True)]
    cols.append(Col("difference", "diff.", key=True))
    print_table(out, cols, rows, title=f"At the end of {year} (net migration: during the year)")
    regions = sorted({c["region"] for c in d.changes} | {c["to_region"] for c in d.changes if c["to_region"]})
    region_rows = []
    for kato2 in regions:
        row = [region_label(kato2)]
        for measure in ("population", "school_places", "kindergarten_places", "hospital_beds", "housing_m2"):
            s, b = at_year(series_of(d, kato2, measure), d, year)
            row.append(_d(s, b))
        region_rows.append(row)
    print_table(
        out,
        [
            Col("region", right=False, key=True),
            Col("population", "pop.", key=True),
            Col("school places", "school", key=True),
            Col("kindergarten places", "kinderg.", drop=3),
            Col("hospital beds", "beds", drop=2),
            Col("housing, m2", "housing", drop=1),
        ],
        region_rows,
        title=f"The regions the scenario changes: scenario - baseline at the end of {year}",
    )


@scenario_app.command("list")
@friendly
def list_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """The stored scenario runs, newest first."""
    from jumys.access.audit import record_audit  # deferred: CLI start-up time
    from jumys.forecasting.scenario_store import list_runs

    who = cli_principal()
    with store().begin() as conn:
        runs = list_runs(conn, who)
        record_audit(conn, who, "read_scenarios", "scenario runs", None)
    if as_json:
        _dump([r.model_dump(mode="json") for r in runs])
        return
    cols = [
        Col("id", key=True),
        Col("name", right=False, key=True, fold=True),
        Col("base", key=True),
        Col("to", key=True),
        Col("ran at", "ran", right=False, drop=2),
        Col("by", right=False, drop=1),
    ]
    rows = [
        [
            str(r.run_id),
            r.name,
            str(r.base_year),
            str(r.horizon),
            f"{r.ran_at:%Y-%m-%d %H:%M}",
            r.ran_by or "",
        ]
        for r in runs
    ]
    print_table(out, cols, rows, title="Scenario runs", none="no scenario has been run")


@scenario_app.command("show")
@friendly
def show_cmd(
    run_id: Annotated[int, typer.Argument(help="The run's id (jumys scenario list).")],
    region: Annotated[
        str | None,
        typer.Option("--region", help="A region's 2-digit KATO code (default: the whole country)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """A stored run: its scenario, parameters and data, and its population and needs by year against the
    baseline (every fifth year and the last)."""
    from jumys.access.audit import record_audit  # deferred: CLI start-up time
    from jumys.forecasting.scenario_store import TOTAL, at_year, get_run, series_of

    who = cli_principal()
    with store().begin() as conn:
        d = get_run(conn, who, run_id)
        record_audit(conn, who, "read_scenario", f"scenario run {run_id}", None)
    if as_json:
        _dump(d.model_dump(mode="json"))
        return
    _print_head(d)
    if d.description:
        out.print(d.description, highlight=False)
    params = ", ".join(f"{k} {v}" for k, v in d.parameters.items() if k != "set_by_file")
    out.print(f"parameters: {params}", highlight=False)
    for c in d.changes:
        to = f" to {region_label(c['to_region'])}" if c["to_region"] else ""
        out.print(
            f"  {c['year']} {c['kind']} {region_label(c['region'])}{to}: {c['value']:,g}", highlight=False
        )
    where = region or TOTAL
    years = [y for y in d.years if (y - d.base_year + 1) % 5 == 0 or y in (d.years[0], d.horizon)]
    cols = [Col("year", key=True)]
    cols += [
        Col(label, short, key=i < 3, drop=0 if i < 3 else 10 - i) for i, (_, label, short) in enumerate(SHOWN)
    ]
    rows = []
    for y in years:
        row = [str(y)]
        for measure, _, _ in SHOWN:
            s, b = at_year(series_of(d, where, measure), d, y)
            row.append(_n(s) if y == d.years[0] else _d(s, b))
        rows.append(row)
    title = f"{region_label(where) if region else 'The country'}: the base, then scenario - baseline at each year's end"
    print_table(out, cols, rows, title=title, more="--json shows them")


@scenario_app.command("compare")
@friendly
def compare_cmd(
    run_ids: Annotated[list[int], typer.Argument(help="Two or more run ids.")],
    year: Annotated[
        int | None, typer.Option("--year", help="The year (default: the earliest horizon).")
    ] = None,
    region: Annotated[
        str | None,
        typer.Option("--region", help="A region's 2-digit KATO code (default: the whole country)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Runs side by side: each measure in a year under each scenario, and its difference from the baseline."""
    from jumys.access.audit import record_audit  # deferred: CLI start-up time
    from jumys.forecasting.scenario_store import TOTAL, at_year, compare_runs, series_of

    who = cli_principal()
    with store().begin() as conn:
        runs = compare_runs(conn, who, run_ids)
        record_audit(conn, who, "read_scenario", "scenario runs " + " ".join(map(str, run_ids)), None)
    if as_json:
        _dump([d.model_dump(mode="json") for d in runs])
        return
    when = year or min(d.horizon for d in runs)
    where = region or TOTAL
    cols = [Col("measure", right=False, key=True)]
    for i, d in enumerate(runs):
        cols += [
            Col(f"#{d.run_id}", key=True),
            Col(f"#{d.run_id} diff.", f"Δ{d.run_id}", key=i < 2, drop=len(runs) - i),
        ]
    rows = []
    for measure, label, _ in SHOWN:
        row = [label]
        for d in runs:
            s, b = at_year(series_of(d, where, measure), d, when)
            row += [_n(s), _d(s, b)]
        rows.append(row)
    for d in runs:
        out.print(f"#{d.run_id} {d.name} (base {d.base_year}, to {d.horizon})", highlight=False)
    place = region_label(where) if region else "The country"
    title = f"{place} at the end of {when}: each scenario and its difference from the baseline"
    print_table(out, cols, rows, title=title, more="--json shows them")
