"""Commands of the synthetic country: generate it, score verification against its truth."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from jumys.cli import messages as M
from jumys.cli.common import app, friendly, out, pct, progress_bar, store
from jumys.cli.projects import ensure_verified
from jumys.cli.tables import Col, print_table
from jumys.errors import JumysError


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
    from jumys.synth.service import generate  # deferred: CLI start-up time

    if fmt not in ("csv", "parquet"):
        raise JumysError(M.FORMAT_UNKNOWN)
    with progress_bar() as tick:
        rows = generate(out_dir, scale=scale, seed=seed, fmt=fmt, year=year, progress=tick)  # type: ignore[arg-type]
    print_table(
        out,
        [Col("file", right=False, key=True), Col("rows", key=True)],
        [[name, f"{n:,}"] for name, n in rows.items()],
        f"synthetic Kazakhstan, scale {scale}, seed {seed} -> {out_dir}",
    )


@app.command("score")
@friendly
def score_cmd(
    truth: Annotated[Path, typer.Argument(help="truth.json of a synthetic batch, or its folder.")],
) -> None:
    """Score verification, enterprise risk and conflict warnings against a synthetic country's truth."""
    from jumys.synth import (  # deferred: CLI start-up time
        conditions_scoring,
        illegal_scoring,
        mobility_scoring,
        permit_scoring,
        safety_scoring,
    )
    from jumys.synth.scoring import load_truth
    from jumys.synth.scoring import score as score_truth

    data = load_truth(truth)
    engine = store()
    ensure_verified(engine, dt.date.fromisoformat(data["as_of"]))
    with engine.connect() as conn:
        result = score_truth(conn, data)
        safe = safety_scoring.score(conn, data)
        illegal = illegal_scoring.score(conn, data)
        permits = permit_scoring.score(conn, data)
        conditions = conditions_scoring.score(conn, data)
        mobility = mobility_scoring.score(conn, data)
    cols = [
        Col("situation", right=False, key=True, fold=True),
        Col("level", right=False, key=True),
        Col("planted", key=True),
        Col("flagged", key=True),
        Col("caught", key=True),
        Col("precision", "prec.", key=True),
        Col("recall", key=True),
    ]
    rows = [
        [s.situation, s.level, str(s.planted), str(s.flagged), str(s.caught), pct(s.precision), pct(s.recall)]
        for s in result["scores"]
    ]
    missed = any(s.caught < s.planted for s in result["scores"])
    print_table(out, cols, rows, f"planted situations at {result['as_of']}: how verification classified them")
    mism = result["mismatches"]
    out.print(
        f"{result['projects'] - len(mism)} of {result['projects']} projects match the truth's numbers exactly"
    )
    for m in mism[:10]:
        out.print(f"  {m}", highlight=False)
    _print_safety(safe)
    _print_illegal(illegal, data)
    _print_permits(permits)
    _print_conditions(conditions)
    _print_mobility(mobility)
    if missed or mism or (permits is not None and permits["mismatches"]):
        raise typer.Exit(1)


def _print_illegal(found: Any, data: dict[str, Any]) -> None:
    """The illegal-work signals against the truth (precision and recall per signal), or not scored yet."""
    if "illegal_work" not in data:
        return
    if found is None:
        day = data["illegal_work"]["as_of"]
        out.print(f"illegal work: not scored yet (run jumys illegal-work --as-of {day})")
        return
    scores, looks = found
    cols = [
        Col("signal", right=False, key=True, fold=True),
        Col("planted", key=True),
        Col("flagged", key=True),
        Col("caught", key=True),
        Col("precision", "prec.", key=True),
        Col("recall", key=True),
        Col("look-alikes flagged", "look-alikes", key=True),
    ]
    rows = []
    for s in scores:
        counts = [str(s.planted), str(s.flagged), str(s.caught)]
        rows.append([s.situation, *counts, pct(s.precision), pct(s.recall), str(looks[s.situation])])
    print_table(out, cols, rows, "illegal-work signals: employers planted and flagged")


def _print_conditions(found: Any) -> None:
    """Foreign workers' conditions against the truth: precision and recall per part, the planted caught."""
    if found is None:
        return
    scores, planted = found
    cols = [
        Col("part", right=False, key=True),
        Col("level", right=False, key=True),
        Col("expected", key=True),
        Col("found", key=True),
        Col("caught", key=True),
        Col("precision", "prec.", key=True),
        Col("recall", key=True),
        Col("planted caught", "planted", key=True),
    ]
    rows = []
    for s in scores:
        sown = planted.get(s.situation)
        counts = [str(s.planted), str(s.flagged), str(s.caught), pct(s.precision), pct(s.recall)]
        rows.append([s.situation, s.level, *counts, f"{sown[1]} of {sown[0]}" if sown else "-"])
    print_table(out, cols, rows, "foreign workers' conditions: expected by the truth and found")


def _print_mobility(found: dict[str, Any] | None) -> None:
    """The resettlement and kandas cases followed against the truth: per flag, precision, recall, agreement."""
    if found is None:
        return
    cols = [
        Col("flag", right=False, key=True),
        Col("true in truth", "truth", key=True),
        Col("found true", "found", key=True),
        Col("both", key=True),
        Col("precision", "prec.", key=True),
        Col("recall", key=True),
        Col("cases agreeing", "agree", key=True),
    ]
    counts = [[s.situation, str(s.planted), str(s.flagged), str(s.caught)] for s in found["scores"]]
    rows = [
        [*c, pct(s.precision), pct(s.recall), f"{found['agree'][s.situation]} of {found['cases']}"]
        for c, s in zip(counts, found["scores"], strict=True)
    ]
    print_table(out, cols, rows, f"resettlement cases at {found['as_of']}: followed as the truth says")
    matched, employed = found["salaries"]
    out.print(
        f"{found['found']} cases found of {found['cases']} planted ({found['missing_total']} missing); "
        f"salary at 12 months as planted for {matched} of {employed} employed; persons per year and program "
        + (
            "as planted"
            if found["persons"]["truth"] == found["persons"]["found"]
            else "differ from the truth"
        ),
        highlight=False,
    )
    for m in found["mismatches"]:
        out.print(f"  {m}", highlight=False)


def _print_safety(safe: dict[str, Any]) -> None:
    """Enterprise risk and conflict warnings against the truth, or that they are not scored yet."""
    risk, warn = safe["risk"], safe["warnings"]
    if risk is None:
        out.print(
            "enterprise risk: not scored yet (no risk scores stored at or after a cut date of the truth)"
        )
    else:
        out.print(
            f"enterprise risk at {risk.as_of} (true top decile of {risk.cut}): {risk.caught} of {risk.top} "
            f"classed high, recall {pct(risk.recall)}, precision {pct(risk.precision)} (random: about 10%)"
        )
    if warn is None:
        out.print("conflict warnings: not scored yet (no warnings stored)")
    else:
        out.print(
            f"conflict warnings: {warn.warned} of {warn.disputes} signalled disputes warned 30-180 days before, "
            f"recall {pct(warn.recall)}; {warn.followed} of {warn.high} high warnings followed by a dispute "
            f"within 6 months, precision {pct(warn.precision)}"
        )


def _print_permits(permits: dict[str, Any] | None) -> None:
    """Permit decisions against the truth, or that the applications are not decided yet."""
    if permits is None:
        out.print("permit decisions: not decided yet (run `jumys permits decide BATCH/applications.csv`)")
        return
    out.print(
        f"permit decisions: {permits['matched']} of {permits['planted']} applications decided as the truth says "
        f"({permits['decided']} stored; planted {permits['kinds']})",
        highlight=False,
    )
    for m in permits["mismatches"]:
        out.print(f"  {m}", highlight=False)
