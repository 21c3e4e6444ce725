"""What the dated signal commands share (`jumys warnings`, `jumys illegal-work`): compute and store the signals
at a date in one audited transaction, then list them as JSON or as employers with a wrapped sentence a signal."""

from __future__ import annotations

import datetime as dt
import json
import sys
import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from jumys.cli.common import cli_principal, out, progress_bar, store

if TYPE_CHECKING:
    import sqlalchemy as sa

SIGNAL_INDENT = 30  # a signal's sentence starts past the level or score and the signal's code


def store_and_list(
    kind: str,
    day: dt.date,
    run: Callable[..., int],
    listing: Callable[[sa.Connection], tuple[list[Any], int]],
    as_json: bool,
) -> list[Any] | None:
    """run(conn, day, progress=...) in one transaction, audited as `kind`; then the rows of listing(conn).

    With as_json the rows are printed as JSON and None returned; else the rows are returned to print.
    """
    from jumys.access.service import record_audit  # deferred: CLI start-up time

    engine = store()
    with progress_bar(not as_json) as tick, engine.begin() as conn:
        n = run(conn, day, progress=tick)
        record_audit(conn, cli_principal(), kind, f"as_of {day}", {"employers": n})
    with engine.connect() as conn:
        rows, _total = listing(conn)
    if as_json:
        dumped = [r.model_dump(mode="json") for r in rows]
        sys.stdout.write(json.dumps(dumped, ensure_ascii=False, indent=1) + "\n")
        return None
    return rows


def print_signals(signals: Sequence[Any], sentence: Callable[[Mapping[str, Any], str], str]) -> None:
    """Each signal's code and its English sentence, wrapped to the terminal under the sentence's start."""
    indent = " " * SIGNAL_INDENT
    width = max(out.width, 60) - len(indent)
    for s in signals:
        first, *rest = textwrap.wrap(sentence(s.model_dump(), "en"), width) or [""]
        out.print(f"       {s.signal:<22} {first}", highlight=False)
        for line in rest:
            out.print(indent + line, highlight=False)
