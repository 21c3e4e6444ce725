"""Disclosure control: nothing the public is shown follows from a suppressed cell (fewer than 5 persons).

The attack: take every public answer (map, the map's national headline, scorecards, every region's
overview and trend), change the suppressed cells in the store (their values and the true ranks they
give), ask again. An answer that changes gave a hidden cell away; and no hidden cell follows from the
totals shown by subtracting the cells shown.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from jumys.access.principal import PUBLIC, SUPPRESS_BELOW
from jumys.projects.tables import region_scorecard
from jumys.reference.regions import region_codes
from jumys.reports import (
    national_map,
    national_totals,
    region_overview,
    region_scorecards,
    region_trend,
)
from tests.reports.world import AS_OF, World

sc = region_scorecard.c
COUNTS = ("verified_permanent_jobs", "credited", "youth_jobs", "unconfirmed", "temporary_jobs")


def _public_answers(conn: sa.Connection) -> Any:
    answers: dict[str, Any] = {}
    for day in AS_OF:
        rows = [r.model_dump() for r in national_map(conn, PUBLIC, day)]
        answers[f"map {day}"] = rows
        answers[f"headline {day}"] = national_totals(rows)
        answers[f"scorecards {day}"] = [c.model_dump() for c in region_scorecards(conn, PUBLIC, day)]
        for kato2 in sorted(region_codes()):
            answers[f"overview {kato2} {day}"] = region_overview(conn, PUBLIC, kato2, day).model_dump()
    for kato2 in sorted(region_codes()):
        answers[f"trend {kato2}"] = [t.model_dump() for t in region_trend(conn, PUBLIC, kato2)]
    return answers


def _change_hidden_cells(conn: sa.Connection) -> int:
    """Give every suppressed count another value below 5, and the regions with hidden verified jobs the best
    true ranks; the number of cells changed."""
    changed = 0
    for day in AS_OF:
        rows = (
            conn.execute(sa.select(region_scorecard).where(sc.as_of == day).order_by(sc.rank))
            .mappings()
            .all()
        )
        hidden = [r for r in rows if r["verified_permanent_jobs"] < SUPPRESS_BELOW]
        order = hidden + [r for r in rows if r not in hidden]
        for rank, r in enumerate(order, start=1):
            values: dict[str, Any] = {"rank": rank}
            for name in COUNTS:
                if r[name] < SUPPRESS_BELOW:
                    values[name] = (r[name] + 1) % SUPPRESS_BELOW
                    changed += 1
            verified = values.get("verified_permanent_jobs", r["verified_permanent_jobs"])
            values["fulfilment"] = verified / r["promised_permanent_jobs"]
            if r["credited"] < SUPPRESS_BELOW:
                values["mean_salary_kzt"] = (r["mean_salary_kzt"] or 0) + 1000
            conn.execute(
                region_scorecard.update().where(sc.as_of == day, sc.region == r["region"]).values(**values)
            )
    return changed


def test_no_public_answer_changes_when_suppressed_cells_do(engine: sa.Engine, world: World) -> None:
    with engine.connect() as conn:
        before = _public_answers(conn)
        try:
            assert _change_hidden_cells(conn) > 0
            after = _public_answers(conn)
        finally:
            conn.rollback()  # the world is shared by the module's tests
    leaked = [k for k in before if before[k] != after[k]]
    assert not leaked, f"public answers that give a suppressed cell away: {leaked}"


def test_the_public_headline_shows_a_national_figure_built_from_shown_cells_only(
    engine: sa.Engine, world: World
) -> None:
    with engine.connect() as conn:
        rows = [r.model_dump() for r in national_map(conn, PUBLIC, AS_OF[1])]
    headline = national_totals(rows)
    shown = [r for r in rows if r["verified"] is not None]
    assert headline["verified"] == sum(r["verified"] for r in shown) > 0  # not blank
    assert headline["regions_hidden"] == 1  # region 11: 3 persons
    # subtracting the cells shown from the totals shown leaves nothing: no hidden cell follows
    assert headline["verified"] - sum(r["verified"] for r in shown) == 0


def test_public_ranks_count_only_the_regions_shown(engine: sa.Engine, world: World) -> None:
    with engine.connect() as conn:
        cards = region_scorecards(conn, PUBLIC, AS_OF[1])
    ranked = [c for c in cards if c["rank"] is not None]
    unranked = [c for c in cards if c["rank"] is None]
    assert [c["rank"] for c in ranked] == list(range(1, len(ranked) + 1))
    assert all(c["fulfilment"] is None and c["rank_change"] is None for c in unranked)
    assert cards == ranked + sorted(unranked, key=lambda c: c["kato2"])  # hidden regions last, by code
