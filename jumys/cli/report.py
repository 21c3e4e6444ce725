"""Commands of the safe-work reports: the regional labour report (PDF or XLSX) and skills and shortages."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from jumys.cli.common import app, cli_principal, friendly, out, store


@app.command()
@friendly
def report(
    year: Annotated[int, typer.Option("--year", help="The year reported (compared with the year before).")],
    region: Annotated[
        str,
        typer.Option(
            "--region", help="A region's 2-digit KATO code, or 'all' (the country and every region)."
        ),
    ] = "all",
    lang: Annotated[str, typer.Option("--lang", help="ru, kk or en.")] = "ru",
    fmt: Annotated[str, typer.Option("--format", help="pdf or xlsx.")] = "pdf",
    out_file: Annotated[
        Path | None,
        typer.Option("--out", help="Where to write it (default: labour-report-REGION-YEAR-LANG.FORMAT)."),
    ] = None,
) -> None:
    """Write the regional labour report of a year: a page per region plus the country's, with charts."""
    from jumys.access.service import record_audit  # deferred: CLI start-up time
    from jumys.reports.export import check_format, export_report, file_name
    from jumys.reports.labour_report import build_report

    check_format(fmt, lang)
    engine = store()
    who = cli_principal()
    with engine.begin() as conn:
        built = build_report(conn, who, year, region)
        data = export_report(built, lang, fmt)
        target = out_file or Path(file_name(region, year, lang, fmt))
        target.write_bytes(data)
        record_audit(
            conn, who, "report", f"{region} {year}", {"lang": lang, "format": fmt, "pages": len(built.pages)}
        )
    out.print(f"{target}: {len(built.pages)} pages, {len(data):,} bytes")


@app.command()
@friendly
def skills(
    year: Annotated[int, typer.Option("--year", help="The year.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the API's JSON instead of tables.")] = False,
    top: Annotated[int, typer.Option("--top", help="Shortage rows shown in the table.")] = 30,
) -> None:
    """Training at the employer's expense by region, OKED section and size; shortages, transport and rural first."""
    from rich.table import Table

    from jumys.reports.skills import skills as read_skills  # deferred: CLI start-up time

    engine = store()
    with engine.connect() as conn:
        data = read_skills(conn, cli_principal(), year)
    if as_json:
        sys.stdout.write(data.model_dump_json(indent=2) + "\n")
        return
    training = Table(title=f"trained at the employer's expense in {year} (Kazakhstan 6 %, OECD 48 %)")
    for col in ("by", "group", "employees", "trained", "share"):
        training.add_column(col, justify="right" if col in ("employees", "trained", "share") else "left")
    for t in data.training:
        share = "-" if t.share is None else f"{100 * t.share:.1f}%"
        training.add_row(t.dimension, t.group, f"{t.employees or 0:,}", f"{t.trained or 0:,}", share)
    out.print(training)
    shortages = Table(title=f"shortages in {year}: open 60 days after posting per job seeker (named first)")
    for col in ("region", "nkz", "named", "vacancies", "open 60 d", "seekers", "per seeker", "median days"):
        shortages.add_column(col, justify="left" if col in ("region", "nkz", "named") else "right")
    for s in data.shortages[:top]:
        ratio = "-" if s.per_seeker is None else f"{s.per_seeker:.2f}"
        days = "-" if s.median_days_to_fill is None else f"{s.median_days_to_fill:.0f}"
        shortages.add_row(
            s.region,
            s.nkz,
            s.priority or "",
            f"{s.vacancies:,}",
            f"{s.open_60:,}",
            f"{s.seekers or 0:,}",
            ratio,
            days,
        )
    out.print(shortages)
