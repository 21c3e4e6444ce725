"""The dashboard's pages through FastAPI's TestClient: who sees what, languages, errors, no outside URLs."""

from __future__ import annotations

import html
import io
import re
import uuid
import zipfile

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

import jumys.doors.uploads
from jumys.access.service import SIGN_IN_FAILURES, add_user, list_audit
from jumys.errors import ConfigurationError
from jumys.reference.regions import region_codes
from jumys.registry.messages import KEY_FILE_TOO_SHORT
from tests.web.conftest import Site, sign_in, signed_in_client
from tests.web.world import AKIMAT_REGION, LATEST, PASSWORD, bad_batch_zip, many_problems_zip

CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
ROLES = ("ministry", "akimat", "inspector", "investor", "citizen")
EXTERNAL = re.compile(r"""(?:src|href|action|data-map)\s*=\s*["'](?!/(?!/)|#|data:|\?)""", re.I)


def pages(site: Site) -> list[str]:
    """Every page of the dashboard for the small country."""
    pid = site.country.project_ids["on_track"]
    return [
        "/",
        "/?lang=kk",
        "/?lang=en",
        f"/regions/{AKIMAT_REGION}",
        f"/projects/{pid}",
        "/alerts",
        "/upload",
        "/login",
    ]


@pytest.fixture
def as_role(app: FastAPI, sessions: dict[str, str], request: pytest.FixtureRequest) -> TestClient:
    """A client signed in as the parametrised user."""
    return signed_in_client(app, sessions, request.param)


# --- who sees what ------------------------------------------------------------------------------


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_the_map_renders_for_every_role(as_role: TestClient, request: pytest.FixtureRequest) -> None:
    """Every role sees the national map and the as-of dates; the table lists the regions the role may see."""
    r = as_role.get("/")
    assert r.status_code == 200
    akimat = request.node.callspec.params["as_role"] == "akimat"
    assert r.text.count('<th scope="row">') == (1 if akimat else 20)
    assert 'id="map-data"' in r.text and LATEST.isoformat() in r.text


def test_the_map_renders_for_anonymous_visitors(client: TestClient) -> None:
    """Without signing in the map shows what the public sees, with a sign-in link."""
    r = client.get("/")
    assert r.status_code == 200
    assert 'href="/login"' in r.text
    assert "Обещанные и подтверждённые рабочие места по регионам" in r.text


def test_the_columns_counting_projects_agree_in_number(client: TestClient) -> None:
    """The map's columns count projects: «Не выполнены», «Под угрозой» (a project's badge stays «Не выполнен»)."""
    ru = client.get("/?lang=ru").text
    assert '<th scope="col" class="n wide">Не выполнены</th>' in ru
    assert '<th scope="col" class="n wide">Под угрозой</th>' in ru
    kk = client.get("/?lang=kk").text
    assert '<th scope="col" class="n wide">Орындалмаған жобалар</th>' in kk
    en = client.get("/?lang=en").text
    assert '<th scope="col" class="n wide">Projects failed</th>' in en


@pytest.mark.parametrize("as_role", ["ministry", "inspector"], indirect=True)
def test_country_wide_roles_see_every_region_and_project(as_role: TestClient, site: Site) -> None:
    """Ministry and inspectors open any region and any project."""
    for label in ("on_track", "failed", "grain"):
        pid = site.country.project_ids[label]
        assert as_role.get(f"/projects/{pid}").status_code == 200
    r = as_role.get("/regions/71")
    assert r.status_code == 200
    assert "Металлургический цех «Болат»" in r.text


@pytest.mark.parametrize("as_role", ["akimat"], indirect=True)
def test_an_akimat_sees_its_region_and_nothing_of_another(as_role: TestClient, site: Site) -> None:
    """The akimat of Almaty city sees its projects; Astana's region and project are refused without data."""
    own = as_role.get(f"/regions/{AKIMAT_REGION}")
    assert own.status_code == 200
    assert "Молочный завод «Алматы Сүт»" in own.text
    other = as_role.get("/regions/71")
    assert other.status_code == 403
    assert "Болат" not in other.text
    failed = site.country.project_ids["failed"]
    refused = as_role.get(f"/projects/{failed}")
    assert refused.status_code == 404
    assert "Болат" not in refused.text
    alerts = as_role.get("/alerts")
    assert failed not in alerts.text
    home = as_role.get("/")
    assert 'href="/regions/71' not in home.text  # other regions are not links


@pytest.mark.parametrize("as_role", ["investor"], indirect=True)
def test_an_investor_sees_only_its_own_projects(as_role: TestClient, site: Site) -> None:
    """The investor opens its project; another investor's is as if it did not exist."""
    own = site.country.project_ids["on_track"]
    assert as_role.get(f"/projects/{own}").status_code == 200
    region = as_role.get(f"/regions/{AKIMAT_REGION}")
    assert "Молочный завод «Алматы Сүт»" in region.text
    assert "Хлебозавод «Нан»" not in region.text
    other = as_role.get(f"/projects/{site.country.project_ids['behind']}")
    assert other.status_code == 404
    assert "Хлебозавод" not in other.text


@pytest.mark.parametrize("as_role", ["citizen"], indirect=True)
def test_the_public_role_sees_region_figures_only(as_role: TestClient, site: Site) -> None:
    """A signed-in public user sees region aggregates; projects and alerts get a friendly 403 page."""
    region = as_role.get(f"/regions/{AKIMAT_REGION}")
    assert region.status_code == 200
    assert "Молочный завод" not in region.text and "Список проектов доступен после входа" in region.text
    project = as_role.get(f"/projects/{site.country.project_ids['on_track']}")
    assert project.status_code == 403
    assert "Молочный завод" not in project.text
    assert "У вас нет доступа к этой странице" in project.text
    assert as_role.get("/alerts").status_code == 403
    assert as_role.get("/upload").status_code == 403


def test_small_numbers_are_hidden_from_the_public(
    client: TestClient, app: FastAPI, sessions: dict[str, str]
) -> None:
    """A number built from fewer than 5 persons is not shown to the public: Astana's 4 unpaid contracts."""
    public = client.get("/regions/71").text
    tile = re.search(r"Люди без пенсионных взносов</dt><dd>([^<]*)</dd>", public)
    assert tile and tile.group(1) == "—"
    assert "Часть показателей скрыта" in public
    ministry = signed_in_client(app, sessions, "ministry").get("/regions/71").text
    tile = re.search(r"Люди без пенсионных взносов</dt><dd>([^<]*)</dd>", ministry)
    assert tile and tile.group(1) == "4"
    atyrau = re.search(
        r'regions/23[^>]*>[^<]*</a></th>\s*<td class="n">1</td>\s*<td colspan="5" class="muted">([^<]*)',
        client.get("/").text,
    )
    assert atyrau and "Скрыто" in atyrau.group(1)


def test_anonymous_visitors_are_sent_to_sign_in(client: TestClient, site: Site) -> None:
    """Pages for signed-in roles redirect to /login, remembering where the visitor was going."""
    pid = site.country.project_ids["on_track"]
    for url in (f"/projects/{pid}", "/alerts", "/upload"):
        r = client.get(url)
        assert r.status_code == 303
        assert r.headers["location"].startswith("/login?next=%2F")


@pytest.mark.parametrize("as_role", ["ministry"], indirect=True)
def test_every_page_renders_for_the_ministry(as_role: TestClient, site: Site) -> None:
    """Each page answers 200 with a full HTML page."""
    for url in pages(site):
        r = as_role.get(url)
        assert r.status_code == 200, url
        assert r.text.startswith("<!doctype html>") and "</html>" in r.text


# --- no outside URLs ----------------------------------------------------------------------------


@pytest.mark.parametrize("as_role", ["ministry"], indirect=True)
def test_no_page_references_an_external_url(as_role: TestClient, site: Site) -> None:
    """Every src, href and action stays on this site: the network is closed, libraries are vendored."""
    for url in pages(site):
        html = as_role.get(url).text
        assert not EXTERNAL.findall(html), (url, EXTERNAL.findall(html))
        assert "http://" not in html and "https://" not in html, url
        assert "cdn" not in html.lower(), url


def test_the_vendored_libraries_are_served(client: TestClient) -> None:
    """htmx, Leaflet and Chart.js come from /static/vendor, with their licences beside them."""
    for path in (
        "htmx/htmx.min.js",
        "leaflet/leaflet.js",
        "leaflet/leaflet.css",
        "chartjs/chart.umd.min.js",
        "htmx/LICENSE",
        "leaflet/LICENSE",
        "chartjs/LICENSE.md",
        "SOURCES.md",
    ):
        assert client.get(f"/static/vendor/{path}").status_code == 200, path
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/app.css").status_code == 200
    shapes = client.get("/map/shapes.json").json()
    assert len(shapes["features"]) == 20
    assert {f["properties"]["kato2"] for f in shapes["features"]} >= {"75", "71", "11"}


# --- languages ----------------------------------------------------------------------------------


def test_russian_is_the_default_and_the_switch_is_remembered(client: TestClient) -> None:
    """Russian without a choice; ?lang=kk sets a cookie, so the next page is Kazakh; ?lang=en switches again."""
    assert '<html lang="ru">' in client.get("/").text
    kk = client.get("/?lang=kk")
    assert '<html lang="kk">' in kk.text and "Уәде етілген және расталған жұмыс орындары" in kk.text
    assert kk.cookies.get("jumys_lang") == "kk"
    client.cookies.set("jumys_lang", "kk")
    again = client.get("/regions/75")
    assert '<html lang="kk">' in again.text and "Алматы" in again.text and "Өңір көрсеткіштері" in again.text
    en = client.get("/regions/75?lang=en")
    assert "Scorecard" in en.text and "Almaty" in en.text


@pytest.mark.parametrize("as_role", ["ministry"], indirect=True)
def test_alerts_and_statuses_read_in_the_chosen_language(as_role: TestClient, site: Site) -> None:
    """Alert sentences come in the page's language, as do statuses and numbers."""
    failed = site.country.project_ids["failed"]
    ru = as_role.get("/alerts?lang=ru").text
    assert f"Проект {failed} не выполнил обещание" in ru and "Высокая" in ru
    kk = as_role.get("/alerts?lang=kk").text
    assert f"{failed} жобасы уәдесін орындамады" in kk and "Жоғары" in kk
    en = as_role.get(f"/projects/{failed}?lang=en").text
    assert "broke its promise" in en and "Failed" in en
    big = as_role.get(f"/projects/{site.country.project_ids['behind']}?lang=en").text
    assert "9,000,000,000" in big
    assert (
        "9\xa0000\xa0000\xa0000"
        in as_role.get(f"/projects/{site.country.project_ids['behind']}?lang=ru").text
    )


@pytest.mark.parametrize("as_role", ["ministry"], indirect=True)
def test_the_region_filter_follows_the_alphabet_of_the_page(as_role: TestClient) -> None:
    """The alerts page's region list in Kazakh: Ақмола before Алматы, Ұлытау before Шығыс (not code points)."""
    kk = as_role.get("/alerts?lang=kk").text
    assert kk.index(">Ақмола облысы<") < kk.index(">Алматы облысы<")
    assert kk.index(">Ұлытау облысы<") < kk.index(">Шығыс Қазақстан облысы<")
    ru = as_role.get("/alerts?lang=ru").text
    assert ru.index(">Туркестанская область<") < ru.index(">область Ұлытау<") < ru.index(">г. Шымкент<")


# --- partial updates, errors --------------------------------------------------------------------


@pytest.mark.parametrize("as_role", ["ministry"], indirect=True)
def test_the_project_filters_answer_htmx_with_the_list_alone(as_role: TestClient, site: Site) -> None:
    """A filter change returns only the list; without htmx the same URL leads to the full page."""
    r = as_role.get(f"/regions/{AKIMAT_REGION}/projects?status=at_risk", headers={"HX-Request": "true"})
    assert r.status_code == 200 and "<html" not in r.text
    assert "Хлебозавод «Нан»" in r.text and "Молочный завод" not in r.text
    assert as_role.get(f"/regions/{AKIMAT_REGION}/projects?q=Молоч").status_code == 303
    searched = as_role.get(f"/regions/{AKIMAT_REGION}/projects?q=молоч", headers={"HX-Request": "true"})
    assert "Молочный завод" in searched.text


@pytest.mark.parametrize("as_role", ["ministry"], indirect=True)
def test_the_as_of_switch_shows_an_earlier_date(as_role: TestClient) -> None:
    """?as_of= picks a stored date; a date never verified or not a date is a message, not a traceback."""
    r = as_role.get("/regions/75?as_of=2025-07-01")
    assert r.status_code == 200 and 'value="2025-07-01" selected' in r.text
    missing = as_role.get("/?as_of=2024-01-01")
    assert missing.status_code == 404 and "2024-01-01" in missing.text
    bad = as_role.get("/?as_of=yesterday")
    assert bad.status_code == 422 and "Traceback" not in bad.text
    page = as_role.get("/regions/75?page=first")
    assert (
        page.status_code == 422
        and page.text.startswith("<!doctype html>")
        and "Запрос некорректен" in page.text
    )


@pytest.mark.parametrize("as_role", ["ministry"], indirect=True)
def test_unknown_things_are_a_message_on_the_page(as_role: TestClient) -> None:
    """An unknown region or project renders the error page in the page's language."""
    r = as_role.get("/regions/99")
    assert r.status_code == 404 and "Не найдено" in r.text
    p = as_role.get("/projects/NOPE?lang=en")
    assert p.status_code == 404 and "Not found" in p.text and "Traceback" not in p.text


# --- sign-in --------------------------------------------------------------------------------------


def test_a_wrong_password_is_refused_and_audited(client: TestClient, site: Site) -> None:
    """The form says the name or password is wrong (which one is not told) and the refusal is logged."""
    r = client.post("/login", data={"username": "ministry", "password": "not-the-password", "next": "/"})
    assert r.status_code == 401 and "Неверное имя пользователя или пароль" in r.text
    assert "jumys_session" not in r.cookies
    with site.engine.connect() as conn:
        assert any(a["outcome"] == "denied" for a in list_audit(conn, action="login", username="ministry"))


def test_sign_in_goes_back_where_the_user_was_headed_but_never_off_site(client: TestClient) -> None:
    """next= is followed for a path of this site only."""
    ok = client.post("/login", data={"username": "inspector", "password": PASSWORD, "next": "/alerts"})
    assert ok.headers["location"] == "/alerts"
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example", "/\t/evil.example"):
        r = client.post("/login", data={"username": "inspector", "password": PASSWORD, "next": target})
        assert r.headers["location"] == "/"


def test_sign_out_ends_the_session(client: TestClient, site: Site) -> None:
    """After signing out the session cookie no longer opens project pages."""
    sign_in(client, "ministry")
    pid = site.country.project_ids["on_track"]
    cookie = client.cookies.get("jumys_session")
    assert client.get(f"/projects/{pid}").status_code == 200
    assert client.post("/logout").status_code == 303
    client.cookies.set("jumys_session", cookie or "")
    assert client.get(f"/projects/{pid}").status_code == 303


def test_signing_out_on_the_pages_ends_the_session_in_the_api_at_once(client: TestClient, site: Site) -> None:
    """One session, two faces: once the API has remembered the cookie, signing out on the pages (or in the
    API) ends it for the other face in the same moment, the door core's memory of it forgotten too."""
    for sign_out in (lambda: client.post("/logout"), lambda: client.delete("/api/v1/session")):
        sign_in(client, "ministry")
        cookie = client.cookies.get("jumys_session") or ""
        assert client.get("/api/v1/session").json()["role"] == "ministry"  # resolved and remembered
        assert client.get("/api/v1/projects").status_code == 200
        assert sign_out().status_code in (204, 303)
        client.cookies.set("jumys_session", cookie)
        assert client.get("/api/v1/projects").status_code == 401
        assert client.get("/api/v1/session").status_code == 401
        assert client.get(f"/projects/{site.country.project_ids['on_track']}").status_code == 303
        client.cookies.clear()


# --- upload ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("as_role", ["akimat", "inspector", "investor", "citizen"], indirect=True)
def test_only_the_ministry_uploads(as_role: TestClient) -> None:
    """Other roles get the 403 page for the form and for a post."""
    assert as_role.get("/upload").status_code == 403
    r = as_role.post("/upload", files={"batch": ("b.zip", bad_batch_zip(), "application/zip")})
    assert r.status_code == 403 and "rejects" not in r.text


@pytest.mark.parametrize("as_role", ["ministry"], indirect=True)
def test_an_uploaded_bad_batch_shows_its_rejects(as_role: TestClient) -> None:
    """The ministry uploads a .zip with planted errors and sees the summary and each reject's reason."""
    r = as_role.post("/upload?lang=en", files={"batch": ("bad.zip", bad_batch_zip(), "application/zip")})
    assert r.status_code == 200
    assert 'id="rejects"' in r.text
    assert "wrong BIN check digit" in r.text
    assert "unknown region 99 (the first two digits of a KATO code)" in r.text
    assert "not a date YYYY-MM-DD" in r.text
    ru = as_role.post("/upload?lang=ru", files={"batch": ("bad.zip", bad_batch_zip(), "application/zip")})
    assert "неверная контрольная цифра БИН" in ru.text
    link = re.search(r'href="(/upload/rejects/[^"]+\.csv)"', ru.text)
    assert link
    report = as_role.get(link.group(1))
    assert report.status_code == 200 and report.text.startswith("file,line,column,reason,value")
    assert report.text.count("\n") == 4
    assert as_role.get("/upload/rejects/..%2F..%2Fpseudonym.key.csv").status_code == 404
    assert as_role.get("/upload/rejects/no-such-batch.csv").status_code == 404


def upload_cells(page: str) -> tuple[list[str], list[str]]:
    """The reason cells of the rejects table, and the warning cells of the files table with the batch's own
    warnings, of an upload page."""
    text = html.unescape(page)
    rejects = re.search(r'<table class="data" id="rejects">(.*?)</table>', text, re.S)
    files = re.search(r'<table class="data" id="files">(.*?)</table>', text, re.S)
    assert rejects and files
    reasons = re.findall(
        r'<tr><td>[^<]*</td><td class="n">\d+</td><td>[^<]*</td><td>([^<]*)</td>', rejects.group(1)
    )
    warnings = [w for w in re.findall(r"<td>([^<]*)</td></tr>", files.group(1)) if w]
    warnings += re.findall(r'<p class="message warn">([^<]*)</p>', text)
    return reasons, warnings


@pytest.mark.parametrize("as_role", ["ministry"], indirect=True)
def test_reasons_and_warnings_of_an_upload_read_in_the_page_language(as_role: TestClient) -> None:
    """A batch with many kinds of problem, uploaded in Russian and in Kazakh: no reason or warning is left in
    English, values and column names are kept; the rejects report to download stays in English."""
    ru = as_role.post(
        "/upload?lang=ru", files={"batch": ("many.zip", many_problems_zip(), "application/zip")}
    )
    assert ru.status_code == 200
    reasons, warnings = upload_cells(ru.text)
    assert len(reasons) == 15 and len(warnings) == 2  # employers.csv's warnings share a cell
    english = [r for r in reasons + warnings if not CYRILLIC.search(r)]
    assert not english, english
    text = html.unescape(ru.text)
    for expected in (
        "ключ повторяется в пакете (впервые — в строке 2)",
        "дата deadline должна быть позже даты start_date",
        ": неверная контрольная цифра БИН",
        "допустимые значения: permanent, fixed_term, seasonal",
        "нет обязательного столбца bin (найден 'BIN': в названиях важен регистр букв); "
        "ни одна из строк файла (1) не применена",
        "notes.txt — не файл контракта данных, пропущен",
        "столбцы, которых нет в контракте данных, пропущены: phone; "
        "значений столбца name с ИИН: 2; сохранены со скрытым ИИН (************)",
    ):
        assert expected in text, expected
    kk = as_role.post(
        "/upload?lang=kk", files={"batch": ("many.zip", many_problems_zip(), "application/zip")}
    )
    reasons, warnings = upload_cells(kk.text)
    assert len(reasons) == 15 and not [r for r in reasons + warnings if not CYRILLIC.search(r)]
    assert "деректер келісімшартында жоқ бағандар ескерілмеді: phone" in html.unescape(kk.text)
    link = re.search(r'href="(/upload/rejects/[^"]+\.csv)"', kk.text)
    assert link
    report = as_role.get(link.group(1)).text
    assert "duplicate key inside the batch (first on line 2)" in report and "ключ" not in report


@pytest.mark.parametrize("as_role", ["ministry"], indirect=True)
def test_an_upload_that_is_not_a_batch_is_a_message(as_role: TestClient) -> None:
    """A file that is not a .zip, or a .zip without contract files, is explained on the upload page."""
    r = as_role.post("/upload", files={"batch": ("notes.txt", b"hello", "text/plain")})
    assert r.status_code == 422 and "Пакет загружается файлом .zip" in r.text
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("notes.txt", "no contract files here")
    empty = as_role.post("/upload", files={"batch": ("notes.zip", buf.getvalue(), "application/zip")})
    assert empty.status_code == 422 and "Пакет не применён" in empty.text
    assert "notes.zip: не найдено файлов контракта данных" in empty.text


def test_the_form_says_when_to_try_again_after_five_failures(client: TestClient, site: Site) -> None:
    """The count lives in the audit log; a user of this test alone, so that no other test waits."""
    name = f"hasty-{uuid.uuid4().hex[:8]}"
    with site.engine.begin() as conn:
        add_user(conn, name, "inspector", known_regions=region_codes(), password=PASSWORD)
    for _ in range(SIGN_IN_FAILURES):
        r = client.post("/login", data={"username": name, "password": "not-the-password", "next": "/"})
        assert r.status_code == 401
    r = client.post("/login", data={"username": name, "password": PASSWORD, "next": "/"})
    assert r.status_code == 429 and "Слишком много неудачных попыток входа" in r.text
    assert "jumys_session" not in r.cookies


@pytest.mark.parametrize("as_role", ["ministry"], indirect=True)
def test_a_server_set_up_error_is_logged_not_shown(
    as_role: TestClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A ConfigurationError (a key file, a path) is for the administrator: the page says only that it is logged."""

    def broken(*_args: object, **_kwargs: object) -> None:
        raise ConfigurationError(KEY_FILE_TOO_SHORT, path="/srv/jumys/secret/pseudonym.key", n=32)

    monkeypatch.setattr(jumys.doors.uploads, "ingest_batch", broken)
    r = as_role.post("/upload?lang=ru", files={"batch": ("b.zip", bad_batch_zip(), "application/zip")})
    assert r.status_code == 500
    assert "/srv/jumys" not in r.text and "ключ" not in r.text
    assert "Сервер настроен неправильно" in r.text
    assert "/srv/jumys/secret/pseudonym.key" in caplog.text
