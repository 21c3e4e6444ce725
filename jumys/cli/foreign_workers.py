"""The command of foreign workers' conditions: wages against citizens, arrears and incidents, permits expiring."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from jumys.cli.common import app, cli_principal, friendly, out, parse_as_of, store
from jumys.cli.tables import Col, print_table, region_label

if TYPE_CHECKING:
    from jumys.reports.foreign_workers import ForeignWorkers

MORE = "a wider terminal or --json shows them"


@app.command("foreign-workers")
@friendly
def foreign_workers_cmd(
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="The date, YYYY-MM-DD; default: the newest verified.")
    ] = None,
    region: Annotated[str | None, typer.Option("--region", help="Only this region (2-digit KATO).")] = None,
    days: Annotated[int, typer.Option("--days", help="Permits ending within this many days.")] = 30,
    under: Annotated[
        int,
        typer.Option("--under", help="List employers whose foreign workers earn under this % of citizens."),
    ] = 80,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Foreign workers' conditions at a date: their wages against citizens', arrears and incidents that touch
    them, and permits about to expire while the worker is still employed."""
    from jumys.access.service import record_audit  # deferred: CLI start-up time
    from jumys.reports.foreign_workers import foreign_workers, foreign_workers_as_of

    who = cli_principal()
    with store().begin() as conn:
        day = foreign_workers_as_of(conn, parse_as_of(as_of) if as_of else None)
        if day is None:
            out.print("no contract is stored: nothing to show")
            return
        report = foreign_workers(conn, who, day, region, days, under, limit=10**9)
        record_audit(conn, who, "read_foreign_workers", f"as_of {day}", {"region": region, "days": days})
    if as_json:
        sys.stdout.write(json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n")
        return
    _print(report)


def _kzt(n: int) -> str:
    return f"{n:,}"


def _print(r: ForeignWorkers) -> None:
    cell_cols = [
        Col("region", right=False, key=True),
        Col("occupation (NKZ)", "NKZ", right=False, key=True),
        Col("foreign persons", "foreign", drop=2),
        Col("citizens", drop=3),
        Col("foreign median KZT", "foreign med.", key=True),
        Col("citizens' median KZT", "citizens med.", key=True),
        Col("gap", key=True),
    ]
    cells = [
        [
            region_label(c.region),
            c.nkz if c.level == "occupation" else f"{c.nkz}… rest",
            _kzt(c.foreign_persons),
            _kzt(c.citizen_persons),
            _kzt(c.foreign_median_kzt),
            _kzt(c.citizen_median_kzt),
            f"{c.gap_pct:+.1f}%",
        ]
        for c in r.wages
    ]
    print_table(
        out, cell_cols, cells, f"wages of foreign workers against citizens at {r.as_of}", MORE, none="none"
    )
    out.print(f"{r.suppressed_cells:,} cells with fewer than 5 persons on a side left out", highlight=False)
    under_cols = [
        Col("BIN", right=False, key=True),
        Col("employer", right=False, drop=1, fold=True),
        Col("region", right=False, drop=3),
        Col("NKZ", right=False, key=True),
        Col("foreign", key=True),
        Col("their median KZT", "median", key=True),
        Col("citizens' median KZT", "citizens", drop=4),
        Col("ratio", key=True),
        Col("shortfall KZT a month", "shortfall", drop=2),
    ]
    under = [
        [
            u.bin,
            u.name,
            u.region,
            u.nkz if u.level == "occupation" else f"{u.nkz}…",
            _kzt(u.foreign_persons),
            _kzt(u.foreign_median_kzt),
            _kzt(u.citizen_median_kzt),
            f"{u.ratio_pct:.1f}%",
            _kzt(u.shortfall_kzt),
        ]
        for u in r.underpaid
    ]
    print_table(
        out,
        under_cols,
        under,
        f"employers paying foreign workers under {r.under_pct}% of citizens",
        MORE,
        none="none",
    )
    arrear_cols = [
        Col("BIN", right=False, key=True),
        Col("employer", right=False, drop=1, fold=True),
        Col("region", right=False, drop=3),
        Col("foreign workers", "foreign", key=True),
        Col("open arrears KZT", "arrears KZT", key=True),
        Col("workers owed", "owed", drop=2),
        Col("incidents naming a foreigner", "inc. foreign", key=True),
        Col("incidents naming no one", "inc. unnamed", key=True),
    ]
    arrears = [
        [
            a.bin,
            a.name,
            a.region,
            _kzt(a.foreign_workers),
            _kzt(a.arrears_kzt),
            _kzt(a.arrears_workers),
            _kzt(a.incidents_foreign),
            _kzt(a.incidents_unnamed),
        ]
        for a in r.arrears
    ]
    print_table(
        out, arrear_cols, arrears, "arrears and incidents touching foreign workers", MORE, none="none"
    )
    permit_cols = [
        Col("permit", right=False, key=True, fold=True),
        Col("person (pseudonym)", "person", right=False, drop=3),
        Col("ends", right=False, key=True),
        Col("days left", "days", key=True),
        Col("employer BIN", "BIN", right=False, key=True),
        Col("NKZ", right=False, drop=2),
        Col("contract ends", "contract", right=False, drop=1),
    ]
    expiring = [
        [
            p.permit_id,
            str(p.person_id)[:8],
            p.valid_until.isoformat(),
            str(p.days_left),
            p.bin + (" *" if p.other_employer else ""),
            p.nkz,
            p.contract_end.isoformat() if p.contract_end else "open",
        ]
        for p in r.expiring
    ]
    print_table(
        out,
        permit_cols,
        expiring,
        f"permits ending within {r.days} days, the contract running on",
        MORE,
        none="none",
    )
    out.print(
        f"{r.expiring_total:,} permits end by {r.as_of + dt.timedelta(days=r.days)}; "
        "* the contract is at another employer than the permit's",
        highlight=False,
    )
