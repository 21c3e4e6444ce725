"""Commands of job-creation verification: verify, scorecards, alerts."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from jumys.cli import messages as M
from jumys.cli.common import app, cli_principal, friendly, out, parse_as_of, pct, progress_bar, store
from jumys.cli.tables import Col, print_table, region_label
from jumys.errors import JumysError
from jumys.projects.schemas import COUNTS

if TYPE_CHECKING:
    import sqlalchemy as sa


def ensure_verified(engine: sa.Engine, as_of: dt.date, show_progress: bool = True) -> None:
    """Verify as_of unless it has been verified already (a date after today is refused)."""
    import sqlalchemy as sa  # deferred: CLI start-up time

    from jumys.doors.asof import refuse_future
    from jumys.projects.methodology import Methodology
    from jumys.projects.service import run_verification
    from jumys.projects.tables import verification_runs

    with engine.connect() as conn:
        done = conn.execute(
            sa.select(sa.func.count())
            .select_from(verification_runs)
            .where(verification_runs.c.as_of == as_of)
        ).scalar_one()
    if not done:
        refuse_future(as_of)
        with progress_bar(show_progress) as tick, engine.begin() as conn:
            run_verification(conn, as_of, Methodology(), tick)


MORE = "a wider terminal or --json shows them"
STATUS_STYLE = {
    "fulfilled": "green",
    "on_track": "green",
    "at_risk": "yellow",
    "failed": "red",
    "pending": "dim",
}


@app.command()
@friendly
def verify(
    as_of: Annotated[str, typer.Option("--as-of", help="The date to verify at, YYYY-MM-DD.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the spec's JSON array instead of a table.")
    ] = False,
) -> None:
    """Verify every project's promise at a date against the registries and store the results."""
    from jumys.access.service import record_audit  # deferred: CLI start-up time
    from jumys.doors.asof import refuse_future
    from jumys.projects.methodology import Methodology
    from jumys.projects.service import results, results_json, run_verification

    day = refuse_future(parse_as_of(as_of))
    engine = store()
    with progress_bar(not as_json) as tick, engine.begin() as conn:
        counts = run_verification(conn, day, Methodology(), tick)
        record_audit(conn, cli_principal(), "verify", f"as_of {day}", dict(counts))
    with engine.connect() as conn:
        if as_json:
            sys.stdout.write(results_json(conn, day) + "\n")
            return
        rows = results(conn, day)
    cols = [
        Col("project", right=False, key=True),
        Col("region", key=True),
        Col("status", right=False, key=True),
        Col("promised", key=True),
        Col("verified", key=True),
        Col("credited", drop=7),
        Col("provisional", "prov.", drop=4),
        Col("unconfirmed", "unconf.", drop=6),
        Col("baseline", "base", drop=1),
        Col("current", "now", drop=2),
        Col("youth", drop=5),
        Col("temporary", "temp.", drop=3),
        Col("wage share", "wage", drop=8),
    ]
    table_rows = []
    for r in rows:
        share = f"{100 * r['wage_share']:.0f}%" if r["wage_share"] is not None else "-"
        status = f"[{STATUS_STYLE[r['status']]}]{r['status']}[/]"
        table_rows.append([r["project_id"], r["region"], status, *(f"{r[k]:,}" for k in COUNTS), share])
    print_table(
        out, cols, table_rows, f"job-creation verification at {day} ({counts['projects']} projects)", MORE
    )
    out.print(
        f"stored for {day}: {counts['projects']} projects, {counts['regions']} region scorecards, "
        f"{counts['alerts']} alerts"
    )


@app.command()
@friendly
def scorecard(
    as_of: Annotated[str, typer.Option("--as-of", help="The date, YYYY-MM-DD (verified first if need be).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Region scorecards for akims: promised against verified jobs, ranked, with the change since last time."""
    from jumys.reports import region_scorecards  # deferred: CLI start-up time

    day = parse_as_of(as_of)
    engine = store()
    ensure_verified(engine, day, not as_json)
    with engine.connect() as conn:
        rows = region_scorecards(conn, cli_principal(), day)
    if as_json:
        dumped = [r.model_dump() for r in rows]
        sys.stdout.write(json.dumps(dumped, default=str, ensure_ascii=False, indent=1) + "\n")
        return
    cols = [
        Col("rank", "#", key=True),
        Col("region", right=False, key=True),
        Col("projects", "proj."),
        Col("promised", key=True),
        Col("verified", key=True),
        Col("fulfilment", "share", key=True),
        Col("change", "chg", drop=5),
        Col("failed", "fail", drop=7),
        Col("at risk", "risk", drop=6),
        Col("youth", drop=1),
        Col("30% rule", "30%", drop=2),
        Col("wage vs avg", "wage", drop=3),
        Col("unconfirmed", "unconf.", drop=4),
    ]
    table_rows = [
        [
            str(r.rank),
            region_label(r.kato2),
            str(r.projects),
            f"{r.promised_permanent_jobs:,}",
            f"{r.verified_permanent_jobs:,}",
            pct(r.fulfilment),
            "" if r.rank_change is None else f"{r.rank_change:+d}",
            str(r.failed),
            str(r.at_risk),
            pct(r.youth_share),
            pct(r.wage_rule_share),
            "-" if r.salary_ratio is None else f"{r.salary_ratio:.2f}",
            f"{r.unconfirmed:,}",
        ]
        for r in rows
    ]
    title = f"region scorecards at {day}" + (
        f" (change since {rows[0].previous_as_of})" if rows and rows[0].previous_as_of else ""
    )
    print_table(out, cols, table_rows, title, MORE)


@app.command("alerts")
@friendly
def alerts_cmd(
    as_of: Annotated[str, typer.Option("--as-of", help="The date, YYYY-MM-DD (verified first if need be).")],
    lang: Annotated[str, typer.Option(help="Language of the sentences: ru, kk or en.")] = "ru",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (all languages).")] = False,
) -> None:
    """Failed and at-risk projects, contracts without contributions, low wage share: each says why."""
    from jumys.kit.i18n import translator  # deferred: CLI start-up time
    from jumys.reports import list_alerts
    from jumys.web.labels import alert_kind_label, severity_label

    if lang not in ("ru", "kk", "en"):
        raise JumysError(M.LANG_UNKNOWN)
    day = parse_as_of(as_of)
    engine = store()
    ensure_verified(engine, day, not as_json)
    with engine.connect() as conn:
        rows = list_alerts(conn, cli_principal(), day)
    if as_json:
        dumped = [r.model_dump() for r in rows]
        sys.stdout.write(json.dumps(dumped, default=str, ensure_ascii=False, indent=1) + "\n")
        return
    t = translator(lang)
    for r in rows:  # severity and kind in the language of the sentence, as the alerts page writes them
        colour = "red" if r.severity == "high" else "yellow"
        message = getattr(r, f"message_{lang}")
        severity, kind = severity_label(t, r.severity), alert_kind_label(t, r.kind)
        out.print(f"[{colour}]{severity}[/] · {kind}: {message}", highlight=False)
    out.print(f"{len(rows)} alerts at {day}")
