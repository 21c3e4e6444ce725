"""A project's page follows its facts: events posted through the API show on the open page, without a reload.

Screenshots of the changed page in Russian, Kazakh and English go to test-artifacts/screenshots/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from jumys.access.service import issue_token
from jumys.config import Settings
from tests.factories import new_iin
from tests.web.test_browser import Served, Visit, browser, served_store
from tests.web.test_browser import pytestmark as browser_marks
from tests.web.world import Country, load_country

__all__ = ["browser"]  # the fixture, used by the test below

pytestmark = browser_marks  # slow, and skipped without chromium


class Live(Served):
    """The served country and a machine token of the ministry's, to post events with."""

    token = ""


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """The browser tests' country, served with the events' verification running in the background."""
    tmp = tmp_path_factory.mktemp("live")
    kept: dict[str, Any] = {}

    def fill(engine: sa.Engine, settings: Settings) -> None:
        kept["country"] = load_country(engine, settings, tmp / "batch")
        with engine.begin() as conn:
            kept["token"] = issue_token(conn, "ministry")

    with served_store(tmp, fill) as site:
        served = Live(site.url, kept["country"])
        served.token = kept["token"]
        yield served


def _hires(c: Country, label: str, n: int) -> list[dict[str, Any]]:
    """n permanent hires at the project's operator, in its region, paid every month to December 2025."""
    project = next(p for p in c.projects if p["project_id"] == c.project_ids[label])
    events = []
    for i in range(n):
        iin = new_iin()
        row = {
            "contract_id": f"LIVE{i:03d}",
            "iin": iin,
            "bin": project["operator_bins"],
            "kato": project["kato"],
            "nkz": "7212",
            "contract_type": "permanent",
            "start_date": f"2025-04-{1 + i:02d}",
            "end_date": "",
            "salary_kzt": "450000",
            "conditions": "normal",
        }
        events.append({"event_id": f"live-c-{i}", "kind": "contract", "row": row})
        for month in range(4, 13):
            pay = {"iin": iin, "bin": row["bin"], "period": f"2025-{month:02d}", "wage_kzt": "450000"}
            events.append(
                {"event_id": f"live-p-{i}-{month}", "kind": "payroll", "row": pay | {"opv_kzt": "45000"}}
            )
    return events


def test_the_project_page_shows_events_without_a_reload(browser: Any, live: Live) -> None:
    v = Visit(browser, live, "live")
    page = v.page
    v.sign_in("ministry")
    pid = live.country.project_ids["behind"]
    v.go(f"/projects/{pid}")
    before = {k: page.locator(f"#{k}").inner_text() for k in ("data-batch", "verified-jobs")}
    page.evaluate("window.jumysStayed = 'yes'")  # gone if the page were loaded again
    r = httpx.post(
        f"{live.url}/api/v1/events",
        json={"events": _hires(live.country, "behind", 5)},
        headers={"Authorization": f"Bearer {live.token}"},
        timeout=30,
    )
    assert r.status_code == 200, r.text
    assert r.json()["applied"] == 5 * 10
    batch = str(r.json()["batch_no"])
    v.until(f"document.querySelector('#data-batch').innerText === '{batch}'", timeout=20)
    assert page.evaluate("window.jumysStayed") == "yes"
    after = page.locator("#verified-jobs").inner_text()
    assert before["data-batch"] != batch
    assert (
        int(after.replace("\u00a0", "").replace(" ", ""))
        == int(before["verified-jobs"].replace("\u00a0", "").replace(" ", "")) + 5
    )
    shots = [v.shot("changed-ru")]
    for lang in ("kk", "en"):
        v.go(f"/projects/{pid}?lang={lang}")
        shots.append(v.shot(f"changed-{lang}"))
    out = Path("/tmp/live14/shots")
    out.mkdir(parents=True, exist_ok=True)
    for s in shots:
        (out / s.name).write_bytes(s.read_bytes())
    v.close()
