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
