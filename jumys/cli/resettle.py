"""`jumys resettle`: internal resettlement and kandas cases, followed at 12 and 24 months (docs/resettlement.md)."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from jumys.cli.common import app, cli_principal, friendly, out, parse_as_of, store
from jumys.cli.tables import Col, print_table, region_label

if TYPE_CHECKING:
    from jumys.reports.resettlement import CaseGroup, CasePage, ResettlementSummary

resettle_app = typer.Typer(
    help="Internal resettlement and kandas: every case followed at 12 and 24 months; job seekers matched across "
    "regions.",
    no_args_is_help=True,
)
app.add_typer(resettle_app, name="resettle")
MORE = "a wider terminal or --json shows them"
TITLES = {
    "all": "all cases",
    "program": "by program",
    "year": "by year moved",
    "origin": "by origin region",
    "destination": "by destination region",
}


@resettle_app.command("cases")
@friendly
def cases_cmd(
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="The date, YYYY-MM-DD; default: the newest verified, else the day after the newest move or "
            "departure.",
        ),
    ] = None,
    region: Annotated[
        str | None, typer.Option("--region", help="Only cases from or to this region (2-digit KATO).")
    ] = None,
    program: Annotated[str | None, typer.Option("--program", help="resettler or kandas.")] = None,
    limit: Annotated[
        int, typer.Option("--limit", help="Cases listed in the table (JSON lists every one).")
    ] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Every resettlement and kandas case at a date: still in the destination at 12 and 24 months, employed
    there and at what wage; the aggregates by program, year moved, origin and destination region."""
    from jumys.access.service import record_audit  # deferred: CLI start-up time
    from jumys.reports.resettlement import list_cases, resettlement_as_of, summary

    who = cli_principal()
    with store().begin() as conn:
        day = resettlement_as_of(conn, parse_as_of(as_of) if as_of else None)
        if day is None:
            out.print("no resettlement case is stored: nothing to show")
            return
        report = summary(conn, who, day, region, program)
        cases = list_cases(conn, who, day, region, program, limit=None if as_json else max(limit, 1))
        record_audit(
            conn, who, "read_resettlement_cases", f"as_of {day}", {"region": region, "program": program}
        )
    if as_json:
        body = {"summary": report.model_dump(mode="json"), "cases": cases.model_dump(mode="json")}
        sys.stdout.write(json.dumps(body, ensure_ascii=False, indent=1) + "\n")
        return
    _print_summary(report)
    _print_cases(cases)


def _n(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}%"


def _key(g: CaseGroup) -> str:
    if g.dimension in ("origin", "destination"):
        return region_label(g.key)
    return g.key


def _print_summary(r: ResettlementSummary) -> None:
    by = ", ".join(f"{k} {_n(v)}" for k, v in r.resettled_by_program.items())
    out.print(
        f"persons resettled since {r.since} before {r.as_of}: {_n(r.resettled_since)} ({by})", highlight=False
    )
    cols = [
        Col("group", right=False, key=True),
        Col("cases", key=True),
        Col("persons", drop=3),
        Col("due at 12", "due 12", drop=4),
        Col("stayed 12", "st. 12", key=True),
        Col("employed 12", "emp. 12", key=True),
        Col("median salary 12 KZT", "salary 12", drop=2),
        Col("due at 24", "due 24", drop=5),
        Col("stayed 24", "st. 24", key=True),
        Col("employed 24", "emp. 24", drop=1),
    ]
    for dimension, title in TITLES.items():
        rows = [
            [
                _key(g),
                _n(g.cases),
                _n(g.persons),
                _n(g.at_12.due),
                _share(g.at_12.retained_pct),
                _share(g.at_12.employed_pct),
                _n(g.at_12.median_salary_kzt),
                _n(g.at_24.due),
                _share(g.at_24.retained_pct),
                _share(g.at_24.employed_pct),
            ]
            for g in r.groups
            if g.dimension == dimension
        ]
        print_table(out, cols, rows, f"resettlement at {r.as_of}: {title}", MORE, none="none")


def _outcome(retained: bool | None, employed: bool | None, salary: int | None) -> str:
    if retained is None:
        return "not yet"
    where = "stayed" if retained else "left"
    return f"{where}, {_n(salary)}" if employed else f"{where}, no job"


def _print_cases(page: CasePage) -> None:
    cols = [
        Col("case", right=False, key=True, fold=True),
        Col("person (pseudonym)", "person", right=False, drop=3),
        Col("program", right=False, drop=2),
        Col("from", right=False, drop=4),
        Col("to", right=False, key=True),
        Col("moved", right=False, key=True),
        Col("left", right=False, drop=1),
        Col("at 12 months", "12 m", right=False, key=True),
        Col("at 24 months", "24 m", right=False, key=True),
    ]
    rows = [
        [
            c.case_id,
            c.person,
            c.program,
            c.from_region,
            c.to_region,
            c.moved_on.isoformat(),
            c.left_on.isoformat() if c.left_on else "-",
            _outcome(c.retained_12, c.employed_12, c.salary_12_kzt),
            _outcome(c.retained_24, c.employed_24, c.salary_24_kzt),
        ]
        for c in page.items
    ]
    print_table(out, cols, rows, f"cases at {page.as_of}, the newest move first", MORE, none="none")
    out.print(f"{len(page.items):,} of {page.total:,} cases listed (--json lists every one)", highlight=False)
