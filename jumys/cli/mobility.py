"""Commands of internal mobility: `jumys regions` (the labour index), `jumys regions override FILE` (the
government's list) and `jumys compatriots plan` (expected arrivals against each region's deficit)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jumys.cli.common import app, cli_principal, friendly, out, parse_as_of, store
from jumys.cli.tables import Col, print_table, region_label

if TYPE_CHECKING:
    from jumys.reports.mobility import CompatriotsPlan, Missing, RegionIndexPage

regions_app = typer.Typer(
    help="Labour-surplus and labour-deficit regions: the index, its components, the government's list.",
    invoke_without_command=True,
)
app.add_typer(regions_app, name="regions")
compatriots_app = typer.Typer(help="Compatriots abroad: the repatriation plan.", no_args_is_help=True)
app.add_typer(compatriots_app, name="compatriots")

MORE = "a wider terminal or --json shows them"
_COMPONENT_UNIT = {
    "unemployment": "%",
    "seekers_per_vacancy": "",
    "working_age_growth": "%",
    "net_migration": "‰",
}


@regions_app.callback()
@friendly
def regions_cmd(
    ctx: typer.Context,
    year: Annotated[
        int | None, typer.Option("--year", help="The year; default: the newest year of the population file.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Each region's labour index in a year: its components (value and score), class and source, and the
    demographic-deficit test."""
    if ctx.invoked_subcommand is not None:
        return
    from jumys.access.service import record_audit  # deferred: CLI start-up time
    from jumys.reports.mobility import region_index

    who = cli_principal()
    with store().begin() as conn:
        page = region_index(conn, who, year)
        record_audit(conn, who, "read_mobility_regions", f"year {page.year}", None)
    if as_json:
        sys.stdout.write(json.dumps(page.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n")
        return
    _print_index(page)


def _num(x: float | None, digits: int = 2) -> str:
    return "–" if x is None else f"{x:+.{digits}f}"


def _missing(items: list[Missing]) -> str:
    """What is missing, each kind once with its years as ranges: "population 2019-2020, 2024"."""
    years: dict[str, list[int]] = {}
    for m in items:
        years.setdefault(m.what, [])
        if m.year is not None:
            years[m.what].append(m.year)
    parts = []
    for what, found in years.items():
        spans: list[list[int]] = []
        for y in sorted(found):
            if spans and y == spans[-1][1] + 1:
                spans[-1][1] = y
            else:
                spans.append([y, y])
        shown = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)
        parts.append(f"{what} {shown}" if shown else what)
    return "; ".join(parts)


def _print_index(page: RegionIndexPage) -> None:
    if page.year is None:
        out.print("no population is stored: the labour index has no year to be computed for")
        return
    cols = [
        Col("region", right=False, key=True),
        Col("class", right=False, key=True),
        Col("by", right=False, drop=5),
        Col("index", key=True),
        Col("unemployment % (score)", "unempl.", drop=4),
        Col("seekers / vacancies (score)", "seekers/vac.", drop=3),
        Col("working age % (score)", "w.age", drop=2),
        Col("net migration ‰ (score)", "net mig.", drop=1),
        Col("demographic deficit", "demogr.", right=False, key=True),
        Col("missing", right=False, drop=6, fold=True),
    ]
    rows = []
    for r in page.regions:
        parts = []
        for c in r.components:
            if c.name == "seekers_per_vacancy":
                shown = f"{c.detail.get('seekers', '–')}/{c.detail.get('vacancies', '–')}"
            else:
                shown = "–" if c.value is None else f"{c.value:.1f}"
            parts.append(f"{shown} ({_num(c.score)})")
        demographic = "yes" if r.demographic_deficit else "no"
        if r.working_age_change_pct is not None:
            demographic += f" ({r.working_age_change_pct:+.1f}%, {r.negative_years} neg.)"
        rows.append(
            [
                region_label(r.kato2),
                r.labour_class or "unknown",
                r.source or "",
                _num(r.index),
                *parts,
                demographic,
                _missing(r.missing),
            ]
        )
    print_table(out, cols, rows, title=f"Labour index, {page.year}", more=MORE)
    if page.list_from_year is None:
        out.print(f"no government list of regions is in force for {page.year}: the index decides every class")
    else:
        where = "shipped with Jumys" if page.list_source == "shipped" else f"loaded from {page.list_source}"
        when = f" on {page.list_loaded_at:%Y-%m-%d}" if page.list_loaded_at else ""
        out.print(f"the government's list in force: {where}{when}, from {page.list_from_year}")


@regions_app.command("override")
@friendly
def override_cmd(
    file: Annotated[
        Path, typer.Argument(help="A CSV file: from_year, kato2, class (surplus, deficit, balanced), note.")
    ],
) -> None:
    """Load the government's own list of labour-surplus and labour-deficit regions: it replaces the list
    shipped with Jumys (and any loaded before); a listed region takes the list's class from its year on."""
    import datetime as dt  # deferred: CLI start-up time

    from jumys.access.service import record_audit
    from jumys.errors import InvalidInput
    from jumys.mobility import messages as M
    from jumys.mobility.service import parse_region_list, store_region_list

    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InvalidInput(M.LIST_UNREADABLE, reason=f"{file.name}: {type(e).__name__}") from None
    rows = parse_region_list(text)
    with store().begin() as conn:
        n = store_region_list(conn, rows, file.name, dt.datetime.now(dt.UTC))
        counts = {c: sum(1 for r in rows if r.labour_class == c) for c in ("surplus", "deficit", "balanced")}
        record_audit(conn, cli_principal(), "load_region_list", f"file {file.name}", {"rows": n, **counts})
    years = sorted({r.from_year for r in rows})
    out.print(
        f"{n} regions listed from {', '.join(map(str, years))}: "
        f"{counts['surplus']} surplus, {counts['deficit']} deficit, {counts['balanced']} balanced"
    )


@compatriots_app.command("plan")
@friendly
def plan_cmd(
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Count registrations made on or before this date; default: today."),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option("--year", help="The year of the index the deficits come from; default: newest."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """The repatriation plan: compatriots expected by destination region and year, against each region's class,
    shortfall of workers (open vacancies less job seekers) and working-age loss."""
    from jumys.access.service import record_audit  # deferred: CLI start-up time
    from jumys.reports.mobility import compatriots_plan

    who = cli_principal()
    with store().begin() as conn:
        plan = compatriots_plan(conn, who, parse_as_of(as_of) if as_of else None, year)
        record_audit(conn, who, "read_compatriots_plan", f"as_of {plan.as_of}", {"year": plan.index_year})
    if as_json:
        sys.stdout.write(json.dumps(plan.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n")
        return
    _print_plan(plan)


def _print_plan(plan: CompatriotsPlan) -> None:
    def one(x: float | None) -> str:
        return "–" if x is None else f"{x:,.1f}"

    def whole(x: int | None) -> str:
        return "–" if x is None else f"{x:,}"

    cols = [
        Col("region", right=False, key=True),
        Col("year", key=True),
        Col("expected", key=True),
        Col("named it", "named", drop=3),
        Col("spread", drop=2),
        Col("higher ed.", "higher", drop=1),
        Col("class", right=False, key=True),
        Col("demographic deficit", "demogr.", right=False, drop=4),
        Col("shortfall", key=True),
        Col("working-age loss", "w.age loss", drop=5),
        Col("expected ÷ shortfall", "cover", drop=6),
    ]
    rows = [
        [
            region_label(r.kato2),
            str(r.year) if r.year else "not stated",
            one(r.expected),
            whole(r.stated),
            one(r.spread),
            one(r.higher),
            r.labour_class or "unknown",
            "yes" if r.demographic_deficit else "no",
            whole(r.shortfall),
            whole(r.working_age_loss),
            "–" if r.cover is None else f"{r.cover:.0%}",
        ]
        for r in plan.rows
    ]
    title = f"Compatriots expected, registered by {plan.as_of}; deficits of {plan.index_year or 'no year'}"
    print_table(out, cols, rows, title=title, more=MORE, none="no compatriot is registered")
    t = plan.totals
    if t is not None:
        out.print(
            f"{t.persons:,} registered: {t.named_region:,} named a region, {t.named_year:,} a year; "
            f"{t.unassigned:,} could not be spread (nobody named a region)"
        )
