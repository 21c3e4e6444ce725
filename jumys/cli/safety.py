"""Commands of safe work: `jumys risk score` (enterprise risk at a date) and `jumys risk backtest`."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from jumys.cli.common import app, cli_principal, friendly, out, parse_as_of, pct, progress_bar, store
from jumys.cli.tables import Col, print_table, region_label

if TYPE_CHECKING:
    from jumys.safety.schemas import Backtest, Comparison, CutResult

risk_app = typer.Typer(help="Enterprise risk: scores, classes and factors; how well they find violations.")
app.add_typer(risk_app, name="risk")


@risk_app.command("score")
@friendly
def score_cmd(
    as_of: Annotated[str, typer.Option("--as-of", help="The date to score at, YYYY-MM-DD.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print every employer as JSON: bin, score, class, factors.")
    ] = False,
) -> None:
    """Score every employer with an active contract at a date: score 0-100, class, factors with points."""
    from jumys.access.service import record_audit  # deferred: CLI start-up time
    from jumys.config import get_settings
    from jumys.doors.asof import refuse_future
    from jumys.reports.safety import list_risk
    from jumys.safety.service import score_risk, stored_model

    day = refuse_future(parse_as_of(as_of))
    engine = store()
    with progress_bar(not as_json) as tick, engine.begin() as conn:
        counts = score_risk(conn, day, get_settings().risk_training_rows, tick)
        record_audit(conn, cli_principal(), "score_risk", f"risk {day}", dict(counts))
    with engine.connect() as conn:
        if as_json:
            _dump_all(conn, day)
            return
        top, _ = list_risk(conn, cli_principal(), day, limit=20)
        model = stored_model(conn, day) or {}
    cols = [
        Col("rank", key=True),
        Col("bin", right=False, key=True),
        Col("region", right=False, drop=2),
        Col("section", "sec.", right=False, drop=1),
        Col("score", key=True),
        Col("class", right=False, key=True),
        Col("top factors", "factors", right=False, key=True, fold=True),
    ]
    rows = [
        [
            str(r.rank),
            r.bin,
            region_label(r.region),
            r.section,
            str(r.score),
            r.risk_class,
            ", ".join(f"{f.factor} {f.points:+.1f}" for f in r.factors[:3]),
        ]
        for r in top
    ]
    title = f"enterprise risk at {day}: the 20 highest of {counts['employers']:,}"
    print_table(out, cols, rows, title, "a wider terminal or --json shows them")
    method = model.get("method", "?")
    why = f" ({model['reason']})" if model.get("reason") else ""
    out.print(
        f"stored for {day}: {counts['high']:,} high, {counts['medium']:,} medium, {counts['low']:,} low; "
        f"model {method}{why}",
        highlight=False,
    )


def _dump_all(conn: Any, day: Any) -> None:
    """Every employer's score at day as one JSON array, highest risk first, written as it is read."""
    import sqlalchemy as sa  # deferred: CLI start-up time

    from jumys.safety.tables import risk_scores as t

    rows = conn.execute(
        sa.select(t.c.bin, t.c.score, t.c["class"], t.c.factors).where(t.c.as_of == day).order_by(t.c.rank)
    )
    sys.stdout.write("[")
    for i, (bin, score, klass, factors) in enumerate(rows):
        head = json.dumps({"bin": bin, "score": score, "class": klass}, ensure_ascii=False)[:-1]
        sys.stdout.write(("," if i else "") + "\n" + head + ', "factors": ' + factors + "}")
    sys.stdout.write("\n]\n")


def _cmp(c: Comparison | None, as_share: bool = True) -> list[str]:
    if c is None:
        return ["-", "-", "-"]
    show = pct if as_share else (lambda x: "-" if x is None else f"{x:.3f}")
    return [show(c.model), show(c.random), show(c.rule)]


@risk_app.command("backtest")
@friendly
def backtest_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
) -> None:
    """How well the score finds violations: per cut date and pooled, beside random order and today's rule."""
    from jumys.config import get_settings  # deferred: CLI start-up time
    from jumys.safety.service import backtest

    engine = store()
    with engine.connect() as conn:  # the backtest stores nothing: its transaction is rolled back
        result = backtest(conn, training_rows=get_settings().risk_training_rows)
    if as_json:
        sys.stdout.write(result.model_dump_json(indent=1) + "\n")
        return
    cuts: list[CutResult] = [*result.cuts, *([result.pooled] if result.pooled else [])]
    for r in cuts:
        if r.skipped:
            out.print(f"[yellow]{r.skipped}[/]", highlight=False)
    rows = backtest_rows(result)
    if rows:  # every cut date skipped: the lines above say why, and there is no table
        print_table(out, BACKTEST_COLS, rows, "inspection targeting: model / random / rule")


BACKTEST_COLS = (
    Col("cut", right=False, key=True),
    Col("scored", key=True),
    Col("inspected", "insp.", key=True),
    Col("measure", right=False, key=True),
    Col("model", key=True),
    Col("random", key=True),
    Col("rule", key=True),
)
MEASURES = ("hit top 10%", "AUC (a)", "severe in top 10%", "AUC (b)")


def backtest_rows(result: Backtest) -> list[list[str]]:
    """The backtest's cut dates (and pooled) that were not skipped, a row per measure: model, random, rule."""
    rows: list[CutResult] = [*result.cuts, *([result.pooled] if result.pooled else [])]
    out = []
    for i, r in enumerate(rows):
        if r.skipped:
            continue
        cut = ["pooled" if i == len(result.cuts) else str(r.cut), f"{r.scored:,}", f"{r.inspected:,}"]
        measures = (
            _cmp(r.hit_rate),
            _cmp(r.hit_auc, as_share=False),
            _cmp(r.severe_share),
            _cmp(r.severe_auc, as_share=False),
        )
        for n, (name, values) in enumerate(zip(MEASURES, measures, strict=True)):
            out.append([*(cut if n == 0 else ["", "", ""]), name, *values])
    return out
