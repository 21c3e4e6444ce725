"""Score the illegal-work signals against the truth a synthetic country planted: precision and recall per signal.

At the truth's as-of date, for each signal: planted = the employers the truth names for it; flagged =
the employers fact_illegal_work shows it at; precision = planted and flagged / flagged, recall =
planted and flagged / planted. The look-alikes flagged are counted apart (each is a false positive).
None ("not scored yet") while no run is stored at that date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from jumys.illegal_work.signals import SIGNALS, flagged, run_dates
from jumys.synth.scoring import Score


def score(conn: sa.Connection, truth: dict[str, Any]) -> tuple[list[Score], dict[str, int]] | None:
    """Precision and recall per signal, and the look-alikes flagged per signal; None when not run."""
    planted = truth.get("illegal_work")
    if planted is None:
        return None
    as_of = dt.date.fromisoformat(planted["as_of"])
    if as_of not in run_dates(conn):
        return None
    found = flagged(conn, as_of)
    scores = []
    looks = {}
    for code in SIGNALS:
        p = set(planted["signals"].get(code, []))
        scores.append(Score(code, "employer", len(p), len(found[code]), len(p & found[code])))
        looks[code] = len(set(planted["look_alikes"].get(code, [])) & found[code])
    return scores, looks
