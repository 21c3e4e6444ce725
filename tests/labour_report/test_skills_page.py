"""The skills page and GET /api/v1/skills over the hand-made world, as the public sees them (docs/safety.md).

The world's shortages of 2025 (world.py): railways 8311 and health 2211 (rural Zhambyl) named first, then the
sub-major groups 22 (nobody seeking it) and 24 of Almaty city.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from jumys.config import Settings
from jumys.server import create_app
from jumys.web import skills as page

NBSP = "\xa0"


@pytest.fixture
def client(engine: sa.Engine, settings: Settings) -> Iterator[TestClient]:
    """A browser without a session (the public) on the world's store."""
    with TestClient(create_app(settings=settings, engine=engine), follow_redirects=False) as c:
        yield c


def _rows(html: str) -> list[str]:
    """The shortage table's first cells (group code and name), in order."""
    table = html.split('id="shortages"', 1)[1].split("</table>", 1)[0]
    return [re.sub(r"\s+", " ", c).strip() for c in re.findall(r'<td class="group">(.*?)</td>', table, re.S)]


@pytest.mark.parametrize(
    ("lang", "railways", "business", "no_seekers"),
    [
        (
            "ru",
            "8311 · Машинисты локомотивов",
            "24 · Специалисты-профессионалы в сфере бизнеса",
            "нет ищущих работу",
        ),
        (
            "kk",
            "8311 · Локомотив машинистері",
            "24 · Бизнес және әкімшілендіру саласындағы",
            "жұмыс іздеушілер жоқ",
        ),
        (
            "en",
            "8311 · Locomotive Engine Drivers",
            "24 · Business and Administration Professionals",
            "no job seekers",
        ),
    ],
)
def test_the_shortages_name_their_group_and_say_when_nobody_seeks_it(
    client: TestClient, lang: str, railways: str, business: str, no_seekers: str
) -> None:
    html = client.get("/skills", params={"year": 2025, "lang": lang}).text
    rows = _rows(html)
    assert rows[0] == railways
    assert rows[3].startswith(business)
    assert "∞" not in html
    assert no_seekers in html


def test_the_shortages_are_paged_and_filtered_by_region_and_kind(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(page, "PAGE_SIZE", 2)
    first = client.get("/skills", params={"year": 2025, "lang": "en"}).text
    assert [r.split(" · ")[0] for r in _rows(first)] == ["8311", "2211"]
    assert "1–2 of 4" in first and "page=2" in first
    second = client.get("/skills", params={"year": 2025, "lang": "en", "page": 2}).text
    assert [r.split(" · ")[0] for r in _rows(second)] == ["22", "24"]
    almaty = client.get("/skills", params={"year": 2025, "lang": "en", "region": "75"}).text
    assert "1–2 of 3" in almaty
    assert [r.split(" · ")[0] for r in _rows(almaty)] == ["8311", "22"]
    named = client.get("/skills", params={"year": 2025, "lang": "en", "kind": "named"}).text
    assert [r.split(" · ")[0] for r in _rows(named)] == ["8311", "2211"] and "page=2" not in named
    other = client.get("/skills", params={"year": 2025, "lang": "en", "kind": "other", "region": "75"}).text
    assert [r.split(" · ")[0] for r in _rows(other)] == ["22", "24"]


@pytest.mark.parametrize(
    ("lang", "share", "reference"),
    [("ru", f"20,0{NBSP}%", f"6{NBSP}%"), ("kk", f"20,0{NBSP}%", f"6{NBSP}%"), ("en", "20.0%", "6%")],
)
def test_a_percent_is_written_as_the_language_writes_it(
    client: TestClient, lang: str, share: str, reference: str
) -> None:
    """Russian and Kazakh put a non-breaking space before %, English none: as everywhere in the interface."""
    html = client.get("/skills", params={"year": 2025, "lang": lang}).text
    assert share in html  # Zhambyl: 1 of 5 employees trained
    assert reference in html


@pytest.mark.parametrize(
    ("lang", "says"),
    [
        ("ru", "нет данных о навыках и дефиците кадров за 2023 год"),
        ("kk", "2023 жылға дағдылар мен кадр тапшылығы туралы деректер жоқ"),
        ("en", "no skills and shortages figures for 2023"),
    ],
)
def test_a_year_without_data_is_a_404_page_in_the_language(client: TestClient, lang: str, says: str) -> None:
    r = client.get("/skills", params={"year": 2023, "lang": lang})
    assert r.status_code == 404
    assert says in r.text and "<table" not in r.text


def test_the_api_gives_null_with_its_reason_and_a_clear_404(client: TestClient) -> None:
    body = client.get("/api/v1/skills", params={"year": 2025}).json()
    rows = {(s["region"], s["nkz"]): s for s in body["shortages"]}
    assert (
        rows[("75", "22")]["per_seeker"] is None and rows[("75", "22")]["per_seeker_missing"] == "no_seekers"
    )
    assert rows[("75", "8311")]["per_seeker_missing"] == "suppressed"  # 1 seeker: left out for the public
    assert rows[("75", "24")]["level"] == "sub_major" and rows[("75", "8311")]["level"] == "unit"
    r = client.get("/api/v1/skills", params={"year": 2023}, headers={"Accept-Language": "kk"})
    assert (r.status_code, r.json()["code"]) == (404, "reports.no_skills_year")
    assert "деректер жоқ" in r.json()["text"]
