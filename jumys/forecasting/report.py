"""The backtest as text: the Markdown table of docs/forecasting.md and the records of --json."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from jumys.forecasting.backtest import TARGET_WITHIN, Backtest

BEGIN = "<!-- backtest table: begin (jumys forecast backtest --write-docs) -->"
END = "<!-- backtest table: end -->"


def as_json(result: Backtest) -> dict[str, Any]:
    """The backtest as plain data: its rows, the method chosen per family, the seconds it took."""
    return {
        "rows": [asdict(r) for r in result.rows],
        "choices": [asdict(c) for c in result.choices],
        "factors": [
            {"family": f, "method": m, "h": h, "factor": round(x, 3)}
            for (f, m, h), x in result.factors.items()
        ],
        "pooled_within": dict(zip(("within", "forecasts"), pooled_within(result), strict=True)),
        "seconds": round(result.seconds, 3),
    }


def pooled_within(result: Backtest) -> tuple[int, int]:
    """Of every 1-year forecast of the methods used (one per family), how many were within 10 %, and of how
    many: the target read over all forecasts, as the Foresight anchor's "about half" is."""
    chosen = {(c.family, c.method) for c in result.choices}
    rows = [r for r in result.rows if r.h == 1 and (r.family, r.method) in chosen]
    return sum(round(r.within * r.forecasts) for r in rows), sum(r.forecasts for r in rows)


def _pct(x: float) -> str:
    return f"{100 * x:.0f} %"


def markdown(result: Backtest) -> str:
    """The Markdown tables of the docs (no timing: the same on every machine)."""
    lines = [
        "| family | method | h | series | forecasts | median MASE | within 10 % | 80 % coverage "
        "| 80 %, widened | 95 %, widened |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in result.rows:
        lines.append(
            f"| {r.family} | {r.method} | {r.h} | {r.series} | {r.forecasts} | {r.mase:.2f} | "
            f"{_pct(r.within)} | {_pct(r.coverage)} | {_pct(r.calibrated80)} | {_pct(r.calibrated95)} |"
        )
    lines += [
        "",
        f"| family | data | method used | median MASE, h = 1 | naive's | MASE < 1 "
        f"| within 10 %, h = 1 | ≥ {_pct(TARGET_WITHIN)} |",
        "|---|---|---|--:|--:|---|--:|---|",
    ]
    for c in result.choices:
        lines.append(
            f"| {c.family} | {c.years} | {c.method} | {c.mase:.2f} | {c.naive_mase:.2f} | "
            f"{'yes' if c.beats_naive else 'no'} | "
            f"{_pct(c.within)} | {'yes' if c.within_met else 'no'} |"
        )
    within, forecasts = pooled_within(result)
    share = within / forecasts if forecasts else 0.0
    lines.append(
        f"| all families ({within} of {forecasts} forecasts) | | the methods used | | | | {_pct(share)} | "
        f"{'yes' if share >= TARGET_WITHIN else 'no'} |"
    )
    return "\n".join(lines)


def replace_block(text: str, table: str, begin: str = BEGIN, end: str = END) -> str:
    """text with the part between the markers replaced by table."""
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{begin}\n{table}\n{end}{tail}"


def block_of(text: str, begin: str = BEGIN, end: str = END) -> str:
    """The part of text between the markers."""
    return text.split(begin, 1)[1].split(end, 1)[0].strip("\n")
