"""The command of illegal work and fictitious contracts: employers scored by the signals at a date."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Annotated, Any

import typer

from jumys.cli.common import app, cli_principal, friendly, out, parse_as_of, progress_bar, store


@app.command("illegal-work")
@friendly
def illegal_work_cmd(
    as_of: Annotated[str, typer.Option("--as-of", help="The date to compute the signals at, YYYY-MM-DD.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    region: Annotated[str | None, typer.Option("--region", help="Only this region (2-digit KATO).")] = None,
) -> None:
    """Compute and store the illegal-work signals at a date, employers scored by them, and print them."""
    from jumys.access.service import record_audit  # deferred: CLI start-up time
    from jumys.doors.asof import refuse_future
    from jumys.illegal_work.signals import run_illegal_work
    from jumys.reports.illegal_work import list_illegal_work

    day = refuse_future(parse_as_of(as_of))
    engine = store()
    with progress_bar(not as_json) as tick, engine.begin() as conn:
        n = run_illegal_work(conn, day, progress=tick)
        record_audit(conn, cli_principal(), "illegal_work", f"as_of {day}", {"employers": n})
    with engine.connect() as conn:
        rows, _total = list_illegal_work(conn, cli_principal(), day, region=region, limit=10**9)
    if as_json:
        dumped = [r.model_dump(mode="json") for r in rows]
        sys.stdout.write(json.dumps(dumped, ensure_ascii=False, indent=1) + "\n")
        return
    _print(rows, day)


def _print(rows: list[Any], day: dt.date) -> None:
    for r in rows:
        out.print(
            f"[red]{r.score}[/] {r.bin} {r.region} {r.name}: {r.persons:,} persons, {r.amount_kzt:,} KZT",
            highlight=False,
        )
        for s in r.signals:
            numbers = ", ".join(f"{k} {v}" for k, v in s.evidence.items())
            out.print(f"    {s.signal:<18} {numbers}", highlight=False)
    out.print(f"{len(rows)} employers with illegal-work signals at {day}")
