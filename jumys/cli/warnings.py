"""Commands of the labour-conflict early warning: the warnings at a date, and how well they work."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Annotated, Any

import typer

from jumys.cli.common import app, cli_principal, friendly, out, parse_as_of, pct, store
from jumys.cli.dated import print_signals, store_and_list

warnings_app = typer.Typer(
    help="Labour-conflict early warning: signals per employer with their evidence, and their measure.",
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(warnings_app, name="warnings")


@warnings_app.callback()
@friendly
def warnings_cmd(
    ctx: typer.Context,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="The date to compute the warnings at, YYYY-MM-DD.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    region: Annotated[str | None, typer.Option("--region", help="Only this region (2-digit KATO).")] = None,
) -> None:
    """Compute and store the warnings at a date (watch: one signal, high: two or more), and print them."""
    if ctx.invoked_subcommand is not None:
        return
    if as_of is None:
        out.print(ctx.get_help())
        raise typer.Exit(2)
    from jumys.doors.asof import refuse_future  # deferred: CLI start-up time
    from jumys.reports.warnings import list_warnings
    from jumys.safety.warnings import run_warnings

    day = refuse_future(parse_as_of(as_of))
    rows = store_and_list(
        "warnings",
        day,
        run_warnings,
        lambda conn: list_warnings(conn, cli_principal(), day, region=region, limit=10**9),
        as_json,
    )
    if rows is not None:
        _print(rows, day)


def _print(rows: list[Any], day: dt.date) -> None:
    from jumys.safety.warning_texts import signal_sentence  # deferred: CLI start-up time

    for r in rows:
        colour = "red" if r.level == "high" else "yellow"
        out.print(f"[{colour}]{r.level:<5}[/] {r.bin} {r.region} {r.name}", highlight=False)
        print_signals(r.signals, signal_sentence)
    high = sum(r.level == "high" for r in rows)
    out.print(f"{len(rows)} employers warned at {day}: {high} high, {len(rows) - high} watch")


@warnings_app.command("measure")
@friendly
def measure_cmd(
    first: Annotated[
        str | None,
        typer.Option(
            "--from", help="Disputes started on or after this date (default: the month of the first dispute)."
        ),
    ] = None,
    last: Annotated[
        str | None,
        typer.Option(
            "--to", help="... and before this date (default: the month after the last dispute or payroll)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Recall (disputes warned 30-180 days ahead) and precision (high warnings followed by a dispute in 6 months)."""
    from jumys.access.service import record_audit  # deferred: CLI start-up time
    from jumys.safety.warning_measure import measure_warnings

    engine = store()

    def ran(day: dt.date) -> None:
        if not as_json:
            out.print(f"computing the warnings at {day}", highlight=False)

    with engine.begin() as conn:
        m = measure_warnings(
            conn,
            parse_as_of(first) if first else None,
            parse_as_of(last) if last else None,
            on_run=ran,
        )
        record_audit(
            conn, cli_principal(), "measure_warnings", f"disputes {m.disputes_from}..{m.disputes_to}", {}
        )
    if as_json:
        sys.stdout.write(json.dumps(m.as_json(), indent=1) + "\n")
        return
    out.print(
        f"disputes started {m.disputes_from} to {m.disputes_to}: {m.disputes}; warned 30-180 days ahead: "
        f"{m.warned} (recall {pct(m.recall)}), by a high warning: {m.warned_high}",
        highlight=False,
    )
    out.print(
        f"high warnings {m.warnings_from} to {m.warnings_to}: {m.high_warnings}; followed by a dispute within 6 "
        f"months: {m.high_followed} (precision {pct(m.precision)}); watch: {m.watch_followed} of "
        f"{m.watch_warnings} ({pct(m.watch_precision)})",
        highlight=False,
    )
    for y in m.years:
        out.print(
            f"  {y.year}: recall {pct(y.recall)} ({y.warned}/{y.disputes}), precision {pct(y.precision)} "
            f"({y.high_followed}/{y.high_warnings})",
            highlight=False,
        )
    out.print(f"{m.runs_made} monthly runs made for this measure", highlight=False)
