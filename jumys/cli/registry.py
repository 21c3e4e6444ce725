"""Commands of the registries: the store, ingest, the ledger, what is loaded."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from jumys.cli.common import app, cli_principal, db_app, friendly, out, progress_bar, store
from jumys.cli.tables import Col, print_table, region_label
from jumys.reference.regions import regions


@db_app.command("upgrade")
@friendly
def db_upgrade() -> None:
    """Create the store or bring its schema to the newest revision."""
    from jumys.storage.revisions import current  # deferred: CLI start-up time

    engine = store()
    out.print(f"schema at revision {current(engine)} ({engine.url.render_as_string(hide_password=True)})")


@db_app.command("check")
@friendly
def db_check() -> None:
    """Verify keys and references of every registry table (exit 1 when one is broken)."""
    from jumys.registry.service import check_integrity  # deferred: CLI start-up time

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
    from jumys.access.service import record_audit  # deferred: CLI start-up time
    from jumys.doors.cabinet import notice_changes
    from jumys.registry.ingest import ingest_batch

    engine = store()
    with progress_bar(not as_json) as tick:
        report = ingest_batch(engine, path, progress=tick, rejects_dir=rejects)
    notice_changes(engine)  # persons' cases may have new statuses: their cabinets' notifications
    with engine.begin() as conn:  # every write goes to the audit log, from the CLI as from the API
        record_audit(
            conn,
            cli_principal(),
            "ingest_batch",
            f"batch {report.batch_id}",
            {"status": report.status, "accepted": report.rows_accepted, "rejected": report.rows_rejected},
        )
    if as_json:
        data = report.summary() | {
            "rejects_csv": str(report.rejects_csv) if report.rejects_csv else None,
            "rejects_json": str(report.rejects_json) if report.rejects_json else None,
        }
        out.print_json(json.dumps(data, ensure_ascii=False))
        return
    if report.status == "already_applied":
        out.print(f"batch {report.batch_id} was already applied as batch {report.batch_no}: nothing changed")
        return
    cols = [
        Col("file", right=False, key=True),
        Col("read", key=True),
        Col("accepted", key=True),
        Col("rejected", key=True),
        Col("warnings", right=False, fold=True),
    ]
    table_rows = [
        [f.file, f"{f.rows_read:,}", f"{f.rows_accepted:,}", f"{f.rows_rejected:,}", "; ".join(f.warnings)]
        for f in report.files
    ]
    print_table(out, cols, table_rows, f"batch {report.batch_id} (no. {report.batch_no})")
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
    from jumys.registry.service import list_batches  # deferred: CLI start-up time

    with store().connect() as conn:
        rows = list_batches(conn, limit)
    if not rows:
        out.print("no batches yet")
        return
    cols = [
        Col("no", key=True),
        Col("batch id", right=False, key=True, fold=True),
        Col("source", right=False, drop=1, fold=True),
        Col("ingested at", right=False, key=True),
        Col("file", right=False, key=True),
        Col("accepted", key=True),
        Col("rejected", key=True),
    ]
    table_rows = []
    for b in rows:
        for i, f in enumerate(b["files"]):
            first = i == 0
            table_rows.append(
                [
                    str(b["batch_no"]) if first else "",
                    b["batch_id"] if first else "",
                    (b["source"] or "") if first else "",
                    f"{b['ingested_at']:%Y-%m-%d %H:%M:%S}" if first else "",
                    f["file"],
                    f"{f['rows_accepted']:,}",
                    f"{f['rows_rejected']:,}",
                ]
            )
    print_table(out, cols, table_rows)


@app.command()
@friendly
def summary() -> None:
    """What the store holds, per region."""
    from jumys.registry.service import loaded_by_region  # deferred: CLI start-up time

    with store().connect() as conn:
        data = loaded_by_region(conn)
    cols = ("employers", "persons", "contracts", "payroll", "projects", "vacancies", "permits")
    table_rows = []
    totals = dict.fromkeys(cols, 0)
    for r in regions():
        row = data.get(r.kato2, {})
        for c in cols:
            totals[c] += row.get(c, 0)
        table_rows.append([region_label(r.kato2), *(f"{row.get(c, 0):,}" for c in cols)])
    table_rows.append(["[b]all[/b]", *(f"[b]{totals[c]:,}[/b]" for c in cols)])
    shorts = {"employers": "empl.", "contracts": "contr.", "projects": "proj.", "vacancies": "vacan."}
    drops = {"permits": 1, "vacancies": 2, "projects": 3}
    columns = [Col("region", right=False, key=True)]
    columns += [Col(c, shorts.get(c), drop=drops.get(c, 0)) for c in cols]
    print_table(out, columns, table_rows, "loaded, per region")
