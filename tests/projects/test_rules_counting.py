"""No job counted twice, persons once, net growth caps the count, status at t (docs/methodology.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from jumys.projects.service import verify_projects
from jumys.registry.ingest import ingest_batch
from tests.conftest import PG_URL
from tests.factories import write_batch
from tests.projects.scenario import D, World
from tests.projects.worlds import fresh_store

AS_OF = "2025-09-15"


def day(date: str, n: int) -> str:
    """The date n days after date (before, when n < 0)."""
    return (D(date) + dt.timedelta(days=n)).isoformat()


# --- no job counted twice ---------------------------------------------------------------------------


def test_no_double_count_contract_goes_to_the_project_that_starts_first(w: World) -> None:
    a = w.employer()
    w.project([a], start="2025-03-01", project_id="P001")
    w.project([a], start="2025-02-01", project_id="P002")  # starts earlier, though its id comes later
    cid = w.employ(a, "2025-03-10")
    res = w.verify(AS_OF)
    assert (res["P001"]["credited"], res["P002"]["credited"]) == (0, 1)
    assert (res["P001"]["verified_permanent_jobs"], res["P002"]["verified_permanent_jobs"]) == (0, 1)
    # the headcount is each project's own: both see the person
    assert (res["P001"]["current_headcount"], res["P002"]["current_headcount"]) == (1, 1)
    assert w.jobs(AS_OF) == {cid: ("P002", "permanent", "credited")}


def test_no_double_count_tie_on_start_date_goes_to_the_first_project_id(w: World) -> None:
    a = w.employer()
    w.project([a], project_id="P-B")
    w.project([a], project_id="P-A")
    cid = w.employ(a, "2025-03-10")
    res = w.verify(AS_OF)
    assert (res["P-A"]["credited"], res["P-B"]["credited"]) == (1, 0)
    assert w.jobs(AS_OF) == {cid: ("P-A", "permanent", "credited")}


def test_no_double_count_project_id_order_is_the_same_on_every_engine(w: World) -> None:
    # code-point order ('B' before 'a'), whatever the database's collation
    a = w.employer()
    w.project([a], project_id="a1")
    w.project([a], project_id="B1")
    cid = w.employ(a, "2025-03-10")
    res = w.verify(AS_OF)
    assert list(res) == ["B1", "a1"]
    assert w.jobs(AS_OF) == {cid: ("B1", "permanent", "credited")}


def test_no_double_count_contract_failing_at_the_first_project_goes_to_the_next(w: World) -> None:
    a = w.employer()
    old_employer = w.employer()
    w.project([a], investor=old_employer, start="2025-02-01", project_id="P001")  # old_employer in its group
    w.project([a], start="2025-03-01", project_id="P002")
    iin = w.person()
    w.contract(iin, old_employer, "2023-01-10", end="2025-04-01")
    moved = w.contract(iin, a, "2025-04-15")  # a transfer for P001, a new job for P002
    w.pay(iin, a, "2025-04", "2025-12")
    stays = w.employ(a, "2025-04-15")  # a new job for both: goes to P001
    res = w.verify(AS_OF)
    assert (res["P001"]["credited"], res["P002"]["credited"]) == (1, 1)
    assert w.jobs(AS_OF) == {
        stays: ("P001", "permanent", "credited"),
        moved: ("P002", "permanent", "credited"),
    }


def test_no_double_count_region_decides_which_project_shares_an_operator(w: World) -> None:
    a = w.employer()
    w.project([a], start="2025-02-01", kato="711110000", project_id="P001")  # Astana, first
    w.project([a], start="2025-03-01", kato="751110000", project_id="P002")  # Almaty
    almaty = w.employ(a, "2025-04-15")
    astana = w.employ(a, "2025-04-15", kato="711110000")
    res = w.verify(AS_OF)
    assert (res["P001"]["credited"], res["P002"]["credited"]) == (1, 1)
    assert w.jobs(AS_OF) == {
        astana: ("P001", "permanent", "credited"),
        almaty: ("P002", "permanent", "credited"),
    }


# --- a person counts once per project ---------------------------------------------------------------


def test_person_with_two_contracts_counts_once(w: World) -> None:
    a, b = w.employer(), w.employer()
    w.project([a, b])
    iin = w.person()
    first = w.contract(iin, a, "2025-03-10")
    second = w.contract(iin, b, "2025-04-10")
    w.pay(iin, a, "2025-03", "2025-12")
    w.pay(iin, b, "2025-04", "2025-12")
    r = w.verify(AS_OF)["P001"]
    assert (r["credited"], r["current_headcount"], r["verified_permanent_jobs"]) == (1, 1, 1)
    assert w.jobs(AS_OF) == {
        first: ("P001", "permanent", "credited"),
        second: ("P001", "permanent", "credited"),
    }


def test_person_with_contracts_in_several_classes_counts_in_the_best(w: World) -> None:
    a, b = w.employer(), w.employer()
    w.project([a, b])
    # credited and unconfirmed: credited
    x = w.person()
    w.contract(x, a, "2025-03-10")
    w.pay(x, a, "2025-03", "2025-12")
    w.contract(x, b, "2025-03-10")
    # provisional and unconfirmed: provisional
    y = w.person()
    w.contract(y, a, "2025-09-02")
    w.contract(y, b, "2025-03-10")
    # unconfirmed only
    z = w.person()
    w.contract(z, a, "2025-03-10")
    r = w.verify(AS_OF)["P001"]
    assert (r["credited"], r["provisional"], r["unconfirmed"]) == (1, 1, 1)
    assert sorted(str(s) for _, _, s in w.jobs(AS_OF).values()) == [
        "credited",
        "provisional",
        "unconfirmed",
        "unconfirmed",
        "unconfirmed",
    ]


def test_person_counts_once_per_project_in_each_project_they_joined(w: World) -> None:
    a, b = w.employer(), w.employer()
    w.project([a], project_id="P001")
    w.project([b], project_id="P002")
    iin = w.person()
    w.contract(iin, a, "2025-03-10")
    w.contract(iin, b, "2025-03-10")  # holds two jobs at once, each at another project
    w.pay(iin, a, "2025-03", "2025-12")
    w.pay(iin, b, "2025-03", "2025-12")
    res = w.verify(AS_OF)
    assert (res["P001"]["credited"], res["P002"]["credited"]) == (1, 1)


# --- net growth caps the count ----------------------------------------------------------------------


def test_net_growth_hires_while_dismissing_verifies_current_minus_baseline(w: World) -> None:
    a = w.employer()
    w.project([a])
    w.employ(a, "2024-01-10")  # stays
    w.employ(a, "2024-01-10", end="2025-05-31")  # dismissed
    w.employ(a, "2024-01-10", end="2025-05-31")  # dismissed
    for _ in range(3):
        w.employ(a, "2025-03-10")
    r = w.verify(AS_OF)["P001"]
    assert (r["baseline_headcount"], r["current_headcount"], r["credited"]) == (3, 4, 3)
    assert r["verified_permanent_jobs"] == 1


def test_net_growth_verified_is_never_negative(w: World) -> None:
    a = w.employer()
    w.project([a])
    for _ in range(3):
        w.employ(a, "2024-01-10", end="2025-05-31")
    w.employ(a, "2025-03-10")
    r = w.verify(AS_OF)["P001"]
    assert (r["baseline_headcount"], r["current_headcount"], r["credited"]) == (3, 1, 1)
    assert r["verified_permanent_jobs"] == 0


def test_net_growth_baseline_is_the_headcount_the_day_before_the_window(w: World) -> None:
    a, other = w.employer(), w.employer()
    w.project([a])
    baseline_day = day("2025-03-01", -181)
    assert baseline_day == "2024-09-01"
    w.employ(a, baseline_day, end="2025-01-31")  # started that day: counts
    w.employ(a, "2024-01-10", end=baseline_day)  # ended that day: still active, counts
    w.employ(a, "2024-01-10", end=day(baseline_day, -1))  # ended the day before: no
    w.employ(a, "2024-01-10", kind="fixed_term")  # not permanent: no
    w.employ(a, "2024-01-10", kato="711110000")  # another region: no
    w.employ(other, "2024-01-10")  # not an operator: no
    r = w.verify(AS_OF)["P001"]
    assert (r["baseline_headcount"], r["current_headcount"]) == (2, 0)


# --- status at t --------------------------------------------------------------------------------------


def test_status_pending_before_the_window_starts(w: World) -> None:
    a = w.employer()
    w.project([a], start="2025-03-01")
    assert w.verify("2024-09-01")["P001"]["status"] == "pending"  # t < start - 180 days
    r = w.verify("2024-09-02")["P001"]  # the window's first day: hiring counts from here
    assert (r["status"], r["expected_jobs"]) == ("on_track", 0)


def test_status_on_the_deadline_day_fulfilled_or_failed(w: World) -> None:
    a, b = w.employer(), w.employer()
    w.project([a], promised=1, deadline=AS_OF, project_id="P001")
    w.project([b], promised=2, deadline=AS_OF, project_id="P002")
    w.employ(a, "2025-03-10")
    w.employ(b, "2025-03-10")
    res = w.verify(AS_OF)
    assert (res["P001"]["status"], res["P002"]["status"]) == ("fulfilled", "failed")
    assert (res["P001"]["expected_jobs"], res["P002"]["expected_jobs"]) == (1, 2)
    res = w.verify(day(AS_OF, -1))  # the day before: expected floor(1 * 197/198) = 0, floor(2 * 197/198) = 1
    assert (res["P001"]["status"], res["P002"]["status"]) == ("on_track", "on_track")
    assert (res["P001"]["expected_jobs"], res["P002"]["expected_jobs"]) == (0, 1)
    res = w.verify("2026-01-01")  # after the deadline the count still decides
    assert (res["P001"]["status"], res["P002"]["status"]) == ("fulfilled", "failed")


def test_status_expected_is_floor_of_promised_times_elapsed_share(w: World) -> None:
    a = w.employer()
    w.project([a], start="2025-03-01", deadline=day("2025-03-01", 100), promised=10)
    for _ in range(3):
        w.employ(a, "2024-12-01")  # credited from January on
    before = w.verify("2025-02-28")["P001"]  # before start_date: the share is clamped to 0
    assert (before["expected_jobs"], before["verified_permanent_jobs"], before["status"]) == (
        0,
        3,
        "on_track",
    )
    r = w.verify(day("2025-03-01", 39))["P001"]  # floor(10 * 39/100) = 3
    assert (r["expected_jobs"], r["verified_permanent_jobs"], r["status"]) == (3, 3, "on_track")
    r = w.verify(day("2025-03-01", 40))["P001"]  # floor(10 * 40/100) = 4
    assert (r["expected_jobs"], r["verified_permanent_jobs"], r["status"]) == (4, 3, "at_risk")
    r = w.verify(day("2025-03-01", 99))["P001"]  # floor(9.9) = 9
    assert (r["expected_jobs"], r["status"]) == (9, "at_risk")
    r = w.verify(day("2025-03-01", 100))["P001"]  # the deadline
    assert (r["expected_jobs"], r["status"]) == (10, "failed")


def test_status_nothing_promised_is_fulfilled_at_the_deadline(w: World) -> None:
    a = w.employer()
    w.project([a], promised=0, deadline="2025-06-01")
    r = w.verify("2025-06-01")["P001"]
    assert (r["verified_permanent_jobs"], r["status"]) == (0, "fulfilled")


@pytest.mark.skipif(not PG_URL, reason="JUMYS_TEST_DATABASE_URL is not set")
def test_no_double_count_project_id_order_on_postgresql_with_a_linguistic_collation() -> None:
    # en-US sorts 'a1' before 'B1'; the methodology must not follow the database's collation
    icu = "LOCALE_PROVIDER icu ICU_LOCALE 'en-US' TEMPLATE template0"
    with fresh_store("postgresql", icu) as (eng, cfg, root):
        w = World(eng, cfg, root)
        a = w.employer()
        w.project([a], project_id="a1")
        w.project([a], project_id="B1")
        cid = w.employ(a, "2025-03-10")
        res = w.verify(AS_OF)
        assert list(res) == ["B1", "a1"]
        assert w.jobs(AS_OF) == {cid: ("B1", "permanent", "credited")}


def test_status_needs_a_deadline_after_the_start_date(w: World) -> None:
    # expected divides by (deadline - start_date): a project whose deadline is not after its start is refused
    a = w.employer()
    w.project([a], start="2025-03-01", deadline="2025-03-01")
    folder = write_batch(w.tmp / "batch", {"employers": w.employers, "projects": w.projects})
    report = ingest_batch(w.engine, folder, settings=w.settings, today=D("2026-11-01"))
    assert report.rows_rejected == 1
    assert (report.rejects[0]["file"], report.rejects[0]["column"]) == ("projects.csv", "deadline")
    with w.engine.begin() as conn:
        assert verify_projects(conn, D(AS_OF)) == 0
