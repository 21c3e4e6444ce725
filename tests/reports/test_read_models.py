"""The read models: each role sees what it may, filtered in the SQL; the public sees suppressed aggregates."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from jumys.access.principal import PUBLIC, SUPPRESS_BELOW
from jumys.errors import Forbidden, InvalidInput, NotFound
from jumys.reports import (
    as_of_dates,
    get_employer,
    latest_as_of,
    list_alerts,
    list_projects,
    national_map,
    project_detail,
    region_overview,
    region_scorecards,
    region_trend,
    search_employers,
)
from tests.reports.world import AS_OF, World

LATEST = AS_OF[1]


def _ids(items: list[dict[str, object]]) -> list[object]:
    return [i["project_id"] for i in items]


def test_as_of_dates_are_the_verified_dates(engine: sa.Engine, world: World) -> None:
    with engine.connect() as conn:
        assert latest_as_of(conn) == LATEST
        assert as_of_dates(conn) == [AS_OF[1], AS_OF[0]]


def test_the_ministry_map_has_every_region_in_full(engine: sa.Engine, world: World) -> None:
    with engine.connect() as conn:
        rows = {r["kato2"]: r for r in national_map(conn, world.principals["ministry"], LATEST)}
    assert len(rows) == 20
    assert (rows["75"]["projects"], rows["75"]["promised"], rows["75"]["verified"]) == (2, 14, 8)
    assert rows["75"]["fulfilment"] == pytest.approx(8 / 14)
    assert (rows["11"]["projects"], rows["11"]["verified"], rows["11"]["at_risk"]) == (1, 3, 1)
    assert not any(r["suppressed"] for r in rows.values())
    assert all(r["visible"] for r in rows.values())
    assert rows["10"]["projects"] == 0


def test_the_public_map_suppresses_numbers_of_fewer_than_5_persons(engine: sa.Engine, world: World) -> None:
    with engine.connect() as conn:
        rows = {r["kato2"]: r for r in national_map(conn, PUBLIC, LATEST)}
    assert rows["75"]["verified"] == 8 and not rows["75"]["suppressed"]
    assert rows["11"]["verified"] is None and rows["11"]["fulfilment"] is None and rows["11"]["suppressed"]
    assert rows["11"]["projects"] == 1 and rows["11"]["promised"] == 8  # promises are not persons


def test_an_akimat_map_shows_nothing_of_another_region(engine: sa.Engine, world: World) -> None:
    with engine.connect() as conn:
        rows = {r["kato2"]: r for r in national_map(conn, world.principals["akimat75"], LATEST)}
    assert rows["75"]["visible"] and rows["75"]["verified"] == 8
    other = rows["11"]
    assert not other["visible"]
    assert all(
        other[k] is None for k in ("projects", "promised", "verified", "fulfilment", "at_risk", "failed")
    )


def test_region_overview_has_rank_change_and_names(engine: sa.Engine, world: World) -> None:
    with engine.connect() as conn:
        r = region_overview(conn, world.principals["akimat75"], "75", LATEST)
        with pytest.raises(Forbidden):
            region_overview(conn, world.principals["akimat75"], "11", LATEST)
        with pytest.raises(NotFound):
            region_overview(conn, world.principals["ministry"], "99", LATEST)
    assert (r["rank"], r["rank_change"], r["previous_as_of"]) == (1, 0, AS_OF[0])
    assert r["name_en"] == "Almaty" and r["verified_permanent_jobs"] == 8 and r["credited"] == 8
    assert r["fulfilment_change"] is not None


def test_public_overview_suppresses_every_small_person_number(engine: sa.Engine, world: World) -> None:
    with engine.connect() as conn:
        small = region_overview(conn, PUBLIC, "11", LATEST)
        cards = region_scorecards(conn, world.principals["investor_a"], LATEST)
    assert small["suppressed"] and small["projects"] == 1
    for key in (
        "verified_permanent_jobs",
        "fulfilment",
        "credited",
        "youth_jobs",
        "youth_share",
        "mean_salary_kzt",
        "salary_ratio",
        "unconfirmed",
        "temporary_jobs",
    ):
        assert small[key] is None, key
    counts = ("verified_permanent_jobs", "credited", "youth_jobs", "unconfirmed", "temporary_jobs")
    for card in cards:  # an investor sees region aggregates as the public does
        for key in counts:
            assert card[key] is None or card[key] >= SUPPRESS_BELOW, (card["kato2"], key)


def test_region_trend_per_stored_date(engine: sa.Engine, world: World) -> None:
    with engine.connect() as conn:
        trend = region_trend(conn, world.principals["inspector"], "11")
        public = region_trend(conn, PUBLIC, "11")
        with pytest.raises(Forbidden):
            region_trend(conn, world.principals["akimat75"], "11")
    assert [t["as_of"] for t in trend] == list(AS_OF)
    assert trend[-1]["verified"] == 3
    assert all(t["verified"] is None and t["suppressed"] for t in public)


def test_scorecards_of_an_akimat_are_its_own(engine: sa.Engine, world: World) -> None:
    with engine.connect() as conn:
        assert [c["kato2"] for c in region_scorecards(conn, world.principals["akimat11"], LATEST)] == ["11"]
        assert [c["kato2"] for c in region_scorecards(conn, world.principals["ministry"], LATEST)] == [
            "75",
            "11",
        ]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("ministry", ["A75", "B11", "B75"]),
        ("inspector", ["A75", "B11", "B75"]),
        ("akimat75", ["A75", "B75"]),
        ("akimat11", ["B11"]),
        ("investor_a", ["A75"]),
        ("investor_b", ["B11", "B75"]),
    ],
)
def test_projects_are_scoped_by_role(engine: sa.Engine, world: World, who: str, expected: list[str]) -> None:
    with engine.connect() as conn:
        items, total = list_projects(conn, world.principals[who], LATEST)
        other, n_other = list_projects(
            conn, world.principals[who], LATEST, region="11" if "75" in who else "75"
        )
    assert _ids(items) == expected and total == len(expected)
    if who.startswith("akimat"):
        assert other == [] and n_other == 0


def test_project_filters(engine: sa.Engine, world: World) -> None:
    p = world.principals["ministry"]
    with engine.connect() as conn:
        assert _ids(list_projects(conn, p, LATEST, status="at_risk")[0]) == ["B11"]
        assert _ids(list_projects(conn, p, LATEST, sector="A")[0]) == ["B11"]
        assert _ids(list_projects(conn, p, LATEST, sector="C")[0]) == ["A75", "B75"]
        assert _ids(list_projects(conn, p, LATEST, q="b1")[0]) == ["B11"]
        assert _ids(list_projects(conn, p, LATEST, q="%")[0]) == []  # a wildcard is a character
        page, total = list_projects(conn, p, LATEST, limit=1, offset=1)
        assert _ids(page) == ["B11"] and total == 3
        with pytest.raises(InvalidInput):
            list_projects(conn, p, LATEST, status="lost")
        with pytest.raises(InvalidInput):  # PostgreSQL refuses NUL in text: refused before it gets there
            list_projects(conn, p, LATEST, q="a\x00")
        with pytest.raises(InvalidInput):
            search_employers(conn, p, "\x00")
        with pytest.raises(InvalidInput):
            project_detail(conn, p, "A75\x00", LATEST)
        with pytest.raises(Forbidden):
            list_projects(conn, PUBLIC, LATEST)


def test_project_detail_gives_counts_by_month_never_a_person(engine: sa.Engine, world: World) -> None:
    with engine.connect() as conn:
        d = project_detail(conn, world.principals["investor_a"], "A75", LATEST)
    months = {m["month"]: m for m in d["evidence_by_month"]}
    assert sum(m["credited"] for m in months.values()) == 6
    assert months["2025-05"]["unconfirmed"] == 1 and months["2025-06"]["temporary"] == 1
    groups = {g["code"]: g["credited"] for g in d["quality"]["nkz_major_groups"]}
    assert (groups["2"], groups["7"]) == (2, 4)
    assert d["investor"].model_dump() == {"bin": world.bins["IA"], "name": "ТОО IA Тест"}
    assert [o["bin"] for o in d["operators"]] == [world.bins["OA"]]
    assert d["verification"]["credited"] == 6 and d["verification"]["unconfirmed"] == 1
    assert [t["as_of"] for t in d["trend"]] == list(AS_OF)
    text = repr(d)
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-", text), "a person id leaked"
    iins = {c["iin"] for c in world.rows["contracts"]}
    assert not any(i in text for i in iins), "an IIN leaked"


@pytest.mark.parametrize(("who", "error"), [("akimat11", NotFound), ("investor_b", NotFound)])
def test_project_detail_out_of_scope_is_not_found(
    engine: sa.Engine, world: World, who: str, error: type[Exception]
) -> None:
    with engine.connect() as conn, pytest.raises(error):
        project_detail(conn, world.principals[who], "A75", LATEST)


def test_project_detail_is_not_for_the_public(engine: sa.Engine, world: World) -> None:
    with engine.connect() as conn, pytest.raises(Forbidden):
        project_detail(conn, PUBLIC, "A75", LATEST)


def test_alerts_are_scoped_like_projects(engine: sa.Engine, world: World) -> None:
    with engine.connect() as conn:
        everything = {a["project_id"] for a in list_alerts(conn, world.principals["ministry"], LATEST)}
        own = {a["project_id"] for a in list_alerts(conn, world.principals["akimat11"], LATEST)}
        investor = {a["project_id"] for a in list_alerts(conn, world.principals["investor_a"], LATEST)}
        none = list_alerts(conn, world.principals["akimat75"], LATEST, region="11")
    assert {"A75", "B11"} <= everything
    assert own == {"B11"} and investor == {"A75"} and none == []


def test_employers_are_scoped(engine: sa.Engine, world: World) -> None:
    b = world.bins
    with engine.connect() as conn:
        everyone = {e["bin"] for e in search_employers(conn, world.principals["ministry"], "тест")}
        akimat = {e["bin"] for e in search_employers(conn, world.principals["akimat75"], "Тест")}
        investor = {e["bin"] for e in search_employers(conn, world.principals["investor_b"], "Тест")}
        by_bin = search_employers(conn, world.principals["ministry"], b["OB"][:8])
        ib_for_11 = get_employer(conn, world.principals["akimat11"], b["IB"])
        ib_for_b = get_employer(conn, world.principals["investor_b"], b["IB"])
        with pytest.raises(NotFound):
            get_employer(conn, world.principals["akimat75"], b["IB"])
        with pytest.raises(NotFound):
            get_employer(conn, world.principals["investor_a"], b["IB"])
        with pytest.raises(Forbidden):
            search_employers(conn, PUBLIC, "Тест")
    assert everyone == set(b.values())
    assert akimat == {b["IA"], b["OA"], b["OB75"]}
    assert investor == {b["IB"]}
    assert b["OB"] in {e["bin"] for e in by_bin}
    # an akimat sees an employer of its region, but not its projects elsewhere
    assert [p["project_id"] for p in ib_for_11["projects"]] == ["B11"]
    assert [p["project_id"] for p in ib_for_b["projects"]] == ["B11", "B75"]
