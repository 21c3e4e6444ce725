"""The map reads where each enterprise is from its score (fact_risk_scores.lat, .lon) and keeps whole-map grids
for low zooms: its answers are those the employers' coordinates give (computed here, as docs/safety.md says),
for every box, zoom, filter and asker, with the memory of grids or without."""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import sqlalchemy as sa
from pydantic import TypeAdapter

from jumys.access.principal import Principal
from jumys.api.deps import _encode
from jumys.config import Settings
from jumys.errors import Forbidden, NotFound
from jumys.reports import map as map_model
from jumys.reports import map_cells
from jumys.reports.map import BBox, MapFilter, cell_size, map_clusters, mercator
from jumys.reports.map_cells import GridMemory
from jumys.reports.map_regions import map_regions
from jumys.reports.map_schemas import MapClusters
from jumys.reports.schemas import Shaped
from jumys.safety.tables import risk_scores
from tests.conftest import ENGINES, TEST_KEY, copied_store, template_of
from tests.enterprise_map.world import Firm, insert_employers, insert_scores

DAY = dt.date(2026, 1, 1)
ASKERS = (Principal("m", "ministry"), Principal("a75", "akimat", region="75"))
FILTERS = (
    MapFilter(),
    MapFilter(risk_class="high"),
    MapFilter(region="75", section="F"),
    MapFilter(vision_zero=True, arrears=False),
    MapFilter(arrears=True),
)


def _boxes(rng: random.Random) -> list[str]:
    """The country, Almaty, a few streets, an empty box, and boxes of every size at random around Almaty."""
    out = ["46,40,88,56", "76.5,43,77.5,43.5", "76.85,43.20,76.98,43.30", "0,0,1,1", "-180,-85,180,85"]
    for _ in range(12):
        w, h = rng.choice((30.0, 8.0, 2.0, 0.3)), rng.choice((12.0, 4.0, 1.0, 0.2))
        x, y = 76.9 + rng.uniform(-w, w) / 2, 43.25 + rng.uniform(-h, h) / 2
        out.append(f"{x - w / 2:.5f},{y - h / 2:.5f},{x + w / 2:.5f},{y + h / 2:.5f}")
    return out


def _firms() -> list[Firm]:
    """400 enterprises: most in and around Almaty (cities make full cells), the rest across the country, some
    without coordinates; classes, sections, Vision Zero and arrears mixed."""
    rng = random.Random(12)
    out = []
    for i in range(400):
        near = i % 4 != 0
        lat = rng.gauss(43.25, 0.05) if near else rng.uniform(41, 55)
        lon = rng.gauss(76.92, 0.07) if near else rng.uniform(47, 87)
        placed = i % 17 != 0
        out.append(
            Firm(
                f"{700000000000 + i}",
                "75" if i % 3 else "11",
                round(lat, 6) if placed else None,
                round(lon, 6) if placed else None,
                ("high", "medium", "low", "low")[i % 4],
                section="CFG"[i % 3],
                vision_zero=i % 5 == 0,
                arrears_kzt=10_000 if i % 7 == 0 else 0,
                score=i % 101,
            )
        )
    return out


def _insert(engine: sa.Engine, firms: list[Firm]) -> list[Firm]:
    with engine.begin() as conn:
        insert_employers(conn, firms)
        insert_scores(conn, DAY, firms)
    return firms


@pytest.fixture
def firms(engine: sa.Engine) -> list[Firm]:
    """The 400 enterprises (_firms) in the test's own store."""
    return _insert(engine, _firms())


class Placed:
    """The 400 enterprises in a store of the module's, which its tests only read, and the statement's answers
    (map_clusters without the memory of grids) to the cases asked so far: asked once, whichever test asks."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.firms = _insert(engine, _firms())
        self._answers: dict[tuple[str, str, int, str], MapClusters] = {}

    def alone(self, conn: sa.Connection, p: Principal, box: str, zoom: int, f: MapFilter) -> MapClusters:
        """The statement's answer to a case."""
        key = (repr(p), box, zoom, repr(f))
        if key not in self._answers:
            self._answers[key] = map_clusters(conn, p, DAY, BBox.parse(box), zoom, f)
        return self._answers[key]


@pytest.fixture(scope="module", params=ENGINES)
def placed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Placed]:
    """The module's store of the 400 enterprises, for the tests that ask the same cases of it (each case's
    statement answer costs a query: 1,300 of them a test, shared)."""
    settings = Settings(home=tmp_path_factory.mktemp("placed") / "home", pseudonym_key=TEST_KEY)
    with copied_store(request.param, settings, template_of(request, request.param), "jumys_m") as eng:
        yield Placed(eng)


def _passes(x: Firm, p: Principal, f: MapFilter) -> bool:
    return (
        p.region in (None, x.region)
        and f.region in (None, x.region)
        and f.section in (None, x.section)
        and f.risk_class in (None, x.risk_class)
        and f.vision_zero in (None, x.vision_zero)
        and f.arrears in (None, x.arrears_kzt > 0)
    )


def _expected(firms: list[Firm], p: Principal, box: BBox, zoom: int, f: MapFilter) -> dict[str, Any]:
    """The answer by the rules of docs/safety.md, from the employers' coordinates (what the join gave)."""
    cell = cell_size(zoom, box)
    grid: dict[tuple[int, int], list[Firm]] = defaultdict(list)
    for x in firms:
        if x.lat is None or x.lon is None or not _passes(x, p, f):
            continue
        if box.south <= x.lat <= box.north and box.west <= x.lon <= box.east:
            key = (math.floor((mercator(x.lat) + 180) / cell), math.floor((x.lon + 180) / cell))
            grid[key].append(x)
    up_to = map_model.POINTS_UP_TO if zoom < map_model.MAX_ZOOM else map_model.MAX_FEATURES
    t = map_model._threshold([len(v) for v in grid.values()], up_to)
    clusters = [
        {
            "count": len(v),
            **{k: sum(x.risk_class == k for x in v) for k in ("high", "medium", "low")},
            "lat": pytest.approx(sum(x.lat for x in v) / len(v), abs=1e-9),  # type: ignore[misc]
            "lon": pytest.approx(sum(x.lon for x in v) / len(v), abs=1e-9),  # type: ignore[misc]
            "south": min(x.lat for x in v),  # type: ignore[type-var]
            "west": min(x.lon for x in v),  # type: ignore[type-var]
            "north": max(x.lat for x in v),  # type: ignore[type-var]
            "east": max(x.lon for x in v),  # type: ignore[type-var]
        }
        for _, v in sorted(grid.items())
        if len(v) > t
    ]
    points = sorted(
        (x.bin, x.lat, x.lon, x.risk_class, x.score) for v in grid.values() if len(v) <= t for x in v
    )
    return {"total": sum(len(v) for v in grid.values()), "clusters": clusters, "points": points}


def _seen(answer: Any, means: bool = True) -> dict[str, Any]:
    """The answer's total, clusters and points; without the clusters' mean positions unless means (a sum of
    doubles in another order may differ in its last bits: compare them with a tolerance)."""
    clusters = [c.model_dump(exclude=set() if means else {"lat", "lon"}) for c in answer.clusters]
    points = [(x.bin, x.lat, x.lon, x.risk_class, x.score) for x in answer.points]
    return {"total": answer.total, "clusters": clusters, "points": points}


def _cases(
    zooms: tuple[int, ...] = (2, 4, 5, 7, 8, 12, 15, 18),
) -> list[tuple[Principal, str, int, MapFilter]]:
    boxes = _boxes(random.Random(5))
    return [
        (p, box, zoom, f)
        for p in ASKERS
        for box in boxes
        for zoom in zooms
        for f in FILTERS
        if f.region in (None, p.region) or p.region is None
    ]


def test_the_clusters_and_points_are_those_of_the_employers_coordinates(placed: Placed) -> None:
    features = 0
    with placed.engine.connect() as conn:
        for p, box, zoom, f in _cases():
            seen = _seen(placed.alone(conn, p, box, zoom, f))
            assert seen == _expected(placed.firms, p, BBox.parse(box), zoom, f), (p.role, box, zoom, f)
            features += len(seen["points"]) + len(seen["clusters"])
    assert features > 5_000


def test_the_memory_of_grids_gives_the_same_answers(placed: Placed) -> None:
    """The places kept in memory answer every box, zoom, filter and asker as the statement does: nothing may
    change, at the box's edges least of all (the unfiltered map takes the cells inside a box from its pyramid
    and counts the rows of the cells its edges cut)."""
    grids = GridMemory()
    used = 0
    with placed.engine.connect() as conn:
        for p, box, zoom, f in _cases((2, 4, 5, 7, 8, 9, 12, 15, 18)):
            b = BBox.parse(box)
            alone = placed.alone(conn, p, box, zoom, f)
            kept = map_clusters(conn, p, DAY, b, zoom, f, grids)
            assert _seen(kept, means=False) == _seen(alone, means=False), (p.role, box, zoom, f)
            means = [v for c in alone.clusters for v in (c.lat, c.lon)]
            assert [v for c in kept.clusters for v in (c.lat, c.lon)] == pytest.approx(means, abs=1e-9)
            a, bb, c, d = map_cells.interior(b.south, b.west, b.north, b.east, cell_size(zoom, b))
            used += a <= bb and c <= d and p.sees_all_regions and f == MapFilter() and zoom <= 14  # pyramid
    assert used > 50 and len(grids._grids) == 1


def test_a_grid_is_not_used_once_the_date_is_scored_again(engine: sa.Engine, firms: list[Firm]) -> None:
    grids = GridMemory()
    country = BBox.parse("46,40,88,56")
    with engine.connect() as conn:
        before = map_clusters(conn, ASKERS[0], DAY, country, 5, MapFilter(), grids)
    with engine.begin() as conn:  # the scoring replaces the date: a new run, other classes
        conn.execute(sa.update(risk_scores).where(risk_scores.c.as_of == DAY).values({"class": "high"}))
        conn.exec_driver_sql("UPDATE fact_risk_runs SET computed_at = computed_at + INTERVAL '1' HOUR")
    with engine.connect() as conn:
        after = map_clusters(conn, ASKERS[0], DAY, country, 5, MapFilter(), grids)
    assert after.total == before.total
    assert sum(c.high for c in after.clusters) + len(after.points) == after.total
    assert sum(c.high for c in before.clusters) < before.total


def test_many_names_are_looked_up_in_one_pass(
    engine: sa.Engine, firms: list[Firm], monkeypatch: pytest.MonkeyPatch
) -> None:
    almaty = BBox.parse("76.5,43,77.5,43.5")
    with engine.connect() as conn:
        by_key = map_clusters(conn, ASKERS[0], DAY, almaty, 18, MapFilter())
        monkeypatch.setattr(map_cells, "NAMES_BY_KEY", 5)
        in_one_pass = map_clusters(conn, ASKERS[0], DAY, almaty, 18, MapFilter())
    assert len(by_key.points) > 5 and in_one_pass == by_key
    assert {x.name for x in by_key.points} <= {f"ТОО Карта {i:03d}" for i in range(400)}


def test_the_counts_without_coordinates_are_the_employers_without(
    engine: sa.Engine, firms: list[Firm]
) -> None:
    with engine.connect() as conn:
        answer = map_regions(conn, ASKERS[0], DAY, MapFilter())
    assert answer.totals.unplaced == sum(x.lat is None for x in firms) == 24


def test_a_grid_asked_by_many_at_once_is_computed_once() -> None:
    grids, computed = GridMemory(kept=2), []

    def compute() -> map_cells.Found:
        computed.append(1)
        time.sleep(0.05)
        return map_cells.Found([], [])

    with ThreadPoolExecutor(8) as pool:
        found = list(pool.map(lambda _: grids.get("k", compute), range(8)))
    assert len(computed) == 1 and all(f is found[0] for f in found)
    for key in ("a", "b", "c"):
        grids.get(key, compute)
    assert list(grids._grids) == ["b", "c"]  # the least recently used forgotten first


def test_enterprises_on_the_grid_lines_fall_in_the_statements_cells(engine: sa.Engine) -> None:
    """The memory's cell at a zoom is the finest cell shifted (map_memory): enterprises on the lines of every
    grid, and a hair either side, are in the cells the statement computes, at every zoom and box."""
    firms = []
    for k in range(6, 21, 2):
        cell = 360.0 / (1 << k)
        m = math.floor((76.9 + 180) / cell)
        y = math.floor((mercator(43.25) + 180) / cell) * cell - 180
        on_line = math.degrees(2 * math.atan(math.exp(math.radians(y))) - math.pi / 2)
        for dx in (0.0, 1e-12, -1e-12):
            for lat in (on_line, on_line + 1e-12, on_line - 1e-12):
                firms.append(Firm(f"{710000000000 + len(firms)}", "75", lat, m * cell - 180 + dx, "high"))
    with engine.begin() as conn:
        insert_employers(conn, firms)
        insert_scores(conn, DAY, firms)
    grids = GridMemory()
    with engine.connect() as conn:
        for zoom in range(0, 19):
            for box in ("76,43,78,44", "76.8,43.2,77.0,43.3", "76.9,43.25,77,43.3"):
                b = BBox.parse(box)
                alone = map_clusters(conn, ASKERS[0], DAY, b, zoom, MapFilter())
                kept = map_clusters(conn, ASKERS[0], DAY, b, zoom, MapFilter(), grids)
                assert _seen(kept, means=False) == _seen(alone, means=False), (box, zoom)
                assert _seen(alone) == _expected(firms, ASKERS[0], b, zoom, MapFilter()), (box, zoom)


def test_the_runs_are_read_again_once_kept_long_enough_or_forgotten(
    engine: sa.Engine, firms: list[Firm]
) -> None:
    grids = GridMemory(seconds=3600)
    with engine.connect() as conn:
        before = map_model.resolve_risk_run(conn, None, "here", grids)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE fact_risk_runs SET computed_at = computed_at + INTERVAL '1' HOUR")
    with engine.connect() as conn:
        assert (
            map_model.resolve_risk_run(conn, None, "here", grids) == before
        )  # kept: JUMYS_API_CACHE_SECONDS
        grids.clear()  # the server wrote
        after = map_model.resolve_risk_run(conn, None, "here", grids)
        assert after[0] == before[0] == DAY and after[1] != before[1]
        assert map_model.resolve_risk_run(conn, None, "here") == after
        with pytest.raises(NotFound):
            map_model.resolve_risk_run(conn, dt.date(2020, 1, 1), "here", grids)


def test_a_box_is_answered_without_the_store_once_the_places_are_kept(
    engine: sa.Engine, firms: list[Firm]
) -> None:
    grids = GridMemory(seconds=3600)
    almaty, f = BBox.parse("76.5,43,77.5,43.5"), MapFilter(risk_class="high")
    assert map_model.map_clusters_at_hand(ASKERS[0], None, almaty, 12, f, grids) is None  # nothing kept yet
    with engine.connect() as conn:
        day, run = map_model.resolve_risk_run(conn, None, "here", grids)
        assert map_model.map_clusters_at_hand(ASKERS[0], day, almaty, 12, f, grids) is None  # no places yet
        read = map_clusters(conn, ASKERS[1], day, almaty, 12, f, grids, run)
    for p in ASKERS:
        for as_of in (None, DAY):
            at_hand = map_model.map_clusters_at_hand(p, as_of, almaty, 12, f, grids)
            again = map_model.map_clusters_at_hand(p, DAY, almaty, 12, f, grids)
            assert at_hand is not None and again is not None
            assert MapClusters.model_validate(at_hand.plain()) == (
                read if p is ASKERS[1] else MapClusters.model_validate(again.plain())
            )
    assert map_model.map_clusters_at_hand(ASKERS[0], dt.date(2020, 1, 1), almaty, 12, f, grids) is None
    with pytest.raises(Forbidden):
        map_model.map_clusters_at_hand(
            Principal("a11", "akimat", region="11"), DAY, almaty, 12, MapFilter("75"), grids
        )
    grids.clear()
    assert map_model.map_clusters_at_hand(ASKERS[0], DAY, almaty, 12, f, grids) is None


def test_an_answer_at_hand_is_encoded_as_its_schema_encodes_it(engine: sa.Engine, firms: list[Firm]) -> None:
    """The map's answers from memory are built in their JSON shape and not validated row by row (Shaped): their
    JSON must be, byte for byte, what the schema makes of them, whatever the box, zoom, filter and asker."""
    grids = GridMemory(seconds=3600)
    adapter = TypeAdapter(MapClusters)
    with engine.connect() as conn:
        day, run = map_model.resolve_risk_run(conn, None, "here", grids)
        map_clusters(conn, ASKERS[0], day, BBox.parse("46,40,88,56"), 5, MapFilter(), grids, run)  # kept
    both = 0
    for p, box, zoom, f in _cases():
        shaped = map_model.map_clusters_at_hand(p, DAY, BBox.parse(box), zoom, f, grids)
        assert isinstance(shaped, Shaped)
        plain = shaped.plain()
        assert _encode(MapClusters, shaped) == adapter.dump_json(MapClusters.model_validate(plain))
        both += bool(plain["clusters"]) and bool(plain["points"])
    assert both > 5  # clusters and points, names in Cyrillic among them
