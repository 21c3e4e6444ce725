"""`jumys`: the command line of Jumys. Each command is one transaction over the domain services."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import sqlalchemy as sa
import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from jumys.access.principal import Principal
from jumys.access.service import (
    add_user,
    disable_user,
    generate_password,
    issue_token,
    list_audit,
    list_users,
    record_audit,
)
from jumys.errors import JumysError
from jumys.projects.alerts import list_alerts
from jumys.projects.methodology import Methodology
from jumys.projects.scorecard import scorecards
from jumys.projects.service import results, results_json, run_verification
from jumys.projects.tables import verification_runs
from jumys.reference.regions import regions
from jumys.registry.ingest import ingest_batch
from jumys.registry.service import check_integrity, list_batches, loaded_by_region
from jumys.storage.engine import make_engine
from jumys.storage.revisions import current, upgrade
from jumys.synth.scoring import load_truth
from jumys.synth.scoring import score as score_truth
from jumys.synth.service import generate

app = typer.Typer(
    help="Jumys: the labour market seen through its registries.", no_args_is_help=True, add_completion=False
)
db_app = typer.Typer(help="The store: schema revisions and integrity.", no_args_is_help=True)
app.add_typer(db_app, name="db")

out = Console()
err = Console(stderr=True)
F = TypeVar("F", bound=Callable[..., Any])


def friendly(fn: F) -> F:
    """Turn a JumysError into one line on stderr and exit code 2; never a traceback."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except JumysError as e:
            err.print(f"[red]error:[/red] {e.message}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            err.print("interrupted: nothing was applied by the unfinished step")
            raise typer.Exit(130) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as e:
            if os.environ.get("JUMYS_DEBUG"):
                raise
            err.print(
                f"[red]internal error[/red] ({type(e).__name__}): "
                f"{str(e).splitlines()[0] if str(e) else ''}. "
                "Nothing was applied by the failed step; run with JUMYS_DEBUG=1 for details.",
                highlight=False,
                soft_wrap=True,
            )
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def store() -> sa.Engine:
    """The configured store, upgraded to the newest schema revision."""
    engine = make_engine()
    upgrade(engine)
    return engine


@contextmanager
def progress_bar(enabled: bool = True) -> Iterator[Callable[[str, int, int], None]]:
    """A rich progress bar driven by (step, done, total) callbacks."""
    if not enabled or not err.is_terminal:  # a bar only where a person watches; logs get the result alone
        yield lambda _s, _d, _t: None
        return
    with Progress(
        TextColumn("{task.description:<40}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("starting", total=1)

        def tick(step: str, done: int, total: int) -> None:
            bar.update(task, description=step, completed=done, total=total)

        yield tick


@db_app.command("upgrade")
@friendly
def db_upgrade() -> None:
    """Create the store or bring its schema to the newest revision."""
    engine = store()
    out.print(f"schema at revision {current(engine)} ({engine.url.render_as_string(hide_password=True)})")


@db_app.command("check")
@friendly
def db_check() -> None:
    """Verify keys and references of every registry table (exit 1 when one is broken)."""
    with store().connect() as conn:
        problems = check_integrity(conn)
    for p in problems:
        out.print(f"[red]broken:[/red] {p}")
    if problems:
        raise typer.Exit(1)
    out.print("every key is unique and every reference resolves")


@app.command()
@friendly
def ingest(
    path: Annotated[Path, typer.Argument(help="The batch: a folder, or a .zip of one.")],
    rejects: Annotated[
        Path | None, typer.Option(help="Folder for the rejects report (default: JUMYS_HOME/rejects/BATCH).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Check a batch by the data contract and apply its valid rows, all or nothing."""
    engine = store()
    with progress_bar(not as_json) as tick:
        report = ingest_batch(engine, path, progress=tick, rejects_dir=rejects)
    with engine.begin() as conn:  # every write goes to the audit log, from the CLI as from the API
        record_audit(
            conn,
            _cli_principal(),
            "ingest_batch",
            f"batch {report.batch_id}",
            {"status": report.status, "accepted": report.rows_accepted, "rejected": report.rows_rejected},
        )
    if as_json:
        data = {
            "batch_id": report.batch_id,
            "batch_no": report.batch_no,
            "status": report.status,
            "files": [f.__dict__ for f in report.files],
            "warnings": report.warnings,
            "rows_accepted": report.rows_accepted,
            "rows_rejected": report.rows_rejected,
            "rejects_total": report.rejects_total,
            "rejects_csv": str(report.rejects_csv) if report.rejects_csv else None,
            "rejects_json": str(report.rejects_json) if report.rejects_json else None,
        }
        out.print_json(json.dumps(data, ensure_ascii=False))
        return
    if report.status == "already_applied":
        out.print(f"batch {report.batch_id} was already applied as batch {report.batch_no}: nothing changed")
        return
    table = Table(title=f"batch {report.batch_id} (no. {report.batch_no})")
    for col in ("file", "read", "accepted", "rejected", "warnings"):
        table.add_column(col, justify="right" if col in ("read", "accepted", "rejected") else "left")
    for f in report.files:
        table.add_row(
            f.file, f"{f.rows_read:,}", f"{f.rows_accepted:,}", f"{f.rows_rejected:,}", "; ".join(f.warnings)
        )
    out.print(table)
    for w in report.warnings:
        out.print(f"[yellow]warning:[/yellow] {w}")
    if report.rejects_total:
        out.print(f"{report.rejects_total:,} problems in {report.rows_rejected:,} rejected rows; the first:")
        for r in report.rejects[:10]:
            out.print(f"  {r['file']}:{r['line']} {r['column'] or ''}: {r['reason']}", highlight=False)
        out.print(f"rejects report: {report.rejects_csv} and {report.rejects_json}")
    else:
        out.print("no rows rejected")


@app.command()
@friendly
def batches(limit: Annotated[int, typer.Option(help="How many batches, newest first.")] = 20) -> None:
    """List the ledger: each batch with its source, time and rows accepted and rejected per file."""
    with store().connect() as conn:
        rows = list_batches(conn, limit)
    if not rows:
        out.print("no batches yet")
        return
    table = Table()
    for col in ("no", "batch id", "source", "ingested at", "file", "accepted", "rejected"):
        table.add_column(col)
    for b in rows:
        for i, f in enumerate(b["files"]):
            first = i == 0
            table.add_row(
                str(b["batch_no"]) if first else "",
                b["batch_id"] if first else "",
                (b["source"] or "") if first else "",
                f"{b['ingested_at']:%Y-%m-%d %H:%M:%S}" if first else "",
                f["file"],
                f"{f['rows_accepted']:,}",
                f"{f['rows_rejected']:,}",
            )
    out.print(table)


@app.command()
@friendly
def summary() -> None:
    """What the store holds, per region."""
    with store().connect() as conn:
        data = loaded_by_region(conn)
    cols = ("employers", "persons", "contracts", "payroll", "projects", "vacancies", "permits")
    table = Table(title="loaded, per region")
    table.add_column("region")
    for c in cols:
        table.add_column(c, justify="right")
    totals = dict.fromkeys(cols, 0)
    for r in regions():
        row = data.get(r.kato2, {})
        for c in cols:
            totals[c] += row.get(c, 0)
        table.add_row(f"{r.kato2} {r.name_en}", *(f"{row.get(c, 0):,}" for c in cols))
    table.add_row("[b]all[/b]", *(f"[b]{totals[c]:,}[/b]" for c in cols))
    out.print(table)


def _as_of(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise JumysError(f"--as-of {value!r} is not a date YYYY-MM-DD") from None


def _ensure_verified(engine: sa.Engine, as_of: dt.date, show_progress: bool = True) -> None:
    """Verify as_of unless it has been verified already."""
    with engine.connect() as conn:
        done = conn.execute(
            sa.select(sa.func.count())
            .select_from(verification_runs)
            .where(verification_runs.c.as_of == as_of)
        ).scalar_one()
    if not done:
        with progress_bar(show_progress) as tick, engine.begin() as conn:
            run_verification(conn, as_of, Methodology(), tick)


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
    day = _as_of(as_of)
    engine = store()
    with progress_bar(not as_json) as tick, engine.begin() as conn:
        counts = run_verification(conn, day, Methodology(), tick)
        record_audit(conn, _cli_principal(), "verify", f"as_of {day}", dict(counts))
    with engine.connect() as conn:
        if as_json:
            sys.stdout.write(results_json(conn, day) + "\n")
            return
        rows = results(conn, day)
    table = Table(title=f"job-creation verification at {day} ({counts['projects']} projects)")
    for col in (
        "project",
        "region",
        "status",
        "promised",
        "verified",
        "credited",
        "provisional",
        "unconfirmed",
        "baseline",
        "current",
        "youth",
        "temporary",
        "wage share",
    ):
        table.add_column(col, justify="left" if col in ("project", "status") else "right")
    for r in rows:
        share = f"{100 * r['wage_share']:.0f}%" if r["wage_share"] is not None else "-"
        table.add_row(
            r["project_id"],
            r["region"],
            f"[{STATUS_STYLE[r['status']]}]{r['status']}[/]",
            *(
                f"{r[k]:,}"
                for k in (
                    "promised_permanent_jobs",
                    "verified_permanent_jobs",
                    "credited",
                    "provisional",
                    "unconfirmed",
                    "baseline_headcount",
                    "current_headcount",
                    "youth_jobs",
                    "temporary_jobs",
                )
            ),
            share,
        )
    out.print(table)
    out.print(
        f"stored for {day}: {counts['projects']} projects, {counts['regions']} region scorecards, "
        f"{counts['alerts']} alerts"
    )


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}%"


@app.command()
@friendly
def scorecard(
    as_of: Annotated[str, typer.Option("--as-of", help="The date, YYYY-MM-DD (verified first if need be).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Region scorecards for akims: promised against verified jobs, ranked, with the change since last time."""
    day = _as_of(as_of)
    engine = store()
    _ensure_verified(engine, day, not as_json)
    with engine.connect() as conn:
        rows = scorecards(conn, day)
    if as_json:
        sys.stdout.write(json.dumps(rows, default=str, ensure_ascii=False, indent=1) + "\n")
        return
    names = {r.kato2: r.name_en for r in regions()}
    table = Table(
        title=f"region scorecards at {day}"
        + (f" (change since {rows[0]['previous_as_of']})" if rows and rows[0]["previous_as_of"] else "")
    )
    for col in (
        "rank",
        "region",
        "projects",
        "promised",
        "verified",
        "fulfilment",
        "change",
        "failed",
        "at risk",
        "youth",
        "30% rule",
        "wage vs avg",
        "unconfirmed",
    ):
        table.add_column(col, justify="left" if col == "region" else "right")
    for r in rows:
        change = "" if r["rank_change"] is None else f"{r['rank_change']:+d}"
        table.add_row(
            str(r["rank"]),
            f"{r['region']} {names.get(r['region'], '')}",
            str(r["projects"]),
            f"{r['promised_permanent_jobs']:,}",
            f"{r['verified_permanent_jobs']:,}",
            _pct(r["fulfilment"]),
            change,
            str(r["failed"]),
            str(r["at_risk"]),
            _pct(r["youth_share"]),
            _pct(r["wage_rule_share"]),
            "-" if r["salary_ratio"] is None else f"{r['salary_ratio']:.2f}",
            f"{r['unconfirmed']:,}",
        )
    out.print(table)


@app.command("alerts")
@friendly
def alerts_cmd(
    as_of: Annotated[str, typer.Option("--as-of", help="The date, YYYY-MM-DD (verified first if need be).")],
    lang: Annotated[str, typer.Option(help="Language of the sentences: ru, kk or en.")] = "ru",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (all languages).")] = False,
) -> None:
    """Failed and at-risk projects, contracts without contributions, low wage share: each says why."""
    if lang not in ("ru", "kk", "en"):
        raise JumysError("--lang must be ru, kk or en")
    day = _as_of(as_of)
    engine = store()
    _ensure_verified(engine, day, not as_json)
    with engine.connect() as conn:
        rows = list_alerts(conn, day)
    if as_json:
        sys.stdout.write(json.dumps(rows, default=str, ensure_ascii=False, indent=1) + "\n")
        return
    for r in rows:
        colour = "red" if r["severity"] == "high" else "yellow"
        out.print(f"[{colour}]{r['severity']:<6}[/] {r['kind']:<15} {r['message_' + lang]}", highlight=False)
    out.print(f"{len(rows)} alerts at {day}")


@app.command()
@friendly
def synth(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write the batch into.")],
    scale: Annotated[
        float, typer.Option(help="1.0 = the whole country (about 7M contracts).", min=0.0001, max=2.0)
    ] = 0.01,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed writes the same files.")] = 1,
    fmt: Annotated[str, typer.Option("--format", help="csv or parquet.")] = "csv",
    year: Annotated[
        int, typer.Option(help="The year of payroll; as-of date of the truth is 1 January after it.")
    ] = 2025,
) -> None:
    """Write a synthetic Kazakhstan in the data-contract format, with the truth it planted."""
    if fmt not in ("csv", "parquet"):
        raise JumysError("--format must be csv or parquet")
    with progress_bar() as tick:
        rows = generate(out_dir, scale=scale, seed=seed, fmt=fmt, year=year, progress=tick)  # type: ignore[arg-type]
    table = Table(title=f"synthetic Kazakhstan, scale {scale}, seed {seed} -> {out_dir}")
    table.add_column("file")
    table.add_column("rows", justify="right")
    for name, n in rows.items():
        table.add_row(name, f"{n:,}")
    out.print(table)


@app.command("score")
@friendly
def score_cmd(
    truth: Annotated[Path, typer.Argument(help="truth.json of a synthetic batch, or its folder.")],
) -> None:
    """Score verification against a synthetic country's truth: precision and recall per planted situation."""
    data = load_truth(truth)
    engine = store()
    _ensure_verified(engine, dt.date.fromisoformat(data["as_of"]))
    with engine.connect() as conn:
        result = score_truth(conn, data)
    table = Table(title=f"planted situations at {result['as_of']}: how verification classified them")
    for col in ("situation", "level", "planted", "flagged", "caught", "precision", "recall"):
        table.add_column(col, justify="left" if col in ("situation", "level") else "right")
    missed = False
    for s in result["scores"]:
        missed |= s.caught < s.planted
        table.add_row(
            s.situation,
            s.level,
            str(s.planted),
            str(s.flagged),
            str(s.caught),
            _pct(s.precision),
            _pct(s.recall),
        )
    out.print(table)
    mism = result["mismatches"]
    out.print(
        f"{result['projects'] - len(mism)} of {result['projects']} projects match the truth's numbers exactly"
    )
    for m in mism[:10]:
        out.print(f"  {m}", highlight=False)
    if missed or mism:
        raise typer.Exit(1)


users_app = typer.Typer(
    help="Who may use the API and the dashboard: users, roles, tokens.", no_args_is_help=True
)
app.add_typer(users_app, name="users")


def _cli_principal() -> Principal:
    """The person at the command line, as the audit log names them."""
    return Principal(username=f"cli:{getpass.getuser()}"[:64], role="ministry", via="cli")


@app.command()
@friendly
def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on; keep the loopback unless a proxy is in front.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the API (/api/v1, schema at /api/v1/openapi.json) and the dashboard over the store."""
    import uvicorn

    from jumys.api.app import create_app
    from jumys.config import get_settings

    settings = get_settings()
    if settings.database_url is None:
        err.print(
            "embedded store: this process owns the DuckDB file while it serves; stop it before a CLI command "
            "that writes (ingest, verify, users)",
            highlight=False,
        )
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


@users_app.command("add")
@friendly
def users_add(
    username: Annotated[str, typer.Argument(help="The name to sign in with.")],
    role: Annotated[str, typer.Option(help="ministry, akimat, inspector, investor or public.")],
    region: Annotated[
        str | None, typer.Option(help="akimat: its region, a 2-digit KATO code (e.g. 75).")
    ] = None,
    bins: Annotated[
        list[str] | None, typer.Option("--bin", help="investor: one of its BINs (repeat for more).")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    token: Annotated[
        bool, typer.Option("--token", help="A machine: issue a token instead of a password.")
    ] = False,
    token_days: Annotated[
        float | None, typer.Option(help="The token's lifetime in days (default: until disabled).")
    ] = None,
) -> None:
    """Create a user of a role; prints its generated password or token, once (only hashes are stored)."""
    from jumys.reference.regions import region_codes

    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif not token:
        password = generate_password()
    with store().begin() as conn:
        add_user(
            conn,
            username,
            role,
            known_regions=region_codes(),
            region=region,
            bins=bins or (),
            password=password,
        )
        secret = issue_token(conn, username, days=token_days) if token else None
        record_audit(
            conn,
            _cli_principal(),
            "add_user",
            f"user {username}",
            {"role": role, "region": region, "bins": sorted(bins or ()), "token": token},
        )
    out.print(f"user {username} ({role}) created", highlight=False)
    if secret:
        out.print(f"token (shown once, send it as 'Authorization: Bearer TOKEN'):\n{secret}", highlight=False)
    elif password and not password_stdin:
        out.print(f"password (shown once):\n{password}", highlight=False)


@users_app.command("token")
@friendly
def users_token(
    username: Annotated[str, typer.Argument(help="The user the token signs in as.")],
    days: Annotated[
        float | None, typer.Option(help="The token's lifetime in days (default: until disabled).")
    ] = None,
) -> None:
    """Issue another machine token for a user; prints it, once."""

    with store().begin() as conn:
        secret = issue_token(conn, username, days=days)
        record_audit(conn, _cli_principal(), "issue_token", f"user {username}", {"days": days})
    out.print(f"token (shown once):\n{secret}", highlight=False)


@users_app.command("disable")
@friendly
def users_disable(username: Annotated[str, typer.Argument(help="The user to stop.")]) -> None:
    """Stop a user signing in; its sessions and tokens end at once."""

    with store().begin() as conn:
        disable_user(conn, username)
        record_audit(conn, _cli_principal(), "disable_user", f"user {username}")
    out.print(f"user {username} disabled")


@users_app.command("list")
@friendly
def users_list() -> None:
    """Every user with role, region or BINs, tokens, and whether it is disabled."""

    with store().connect() as conn:
        rows = list_users(conn)
    if not rows:
        out.print("no users yet: jumys users add NAME --role ROLE")
        return
    table = Table()
    for col in ("user", "role", "region", "BINs", "password", "tokens", "created", "disabled"):
        table.add_column(col)
    for u in rows:
        table.add_row(
            u["username"],
            u["role"],
            u["region"] or "",
            u["bins"] or "",
            "yes" if u["has_password"] else "no",
            str(u["tokens"]),
            f"{u['created_at']:%Y-%m-%d}",
            f"{u['disabled_at']:%Y-%m-%d}" if u["disabled_at"] else "",
        )
    out.print(table)


@app.command()
@friendly
def audit(
    limit: Annotated[int, typer.Option(help="How many lines, newest first.")] = 50,
    user: Annotated[str | None, typer.Option(help="Only this user's lines.")] = None,
    action: Annotated[
        str | None, typer.Option(help="Only this action, e.g. read_project or ingest_batch.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The audit log: who read person-level data or wrote anything, when, and how it went."""

    with store().connect() as conn:
        rows = list_audit(conn, limit=limit, username=user, action=action)
    if as_json:
        sys.stdout.write(json.dumps(rows, default=str, ensure_ascii=False, indent=1) + "\n")
        return
    table = Table()
    for col in ("when (UTC)", "user", "role", "via", "action", "resource", "outcome", "detail"):
        table.add_column(col)
    for r in rows:
        colour = {"ok": "green", "denied": "red", "failed": "yellow"}[r["outcome"]]
        table.add_row(
            f"{r['logged_at']:%Y-%m-%d %H:%M:%S}",
            r["username"],
            r["role"],
            r["via"],
            r["action"],
            r["resource"],
            f"[{colour}]{r['outcome']}[/]",
            json.dumps(r["detail"], ensure_ascii=False) if r["detail"] else "",
        )
    out.print(table)


def main() -> None:  # pragma: no cover
    """Entry point."""
    app()
    sys.exit(0)
