"""Commands of the safe-work reports: the regional labour report (PDF or XLSX) and skills and shortages."""

from __future__ import annotations

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
