"""The matching's faces: `jumys resettle match` (80 columns, JSON, a year without classes refused), the page in
three languages and who sees which matches; never an IIN."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from jumys.access.service import add_user
from jumys.cli.main import app
from jumys.config import get_settings
from jumys.mobility.regions import RegionClass
from jumys.reference.regions import region_codes
from jumys.server import create_app
from tests.conftest import duckdb_copy
from tests.factories import new_bin
from tests.mobility.match_world import KOSTANAY, NORTH, SHYMKENT, SOUTH, World
from tests.web.conftest import sign_in
from tests.web.world import PASSWORD

CLASSES = {SOUTH: "surplus", SHYMKENT: "surplus", NORTH: "deficit", KOSTANAY: "deficit"}


def _classes(labour: dict[str, str], demographic: set[str]) -> Any:
    def classes(conn: Any, year: int, rules: Any = None) -> dict[str, RegionClass]:
        assert year == 2025  # a matching on 2026-01-01 uses the regions of 2025
        return {
            k: RegionClass(k, labour.get(k, "balanced"), k in demographic, "index") for k in region_codes()
        }

    return classes


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, duckdb_template: Path) -> Iterator[World]:
    """An embedded store, the CLI pointed at it: seekers in 61 and 79, vacancies in 59 and 39."""
    monkeypatch.setenv("JUMYS_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("JUMYS_PSEUDONYM_KEY", "test-pseudonym-key-0123456789abcdef-not-secret")
    monkeypatch.delenv("JUMYS_DATABASE_URL", raising=False)
    monkeypatch.setattr("jumys.mobility.regions.classes", _classes(CLASSES, {NORTH}))
    get_settings.cache_clear()
    settings = get_settings()
    engine = duckdb_copy(settings, duckdb_template)
    w = World(engine, settings, tmp_path)
    for region in CLASSES:
        w.wage(region, 300_000)
    w.seeker(SOUTH, registered="2025-03-01")
    w.seeker(SHYMKENT)
    w.seeker(SOUTH, kandas=True)
    w.vacancy(NORTH, 500_000)
    w.vacancy(KOSTANAY, 450_000)
    w.vacancy(KOSTANAY, 460_000, nkz="2411")
    w.ingest()
    engine.dispose()
    yield w
    get_settings.cache_clear()


def test_the_command_matches_stores_and_fits_80_columns(world: World) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["resettle", "match", "--as-of", "2026-01-01"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.output.splitlines()) <= 80
    assert "matching at 2026-01-01 (regions classed by 2025): 2 of 3 job seekers" in result.output
    assert "vacancies left: 1, nobody in a labour-surplus region seeks the occupation" in result.output
    assert "seekers left: 1, the vacancies they could take went to others" in result.output
    as_json = runner.invoke(app, ["resettle", "match", "--as-of", "2026-01-01", "--json"])
    assert as_json.exit_code == 0, as_json.output
    found = json.loads(as_json.stdout)
    assert found["run"]["matched"] == 2 and found["total"] == 2 and len(found["matches"]) == 2
    kandas = [m for m in found["matches"] if m["kandas"]]
    assert [m["to_region"] for m in kandas] == [NORTH]  # kandas: the demographic deficit only
    assert not any(i in as_json.stdout + result.output for i in world.iins)


def test_a_year_without_surplus_or_deficit_regions_is_refused(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("jumys.mobility.regions.classes", _classes({SOUTH: "surplus"}, set()))
    result = CliRunner().invoke(app, ["resettle", "match", "--as-of", "2026-01-01"])
    assert result.exit_code != 0
    assert "1 labour-surplus and 0 labour-deficit regions" in result.output


def _as(client: TestClient, who: str, role: str, region: str | None = None) -> TestClient:
    bins = (new_bin(),) if role == "employer" else ()
    with client.app.state.door.engine.begin() as conn:  # type: ignore[attr-defined]
        add_user(conn, who, role, known_regions=region_codes(), region=region, bins=bins, password=PASSWORD)
    return sign_in(client, who)


def test_the_page_in_three_languages_and_for_each_role(world: World) -> None:
    assert CliRunner().invoke(app, ["resettle", "match", "--as-of", "2026-01-01"]).exit_code == 0
    iins = world.iins
    with TestClient(create_app(get_settings()), follow_redirects=False) as client:
        ministry = _as(client, "m_ministry", "ministry")
        en = html.unescape(ministry.get("/resettlement/matches?lang=en").text).replace("\u00a0", " ")
        assert "Job seekers matched across regions" in en and "Matches between regions" in en
        assert "Why the rest are not matched" in en and "kandas" in en
        assert en.count("<tr>") == 2 + 2 + 2  # two headings, the flows 61 -> 59 and 79 -> 39, the two matches
        ru = ministry.get("/resettlement/matches?lang=ru").text
        assert "Соискатели, подобранные в другие регионы" in ru
        kk = ministry.get("/resettlement/matches?lang=kk").text
        assert "Басқа өңірлерге іріктелген жұмыс іздеушілер" in kk
        assert not any(i in en + ru + kk for i in iins)
        ministry.cookies.clear()
        north = _as(client, "m_akimat59", "akimat", NORTH)
        seen = north.get("/resettlement/matches?lang=en").text
        assert seen.count("<tr>") == 2 + 1 + 1  # only the flow and the match reaching region 59
        assert north.get(f"/resettlement/matches?region={KOSTANAY}").status_code == 403
        north.cookies.clear()
        employer = _as(client, "m_employer", "employer")
        assert employer.get("/resettlement/matches").status_code == 403
        employer.cookies.clear()
        assert client.get("/resettlement/matches").status_code in (303, 401, 403)


def test_the_page_pages_through_many_matches(world: World) -> None:
    for _ in range(26):  # one more than a page holds
        world.seeker(SOUTH)
        world.vacancy(NORTH, 500_000)
    world.ingest()
    assert CliRunner().invoke(app, ["resettle", "match", "--as-of", "2026-01-01"]).exit_code == 0
    with TestClient(create_app(get_settings()), follow_redirects=False) as client:
        ministry = _as(client, "p_ministry", "ministry")
        first = ministry.get("/resettlement/matches?lang=en")
        assert first.status_code == 200, first.text
        assert "1–25 of 28" in html.unescape(first.text).replace("\u00a0", " ")
        second = ministry.get("/resettlement/matches?lang=en&page=2")
        assert second.status_code == 200 and "26–28 of 28" in second.text
