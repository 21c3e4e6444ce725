"""The command of illegal work and fictitious contracts: employers scored by the signals at a date."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer

from jumys.cli.common import app, cli_principal, friendly, out, parse_as_of
from jumys.cli.dated import print_signals, store_and_list


@app.command("illegal-work")
@friendly
def illegal_work_cmd(
    as_of: Annotated[str, typer.Option("--as-of", help="The date to compute the signals at, YYYY-MM-DD.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    region: Annotated[str | None, typer.Option("--region", help="Only this region (2-digit KATO).")] = None,
) -> None:
    """Compute and store the illegal-work signals at a date, employers scored by them, and print them."""
    from jumys.doors.asof import refuse_future  # deferred: CLI start-up time
    from jumys.illegal_work.signals import run_illegal_work
    from jumys.reports.illegal_work import list_illegal_work

    day = refuse_future(parse_as_of(as_of))
    rows = store_and_list(
        "illegal_work",
        day,
        run_illegal_work,
        lambda conn: list_illegal_work(conn, cli_principal(), day, region=region, limit=10**9),
        as_json,
    )
    if rows is not None:
        _print(rows, day)


def _print(rows: list[Any], day: dt.date) -> None:
    from jumys.illegal_work.texts import signal_sentence  # deferred: CLI start-up time

    for r in rows:
        out.print(
            f"[red]{r.score}[/] {r.bin} {r.region} {r.name}: {r.persons:,} persons, {r.amount_kzt:,} KZT",
            highlight=False,
        )
        print_signals(r.signals, signal_sentence)
    out.print(f"{len(rows)} employers with illegal-work signals at {day}")
