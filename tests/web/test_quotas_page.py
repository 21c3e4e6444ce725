"""The quotas page: the ledger in three languages for anyone, decisions only to whom may see them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from jumys.access.service import add_user
from jumys.config import Settings
from jumys.reference.regions import region_codes
from jumys.server import create_app
from tests.permits.world import PermitWorld
from tests.web.conftest import sign_in
from tests.web.world import PASSWORD


@pytest.fixture
def quota_client(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> Iterator[tuple[TestClient, dict[str, str]]]:
    """A quota of 1 unit, two employers applying for it (the second refused), an employer user of the second."""
    w = PermitWorld(engine, settings, tmp_path)
    first, second = w.employer(), w.employer()
    for b in (first, second):
        w.vacancy(b)
    w.quota(1)
    w.ingest()
    w.decide(w.application(first, application_id="A-FIRST"))
    w.decide(w.application(second, application_id="A-SECOND", submitted_on="2025-03-02"))
    with engine.begin() as conn:
        add_user(
            conn, "q_employer", "employer", known_regions=region_codes(), bins=(second,), password=PASSWORD
        )
    with TestClient(create_app(settings, engine=engine), follow_redirects=False) as client:
        yield client, {"first": first, "second": second}


@pytest.mark.parametrize(
    ("lang", "title", "category"),
    [
        ("ru", "Квоты на иностранную рабочую силу", "Специалисты"),
        ("kk", "Шетелдік жұмыс күшіне квоталар", "Мамандар"),
        ("en", "Foreign-labour quotas", "Specialists"),
    ],
)
def test_the_ledger_is_shown_to_anyone_in_each_language(
    quota_client: tuple[TestClient, dict[str, str]], lang: str, title: str, category: str
) -> None:
    client, _ = quota_client
    page = client.get("/quotas", params={"year": 2025, "lang": lang})
    assert page.status_code == 200
    assert title in page.text and category in page.text
    assert "A-FIRST" not in page.text  # the public sees no decisions


def test_an_employer_sees_its_own_refusal_with_the_numbers_in_its_language(
    quota_client: tuple[TestClient, dict[str, str]],
) -> None:
    client, _ = quota_client
    sign_in(client, "q_employer")
    page = client.get("/quotas", params={"year": 2025, "lang": "ru"})
    assert "A-SECOND" in page.text and "A-FIRST" not in page.text
    assert "Квота исчерпана на 2025 год" in page.text


def test_without_a_year_the_page_shows_the_newest_year_with_quotas(
    quota_client: tuple[TestClient, dict[str, str]],
) -> None:
    """The quotas loaded are for 2025: asked with no year (in 2026 or later), the page shows 2025, not an empty year."""
    client, _ = quota_client
    page = client.get("/quotas", params={"lang": "en"})
    assert page.status_code == 200
    assert "Foreign-labour quotas 2025" in page.text
    assert "No quotas are stored for this year." not in page.text


@pytest.mark.parametrize(("lang", "india"), [("ru", "Индия"), ("kk", "Үндістан"), ("en", "India")])
def test_countries_are_named_in_the_pages_language(
    quota_client: tuple[TestClient, dict[str, str]], lang: str, india: str
) -> None:
    client, _ = quota_client
    page = client.get("/quotas", params={"year": 2025, "lang": lang})
    assert f"<td>{india}</td>" in page.text and "<td>IND</td>" not in page.text
    if lang == "en":  # the table's caption is not said again as its first column's heading
        assert page.text.count("By country") == 1 and '<th scope="col">Country</th>' in page.text


@pytest.mark.parametrize(
    ("lang", "title", "why"),
    [
        (
            "ru",
            "Квота на иностранную рабочую силу, предложенная на 2026 год",
            "Вакансии, размещённые в 2025 году",
        ),
        ("kk", "2026 жылға ұсынылған шетелдік жұмыс күшіне квота", "2025 жылы орналастырылған"),
        ("en", "Foreign-labour quota proposed for 2026", "Vacancies posted in 2025 and still unfilled"),
    ],
)
def test_the_proposal_explains_each_line_to_anyone_in_each_language(
    quota_client: tuple[TestClient, dict[str, str]], lang: str, title: str, why: str
) -> None:
    client, _ = quota_client
    ledger = client.get("/quotas", params={"year": 2025, "lang": lang})
    assert 'href="/quotas/proposal?year=2026"' in ledger.text
    page = client.get("/quotas/proposal", params={"year": 2026, "lang": lang})
    assert page.status_code == 200
    assert title in page.text and why in page.text
    # region 75, specialists: 2 vacancies unfilled, nobody seeking 2142, the 1 unit of 2025 used up: 3
    line = page.text.split('data-line="75-specialist"')[1].split("</tbody>")[0]
    cells = [c.split(">")[-1] for c in line.split("</td>")[:8]]
    assert cells[2:5] == ["2", "0", "1"] and "<strong>3</strong>" in line and "<details>" in line


def test_the_proposal_page_says_when_a_year_has_no_data_and_an_akimat_sees_its_region(
    quota_client: tuple[TestClient, dict[str, str]], engine: sa.Engine
) -> None:
    client, _ = quota_client
    empty = client.get("/quotas/proposal", params={"year": 2031, "lang": "en"})
    assert empty.status_code == 200
    assert "no vacancy posted in 2030" in empty.text and "proposal-lines" not in empty.text
    with engine.begin() as conn:
        add_user(conn, "q_akimat", "akimat", known_regions=region_codes(), region="11", password=PASSWORD)
    sign_in(client, "q_akimat")
    mine = client.get("/quotas/proposal", params={"year": 2026, "lang": "en"})
    assert mine.status_code == 200 and 'data-line="75-' not in mine.text
    bad = client.get("/quotas/proposal", params={"year": 2026, "region": "99", "lang": "en"})
    assert bad.status_code == 422


@pytest.mark.parametrize(
    ("lang", "total", "criterion"),
    [
        (
            "ru",
            "40 при проходном 40",
            "основная группа НКЗ 2, специалисты высшего уровня квалификации: баллов 20",
        ),
        ("kk", "40, өту шегі 40", "ҚЖС 2 негізгі тобы, біліктілігі жоғары деңгейдегі мамандар: 20 ұпай"),
        ("en", "40 of pass mark 40", "NKZ major group 2, professionals: 20 points"),
    ],
)
def test_each_decision_shows_its_points_in_the_pages_language(
    quota_client: tuple[TestClient, dict[str, str]], lang: str, total: str, criterion: str
) -> None:
    client, _ = quota_client
    sign_in(client, "q_employer")
    page = client.get("/quotas", params={"year": 2025, "lang": lang})
    assert total in page.text  # qualification 20, a shortage (its unfilled vacancy, no job seekers) 20
    assert criterion in page.text
