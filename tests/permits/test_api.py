"""The permit API: an employer applies for its own BIN only and sees only its own applications; the ledger."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from jumys.access.service import add_user, issue_token
from jumys.errors import InvalidInput
from jumys.reference.regions import region_codes
from jumys.server import create_app
from tests.permits.world import PermitWorld

API = "/api/v1"


@pytest.fixture
def served(world: PermitWorld) -> Iterator[tuple[TestClient, dict[str, str], dict[str, str]]]:
    """Two employers with a vacancy each and a quota; users of the ministry, each employer, an akimat, the public."""
    bins = {"own": world.employer(), "other": world.employer()}
    for b in bins.values():
        world.vacancy(b)
    world.quota(5)
    world.quota(2, category="household")
    world.ingest()
    tokens = {}
    with world.engine.begin() as conn:
        for name, role, region, own in (
            ("ministry", "ministry", None, ()),
            ("employer", "employer", None, (bins["own"],)),
            ("akimat11", "akimat", "11", ()),
            ("public_user", "public", None, ()),
            ("inspector", "inspector", None, ()),
        ):
            add_user(conn, name, role, known_regions=region_codes(), region=region, bins=own)
            tokens[name] = issue_token(conn, name)
    with TestClient(create_app(world.settings, engine=world.engine)) as client:
        yield client, tokens, bins


def _as(tokens: dict[str, str], who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens[who]}"} if who in tokens else {}


def test_an_employer_applies_for_its_own_bin_and_sees_only_its_own(
    world: PermitWorld, served: tuple[TestClient, dict[str, str], dict[str, str]]
) -> None:
    client, tokens, bins = served
    own = client.post(
        f"{API}/permit-applications", json=world.application(bins["own"]), headers=_as(tokens, "employer")
    )
    assert own.status_code == 200, own.text
    assert own.json()["decision"] == "issued"
    other = client.post(
        f"{API}/permit-applications", json=world.application(bins["other"]), headers=_as(tokens, "employer")
    )
    assert other.status_code == 403 and other.json()["code"] == "permits.own_bin_only"
    by_ministry = client.post(
        f"{API}/permit-applications", json=world.application(bins["other"]), headers=_as(tokens, "ministry")
    )
    assert by_ministry.json()["decision"] == "issued"
    seen = client.get(f"{API}/permit-applications", headers=_as(tokens, "employer")).json()
    assert [d["bin"] for d in seen] == [bins["own"]]
    assert len(client.get(f"{API}/permit-applications", headers=_as(tokens, "inspector")).json()) == 2
    assert client.get(f"{API}/permit-applications", headers=_as(tokens, "akimat11")).json() == []
    assert client.get(f"{API}/permit-applications").status_code == 401
    for who in ("public_user", "inspector", "akimat11"):
        refused = client.post(
            f"{API}/permit-applications", json=world.application(bins["own"]), headers=_as(tokens, who)
        )
        assert refused.status_code == 403, who
    assert world.count("fact_permit_decisions") == 2


def test_an_invalid_application_is_422_with_its_reason_in_the_language_asked(
    world: PermitWorld, served: tuple[TestClient, dict[str, str], dict[str, str]]
) -> None:
    client, tokens, bins = served
    bad = world.application(bins["own"], category="boss")
    answer = client.post(
        f"{API}/permit-applications", json=bad, headers=_as(tokens, "ministry") | {"Accept-Language": "kk"}
    )
    assert answer.status_code == 422
    body = answer.json()
    assert body["code"] == "permits.invalid"
    assert body["params"]["reason"]["code"] == "permits.unknown_category"
    assert world.count("fact_permit_decisions") == 0


def test_the_quota_ledger_is_public_and_counts_the_permits_issued(
    world: PermitWorld, served: tuple[TestClient, dict[str, str], dict[str, str]]
) -> None:
    client, tokens, bins = served
    client.post(
        f"{API}/permit-applications", json=world.application(bins["own"]), headers=_as(tokens, "ministry")
    )
    ledger = client.get(f"{API}/quotas", params={"year": 2025, "as_of": "2025-06-01"}).json()
    assert [(q["region"], q["category"], q["units"], q["issued"], q["left"]) for q in ledger["lines"]] == [
        ("75", "specialist", 5, 1, 4),
        ("75", "household", 2, 0, 2),
    ]
    assert (ledger["units"], ledger["issued"], ledger["left"], ledger["household_units"]) == (5, 1, 4, 2)
    # one worker: the public sees the count left out, the ministry sees it
    assert {(w["by"], w["key"], w["workers"], w["suppressed"]) for w in ledger["workers"]} >= {
        ("category", "specialist", None, True)
    }
    full = client.get(
        f"{API}/quotas", params={"year": 2025, "as_of": "2025-06-01"}, headers=_as(tokens, "ministry")
    )
    assert ("country", "IND", 1, False) in {
        (w["by"], w["key"], w["workers"], w["suppressed"]) for w in full.json()["workers"]
    }
    mine = client.get(f"{API}/quotas", params={"year": 2025}, headers=_as(tokens, "akimat11")).json()
    assert mine["lines"] == []


def test_an_employer_user_needs_its_bins(world: PermitWorld) -> None:
    with world.engine.begin() as conn, pytest.raises(InvalidInput) as e:
        add_user(conn, "no_bins", "employer", known_regions=region_codes())
    assert e.value.code == "access.employer_needs_bin"


def test_the_quota_proposal_is_public_scoped_for_an_akimat_and_refuses_bad_input(
    world: PermitWorld, served: tuple[TestClient, dict[str, str], dict[str, str]]
) -> None:
    client, tokens, _bins = served
    public = client.get(f"{API}/quotas/proposal", params={"year": 2026})
    assert public.status_code == 200, public.text
    body = public.json()
    assert len(body["lines"]) == 100 and body["demand"] == 2  # two unfilled vacancies of 2142 in region 75
    spec = next(q for q in body["lines"] if (q["region"], q["category"]) == ("75", "specialist"))
    assert (spec["vacancies_unfilled"], spec["demand"], spec["proposed"]) == (2, 2, 2)
    assert set(spec["sentence"]) == {"ru", "kk", "en"}
    mine = client.get(f"{API}/quotas/proposal", params={"year": 2026}, headers=_as(tokens, "akimat11")).json()
    assert {q["region"] for q in mine["lines"]} == {"11"} and mine["demand"] == 2
    other = client.get(
        f"{API}/quotas/proposal", params={"year": 2026, "region": "75"}, headers=_as(tokens, "akimat11")
    )
    assert other.status_code == 403
    bad = client.get(f"{API}/quotas/proposal", params={"year": 2026, "region": "99"})
    assert bad.status_code == 422 and bad.json()["code"] == "permits.unknown_region"
    empty = client.get(f"{API}/quotas/proposal", params={"year": 2031})
    assert empty.status_code == 404 and empty.json()["code"] == "permits.no_proposal_data"


def test_a_decided_application_shows_its_points_to_whoever_may_see_it(
    world: PermitWorld, served: tuple[TestClient, dict[str, str], dict[str, str]]
) -> None:
    client, tokens, bins = served
    for aid, salary in (("P1", 650000), ("P2", "700000")):  # a number or a string of digits
        body = world.application(bins["own"], application_id=aid, salary_kzt=salary)
        posted = client.post(f"{API}/permit-applications", json=body, headers=_as(tokens, "ministry"))
        assert posted.status_code == 200, posted.text
        assert "points" not in posted.json()  # the decision is the interface's, as before
    seasonal = world.application(bins["own"], application_id="S1", category="seasonal", nkz="6111")
    client.post(f"{API}/permit-applications", json=seasonal, headers=_as(tokens, "ministry"))
    one = client.get(f"{API}/permit-applications/P1", headers=_as(tokens, "employer"))
    assert one.status_code == 200, one.text
    points = one.json()["points"]
    assert (points["total"], points["pass_mark"]) == (40, 40)  # qualification 20, a shortage 20
    salary = points["components"][0]
    assert (salary["criterion"], salary["value"]["salary_kzt"], salary["points"]) == ("salary", 650000, 0)
    assert set(salary) == {"criterion", "value", "points", "rule", "sentence"}
    listed = client.get(f"{API}/permit-applications", headers=_as(tokens, "inspector")).json()
    assert {d["application_id"]: (d["points"] or {}).get("total") for d in listed} == {
        "P1": 40,
        "P2": 40,
        "S1": None,
    }
    assert client.get(f"{API}/permit-applications/P1", headers=_as(tokens, "akimat11")).status_code == 404
    assert client.get(f"{API}/permit-applications/NONE", headers=_as(tokens, "ministry")).status_code == 404
    assert client.get(f"{API}/permit-applications/P1").status_code == 401


@pytest.mark.parametrize("salary", [-5, "-5", "abc", 12.5])
def test_an_invalid_salary_is_422_and_nothing_is_stored(
    world: PermitWorld, served: tuple[TestClient, dict[str, str], dict[str, str]], salary: object
) -> None:
    client, tokens, bins = served
    body = world.application(bins["own"], salary_kzt=salary)
    answer = client.post(f"{API}/permit-applications", json=body, headers=_as(tokens, "ministry"))
    assert answer.status_code == 422, answer.text
    assert answer.json()["params"]["reason"]["code"] == "permits.bad_salary"
    assert world.count("fact_permit_decisions") == world.count("fact_permit_points") == 0
