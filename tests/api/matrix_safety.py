"""The matrix's rows of the safety domain (tests/api/test_matrix.py): risk and its runs, the warnings, illegal
work, foreign workers' permits expiring, and the digital map of enterprises."""

from __future__ import annotations

from typing import Any

from tests.api.illegal_rows import illegal_work_seen
from tests.api.matrix import Case, Check, count, everyone, ministry_only, signed_in
from tests.api.warn_rows import warnings_seen
from tests.reports.world import World


def _risk(world: World) -> Check:
    b = world.bins
    day = "2025-11-01"  # the date the matrix scores risk at
    scored = {
        c["bin"]
        for c in world.rows["contracts"]
        if c["start_date"] < day and (not c["end_date"] or c["end_date"] >= day)
    }
    region = {e["bin"]: e["kato"][:2] for e in world.rows["employers"]}
    sees = {
        "ministry": scored,
        "inspector": scored,
        "akimat75": {x for x in scored if region[x] == "75"},
        "akimat11": {x for x in scored if region[x] == "11"},
        "investor_a": scored & {b["IA"]},
        "investor_b": scored & {b["IB"]},
    }

    def check(who: str, body: Any) -> None:
        assert sees["ministry"] and sees["akimat11"]
        assert {r["bin"] for r in body["items"]} == sees[who]
        assert body["total"] == len(sees[who])

    return check


def _risk_counts(who: str, body: Any) -> None:
    items = body["items"]
    assert sum(1 for i in items if i["employers"] is not None) + sum(i["suppressed"] for i in items) == len(
        items
    )
    if who in ("ministry", "inspector"):
        assert sum(i["employers"] for i in items) >= 3
    if who in ("anonymous", "public_user", "investor_a", "investor_b"):
        assert all(i["suppressed"] and i["employers"] is None for i in items)  # every count is under 5
    if who == "akimat75":
        assert {i["region"] for i in items if not i["suppressed"]} == {"75"}


def _foreign_workers(planted: dict[str, str]) -> Check:
    """GET /foreign-workers: the permits expiring in the regions each role may see, no IIN."""

    def check(who: str, body: Any) -> None:
        regions = {"akimat75": {"75"}, "akimat11": {"11"}}.get(who, {"75", "11"})
        report = body["report"]
        assert {p["permit_id"] for p in report["expiring"]} == {planted[r] for r in regions}
        assert '"iin"' not in str(body)

    return check


def _map_clusters(world: World) -> Check:
    b = world.bins  # the risk run scores the employers with contracts: OA, OB75 (region 75) and OB (11)
    sees = {
        "ministry": {b["OA"], b["OB75"], b["OB"]},
        "inspector": {b["OA"], b["OB75"], b["OB"]},
        "akimat75": {b["OA"], b["OB75"]},
        "akimat11": {b["OB"]},
    }

    def check(who: str, body: Any) -> None:
        assert {p["bin"] for p in body["points"]} == sees[who] and body["total"] == len(sees[who])

    return check


def _map_regions(who: str, body: Any) -> None:
    rows = {r["kato2"]: r for r in body["regions"]}
    if who in ("ministry", "inspector"):
        assert (rows["75"]["enterprises"], rows["11"]["enterprises"]) == (2, 1)
    elif who.startswith("akimat"):
        other = "11" if who == "akimat75" else "75"
        assert (
            rows[who[-2:]]["enterprises"]
            and not rows[other]["visible"]
            and rows[other]["enterprises"] is None
        )
    else:  # 2 and 1 enterprises: too few to publish
        assert (
            rows["75"]["enterprises"] is None
            and rows["11"]["enterprises"] is None
            and rows["75"]["suppressed"]
        )


def _enterprise(who: str, body: Any) -> None:
    assert (
        body["region"] == "11" and body["class"] in ("high", "medium", "low") and "person_id" not in str(body)
    )


def safety_cases(
    world: World,
    risk_run_id: str,
    warned: dict[str, str],
    warn_run: str,
    flagged: dict[str, str],
    expiring: dict[str, str],
) -> list[Case]:
    """Risk, warnings, illegal work and foreign workers: what each role gets."""
    b = world.bins
    no_investors = {"investor_a": 403, "investor_b": 403}
    return [
        Case("POST", "/risk-runs", ministry_only(202), request={"json": {"as_of": "2025-10-01"}}),
        Case("GET", "/risk-runs/{run_id}", signed_in(), {"run_id": risk_run_id}),
        Case("GET", "/risk", signed_in(), request={"params": {"as_of": "2025-11-01"}}, check=_risk(world)),
        Case("GET", "/risk", signed_in(akimat75=403), request={"params": {"region": "11", "class": "low"}}),
        Case("GET", "/risk/{bin}", signed_in(akimat11=404, investor_a=404, investor_b=404), {"bin": b["OA"]}),
        Case("GET", "/risk/counts", everyone(), check=_risk_counts),
        Case("GET", "/warnings", signed_in(**no_investors), check=warnings_seen(warned)),
        Case(
            "GET", "/warnings", signed_in(**no_investors, akimat75=403), request={"params": {"region": "11"}}
        ),
        Case("GET", "/warnings/runs", signed_in(**no_investors)),
        Case("GET", "/illegal-work", signed_in(**no_investors), check=illegal_work_seen(flagged)),
        Case(
            "GET",
            "/illegal-work",
            signed_in(**no_investors, akimat75=403),
            request={"params": {"region": "11"}},
        ),
        Case("POST", "/warnings/runs", ministry_only(202), request={"json": {"as_of": "2025-10-01"}}),
        Case("GET", "/warnings/runs/{run_id}", signed_in(**no_investors), {"run_id": warn_run}),
        Case("GET", "/foreign-workers", signed_in(**no_investors), check=_foreign_workers(expiring)),
        Case(
            "GET",
            "/foreign-workers",
            signed_in(**no_investors, akimat75=403),
            request={"params": {"region": "11", "days": "20"}},
        ),
        Case(
            "GET",
            "/employers/{bin}/warnings",
            signed_in(**no_investors, akimat75=404),
            {"bin": b["OB"]},
            check=lambda who, body: count(body["items"], 1),
        ),
    ]


def map_cases(world: World) -> list[Case]:
    """The digital map of enterprises: enterprises for inspectors, the ministry and akimats, counts for the rest."""
    box = {"bbox": "46,40,88,56", "zoom": "5"}
    investors = {"investor_a": 403, "investor_b": 403}
    not_public = {"anonymous": 403, "public_user": 403} | investors
    return [
        Case(
            "GET",
            "/map/clusters",
            signed_in(**investors),
            request={"params": box},
            check=_map_clusters(world),
        ),
        Case(
            "GET",
            "/map/clusters",
            signed_in(akimat75=403, **investors),
            request={"params": box | {"region": "11"}},
        ),
        Case("GET", "/map/regions", everyone(), check=_map_regions),
        Case("GET", "/map/regions", everyone(**not_public), request={"params": {"section": "C"}}),
        Case(
            "GET",
            "/enterprises/{bin}",
            signed_in(akimat75=404, **investors),
            {"bin": world.bins["OB"]},
            check=_enterprise,
        ),
    ]
