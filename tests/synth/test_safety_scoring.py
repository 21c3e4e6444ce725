"""jumys score's safe-work part: risk classes against the true top decile, warnings against planted disputes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from jumys.safety.tables import risk_scores, warnings
from jumys.synth.safety_scoring import score

TRUTH: dict[str, Any] = {
    "as_of": "2026-01-01",
    "safety": {
        "top_decile": {"2025-01-01": ["B1", "B2"], "2026-01-01": ["B1", "B3"]},
        "disputes": [
            {"bin": "A", "started_on": "2025-07-01", "signalled": True},
            {"bin": "B", "started_on": "2025-07-01", "signalled": True},
            {"bin": "C", "started_on": "2025-05-01", "signalled": False},
            {"bin": "D", "started_on": "2025-05-01", "signalled": False},
            {"bin": "F", "started_on": "2023-01-01", "signalled": True},  # before any stored warning
        ],
    },
}


def _risk(conn: sa.Connection, as_of: str, bin_: str, klass: str) -> None:
    conn.execute(
        risk_scores.insert().values(
            as_of=dt.date.fromisoformat(as_of),
            bin=bin_,
            region="75",
            section="C",
            score=90 if klass == "high" else 10,
            **{"class": klass},
            rank=1,
            headcount=10,
            vision_zero=False,
            open_arrears_kzt=0,
            factors="[]",
        )
    )


def _warning(conn: sa.Connection, as_of: str, bin_: str, level: str) -> None:
    conn.execute(
        warnings.insert().values(
            as_of=dt.date.fromisoformat(as_of), bin=bin_, region="75", level=level, signals="[]"
        )
    )


def test_nothing_stored_is_not_scored_yet(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        assert score(conn, TRUTH) == {"risk": None, "warnings": None}
        assert score(conn, {"as_of": "2026-01-01"}) == {"risk": None, "warnings": None}


def test_risk_takes_the_newest_date_and_the_cut_date_at_or_before_it(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        _risk(conn, "2025-06-01", "B2", "high")
        _risk(conn, "2025-06-01", "B1", "low")
    with engine.connect() as conn:
        risk = score(conn, TRUTH)["risk"]
    assert (risk.as_of, risk.cut, risk.top, risk.high, risk.caught) == ("2025-06-01", "2025-01-01", 2, 1, 1)
    with engine.begin() as conn:
        for bin_, klass in (("B1", "high"), ("B2", "high"), ("B3", "low")):
            _risk(conn, "2026-01-01", bin_, klass)
    with engine.connect() as conn:
        risk = score(conn, TRUTH)["risk"]
    assert (risk.cut, risk.top, risk.high, risk.caught) == ("2026-01-01", 2, 2, 1)
    assert risk.recall == risk.precision == 0.5


def test_warnings_recall_at_30_to_180_days_and_precision_of_high_within_6_months(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        _warning(conn, "2025-04-01", "A", "watch")  # 91 days before A's dispute: a hit
        _warning(conn, "2025-06-15", "B", "high")  # 16 days before B's: too late; followed within 6 months
        _warning(conn, "2025-01-01", "D", "high")  # followed by D's dispute (a surprise) 120 days later
        _warning(conn, "2025-03-01", "E", "high")  # no dispute follows
        _warning(conn, "2025-10-01", "E", "high")  # its 6 months run past the data: not counted
    with engine.connect() as conn:
        warn = score(conn, TRUTH)["warnings"]
    assert (warn.disputes, warn.warned) == (2, 1)  # F's window lies before every stored warning
    assert (warn.high, warn.followed) == (3, 2)
    assert warn.recall == 0.5
