"""Foreign workers' conditions by role: the ministry and inspectors every region, an akimat its own, the rest
nothing (docs/foreign_workers.md)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from jumys.access.principal import PUBLIC, Principal
from jumys.errors import Forbidden
from jumys.reports.foreign_workers import foreign_workers
from tests.reports.foreign_world import EXPIRING_AS_OF, plant_expiring
from tests.reports.world import World


@pytest.fixture
def planted(engine: sa.Engine, world: World) -> dict[str, str]:
    """The expiring permits of both regions, planted once per module's world."""
    if not hasattr(world, "_expiring"):
        world._expiring = plant_expiring(engine, world.bins)  # type: ignore[attr-defined]
    return world._expiring  # type: ignore[attr-defined,no-any-return]


@pytest.mark.parametrize(
    ("who", "regions"),
    [("ministry", {"75", "11"}), ("inspector", {"75", "11"}), ("akimat75", {"75"}), ("akimat11", {"11"})],
)
def test_each_role_sees_its_regions(
    engine: sa.Engine, world: World, planted: dict[str, str], who: str, regions: set[str]
) -> None:
    with engine.connect() as conn:
        report = foreign_workers(conn, world.principals[who], EXPIRING_AS_OF)
    assert {p.permit_id for p in report.expiring} == {planted[r] for r in regions}
    assert {p.region for p in report.expiring} == regions
    assert report.expiring_total == len(regions)


def test_a_region_asked_for_narrows_the_list(
    engine: sa.Engine, world: World, planted: dict[str, str]
) -> None:
    with engine.connect() as conn:
        report = foreign_workers(conn, world.principals["ministry"], EXPIRING_AS_OF, region="11")
    assert [p.permit_id for p in report.expiring] == [planted["11"]]


@pytest.mark.parametrize("who", ["investor_a", "investor_b", "public_user"])
def test_investors_and_the_public_are_refused(engine: sa.Engine, world: World, who: str) -> None:
    with engine.connect() as conn, pytest.raises(Forbidden):
        foreign_workers(conn, world.principals[who], EXPIRING_AS_OF)


def test_employers_and_anonymous_are_refused_and_another_akimats_region(
    engine: sa.Engine, world: World
) -> None:
    employer = Principal("e", "employer", bins=frozenset({world.bins["OA"]}))
    with engine.connect() as conn:
        for p in (employer, PUBLIC):
            with pytest.raises(Forbidden):
                foreign_workers(conn, p, EXPIRING_AS_OF)
        with pytest.raises(Forbidden):
            foreign_workers(conn, world.principals["akimat75"], EXPIRING_AS_OF, region="11")
