"""The page of illegal work: who sees it, each signal's evidence in the page's language, persons by pseudonym."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from jumys.access.service import add_user
from jumys.config import Settings
from jumys.illegal_work.signals import run_illegal_work
from jumys.reference.regions import region_codes
from jumys.server import create_app
from tests.factories import new_bin
from tests.illegal_work.world import IllegalWorld
from tests.web.conftest import sign_in
from tests.web.world import PASSWORD

AS_OF = dt.date(2025, 7, 1)
INVESTOR_BIN = new_bin()
USERS = {
    "i_ministry": ("ministry", None),
    "i_inspector": ("inspector", None),
    "i_akimat75": ("akimat", "75"),
    "i_investor": ("investor", None),
    "i_public": ("public", None),
}


@pytest.fixture
def flagged_app(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> Iterator[tuple[FastAPI, dict[str, str]]]:
    """An app over a store with an employer under the minimum wage in region 75 and one paying without
    contracts in region 11, and a user per role."""
    w = IllegalWorld(engine, settings, tmp_path)
    under, shadow = w.employer("751110000"), w.employer("111010000")
    w.staff(under, 2, wage=60_000)
    other = w.employer("111010000")
    stranger = w.staff(other, 1, paid=None)[0]
    w.pay(stranger, shadow, "2025-02", "2025-04", wage=250_000)
    w.ingest()
    with engine.begin() as conn:
        run_illegal_work(conn, AS_OF)
    app = create_app(settings, engine=engine)
    yield app, {"under": under, "shadow": shadow, "iin": stranger}


def _as(app: FastAPI, who: str | None) -> TestClient:
    """A client signed in as who, or anonymous."""
    client = TestClient(app, follow_redirects=False)
    if who is None:
        return client
    role, region = USERS[who]
    bins = (INVESTOR_BIN,) if role == "investor" else ()
    with app.state.door.engine.begin() as conn:
        add_user(conn, who, role, known_regions=region_codes(), region=region, bins=bins, password=PASSWORD)
    return sign_in(client, who)


def test_inspectors_see_every_signal_with_its_evidence_in_three_languages(
    flagged_app: tuple[FastAPI, dict[str, str]],
) -> None:
    app, bins = flagged_app
    client = _as(app, "i_inspector")
    ru = client.get("/illegal-work?lang=ru")
    assert ru.status_code == 200
    assert bins["under"] in ru.text and bins["shadow"] in ru.text
    assert "Нелегальный труд" in ru.text and "Оклад ниже минимальной зарплаты" in ru.text
    assert "85 000 тенге" in ru.text.replace("\u00a0", " ")
    assert bins["iin"] not in ru.text  # never an IIN
    kk = client.get("/illegal-work?lang=kk")
    assert "Заңсыз еңбек" in kk.text and "Шартсыз жұмыс" in kk.text
    en = client.get("/illegal-work?lang=en")
    assert "Pension contributions paid for 1 persons with no contract at the employer" in en.text
    assert "wages 750,000 KZT" in en.text


def test_an_akimat_sees_its_region_only(flagged_app: tuple[FastAPI, dict[str, str]]) -> None:
    app, bins = flagged_app
    client = _as(app, "i_akimat75")
    page = client.get("/illegal-work?lang=en")
    assert page.status_code == 200 and bins["under"] in page.text and bins["shadow"] not in page.text
    assert client.get("/illegal-work?region=11").status_code == 403


@pytest.mark.parametrize("who", ["i_investor", "i_public"])
def test_investors_and_the_public_are_refused(flagged_app: tuple[FastAPI, dict[str, str]], who: str) -> None:
    app, bins = flagged_app
    page = _as(app, who).get("/illegal-work?lang=en")
    assert page.status_code == 403 and bins["under"] not in page.text


def test_a_date_never_run_is_a_page_saying_so(flagged_app: tuple[FastAPI, dict[str, str]]) -> None:
    app, _ = flagged_app
    client = _as(app, "i_ministry")
    assert client.get("/illegal-work?as_of=2024-06-01&lang=en").status_code == 404
    assert client.get("/illegal-work?as_of=junk&lang=en").status_code == 422


def test_a_long_list_is_paged(
    flagged_app: tuple[FastAPI, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Several employers flagged, one a page: each page says where it is and links to its neighbours."""
    import jumys.web.illegal_work as page_module

    monkeypatch.setattr(page_module, "PAGE_SIZE", 1)
    app, _bins = flagged_app
    client = _as(app, "i_inspector")
    first = client.get("/illegal-work?lang=en")
    assert first.status_code == 200
    pager = first.text[first.text.find('class="pager"') :]
    assert "<span>1–1 of " in pager and "page=2" in pager and "Previous" not in pager
    second = client.get("/illegal-work?lang=en&page=2").text
    pager = second[second.find('class="pager"') :]
    assert "<span>2–2 of " in pager and "Previous" in pager
