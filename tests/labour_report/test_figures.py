"""Each figure of the regional labour report on the hand-made world, on both engines (docs/safety.md)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from jumys.access.principal import Principal
from jumys.errors import Forbidden, InvalidInput, NotFound
from jumys.reports.labour_report import FIGURES, build_report, report_rows
from tests.labour_report.world import EXPECTED

MINISTRY = Principal("m", "ministry")


@pytest.fixture
def world(engine: sa.Engine) -> sa.Engine:
    return engine


def test_every_figure_is_checked_by_hand() -> None:
    assert {key for _, key in EXPECTED} == {f.key for f in FIGURES}


@pytest.mark.parametrize(("region", "key"), sorted(EXPECTED))
def test_figure(world: sa.Engine, region: str, key: str) -> None:
    with world.connect() as conn:
        report = build_report(conn, MINISTRY, 2025, "all")
    page = next(p for p in report.pages if p.code == region)
    figure = page.figure(key)
    want_now, want_before = EXPECTED[(region, key)]
    assert figure.value == pytest.approx(want_now), "2025"
    assert figure.previous == pytest.approx(want_before), "2024"


def test_change_is_relative_for_rates_and_in_points_for_shares(world: sa.Engine) -> None:
    with world.connect() as conn:
        page = build_report(conn, MINISTRY, 2025, "31").pages[0]
    assert page.figure("injured_per_1000").change == pytest.approx(-20.0)  # 400 against 500
    assert page.figure("trained_share").change == pytest.approx(-5.0)  # 20 % against 25 %: -5 pp
    assert page.figure("trained_share").in_points
    assert page.figure("arrears_repaid_kzt").change is None  # nothing repaid the year before
    assert page.projects_as_of is not None and page.projects_as_of.isoformat() == "2025-12-01"


def test_the_engines_agree_on_every_row(world: sa.Engine) -> None:
    # every row a step gives has its year and region; the country is region KZ
    with world.connect() as conn:
        rows = report_rows(conn, 2025)
    assert {region for _, region in rows} == {"31", "75", "KZ"}
    assert {year for year, _ in rows} == {2024, 2025}


def test_a_year_without_data_is_a_clear_404(world: sa.Engine) -> None:
    with world.connect() as conn, pytest.raises(NotFound) as caught:
        build_report(conn, MINISTRY, 2019, "all")
    assert caught.value.code == "reports.no_report_year"


def test_a_region_without_data_is_a_clear_404(world: sa.Engine) -> None:
    with world.connect() as conn, pytest.raises(NotFound) as caught:
        build_report(conn, MINISTRY, 2025, "47")
    assert caught.value.code == "reports.no_report_region"


def test_an_akimat_reads_its_region_only(world: sa.Engine) -> None:
    akimat = Principal("a", "akimat", region="31")
    with world.connect() as conn:
        assert build_report(conn, akimat, 2025, "31").pages[0].code == "31"
        for other in ("75", "all"):
            with pytest.raises(Forbidden):
                build_report(conn, akimat, 2025, other)
        with pytest.raises(Forbidden):
            build_report(conn, Principal("p", "public", via="anonymous"), 2025, "31")
        with pytest.raises(InvalidInput):
            build_report(conn, MINISTRY, 2025, "3")
        with pytest.raises(NotFound):
            build_report(conn, MINISTRY, 2025, "99")


@pytest.mark.parametrize("region", ["31", "75"])
def test_a_region_report_reads_its_region_alone_and_agrees_with_the_whole(
    world: sa.Engine, region: str
) -> None:
    with world.connect() as conn:
        alone = build_report(conn, MINISTRY, 2025, region).pages[0]
        whole = next(p for p in build_report(conn, MINISTRY, 2025, "all").pages if p.code == region)
    assert alone.figures == whole.figures


def test_a_region_report_of_a_year_without_data_says_the_year(world: sa.Engine) -> None:
    with world.connect() as conn, pytest.raises(NotFound) as caught:
        build_report(conn, MINISTRY, 2019, "31")
    assert caught.value.code == "reports.no_report_year"


@pytest.mark.parametrize("region", ["all", "31"])
def test_a_year_after_the_registries_end_is_a_clear_404(world: sa.Engine, region: str) -> None:
    """Open-ended contracts are active in every later year: a year no contract or payroll reaches has no report."""
    with world.connect() as conn, pytest.raises(NotFound) as caught:
        build_report(conn, MINISTRY, 2027, region)
    assert caught.value.code == "reports.no_report_year"
