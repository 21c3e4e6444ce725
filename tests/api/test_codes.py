"""An error of the API names its stable code and parameters, and its text in the language the request names."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from tests.api.conftest import API, bearer, zipped
from tests.factories import employer, write_batch
from tests.reports.world import World


def test_an_error_names_its_code_params_and_text_in_the_asked_language(
    client: TestClient, world: World
) -> None:
    """Without Accept-Language the text is English; with it, in that language; code and params always."""
    url = f"{API}/projects/NO-SUCH-PROJECT"
    plain = client.get(url, headers=bearer(world, "ministry"))
    assert plain.status_code == 404 and plain.json() == {
        "error": "no project 'NO-SUCH-PROJECT'",
        "code": "reports.no_project",
        "params": {"id": "NO-SUCH-PROJECT"},
        "text": "no project 'NO-SUCH-PROJECT'",
    }
    for lang, text in (("ru", "нет проекта 'NO-SUCH-PROJECT'"), ("kk", "'NO-SUCH-PROJECT' жобасы жоқ")):
        r = client.get(url, headers=bearer(world, "ministry") | {"Accept-Language": f"{lang}-KZ,en;q=0.5"})
        assert r.status_code == 404
        assert r.json() == {
            "error": "no project 'NO-SUCH-PROJECT'",
            "code": "reports.no_project",
            "params": {"id": "NO-SUCH-PROJECT"},
            "text": text,
        }


def test_a_refusal_before_any_route_names_its_code_too(client: TestClient) -> None:
    """A forged token: the code of the refusal, in English when English is asked."""
    r = client.get(f"{API}/map", headers={"Authorization": "Bearer jm_forged", "Accept-Language": "en"})
    assert r.status_code == 401
    assert r.json() == {
        "error": "the token is not valid",
        "code": "access.token_invalid",
        "params": {},
        "text": "the token is not valid",
    }


def test_the_rejects_of_an_upload_name_their_codes(client: TestClient, world: World, tmp_path: Path) -> None:
    """Each of the first rejects of POST /batches gives its reason's code and parameters beside the English."""
    boss = employer()
    batch = zipped(write_batch(tmp_path / "b", {"employers": [boss, employer(kato="7510")]}))
    r = client.post(
        f"{API}/batches",
        files={"file": ("b.zip", batch, "application/zip")},
        headers=bearer(world, "ministry"),
    )
    assert r.status_code == 201, r.text
    [reject] = r.json()["rejects"]
    assert reject["reason"] == "a KATO code is 9 digits"
    assert reject["code"] == "reject.kato_digits" and reject["params"] == {}


def test_refusals_of_the_web_framework_have_codes_of_ours_not_its_english(client: TestClient) -> None:
    """A path that is not there and a method a path does not take: our codes, in the asked language; no
    "Not Found" or "Method Not Allowed" of Starlette's reaches a Russian or Kazakh reader."""
    for lang in ("ru", "kk", "en"):
        gone = client.get(f"{API}/no-such-thing", headers={"Accept-Language": lang})
        assert gone.status_code == 404
        body = gone.json()
        assert body["code"] == "api.no_such_path" and body["params"] == {"path": f"{API}/no-such-thing"}
        assert "Not Found" not in body["text"] and "Not Found" not in body["error"]
        wrong = client.delete(f"{API}/map", headers={"Accept-Language": lang})
        assert wrong.status_code == 405 and "GET" in wrong.headers["Allow"]
        body = wrong.json()
        assert body["code"] == "api.method_not_allowed"
        assert body["params"]["method"] == "DELETE" and "GET" in body["params"]["allowed"]
        assert "Method Not Allowed" not in body["text"]
    ru = client.get(f"{API}/no-such-thing", headers={"Accept-Language": "ru"}).json()["text"]
    kk = client.get(f"{API}/no-such-thing", headers={"Accept-Language": "kk"}).json()["text"]
    assert ru.startswith("по адресу") and kk.endswith("ештеңе жоқ")


def test_an_invalid_parameter_names_the_parameter_not_pydantic_english(client: TestClient) -> None:
    """422: `text` names the parameters to check in the asked language; pydantic's English sentences ("Input
    should be a valid date") stay in `detail`, for programs, and out of `error` and `text`."""
    r = client.get(f"{API}/map", params={"as_of": "soon"}, headers={"Accept-Language": "ru"})
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "api.invalid_request" and body["params"] == {"fields": "query.as_of"}
    assert "query.as_of" in body["text"] and "Input should" not in body["text"] + body["error"]
    assert body["text"].startswith("неверный запрос")
    assert any("Input should" in i["msg"] for i in body["detail"])
