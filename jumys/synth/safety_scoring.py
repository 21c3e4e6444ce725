"""Score safe work against the truth a synthetic country planted: enterprise risk and conflict warnings.

- Risk: at the newest as-of date of fact_risk_scores, the share of the true top decile of latent
  unsafety (truth "top_decile" of that cut date, or of the latest one before it) that the score
  classes 'high' (recall; a random class would catch about 10 %), and the share of 'high' that is
  in the true top decile (precision; the two are near equal since high is the top 10 % too).
- Warnings: recall = share of the disputes planted with signals that have a warning (any level) at
  their employer with an as-of date 30-180 days before the dispute started, among those whose
  window meets the stored as-of dates; precision = share of high warnings followed by a dispute at
  the employer within 6 months (183 days), among warnings whose 6 months end by the truth's as-of.
Either is None ("not scored yet") while its fact table is empty.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from jumys.safety.tables import risk_scores, warnings

LEAD = (30, 180)
FOLLOW_DAYS = 183


@dataclass
class RiskScore:
    """How the stored risk classes meet the true top decile at one date."""

    as_of: str
    cut: str  # the truth's cut date compared with
    top: int  # employers in the true top decile
    high: int  # employers the score classes high
    caught: int  # in both

    @property
    def recall(self) -> float | None:
        """Share of the true top decile classed high."""
        return self.caught / self.top if self.top else None

    @property
    def precision(self) -> float | None:
        """Share of high that is in the true top decile."""
        return self.caught / self.high if self.high else None


@dataclass
class WarningScore:
    """Recall of planted signalled disputes and precision of high warnings."""

    disputes: int  # planted signalled disputes whose lead window meets the stored dates
    warned: int
    high: int  # high warnings whose 6 months lie inside the data
    followed: int

    @property
    def recall(self) -> float | None:
        """Share of signalled disputes with a warning 30-180 days before."""
        return self.warned / self.disputes if self.disputes else None

    @property
    def precision(self) -> float | None:
        """Share of high warnings followed by a dispute within 6 months."""
        return self.followed / self.high if self.high else None


def score(conn: sa.Connection, truth: dict[str, Any]) -> dict[str, Any]:
    """Risk and warnings scored against the truth's safety section; None for what is not scored yet."""
    safety = truth.get("safety")
    if not safety:
        return {"risk": None, "warnings": None}
    return {"risk": score_risk(conn, safety), "warnings": score_warnings(conn, safety, truth["as_of"])}


def score_risk(conn: sa.Connection, safety: dict[str, Any]) -> RiskScore | None:
    """The newest stored risk classes against the true top decile."""
    newest = conn.execute(sa.select(sa.func.max(risk_scores.c.as_of))).scalar()
    if newest is None:
        return None
    cuts = [c for c in sorted(safety["top_decile"]) if dt.date.fromisoformat(c) <= newest]
    if not cuts:
        return None
    top = set(safety["top_decile"][cuts[-1]])
    high = set(
        conn.execute(
            sa.select(risk_scores.c.bin).where(
                risk_scores.c.as_of == newest, risk_scores.c["class"] == "high"
            )
        ).scalars()
    )
    return RiskScore(newest.isoformat(), cuts[-1], len(top), len(high), len(top & high))


def score_warnings(conn: sa.Connection, safety: dict[str, Any], as_of: str) -> WarningScore | None:
    """Stored warnings against the planted disputes."""
    rows = conn.execute(sa.select(warnings.c.as_of, warnings.c.bin, warnings.c.level)).all()
    if not rows:
        return None
    by_bin: dict[str, list[tuple[dt.date, str]]] = {}
    for when, bin_, level in rows:
        by_bin.setdefault(bin_, []).append((when, level))
    first, last = min(r[0] for r in rows), max(r[0] for r in rows)
    day = dt.timedelta(days=1)
    disputes = [
        (d["bin"], dt.date.fromisoformat(d["started_on"]), d["signalled"]) for d in safety["disputes"]
    ]
    scoreable = [
        (b, s)
        for b, s, planted in disputes
        if planted and s - LEAD[1] * day <= last and s - LEAD[0] * day >= first
    ]
    warned = sum(
        any(s - LEAD[1] * day <= w <= s - LEAD[0] * day for w, _ in by_bin.get(b, [])) for b, s in scoreable
    )
    end = dt.date.fromisoformat(as_of)
    started: dict[str, list[dt.date]] = {}
    for b, s, _ in disputes:
        started.setdefault(b, []).append(s)
    high = [
        (b, w)
        for b, ws in by_bin.items()
        for w, level in ws
        if level == "high" and w + FOLLOW_DAYS * day <= end
    ]
    followed = sum(any(w <= s <= w + FOLLOW_DAYS * day for s in started.get(b, [])) for b, w in high)
    return WarningScore(len(scoreable), warned, len(high), followed)
