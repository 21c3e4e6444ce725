"""The cabinet's API and pages: the ministry opens an account, the person signs in and sees their own cases and
notifications, in three languages; every failure to sign in gets the same answer."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from jumys.access.service import add_user, issue_token
from jumys.server import create_app
from tests.api.conftest import zipped
from tests.cabinet.world import CabinetWorld
from tests.factories import new_iin, write_batch

API = "/api/v1"


@dataclass
class Scene:
    """A served world: the ministry's token, two persons with cases, one of them with an account."""

    client: TestClient
    world: CabinetWorld
    ministry: dict[str, str]
    iin: str
    other: str
    case: str
    other_case: str


@pytest.fixture
def scene(world: CabinetWorld) -> Iterator[Scene]:
    b = world.ready()
    iin, other = world.person("kandas"), world.person()
    case = world.resettle(iin, moved_on="2024-04-01", left_on="2025-05-10")
    other_case = world.permit(b, iin=other)
    world.ingest()
    with world.engine.begin() as conn:
        add_user(conn, "minister", "ministry", known_regions=["75"])
        token = issue_token(conn, "minister")
    with TestClient(create_app(world.settings, engine=world.engine)) as client:
        yield Scene(client, world, {"Authorization": f"Bearer {token}"}, iin, other, case, other_case)


def _open(scene: Scene, iin: str, email: str = "p@example.kz") -> str:
    made = scene.client.post(
        f"{API}/cabinet/persons", json={"iin": iin, "email": email, "lang": "en"}, headers=scene.ministry
    )
    assert made.status_code == 201, made.text
    assert iin not in made.text
    return str(made.json()["password"])


def _sign_in(scene: Scene, iin: str, password: str) -> TestClient:
    client = scene.client
    client.cookies.clear()
    r = client.post(f"{API}/cabinet/session", json={"iin": iin, "password": password})
    assert r.status_code == 200, r.text
    return client


def test_only_the_ministry_opens_an_account(scene: Scene) -> None:
    body = {"iin": scene.iin, "email": "p@example.kz"}
    assert scene.client.post(f"{API}/cabinet/persons", json=body).status_code == 401
    assert scene.client.post(f"{API}/cabinet/persons", json=body, headers=scene.ministry).status_code == 201
    assert scene.client.post(f"{API}/cabinet/persons", json=body, headers=scene.ministry).status_code == 409


def test_a_person_signs_in_and_sees_their_own_cases_only(scene: Scene) -> None:
    password = _open(scene, scene.iin)
    other_password = _open(scene, scene.other, "o@example.kz")
    client = _sign_in(scene, scene.iin, password)
    me = client.get(f"{API}/cabinet/me").json()
    assert me["person"] == scene.world.person_id(scene.iin).hex[:12]
    answer = client.get(f"{API}/cabinet/cases")
    assert answer.headers["cache-control"] == "private, no-store"
    cases = answer.json()
    assert [(c["case_id"], c["status"], [h["status"] for h in c["history"]]) for c in cases] == [
        (scene.case, "left", ["moved", "left"])
    ]
    assert scene.iin not in client.get(f"{API}/cabinet/cases").text
    assert client.get(f"{API}/cabinet/notifications").json() == []  # what was known at the opening is no news
    client = _sign_in(scene, scene.other, other_password)
    assert [c["case_id"] for c in client.get(f"{API}/cabinet/cases").json()] == [scene.other_case]
    assert client.delete(f"{API}/cabinet/session").status_code == 204
    assert client.get(f"{API}/cabinet/cases").status_code == 401


def test_a_user_of_any_role_is_no_person(scene: Scene) -> None:
    scene.client.cookies.clear()
    for path in ("/cabinet/me", "/cabinet/cases", "/cabinet/notifications"):
        assert scene.client.get(API + path, headers=scene.ministry).status_code == 401


def test_every_failure_to_sign_in_gets_the_same_answer(scene: Scene) -> None:
    password = _open(scene, scene.iin)
    disabled = scene.world.person()
    scene.world.ingest()
    disabled_password = _open(scene, disabled, "d@example.kz")
    from jumys.cabinet.accounts import disable_person

    with scene.world.engine.begin() as conn:
        disable_person(conn, scene.world.key, disabled)
    answers = set()
    for iin, pw in ((scene.iin, "wrong-password-1"), (new_iin(), password), (disabled, disabled_password)):
        scene.client.cookies.clear()
        r = scene.client.post(f"{API}/cabinet/session", json={"iin": iin, "password": pw})
        assert r.status_code == 401
        answers.add(r.text)
    assert len(answers) == 1


@pytest.mark.parametrize(
    ("lang", "word", "program"),
    [
        ("ru", "Личный кабинет", "Кандасы"),
        ("kk", "Жеке кабинет", "Қандастар"),
        ("en", "Personal cabinet", "Kandas"),
    ],
)
def test_the_pages_sign_a_person_in_and_show_their_cases(
    scene: Scene, lang: str, word: str, program: str
) -> None:
    password = _open(scene, scene.iin)
    client = scene.client
    client.cookies.clear()
    form = client.get("/cabinet", params={"lang": lang})
    assert form.status_code == 200 and word in form.text and 'name="iin"' in form.text
    wrong = client.post("/cabinet/login", data={"iin": scene.iin, "password": "nope-nope-nope"})
    assert wrong.status_code == 401
    signed = client.post(
        "/cabinet/login", data={"iin": scene.iin, "password": password}, follow_redirects=False
    )
    assert signed.status_code == 303 and signed.headers["location"] == "/cabinet"
    page = client.get("/cabinet", params={"lang": lang})
    assert page.status_code == 200 and scene.case in page.text and scene.other_case not in page.text
    assert scene.iin not in page.text
    assert (
        f'<small class="muted">{program} · ' in page.text
    )  # the program in the page's language, not its code
    left = client.post("/cabinet/logout", follow_redirects=False)
    assert left.status_code == 303
    assert 'name="iin"' in client.get("/cabinet").text


def test_a_batch_uploaded_through_the_api_notices_the_new_statuses(scene: Scene, tmp_path: Path) -> None:
    _open(scene, scene.other, "o@example.kz")
    world = scene.world
    permit = next(r for r in world.table("permits") if r["permit_id"] == scene.other_case)
    row = {k: permit[k] for k in ("permit_id", "citizenship", "bin", "category", "nkz", "kato")}
    row |= {
        "iin": scene.other,
        "issued_on": "2025-02-01",
        "valid_until": "2026-01-31",
        "revoked_on": "2025-06-01",
    }
    batch = zipped(write_batch(tmp_path / "revoked", {"permits": [row]}))
    sent = scene.client.post(
        f"{API}/batches", files={"file": ("batch.zip", batch, "application/zip")}, headers=scene.ministry
    )
    assert sent.status_code == 201, sent.text
    noticed = {
        (r["case_id"], r["status"], bool(r["announced"])) for r in world.table("cabinet_notifications")
    }
    assert (scene.other_case, "revoked", True) in noticed
    assert [m["recipient"] for m in world.table("cabinet_outbox")] == ["o@example.kz"]
