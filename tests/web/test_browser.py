"""The dashboard as a person uses it: Debian's Chromium, driven by Playwright, against the app on 127.0.0.1.

Screenshots of every step go to test-artifacts/screenshots/. `make test` installs Chromium first
(`make chromium`); Playwright's own browser download is never used, the network being closed.
"""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import uvicorn

from jumys.config import Settings
from jumys.server import create_app
from jumys.storage.engine import make_engine
from jumys.storage.revisions import upgrade
from tests.conftest import TEST_KEY
from tests.web.world import AKIMAT_REGION, PASSWORD, Country, bad_batch_zip, load_country

CHROMIUM = Path(shutil.which("chromium") or "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path(__file__).parents[2] / "test-artifacts" / "screenshots"
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="chromium is not installed: `make chromium` installs it as root on Debian, or says what to install",
    ),
]

sync_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Served:
    """The app on a local port over its own small country."""

    def __init__(self, url: str, country: Country) -> None:
        self.url, self.country = url, country


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """uvicorn in a thread on 127.0.0.1 and a free port, serving a store of its own (uploads change it)."""
    tmp = tmp_path_factory.mktemp("browser")
    settings = Settings(home=tmp / "home", pseudonym_key=TEST_KEY)
    engine = make_engine(settings=settings)
    upgrade(engine)
    country = load_country(engine, settings, tmp / "batch")
    with serving(create_app(settings=settings, engine=engine)) as url:
        yield Served(url, country)
    engine.dispose()


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """uvicorn in a thread on 127.0.0.1 and a free port, serving app until the end; its URL."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


class Site:
    """The app on a local port (what Visit needs of it)."""

    def __init__(self, url: str) -> None:
        self.url = url


@contextmanager
def served_store(
    tmp: Path, fill: Callable[[sa.Engine, Settings], None] = lambda _e, _s: None
) -> Iterator[Site]:
    """A new embedded store at the newest schema in tmp, filled by fill(engine, settings), served."""
    settings = Settings(home=tmp / "home", pseudonym_key=TEST_KEY)
    engine = make_engine(settings=settings)
    upgrade(engine)
    fill(engine, settings)
    try:
        with serving(create_app(settings=settings, engine=engine)) as url:
            yield Site(url)
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless."""
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


class Visit:
    """A page in a fresh browser context that records problems: console errors and requests leaving the host."""

    def __init__(self, browser: Any, served: Served, name: str, **context: Any) -> None:
        self.served, self.name, self.step = served, name, 0
        self.context = browser.new_context(locale="ru-RU", **context)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route(re.compile(r"^(?!http://127\.0\.0\.1:)"), self._refuse)

    def _refuse(self, route: Any) -> None:
        self.outside.append(route.request.url)
        route.abort()

    def go(self, path: str) -> None:
        """Open a path of the app."""
        self.page.goto(self.served.url + path)

    def shot(self, what: str) -> Path:
        """Save a full-page screenshot of this step."""
        self.step += 1
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{self.name}-{self.step:02d}-{what}.png"
        self.page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000, f"{path.name} looks blank"
        return path

    def sign_in(self, username: str) -> None:
        """Sign in through the form."""
        self.go("/login")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", PASSWORD)
        self.page.click("form.stack button[type=submit]")
        self.page.wait_for_url(re.compile(r".*/(\?.*)?$"))

    def map_ready(self) -> None:
        """Wait until the map has drawn the regions."""
        self.page.wait_for_selector("#map[data-ready='1']")
        self.page.wait_for_selector(f"path.region-{AKIMAT_REGION}", state="attached")

    def charts_ready(self) -> None:
        """Wait until every chart on the page is drawn."""
        self.until("[...document.querySelectorAll('canvas[data-chart]')].every(c => c.dataset.ready === '1')")

    def until(self, expression: str, timeout: float = 15.0) -> None:
        """Wait until a JavaScript expression is true: asked through the DevTools protocol, since the pages'
        Content-Security-Policy forbids the eval that Playwright's wait_for_function runs in the page."""
        deadline = time.monotonic() + timeout
        while not self.page.evaluate(expression):
            assert time.monotonic() < deadline, f"still false after {timeout} s: {expression}"
            time.sleep(0.05)

    def no_sideways_scroll(self) -> None:
        """The page fits the screen's width: nothing but wide tables (which scroll in their box) overflows."""
        overflow = self.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"page wider than the screen by {overflow}px"

    def close(self) -> None:
        """Check nothing went wrong and close the context."""
        self.context.close()
        assert not self.outside, f"requests leaving the host: {self.outside}"
        assert not self.errors, f"errors in the browser console: {self.errors}"


def test_a_ministry_user_walks_through_the_dashboard(browser: Any, served: Served) -> None:
    """Sign in, open the map, click a region, filter its projects, open one, switch language, upload a bad batch."""
    v = Visit(browser, served, "laptop", viewport=LAPTOP)
    page = v.page
    v.go("/login")
    v.shot("sign-in")
    v.sign_in("ministry")
    v.map_ready()
    assert page.locator("h1").inner_text() == "Обещанные и подтверждённые рабочие места по регионам"
    v.shot("map")

    page.locator(f"path.city-{AKIMAT_REGION}").click()  # Almaty city is a dot on the map
    page.wait_for_url(re.compile(rf".*/regions/{AKIMAT_REGION}\b.*"))
    v.charts_ready()
    assert page.locator("h1").inner_text() == "г. Алматы"
    v.shot("region")

    page.select_option("select[name=status]", "at_risk")
    v.until("document.querySelectorAll('#project-list tbody tr').length === 1")
    assert "Хлебозавод «Нан»" in page.locator("#project-list").inner_text()
    page.select_option("select[name=status]", "")
    v.until("document.querySelectorAll('#project-list tbody tr').length === 2")
    v.shot("region-filtered")

    page.get_by_role("link", name="Молочный завод «Алматы Сүт»").click()
    page.wait_for_url(re.compile(r".*/projects/PRJ-\d+.*"))
    v.charts_ready()
    assert "Качество рабочих мест" in page.content()
    v.shot("project")

    page.get_by_role("link", name="KK", exact=True).click()
    page.wait_for_selector("html[lang=kk]")
    v.charts_ready()
    assert "Жұмыс орындарының сапасы" in page.content()
    assert "Уәде және расталған жұмыс орындары" in page.content()
    v.shot("project-kk")
    page.get_by_role("link", name="EN", exact=True).click()
    page.wait_for_selector("html[lang=en]")
    v.charts_ready()
    assert "Quality of the jobs" in page.content()
    v.shot("project-en")

    assert not page.get_by_role("link", name="Alerts").is_visible()  # in the menu's closed group
    page.locator("summary", has_text="Job creation").click()
    page.locator("summary", has_text="Safe work").click()  # one group open at a time
    assert page.get_by_role("link", name="Enterprises").is_visible()
    assert not page.get_by_role("link", name="Alerts").is_visible()
    page.keyboard.press("Escape")
    assert not page.get_by_role("link", name="Enterprises").is_visible()
    page.locator("summary", has_text="Job creation").click()
    page.get_by_role("link", name="Alerts").click()
    page.wait_for_selector("#alert-list")
    assert "broke its promise" in page.locator("#alert-list").inner_text()
    v.shot("alerts-en")

    page.get_by_role("link", name="RU", exact=True).click()
    page.wait_for_selector("html[lang=ru]")
    page.get_by_role("link", name="Загрузка", exact=True).click()
    page.set_input_files(
        "input[name=batch]",
        files=[{"name": "bad-batch.zip", "mimeType": "application/zip", "buffer": bad_batch_zip()}],
    )
    page.get_by_role("button", name="Проверить и применить").click()
    page.wait_for_selector("#rejects")
    rejects = page.locator("#rejects").inner_text()
    assert "неверная контрольная цифра БИН" in rejects
    assert "неизвестный регион 99" in rejects
    assert "не дата в формате ГГГГ-ММ-ДД" in rejects
    v.shot("upload-rejects")
    v.close()


def test_the_as_of_switch_redraws_the_map(browser: Any, served: Served) -> None:
    """Choosing an earlier date swaps the page's content through htmx and draws the map again."""
    v = Visit(browser, served, "asof", viewport=LAPTOP)
    v.sign_in("inspector")
    v.map_ready()
    v.page.select_option("select[name=as_of]", "2025-07-01")
    v.page.wait_for_url(re.compile(r".*as_of=2025-07-01.*"))
    v.map_ready()
    assert v.page.locator("select[name=as_of]").input_value() == "2025-07-01"
    v.shot("map-2025-07-01")
    v.page.locator("path.region-23").click()  # Atyrau region, a polygon; the date goes along
    v.page.wait_for_url(re.compile(r".*/regions/23\?as_of=2025-07-01$"))
    assert v.page.locator("h1").inner_text() == "Атырауская область"
    v.close()


def test_an_akimat_on_a_phone(browser: Any, served: Served) -> None:
    """On a 390×844 phone the akimat signs in, taps its region, opens a project: everything fits the width."""
    v = Visit(browser, served, "phone", viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = v.page
    v.go("/login")
    v.no_sideways_scroll()
    v.shot("sign-in")
    v.sign_in("akimat")
    v.map_ready()
    v.no_sideways_scroll()
    v.shot("map")
    page.locator(f"#regions a[href^='/regions/{AKIMAT_REGION}']").tap()
    page.wait_for_url(re.compile(rf".*/regions/{AKIMAT_REGION}\b.*"))
    v.charts_ready()
    v.no_sideways_scroll()
    v.shot("region")
    page.get_by_role("link", name="Хлебозавод «Нан»").tap()
    page.wait_for_url(re.compile(r".*/projects/.*"))
    v.charts_ready()
    v.no_sideways_scroll()
    v.shot("project")
    page.get_by_role("link", name="KK", exact=True).tap()
    page.wait_for_selector("html[lang=kk]")
    v.charts_ready()
    v.no_sideways_scroll()
    v.shot("project-kk")
    v.close()


def test_a_visitor_without_an_account(browser: Any, served: Served) -> None:
    """Without signing in the map shows the public figures; a project asks to sign in first."""
    v = Visit(browser, served, "public", viewport=LAPTOP)
    v.go("/")
    v.map_ready()
    v.shot("map")
    v.go(f"/projects/{served.country.project_ids['on_track']}")
    v.page.wait_for_url(re.compile(r".*/login\?next=.*"))
    assert v.page.locator("h1").inner_text() == "Войти"
    v.close()


def test_the_api_docs_work_offline(browser: Any, served: Served) -> None:
    """/api/v1/docs draws the operations from the vendored Swagger UI: nothing from another host, no CSP error."""
    v = Visit(browser, served, "api-docs", viewport=LAPTOP)
    v.go("/api/v1/docs")
    v.page.wait_for_selector(".opblock-summary-path", state="attached")
    assert "/api/v1/verification-runs" in v.page.content()
    v.shot("api-docs")
    v.close()
