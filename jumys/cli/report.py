"""Commands of the safe-work reports: the regional labour report (PDF or XLSX) and skills and shortages."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jumys.cli.common import app, cli_principal, friendly, out, pct, store
from jumys.cli.tables import Col, print_table, region_label

if TYPE_CHECKING:
    from jumys.reports.skills import Skills


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
    top: Annotated[int, typer.Option("--top", help="Shortage rows shown in the table.", min=1)] = 30,
) -> None:
    """Training at the employer's expense by region, OKED section and size; shortages, transport and rural first."""
    from jumys.reports.skills import skills as read_skills  # deferred: CLI start-up time

    engine = store()
    with engine.connect() as conn:
        data = read_skills(conn, cli_principal(), year)
    if as_json:
        sys.stdout.write(data.model_dump_json(indent=2) + "\n")
        return
    print_skills(data, top)


def print_skills(data: Skills, top: int) -> None:
    """The training shares and the first `top` shortages as tables that fit the terminal."""
    from jumys.reference.nkz import nkz_group_name

    title = f"trained at the employer's expense in {data.year} (Kazakhstan 6%, OECD 48%)"
    if not data.training_recorded:
        out.print(f"{title}: the training registry holds nothing of {data.year}, so no share is given")
    else:
        cols = [
            Col("by", right=False, key=True),
            Col("group", right=False, key=True, fold=True),
            Col("employees", "staff"),
            Col("trained", drop=1),
            Col("share", key=True),
        ]
        rows = [
            [
                t.dimension,
                _training_group(t.dimension, t.group),
                _count(t.employees),
                _count(t.trained),
                pct(t.share),
            ]
            for t in data.training
        ]
        print_table(out, cols, rows, title)
    cols = [
        Col("region", right=False, key=True),
        Col("occupation group (NKZ)", "group", right=False, key=True, fold=True),
        Col("named", right=False, drop=2),
        Col("vacancies", "vac.", drop=3),
        Col("open 60 days", "open 60d", key=True),
        Col("job seekers", "seekers", key=True),
        Col("open per seeker", "per seeker", key=True),
        Col("median days to fill", "days", drop=1),
    ]
    rows = [
        [
            region_label(s.region),
            f"{s.nkz} {nkz_group_name(s.nkz, 'en') or ''}".strip(),
            s.priority or "",
            f"{s.vacancies:,}",
            f"{s.open_60:,}",
            _count(s.seekers),
            _per_seeker(s.per_seeker, s.per_seeker_missing),
            "-" if s.median_days_to_fill is None else f"{s.median_days_to_fill:.0f}",
        ]
        for s in data.shortages[:top]
    ]
    title = f"shortages in {data.year}: open 60 days after posting per job seeker (named first)"
    if not rows:
        out.print(f"{title}: no vacancy was posted in {data.year}")
        return
    print_table(out, cols, rows, title, "a wider terminal or --json shows them")
    if len(data.shortages) > top:
        out.print(
            f"{len(data.shortages) - top:,} more rows: --top {len(data.shortages)} or --json shows them all"
        )


def _count(n: int | None) -> str:
    return "hidden" if n is None else f"{n:,}"


def _per_seeker(ratio: float | None, missing: str | None) -> str:
    if ratio is not None:
        return f"{ratio:.2f}"
    return {"no_seekers": "no seekers", "suppressed": "hidden"}.get(missing or "", "-")


def _training_group(dimension: str, group: str) -> str:
    if dimension == "region":
        return region_label(group)
    return "Kazakhstan" if dimension == "country" else group
