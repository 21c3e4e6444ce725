"""A stored matching run for the role matrix: one match reaching region 75 and one reaching region 11."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa

from jumys.mobility.tables import resettlement_match_runs, resettlement_matches
from jumys.registry.tables import TABLES
from tests.reports.world import World

MATCH_AS_OF = dt.date(2025, 11, 1)


def plant_matches(engine: sa.Engine, world: World) -> dict[str, str]:
    """Vacancies at OA (region 75) and OB (region 11), each matched to a seeker of region 61; the vacancy ids
    by the region they are in."""
    contracts, vacancies = TABLES["contracts"], TABLES["vacancies"]
    planted = {"75": "V-MATCH-75", "11": "V-MATCH-11"}
    with engine.begin() as conn:
        batch = conn.execute(sa.text("SELECT max(batch_no) FROM batches")).scalar_one()
        people = conn.execute(sa.select(contracts.c.person_id).distinct().limit(2)).scalars().all()
        for (region, vacancy_id), person, name in zip(planted.items(), people, ("OA", "OB"), strict=True):
            kato = f"{region}1110000" if region == "75" else "111010000"
            conn.execute(
                vacancies.insert().values(
                    vacancy_id=vacancy_id,
                    bin=world.bins[name],
                    kato=kato,
                    nkz="7112",
                    salary_kzt=500_000,
                    posted_on=dt.date(2025, 10, 1),
                    closed_on=None,
                    filled=False,
                    batch_no=batch,
                )
            )
            conn.execute(
                resettlement_matches.insert().values(
                    as_of=MATCH_AS_OF,
                    person_id=person,
                    vacancy_id=vacancy_id,
                    nkz="7112",
                    from_region="61",
                    to_region=region,
                    kandas=False,
                    registered_on=dt.date(2025, 5, 1),
                    salary_kzt=500_000,
                    reference_wage_kzt=300_000,
                    distance_km=700,
                    value=1.2,
                )
            )
        conn.execute(
            resettlement_match_runs.insert().values(
                as_of=MATCH_AS_OF,
                computed_at=dt.datetime.now(dt.UTC),
                classes_year=2024,
                seekers=5,
                vacancies=2,
                matched=2,
                seconds=0.1,
                details=json.dumps(
                    {
                        "surplus": ["61"],
                        "deficit": ["11", "75"],
                        "demographic_deficit": [],
                        "seekers_left": {"taken": 3},
                        "vacancies_left": {},
                    }
                ),
            )
        )
    return planted


def matches_seen(planted: dict[str, str]) -> Any:
    """GET /resettlement/matches: the matches reaching the regions each role may see, no IIN."""

    def check(who: str, body: Any) -> None:
        regions = {"akimat75": {"75"}, "akimat11": {"11"}}.get(who, {"75", "11"})
        found = body["matching"]
        assert {m["vacancy_id"] for m in found["matches"]} == {planted[r] for r in regions}
        assert {f["to_region"] for f in found["flows"]} == regions
        assert '"iin"' not in str(body)

    return check
