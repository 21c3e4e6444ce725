"""The labour report's downloads on the region page and the skills page, per role (docs/safety.md)."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web.conftest import signed_in_client
from tests.web.world import AKIMAT_REGION

LINK = re.compile(
    r'href="(/api/v1/regions/(\d\d|all)/report\?year=(\d{4})&amp;lang=(ru|kk|en)&amp;format=(pdf|xlsx))"'
)


@pytest.fixture
def as_role(app: FastAPI, sessions: dict[str, str], request: pytest.FixtureRequest) -> TestClient:
    """A client signed in as the parametrised user."""
    return signed_in_client(app, sessions, request.param)


@pytest.mark.parametrize(
    ("as_role", "links"),
    [("ministry", 12), ("inspector", 12), ("akimat", 6), ("investor", 0), ("citizen", 0)],
    indirect=["as_role"],
)
def test_the_region_page_links_the_reports_its_reader_may_download(as_role: TestClient, links: int) -> None:
    found = LINK.findall(as_role.get(f"/regions/{AKIMAT_REGION}").text)
    assert len(found) == links
    scopes = {12: (AKIMAT_REGION, "all"), 6: (AKIMAT_REGION,), 0: ()}[links]
    expected = {
        (scope, lang, fmt) for scope in scopes for lang in ("ru", "kk", "en") for fmt in ("pdf", "xlsx")
    }
    assert {(scope, lang, fmt) for _, scope, _, lang, fmt in found} == expected


@pytest.mark.parametrize("as_role", ["ministry"], indirect=True)
def test_a_download_link_gives_the_file(as_role: TestClient) -> None:
    r = as_role.get(
        f"/api/v1/regions/{AKIMAT_REGION}/report", params={"year": 2025, "lang": "kk", "format": "pdf"}
    )
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf" and r.content.startswith(b"%PDF")
    assert 'filename="labour-report-75-2025-kk.pdf"' in r.headers["content-disposition"]
    x = as_role.get("/api/v1/regions/all/report", params={"year": 2025, "lang": "en", "format": "xlsx"})
    assert x.status_code == 200 and x.content.startswith(b"PK")


@pytest.mark.parametrize("as_role", ["ministry"], indirect=True)
def test_a_report_without_data_is_a_clear_404(as_role: TestClient) -> None:
    year = as_role.get("/api/v1/regions/all/report", params={"year": 2005})
    assert (year.status_code, year.json()["code"]) == (404, "reports.no_report_year")
    region = as_role.get(
        "/api/v1/regions/47/report", params={"year": 2025}, headers={"Accept-Language": "kk"}
    )
    assert (region.status_code, region.json()["code"]) == (404, "reports.no_report_region")
    assert "есеп жоқ" in region.json()["text"]


@pytest.mark.parametrize("as_role", ["akimat"], indirect=True)
def test_an_akimat_downloads_its_own_region_only(as_role: TestClient) -> None:
    assert as_role.get(f"/api/v1/regions/{AKIMAT_REGION}/report", params={"year": 2025}).status_code == 200
    assert as_role.get("/api/v1/regions/all/report", params={"year": 2025}).status_code == 403
    assert as_role.get("/api/v1/regions/11/report", params={"year": 2025}).status_code == 403


def test_the_skills_page_renders_in_each_language(client: TestClient) -> None:
    for lang, heading in (
        ("ru", "Навыки и дефицит кадров"),
        ("kk", "Дағдылар және кадр тапшылығы"),
        ("en", "Skills and shortages"),
    ):
        r = client.get("/skills", params={"year": 2025, "lang": lang})
        assert r.status_code == 200 and heading in r.text
    assert client.get("/skills", params={"year": 1900}).status_code == 422


@pytest.mark.parametrize("as_role", ["akimat"], indirect=True)
def test_an_akimat_sees_the_skills_of_its_region(as_role: TestClient) -> None:
    r = as_role.get("/skills", params={"year": 2025, "lang": "en"})
    assert r.status_code == 200
    assert "Skills and shortages: Almaty" in r.text  # its region's name in the heading
    assert "By region" in r.text and r.text.count('<td class="n">') > 0


def test_the_skills_tables_scroll_in_their_box_and_align_numbers(client: TestClient) -> None:
    """The shortage table is wider than a laptop: in a .table-wrap it scrolls in its box, not the page."""
    html = client.get("/skills", params={"year": 2025, "lang": "kk"}).text
    tables = html.count("<table")
    assert tables >= 2
    assert html.count('<div class="table-wrap">') == tables
    assert 'class="num"' not in html  # the stylesheet right-aligns numbers with class "n"
    assert '<td class="n">' in html
