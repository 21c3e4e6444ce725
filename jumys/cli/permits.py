"""Commands of foreign labour: `jumys permits decide` (applications by the rules), `jumys quotas` (the ledger) and
`jumys quotas propose` (next year's quota)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from jumys.cli.common import app, cli_principal, friendly, out, parse_as_of, store
from jumys.cli.tables import Col, print_table
from jumys.errors import InvalidInput

if TYPE_CHECKING:
    import sqlalchemy as sa

    from jumys.config import Settings
    from jumys.permits.rules import QuotaShares
    from jumys.permits.schemas import Decision, Points, QuotaLedger, QuotaProposal
    from jumys.registry.pseudonym import PseudonymKey

permits_app = typer.Typer(help="Work permits of foreign workers: applications decided by the rules.")
app.add_typer(permits_app, name="permits")


def read_applications(path: Path) -> list[dict[str, str]]:
    """The rows of an applications CSV (UTF-8, a header naming the interface's columns)."""
    from jumys.permits import messages as M  # deferred: CLI start-up time
    from jumys.permits.service import FIELDS

    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            missing = [c for c in FIELDS if c not in (reader.fieldnames or [])]
            if missing:
                raise InvalidInput(M.FILE_COLUMNS, columns=", ".join(missing))
            return [dict(r) for r in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise InvalidInput(M.FILE_UNREADABLE, path=str(path), problem=type(e).__name__) from None


ApplicationsFile = Annotated[Path, typer.Argument(help="The applications, a CSV file (docs/permits.md).")]


def _file_to_decide(path: Path) -> tuple[list[dict[str, str]], sa.Engine, Settings, PseudonymKey]:
    """The rows of an applications file, the store, the settings and the key its IINs are hashed with."""
    from jumys.config import get_settings  # deferred: CLI start-up time
    from jumys.doors.applications import key_of

    rows = read_applications(path)
    engine = store()
    settings = get_settings()
    return rows, engine, settings, key_of(settings, engine)


@permits_app.command("decide")
@friendly
def decide_cmd(
    applications: ApplicationsFile,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one decision per application as JSON.")
    ] = False,
    points: Annotated[
        bool,
        typer.Option(
            "--points", help="Print each decision's points too (a column; in JSON a field `points`)."
        ),
    ] = False,
) -> None:
    """Decide applications in order of (submitted_on, application_id), or by points within a day and quota when
    JUMYS_PERMIT_SELECTION=points: issued, refused (every failed check with its numbers) or invalid (nothing
    stored); decisions, their points and permits are stored and audited."""
    import threading  # deferred: CLI start-up time

    from jumys.doors.applications import decide_many

    rows, engine, settings, key = _file_to_decide(applications)
    decisions: Iterable[Decision] = decide_many(
        engine, threading.Lock(), key, cli_principal(), rows, settings.permit_selection
    )
    scored: dict[str, Points] = {}
    if points:
        decisions = list(decisions)
        scored = points_of_decisions(engine, [d.application_id for d in decisions if d.decision != "invalid"])
    if as_json:
        sys.stdout.write("[")
        for i, d in enumerate(decisions):
            line = d.model_dump_json()  # the interface's decision, as without --points
            if points:
                shown = scored.get(d.application_id)
                line = line[:-1] + ',"points":' + ("null" if shown is None else shown.model_dump_json()) + "}"
            sys.stdout.write(("," if i else "") + "\n" + line)
        sys.stdout.write("\n]\n")
        return
    counts = {"issued": 0, "refused": 0, "invalid": 0}
    table = Table(title=f"decisions on {applications.name}")
    for col in ("application", "decision", "permit", *(("points",) if points else ()), "why"):
        table.add_column(col)
    for d in decisions:
        counts[d.decision] += 1
        why = ", ".join(f.check for f in d.failed_checks) if d.decision == "refused" else ""
        shown = scored.get(d.application_id)
        total = (f"{shown.total} / {shown.pass_mark}" if shown else "-",) if points else ()
        table.add_row(
            d.application_id,
            d.decision,
            d.permit_id or "",
            *total,
            why or (d.sentence["en"] if d.reason else ""),
        )
    out.print(table)
    out.print(f"issued {counts['issued']:,}, refused {counts['refused']:,}, invalid {counts['invalid']:,}")


def points_of_decisions(engine: sa.Engine, application_ids: list[str]) -> dict[str, Points]:
    """The points stored with these decisions, by application id."""
    from jumys.permits.points import stored_points  # deferred: CLI start-up time

    with engine.connect() as conn:
        return stored_points(conn, application_ids)


@permits_app.command("rank")
@friendly
def rank_cmd(
    applications: ApplicationsFile,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the quotas and their applications as JSON.")
    ] = False,
) -> None:
    """The applications of a file competing for each quota: their points, in the order they would be decided
    (JUMYS_PERMIT_SELECTION), and which would get the units left; nothing is decided, stored or audited."""
    import threading  # deferred: CLI start-up time

    from jumys.doors.applications import rank_applications
    from jumys.permits.rules import POINTS_PASS_MARK

    rows, engine, settings, key = _file_to_decide(applications)
    cells, invalid = rank_applications(
        engine, threading.Lock(), key, cli_principal(), rows, settings.permit_selection
    )
    if as_json:
        body = {
            "selection": settings.permit_selection,
            "quotas": [c.model_dump(mode="json") for c in cells],
            "invalid": [d.model_dump(mode="json") for d in invalid],
        }
        sys.stdout.write(json.dumps(body, ensure_ascii=False, indent=1) + "\n")
        return
    cols = [
        Col("year", drop=3),
        Col("region", right=False, key=True),
        Col("category", right=False, key=True),
        Col("units left", "left", key=True),
        Col("application", right=False, key=True),
        Col("submitted", drop=2),
        Col("points", key=True),
        Col("would get", "gets", right=False, key=True, fold=True),
    ]
    table_rows = []
    for c in cells:
        for i, a in enumerate(c.applications):
            quota = [str(c.year), c.region, c.category, f"{c.left:,}"] if i == 0 else [""] * 4
            shown = "-" if a.points is None else str(a.points)
            fate = "yes" if a.would_get else "no: " + ", ".join(a.failed_checks)
            table_rows.append([*quota, a.application_id, a.submitted_on.isoformat(), shown, fate])
    title = (
        f"applications of {applications.name} by quota (selection: {settings.permit_selection}; "
        f"pass mark {POINTS_PASS_MARK})"
    )
    print_table(out, cols, table_rows, title)
    for d in invalid:
        out.print(d.sentence["en"], highlight=False)


quotas_app = typer.Typer(
    help="Foreign-labour quotas: the ledger of a year, and next year's quota proposed.",
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(quotas_app, name="quotas")


@quotas_app.callback()
@friendly
def quotas_cmd(
    ctx: typer.Context,
    year: Annotated[int | None, typer.Option("--year", help="The quota year.")] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Foreign workers at this date, YYYY-MM-DD; default 1 October of the year."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the ledger as JSON.")] = False,
) -> None:
    """The quota ledger of a year: units, issued and left by region and category, the household quota, the cap
    from the labour force, and foreign workers by country, OKED section, region and category at a date."""
    if ctx.invoked_subcommand is not None:
        return
    if year is None:
        out.print(ctx.get_help())
        raise typer.Exit(2)
    from jumys.reports.permits import quota_ledger  # deferred: CLI start-up time

    day = parse_as_of(as_of) if as_of else dt.date(year, 10, 1)
    engine = store()
    with engine.connect() as conn:
        ledger = quota_ledger(conn, cli_principal(), year, day, _shares())
    if as_json:
        sys.stdout.write(json.dumps(ledger.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n")
        return
    out.print(ledger_table(ledger))
    out.print(ledger_summary(ledger), highlight=False)


@quotas_app.command("propose")
@friendly
def propose_cmd(
    year: Annotated[int, typer.Option("--year", help="The year to propose the quota for.")],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Read the data up to this date of the year before; default its 31 December."
        ),
    ] = None,
    region: Annotated[str | None, typer.Option("--region", help="Only this region (its KATO code).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the proposal as JSON.")] = False,
) -> None:
    """Next year's quota proposed by region and category from the shortages of the year before (vacancies
    unfilled after the labour-market test, less the job seekers of the same occupation, plus the units used
    where they were used up), scaled to the national cap; each line with its terms and its sentence."""
    from jumys.reports.quota_proposal import quota_proposal  # deferred: CLI start-up time

    day = parse_as_of(as_of) if as_of else None
    engine = store()
    with engine.connect() as conn:
        proposal = quota_proposal(conn, cli_principal(), year, day, region, _shares())
    if as_json:
        sys.stdout.write(json.dumps(proposal.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n")
        return
    print_proposal(proposal)


def _shares() -> QuotaShares:
    from jumys.config import get_settings  # deferred: CLI start-up time
    from jumys.permits.rules import QuotaShares

    return QuotaShares.of(get_settings())


def print_proposal(proposal: QuotaProposal) -> None:
    """The lines with every term, then the cap, the scale and the household quota in a few lines."""
    from jumys.cli.tables import Col, print_table, region_label  # deferred: CLI start-up time

    cols = [
        Col("region", right=False, key=True),
        Col("category", right=False, key=True),
        Col("vacancies unfilled", "unfilled", key=True),
        Col("job seekers matched", "matched", key=True),
        Col("shortage", drop=2),
        Col(f"units {proposal.data_year}", "units", drop=3),
        Col(f"used {proposal.data_year}", "used", drop=4),
        Col("used counted", "counted", key=True),
        Col("demand", key=True),
        Col("proposed", key=True),
    ]
    rows = [
        [
            region_label(q.region),
            q.category,
            f"{q.vacancies_unfilled:,}",
            f"{q.seekers_matched:,}",
            f"{q.shortage:,}",
            f"{q.last_units:,}",
            f"{q.last_used:,}" + (" (used up)" if q.used_up else ""),
            f"{q.used_counted:,}",
            f"{q.demand:,}",
            f"{q.proposed:,}",
        ]
        for q in proposal.lines
    ]
    title = f"foreign-labour quota proposed for {proposal.year} from the data of {proposal.data_year}"
    title += f" to {proposal.as_of}"
    print_table(out, cols, rows, title, "a wider terminal or --json shows them")
    cap = "-" if proposal.cap_units is None else f"{proposal.cap_units:,}"
    force = "-" if proposal.labour_force is None else f"{proposal.labour_force:,}"
    scale = "-" if proposal.scale is None else f"{100 * proposal.scale:.1f} %"
    out.print(
        f"national demand {proposal.demand:,} (shortage + units used where used up)\n"
        f"cap {100 * proposal.cap_share:.2f} % of the labour force {force} = {cap}\n"
        f"scale {scale}: proposed {proposal.proposed:,}\n{proposal.household.sentence['en']}",
        highlight=False,
    )


def ledger_table(ledger: QuotaLedger) -> Table:
    """The ledger's lines: region, category, units, issued, left."""
    table = Table(title=f"foreign-labour quotas {ledger.year}")
    for col in ("region", "category", "units", "issued", "left"):
        table.add_column(col, justify="left" if col in ("region", "category") else "right")
    for q in ledger.lines:
        table.add_row(q.region, q.category, f"{q.units:,}", f"{q.issued:,}", f"{q.left:,}")
    return table


def ledger_summary(ledger: QuotaLedger) -> str:
    """The totals, the household quota and the caps in a few lines."""
    cap = "-" if ledger.cap_units is None else f"{ledger.cap_units:,}"
    hcap = "-" if ledger.household_cap_units is None else f"{ledger.household_cap_units:,}"
    force = "-" if ledger.labour_force is None else f"{ledger.labour_force:,}"
    return (
        f"employers' quota {ledger.units:,} units, {ledger.issued:,} issued, {ledger.left:,} left; "
        f"cap {100 * ledger.cap_share:.2f} % of the labour force {force} = {cap}\n"
        f"household quota {ledger.household_units:,} units, {ledger.household_issued:,} issued; "
        f"cap {100 * ledger.household_share:.1f} % = {hcap}\n"
        f"foreign workers with a permit on {ledger.as_of}: "
        f"{sum(w.workers or 0 for w in ledger.workers if w.by == 'category'):,}"
    )
