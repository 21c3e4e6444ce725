"""Commands of the synthetic country: generate it, score verification against its truth."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from jumys.cli import messages as M
from jumys.cli.common import app, friendly, out, pct, progress_bar, store
from jumys.cli.projects import ensure_verified
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
    """Score verification, enterprise risk and conflict warnings against a synthetic country's truth."""
    from jumys.synth import permit_scoring, safety_scoring  # deferred: CLI start-up time
    from jumys.synth.scoring import load_truth
    from jumys.synth.scoring import score as score_truth

    data = load_truth(truth)
    engine = store()
    ensure_verified(engine, dt.date.fromisoformat(data["as_of"]))
    with engine.connect() as conn:
        result = score_truth(conn, data)
        safe = safety_scoring.score(conn, data)
        permits = permit_scoring.score(conn, data)
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
            pct(s.precision),
            pct(s.recall),
        )
    out.print(table)
    mism = result["mismatches"]
    out.print(
        f"{result['projects'] - len(mism)} of {result['projects']} projects match the truth's numbers exactly"
    )
    for m in mism[:10]:
        out.print(f"  {m}", highlight=False)
    _print_safety(safe)
    _print_permits(permits)
    if missed or mism or (permits is not None and permits["mismatches"]):
        raise typer.Exit(1)


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
