"""The projected labour gap beside the regions' labour index and next year's quota proposal: shown, not scored."""

from __future__ import annotations

import numpy as np
import pytest
import sqlalchemy as sa

from jumys.access.principal import PUBLIC, Principal
from jumys.forecasting.cohort import store_population
from jumys.forecasting.labour import outlook
from jumys.reports.labour_gap import next_year_gap
from jumys.reports.mobility import region_index
from jumys.reports.quota_proposal import quota_proposal
from tests.forecasting.gravity_world import covariates, plant, planted_country
from tests.permits.test_proposal import build
from tests.permits.world import MINISTRY, PermitWorld

AKIMAT75 = Principal("a75", "akimat", region="75")


def test_the_gap_is_the_outlooks_next_year_per_1000(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        assert next_year_gap(conn, 2024) == {}  # no population: nothing to show, nothing refused
        planted_country(conn)
        gaps = next_year_gap(conn, 2024)
        o = outlook(store_population(conn, 2024), 2025)
    assert set(gaps) == set(o.regions)
    assert [gaps[k] for k in o.regions] == pytest.approx(list(o.gap_per_1000[0]), abs=0.05)


def test_the_index_shows_the_gap_beside_its_score_which_stays_the_mean_of_the_components(
    engine: sa.Engine,
) -> None:
    with engine.begin() as conn:
        planted_country(conn)
        page = region_index(conn, PUBLIC, 2024)
        gaps = next_year_gap(conn, 2024)
        own = region_index(conn, AKIMAT75, 2024)
    assert {r.kato2: r.labour_gap_per_1000 for r in page.regions} == gaps
    for r in page.regions:
        scores = [c.score for c in r.components if c.score is not None]
        if r.index is not None:
            assert r.index == pytest.approx(np.mean(scores))
    assert [(r.kato2, r.labour_gap_per_1000) for r in own.regions] == [("75", gaps["75"])]


def test_the_proposal_shows_the_gap_by_region_and_its_split_does_not_move(world: PermitWorld) -> None:
    build(world)
    with world.engine.connect() as conn:
        before = quota_proposal(conn, MINISTRY, 2026)
    with world.engine.begin() as conn:
        rng = np.random.default_rng(3)
        plant(conn, {2025: covariates(2025, rng)}, {}, with_stats=False)
    with world.engine.connect() as conn:
        after = quota_proposal(conn, MINISTRY, 2026)
        own = quota_proposal(conn, AKIMAT75, 2026)
        gaps = next_year_gap(conn, 2025)
    assert before.labour_gap_per_1000 == {}
    assert after.labour_gap_per_1000 == {r: gaps[r] for r in {q.region for q in after.lines}}
    assert after.lines == before.lines and after.proposed == before.proposed
    assert set(own.labour_gap_per_1000) == {"75"}


@pytest.fixture
def world(engine: sa.Engine, settings: object, tmp_path: object) -> PermitWorld:
    """An empty permit world on the test's engine."""
    return PermitWorld(engine, settings, tmp_path)  # type: ignore[arg-type]
