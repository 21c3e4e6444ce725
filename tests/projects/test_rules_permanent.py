"""A created permanent job: rules 1 to 6 of docs/methodology.md, one scenario per rule, boundary dates.

Every scenario: project P001 starts 2025-03-01 (its window from 2024-09-02), verified at 2025-09-15
(the last full month is August) unless it says otherwise.
"""

from __future__ import annotations

import datetime as dt

from tests.projects.scenario import D, World

AS_OF = "2025-09-15"


def day(date: str, n: int) -> str:
    """The date n days after date (before, when n < 0)."""
    return (D(date) + dt.timedelta(days=n)).isoformat()


# --- rule 1: an operator of P, P's region ---------------------------------------------------------


def test_rule1_contract_at_an_operator_in_the_project_region_is_a_created_job(w: World) -> None:
    a = w.employer()
    w.project([a])
    cid = w.employ(a, "2025-03-10")  # paid 2025-03 .. 2025-12
    r = w.verify(AS_OF)["P001"]
    assert {k: r[k] for k in r if k != "as_of"} == {
        "project_id": "P001",
        "region": "75",
        "status": "at_risk",  # expected floor(10 * 198 / 365) = 5
        "promised_permanent_jobs": 10,
        "promised_temporary_jobs": None,
        "expected_jobs": 5,
        "verified_permanent_jobs": 1,
        "credited": 1,
        "provisional": 0,
        "unconfirmed": 0,
        "baseline_headcount": 0,
        "current_headcount": 1,
        "youth_jobs": 1,
        "temporary_jobs": 0,
        "wage_bill_kzt": 7 * 300_000,  # March to September
        "investment_kzt": 10_000_000,
        "wage_share": 0.21,
        "meets_wage_share": False,
        "mean_salary_kzt": 300_000.0,
        "region_avg_wage_kzt": None,
        "salary_ratio": None,
        "harmful_share": 0.0,
    }
    ev = w.evidence(AS_OF)[cid]
    assert (ev["project_id"], ev["job_kind"], ev["status"], ev["months_checked"], ev["paid_months"]) == (
        "P001",
        "permanent",
        "credited",
        5,
        5,
    )


def test_rule1_contract_outside_project_region_not_counted(w: World) -> None:
    a = w.employer()
    w.project([a])
    inside = w.employ(a, "2025-03-10")
    w.employ(a, "2025-03-10", kato="711110000")  # Astana: another region
    r = w.verify(AS_OF)["P001"]
    assert (r["credited"], r["verified_permanent_jobs"], r["current_headcount"]) == (1, 1, 1)
    assert w.jobs(AS_OF) == {inside: ("P001", "permanent", "credited")}


def test_rule1_region_is_the_workplace_kato_first_two_digits_not_the_employer_seat(w: World) -> None:
    astana = w.employer(kato="711110000")  # seated in Astana, works in Almaty
    w.project([astana], kato="751110000")
    cid = w.employ(astana, "2025-03-10", kato="759900000")  # another place of region 75
    r = w.verify(AS_OF)["P001"]
    assert (r["credited"], r["current_headcount"]) == (1, 1)
    assert w.jobs(AS_OF) == {cid: ("P001", "permanent", "credited")}


def test_rule1_contract_at_an_employer_that_is_not_an_operator_not_counted(w: World) -> None:
    investor = w.employer()
    a = w.employer(parent=investor)
    sibling = w.employer(parent=investor)
    w.project([a], investor=investor)
    w.employ(investor, "2025-03-10")
    w.employ(sibling, "2025-03-10")
    r = w.verify(AS_OF)["P001"]
    assert (r["credited"], r["provisional"], r["unconfirmed"], r["current_headcount"]) == (0, 0, 0, 0)
    assert w.jobs(AS_OF) == {}


# --- rule 2: permanent ------------------------------------------------------------------------------


def test_rule2_fixed_term_and_seasonal_contracts_are_not_permanent_jobs(w: World) -> None:
    a = w.employer()
    w.project([a])
    fixed = w.employ(a, "2025-03-10", kind="fixed_term")
    seasonal = w.employ(a, "2025-04-01", kind="seasonal")
    r = w.verify(AS_OF)["P001"]
    assert (r["credited"], r["provisional"], r["unconfirmed"], r["verified_permanent_jobs"]) == (0, 0, 0, 0)
    assert r["current_headcount"] == 0  # headcount is of permanent contracts only
    assert r["temporary_jobs"] == 2
    assert w.jobs(AS_OF) == {fixed: ("P001", "temporary", None), seasonal: ("P001", "temporary", None)}


# --- rule 3: window(P) = [start_date - 180 days, t] ------------------------------------------------


def test_rule3_window_starts_180_days_before_start(w: World) -> None:
    a = w.employer()
    w.project([a], start="2025-03-01")
    assert day("2025-03-01", -180) == "2024-09-02"
    first_day = w.employ(a, "2024-09-02")
    w.employ(a, "2024-09-01")  # day 181 before: outside the window, in the baseline
    r = w.verify(AS_OF)["P001"]
    assert (r["credited"], r["baseline_headcount"], r["current_headcount"], r["verified_permanent_jobs"]) == (
        1,
        1,
        2,
        1,
    )
    assert w.jobs(AS_OF) == {first_day: ("P001", "permanent", "credited")}


def test_rule3_hired_on_as_of_itself_counts_hired_the_day_after_does_not(w: World) -> None:
    a = w.employer()
    w.project([a])
    on_the_day = w.employ(a, AS_OF)
    w.employ(a, day(AS_OF, 1))
    r = w.verify(AS_OF)["P001"]
    # hired on t: no full month yet, so provisional; it is in the current headcount
    assert (r["credited"], r["provisional"], r["unconfirmed"], r["current_headcount"]) == (0, 1, 0, 1)
    assert r["verified_permanent_jobs"] == 0
    assert w.jobs(AS_OF) == {on_the_day: ("P001", "permanent", "provisional")}


# --- rule 4: active at t -----------------------------------------------------------------------------


def test_rule4_end_date_on_as_of_is_still_active_the_day_before_is_not(w: World) -> None:
    a = w.employer()
    w.project([a])
    ends_on_t = w.employ(a, "2025-03-10", end=AS_OF)
    w.employ(a, "2025-03-10", end=day(AS_OF, -1))
    r = w.verify(AS_OF)["P001"]
    assert (r["credited"], r["current_headcount"], r["verified_permanent_jobs"]) == (1, 1, 1)
    assert w.jobs(AS_OF) == {ends_on_t: ("P001", "permanent", "credited")}


# --- rule 5: not a transfer within group(P) --------------------------------------------------------


def _moved(
    w: World, before: str, start: str, to: str, ended: str, kind: str = "permanent", kato: str = "751110000"
) -> str:
    """A person who had a contract at `before` ending on `ended`, then a paid one at `to` from start."""
    iin = w.person()
    w.contract(iin, before, "2023-01-10", end=ended, kind=kind, kato=kato)
    cid = w.contract(iin, to, start)
    w.pay(iin, to, start[:7], "2025-12")
    return cid


def test_rule5_ended_at_a_group_employer_60_days_before_start_is_a_transfer_61_is_not(w: World) -> None:
    holding = w.employer()
    a = w.employer(parent=holding)
    sibling = w.employer(parent=holding)
    w.project([a])
    start = "2025-04-15"
    _moved(w, sibling, start, a, ended=day(start, -60))  # 2025-02-14: a transfer
    not_moved = _moved(w, sibling, start, a, ended=day(start, -61))  # 2025-02-13: a new job
    r = w.verify(AS_OF)["P001"]
    assert (r["credited"], r["current_headcount"]) == (1, 2)
    assert w.jobs(AS_OF) == {not_moved: ("P001", "permanent", "credited")}


def test_rule5_ended_at_a_group_employer_on_the_start_day_itself_is_a_transfer(w: World) -> None:
    holding = w.employer()
    a = w.employer(parent=holding)
    sibling = w.employer(parent=holding)
    w.project([a])
    start = "2025-04-15"
    _moved(w, sibling, start, a, ended=start)  # the end day lies in [start - 60, start]: a transfer
    overlap = _moved(w, sibling, start, a, ended=day(start, 1))  # ended the day after: not in that span
    r = w.verify(AS_OF)["P001"]
    assert r["credited"] == 1
    assert w.jobs(AS_OF) == {overlap: ("P001", "permanent", "credited")}


def test_rule5_ended_at_the_same_bin_is_not_a_transfer_at_another_operator_it_is(w: World) -> None:
    a = w.employer()
    b = w.employer()
    w.project([a, b])
    start = "2025-04-15"
    rehired = _moved(w, a, start, a, ended=day(start, -1))  # same BIN: not a transfer
    _moved(w, b, start, a, ended=day(start, -1))  # another operator of P is a BIN of group(P)
    r = w.verify(AS_OF)["P001"]
    assert r["credited"] == 1
    assert w.jobs(AS_OF) == {rehired: ("P001", "permanent", "credited")}


def test_rule5_group_is_operators_investor_their_parents_and_the_children_of_these(w: World) -> None:
    grandparent = w.employer()
    parent = w.employer(parent=grandparent)
    a = w.employer(parent=parent)  # the operator
    sibling = w.employer(parent=parent)
    subsidiary = w.employer(parent=a)
    grandchild = w.employer(parent=subsidiary)
    investor = w.employer()
    investors_subsidiary = w.employer(parent=investor)
    cousin = w.employer(parent=grandparent)
    stranger = w.employer()
    w.project([a], investor=investor)
    start = "2025-04-15"
    ended = day(start, -10)
    for group_member in (parent, sibling, subsidiary, investor, investors_subsidiary):
        _moved(w, group_member, start, a, ended=ended)
    new_jobs = {
        _moved(w, outsider, start, a, ended=ended) for outsider in (grandparent, grandchild, cousin, stranger)
    }
    r = w.verify(AS_OF)["P001"]
    assert r["credited"] == 4
    assert set(w.jobs(AS_OF)) == new_jobs


def test_rule5_a_transfer_whatever_the_earlier_contract_type_and_region(w: World) -> None:
    holding = w.employer()
    a = w.employer(parent=holding)
    sibling = w.employer(parent=holding, kato="711110000")
    w.project([a])
    _moved(w, sibling, "2025-04-15", a, ended="2025-04-01", kind="seasonal", kato="711110000")
    r = w.verify(AS_OF)["P001"]
    assert (r["credited"], r["current_headcount"]) == (0, 1)
    assert w.jobs(AS_OF) == {}


# --- rule 6: paid in at least ceil(0.8 n) of the last n = min(6, full months) full months -----------


def _paid_in(
    w: World, bin: str, start: str, paid: list[str], opv: int | None = None, by: str | None = None
) -> str:
    """A permanent contract at bin from start, with payroll (by bin, or by `by`) for exactly these months."""
    iin = w.person()
    cid = w.contract(iin, bin, start)
    for m in paid:
        w.pay(iin, by or bin, m, m, opv=opv)
    return cid


def _status(w: World, as_of: str = AS_OF) -> dict[str, tuple[str | None, int | None, int | None]]:
    return {cid: (r["status"], r["months_checked"], r["paid_months"]) for cid, r in w.evidence(as_of).items()}


def test_rule6_six_months_checked_need_five_paid(w: World) -> None:
    a = w.employer()
    w.project([a])
    # from 2025-02-10 the full months up to 2025-09-15 are March to August: n = 6, ceil(4.8) = 5
    five = _paid_in(w, a, "2025-02-10", ["2025-03", "2025-04", "2025-05", "2025-07", "2025-08"])
    four = _paid_in(w, a, "2025-02-10", ["2025-02", "2025-03", "2025-05", "2025-07", "2025-08", "2025-09"])
    r = w.verify(AS_OF)["P001"]
    assert (r["credited"], r["unconfirmed"]) == (1, 1)
    assert _status(w) == {five: ("credited", 6, 5), four: ("unconfirmed", 6, 4)}


def test_rule6_five_months_checked_need_four_paid(w: World) -> None:
    a = w.employer()
    w.project([a])
    # from 2025-03-10: April to August, n = 5, ceil(4.0) = 4
    four = _paid_in(w, a, "2025-03-10", ["2025-04", "2025-05", "2025-06", "2025-08"])
    three = _paid_in(w, a, "2025-03-10", ["2025-03", "2025-04", "2025-06", "2025-08"])
    w.verify(AS_OF)
    assert _status(w) == {four: ("credited", 5, 4), three: ("unconfirmed", 5, 3)}


def test_rule6_one_month_checked_needs_it_paid(w: World) -> None:
    a = w.employer()
    w.project([a])
    # from 2025-07-20: only August is a full month; July (started late) and September (not over) do not count
    paid = _paid_in(w, a, "2025-07-20", ["2025-08"])
    around = _paid_in(w, a, "2025-07-20", ["2025-07", "2025-09"])
    r = w.verify(AS_OF)["P001"]
    assert (r["credited"], r["unconfirmed"]) == (1, 1)
    assert _status(w) == {paid: ("credited", 1, 1), around: ("unconfirmed", 1, 0)}


def test_rule6_payroll_with_zero_opv_does_not_count(w: World) -> None:
    a = w.employer()
    w.project([a])
    cid = _paid_in(w, a, "2025-07-20", ["2025-08"], opv=0)
    r = w.verify(AS_OF)["P001"]
    assert (r["credited"], r["unconfirmed"], r["verified_permanent_jobs"]) == (0, 1, 0)
    assert _status(w) == {cid: ("unconfirmed", 1, 0)}


def test_rule6_payroll_from_another_bin_does_not_count(w: World) -> None:
    a = w.employer()
    b = w.employer()
    w.project([a, b])
    cid = _paid_in(w, a, "2025-07-20", ["2025-08"], by=b)  # even another operator of P
    r = w.verify(AS_OF)["P001"]
    assert (r["credited"], r["unconfirmed"]) == (0, 1)
    assert _status(w) == {cid: ("unconfirmed", 1, 0)}


def test_rule6_full_months_start_on_the_1st_vs_the_2nd(w: World) -> None:
    a = w.employer()
    w.project([a])
    first = _paid_in(w, a, "2025-08-01", ["2025-08", "2025-09"])  # August lies wholly inside [start, t)
    second = _paid_in(w, a, "2025-08-02", ["2025-08", "2025-09"])  # August does not: no full month yet
    r = w.verify(AS_OF)["P001"]
    assert (r["credited"], r["provisional"], r["unconfirmed"]) == (1, 1, 0)
    assert _status(w) == {first: ("credited", 1, 1), second: ("provisional", 0, 0)}


def test_rule6_a_month_is_full_when_its_last_day_lies_before_t(w: World) -> None:
    a = w.employer()
    w.project([a])
    cid = _paid_in(w, a, "2025-08-01", ["2025-08"])
    w.verify("2025-09-01")  # [2025-08-01, 2025-09-01) holds all of August
    w.verify("2025-08-31")  # the 31st is not before t
    assert _status(w, "2025-09-01") == {cid: ("credited", 1, 1)}
    assert _status(w, "2025-08-31") == {cid: ("provisional", 0, 0)}


def test_rule6_n_is_capped_at_six_months(w: World) -> None:
    a = w.employer()
    w.project([a])
    # from 2024-10-01 the full months are October 2024 to August 2025 (11): only the last six are checked
    recent = _paid_in(w, a, "2024-10-01", [f"2025-{m:02d}" for m in range(3, 9)])
    early = _paid_in(w, a, "2024-10-01", ["2024-10", "2024-11", "2024-12", "2025-01", "2025-02", "2025-03"])
    r = w.verify(AS_OF)["P001"]
    assert (r["credited"], r["unconfirmed"]) == (1, 1)
    assert _status(w) == {recent: ("credited", 6, 6), early: ("unconfirmed", 6, 1)}


def test_rule6_no_full_month_yet_is_provisional_not_credited(w: World) -> None:
    a = w.employer()
    w.project([a])
    cid = _paid_in(w, a, "2025-09-01", ["2025-09"])
    r = w.verify(AS_OF)["P001"]
    assert (r["credited"], r["provisional"], r["unconfirmed"]) == (0, 1, 0)
    assert (r["current_headcount"], r["verified_permanent_jobs"]) == (1, 0)
    assert _status(w) == {cid: ("provisional", 0, 0)}
