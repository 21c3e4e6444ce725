"""Permit decisions per second over a bench store (a step of bench/run.py, in its own process).

The applications are made from the store: for each of the first N unfilled vacancies of the year (by id),
an application of the vacancy's employer, occupation and region, submitted 20 days after it was posted,
in the category of the occupation's major group. They are decided one after the other, as
`jumys permits decide` does: each in a transaction of its own, under the write lock on DuckDB.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import Counter
from pathlib import Path

import sqlalchemy as sa

from jumys.config import Settings

CATEGORY = {"1": "head", "2": "specialist", "3": "specialist", "9": "seasonal"}


def applications(conn: sa.Connection, year: int, n: int) -> list[dict[str, str]]:
    """n applications made from the unfilled vacancies posted in the year before 1 December."""
    from jumys.kit.identifiers import make_iin
    from jumys.registry.tables import TABLES

    v = TABLES["vacancies"].c
    rows = conn.execute(
        sa.select(v.vacancy_id, v.bin, v.nkz, v.kato, v.posted_on)
        .where(~v.filled, v.posted_on >= dt.date(year, 1, 1), v.posted_on < dt.date(year, 12, 1))
        .order_by(v.vacancy_id)
        .limit(n)
    ).all()
    out = []
    for i, (vacancy_id, bin_, nkz, kato, posted) in enumerate(rows):
        submitted = posted + dt.timedelta(days=20)
        start = submitted + dt.timedelta(days=10)
        out.append(
            {
                "application_id": f"BENCH-{vacancy_id}",
                "bin": bin_,
                "category": CATEGORY.get(nkz[0], "skilled_worker"),
                "nkz": nkz,
                "kato": kato,
                "iin": make_iin(dt.date(1980, 1, 1) + dt.timedelta(days=i // 9000), "M", i % 9000 + 1),
                "citizenship": "UZB",
                "submitted_on": submitted.isoformat(),
                "valid_from": start.isoformat(),
                "valid_until": (start + dt.timedelta(days=364)).isoformat(),
            }
        )
    return out


def measure(home: Path, url: str | None, as_of: str, n: int = 500) -> dict[str, object]:
    """Decide n applications one after the other; decisions per second and what they decided."""
    from jumys.access.principal import Principal
    from jumys.doors.applications import decide_many, key_of
    from jumys.permits.tables import issued_permits, permit_decisions
    from jumys.storage.engine import make_engine
    from jumys.storage.revisions import upgrade

    settings = Settings(home=home, database_url=url)
    engine = make_engine(settings=settings)
    upgrade(engine)
    year = dt.date.fromisoformat(as_of).year - 1
    with engine.begin() as conn:  # a second run decides the same applications afresh
        conn.execute(issued_permits.delete().where(issued_permits.c.application_id.like("BENCH-%")))
        conn.execute(permit_decisions.delete().where(permit_decisions.c.application_id.like("BENCH-%")))
    with engine.connect() as conn:
        apps = applications(conn, year, n)
    p = Principal(username="bench", role="ministry", via="cli")
    t = time.perf_counter()
    decisions = list(decide_many(engine, threading.Lock(), key_of(settings, engine), p, apps))
    seconds = time.perf_counter() - t
    outcome = Counter(d.decision for d in decisions)
    failed = Counter(f.check for d in decisions for f in d.failed_checks)
    engine.dispose()
    return {
        "applications": len(apps),
        "seconds": seconds,
        "per_second": len(apps) / seconds if seconds else 0.0,
        "decisions": dict(outcome),
        "failed_checks": dict(failed),
    }


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(measure(Path(sys.argv[1]), sys.argv[2] or None, sys.argv[3], int(sys.argv[4]))))
