"""`jumys resettle match`: job seekers of labour-surplus regions matched to vacancies of labour-deficit regions."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from jumys.cli.common import cli_principal, friendly, out, parse_as_of, progress_bar, store
from jumys.cli.resettle import resettle_app
from jumys.cli.tables import Col, print_table, region_label

if TYPE_CHECKING:
    from jumys.reports.matching import Matching

MORE = "a wider terminal or --json shows them"
SHOWN = 20  # matches printed as a table (--json prints every one)
REASONS = {
    "no_vacancy": "no open vacancy of their occupation in a labour-deficit region",
    "kandas_no_region": "kandas: no such vacancy in a region with a demographic deficit",
    "wage_below": "every such vacancy pays under their region's wage",
    "taken": "the vacancies they could take went to others",
    "no_seeker": "nobody in a labour-surplus region seeks the occupation",
    "no_candidate": "seekers of the occupation, none it may be offered to",
    "not_chosen": "its candidates matched to vacancies of more value",
}


@resettle_app.command("match")
@friendly
def match_cmd(
    as_of: Annotated[
        str, typer.Option("--as-of", help="The date, YYYY-MM-DD: seekers registered, vacancies open.")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON (every match) instead of tables.")
    ] = False,
) -> None:
    """Match the job seekers of labour-surplus regions to the open vacancies of labour-deficit regions on a date:
    the optimal assignment by occupation, wage and distance (kandas only to regions with a demographic
    deficit), stored, then shown with what explains each match."""
    from jumys.access.service import record_audit  # deferred: CLI start-up time
    from jumys.mobility.matching import run_matching
    from jumys.reports.matching import matching

    day = parse_as_of(as_of)
    who = cli_principal()
    engine = store()
    with progress_bar(not as_json) as tick, engine.begin() as conn:
        counts = run_matching(conn, day, progress=tick)
        record_audit(conn, who, "match_resettlement", f"matching {day}", dict(counts))
    with engine.connect() as conn:
        found = matching(conn, who, day, limit=None if as_json else SHOWN)
    assert found is not None
    if as_json:
        sys.stdout.write(json.dumps(found.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n")
        return
    _print(found)


def _print(m: Matching) -> None:
    r = m.run
    out.print(
        f"matching at {r.as_of} (regions classed by {r.classes_year}): {r.matched:,} of {r.seekers:,} job seekers "
        f"of labour-surplus regions matched to {r.vacancies:,} open vacancies of labour-deficit regions "
        f"in {r.seconds:.1f} s",
        highlight=False,
    )
    out.print(
        f"surplus {', '.join(r.surplus)}; deficit {', '.join(r.deficit)}; "
        f"demographic deficit {', '.join(r.demographic_deficit) or 'none'}",
        highlight=False,
    )
    for what, left in (("seekers", r.seekers_left), ("vacancies", r.vacancies_left)):
        for reason, n in left.items():
            out.print(f"{what} left: {n:,}, {REASONS.get(reason, reason)}", highlight=False)
    flow_cols = [
        Col("from", right=False, key=True),
        Col("to", right=False, key=True),
        Col("matches", key=True),
        Col("kandas", drop=2),
        Col("median salary KZT", "median KZT", drop=1),
        Col("median wage ratio", "ratio", key=True),
        Col("km", drop=3),
    ]
    flows = [
        [
            region_label(f.from_region),
            region_label(f.to_region),
            f"{f.matches:,}",
            f"{f.kandas:,}",
            f"{f.median_salary_kzt:,}",
            f"{f.median_wage_ratio:.2f}",
            f"{f.distance_km:,}",
        ]
        for f in m.flows
    ]
    print_table(out, flow_cols, flows, "matches between regions", MORE, none="none")
    cols = [
        Col("seeker", right=False, key=True),
        Col("waited days", "days", drop=3),
        Col("NKZ", right=False, key=True),
        Col("from", right=False, drop=4),
        Col("to", right=False, key=True),
        Col("employer", right=False, drop=1, fold=True),
        Col("salary KZT", "salary", key=True),
        Col("x their region", "ratio", key=True),
        Col("km", drop=2),
    ]
    rows = [
        [
            str(x.person_id)[:8] + ("·K" if x.kandas else ""),
            f"{x.waited_days:,}",
            x.nkz,
            x.from_region,
            x.to_region,
            x.employer,
            f"{x.salary_kzt:,}",
            f"{x.wage_ratio:.2f}",
            f"{x.distance_km:,}",
        ]
        for x in m.matches
    ]
    title = f"the {len(m.matches)} longest-waiting of {m.total:,} matches (·K: kandas)"
    print_table(out, cols, rows, title, MORE, none="none")
