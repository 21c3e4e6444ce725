"""The page of scenarios in Chromium, in three languages: two runs compared, both charts drawn, no console
error and no request leaving the host; the ministry runs a file through the form."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from jumys.access.principal import Principal
from jumys.access.service import add_user
from jumys.config import Settings
from jumys.forecasting.scenario_service import run_and_store
from jumys.reference.regions import region_codes
from tests.forecasting.scenario_world import HEAD, SCENARIO, build_country
from tests.web.test_browser import LAPTOP, Site, Visit, browser, pytestmark, served_store
from tests.web.world import PASSWORD

__all__ = ["browser", "pytestmark"]  # the browser fixture, and the marks that skip without Chromium


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The country of scenario_world.py with two runs stored, and a ministry user, served."""
    tmp = tmp_path_factory.mktemp("scenario-browser")

    def fill(engine: sa.Engine, settings: Settings) -> None:
        build_country(engine, settings, tmp)
        who = Principal("planner", "ministry")
        with engine.begin() as conn:
            run_and_store(conn, SCENARIO.encode(), "two.csv", who, 2040)
            run_and_store(
                conn, (HEAD + "name,,,Jobs in Almaty,\njobs,75,2027,3000,\n").encode(), "jobs.csv", who, 2040
            )
            add_user(conn, "scen_ministry", "ministry", known_regions=region_codes(), password=PASSWORD)

    with served_store(tmp, fill) as served:
        yield served


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("ru", "Сценарии новых точек роста и их потребности"),
        ("kk", "Жаңа өсу нүктелерінің сценарийлері және олардың қажеттіліктері"),
        ("en", "Scenarios of new growth points and what they need"),
    ],
)
def test_two_runs_are_compared_and_charted(browser: Any, served: Site, lang: str, title: str) -> None:
    v = Visit(browser, served, f"scenarios-{lang}", viewport=LAPTOP)  # type: ignore[arg-type]
    v.go(f"/forecasts/scenarios?run=1&run=2&year=2035&lang={lang}")
    assert v.page.locator("h1").inner_text() == title
    v.charts_ready()
    assert v.page.locator("#needs-by-region tbody tr").count() == 21
    assert (
        v.page.locator("#scenario-compare thead th").count() == 6
    )  # measure, baseline, 2 x (run, difference)
    v.shot("compared")
    v.close()


def test_the_ministry_runs_a_file_through_the_form(browser: Any, served: Site, tmp_path: Any) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(HEAD + "jobs,99,2030,-4,\n", encoding="utf-8")
    good = tmp_path / "good.csv"
    good.write_text(HEAD + "name,,,From the form,\nwage,19,2027,15,\n", encoding="utf-8")
    v = Visit(browser, served, "scenarios-run", viewport=LAPTOP)  # type: ignore[arg-type]
    v.sign_in("scen_ministry")
    v.go("/forecasts/scenarios?lang=en")
    v.page.click("#run-form summary")
    v.page.set_input_files("input[name=scenario]", str(bad))
    v.page.click("#run-form button[type=submit]")
    assert "line 2: 99 is not the 2-digit KATO code of a region" in v.page.locator("#refused").inner_text()
    v.shot("refused")
    v.page.set_input_files("input[name=scenario]", str(good))
    v.page.fill("input[name=to]", "2035")
    v.page.click("#run-form button[type=submit]")
    v.page.wait_for_selector("#run-3")
    v.charts_ready()
    assert "From the form" in v.page.locator("#run-3 h2").inner_text()
    v.shot("ran")
    v.errors = [e for e in v.errors if "422" not in e]  # the refused file's answer, which the browser logs
    v.close()
