"""What else is reported per project (youth, temporary jobs, wage bill, quality), facts per as-of date and
the methodology's parameters (docs/methodology.md)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from jumys.projects.methodology import Methodology
from jumys.projects.tables import project_jobs, project_verification, verification_runs
from tests.projects.scenario import World

AS_OF = "2025-09-15"


# --- youth_jobs: credited, 35 or younger on the contract's start date --------------------------------


def test_youth_35_on_the_start_date_counts_36_does_not(w: World) -> None:
    a = w.employer()
    w.project([a])
    start = "2025-05-10"
    w.employ(a, start, born="1990-05-10")  # 35th birthday on the start date: 35, young
    w.employ(a, start, born="1989-05-11")  # 36th birthday the day after: still 35, young
    w.employ(a, start, born="1989-05-10")  # 36th birthday on the start date: 36
    w.employ(a, start, born="1989-05-09")  # 36th birthday the day before: 36
    w.employ(a, start, born="2000-01-01", paid_until=None)  # young but unconfirmed: not a credited job
    r = w.verify(AS_OF)["P001"]
    assert (r["credited"], r["unconfirmed"], r["youth_jobs"]) == (4, 1, 2)
    young = {r["contract_id"] for r in w.evidence(AS_OF).values() if r["youth"]}
    assert len(young) == 3  # the evidence marks the unconfirmed one young too; only credited ones count


def test_youth_age_is_taken_on_the_contract_start_not_at_t(w: World) -> None:
    a = w.employer()
    w.project([a])
    w.employ(a, "2025-03-10", born="1989-06-01")  # 35 when hired, 36 at t
    assert w.verify(AS_OF)["P001"]["youth_jobs"] == 1


# --- temporary_jobs -------------------------------------------------------------------------------------


def test_temporary_fixed_term_or_seasonal_with_one_paid_month_counts(w: World) -> None:
    holding = w.employer()
    a = w.employer(parent=holding)
    sibling = w.employer(parent=holding)
    w.project([a])
    # one paid month is enough, and the contract need not be active at t
    w.employ(a, "2025-04-01", end="2025-05-31", kind="fixed_term", paid_until="2025-04")
    w.employ(a, "2025-06-01", kind="seasonal", paid_until="2025-06")
    paid_in_t_month = w.employ(a, "2025-09-01", kind="seasonal", paid_until="2025-09")  # t's month counts
    # these do not count
    w.employ(a, "2025-06-01", kind="seasonal", paid_until=None)  # no payroll
    iin = w.person()
    w.contract(iin, a, "2025-06-01", kind="fixed_term")
    w.pay(iin, a, "2025-06", "2025-08", opv=0)  # payroll without contributions
    iin = w.person()
    w.contract(iin, a, "2025-06-01", kind="fixed_term")
    w.pay(iin, sibling, "2025-06", "2025-08")  # paid by another BIN
    iin = w.person()
    w.contract(iin, a, "2025-09-01", kind="fixed_term")
    w.pay(iin, a, "2025-10", "2025-10")  # paid only after t's month
    w.employ(a, "2024-09-01", end="2024-12-31", kind="fixed_term", paid_until="2024-12")  # before the window
    w.employ(a, "2025-06-01", kind="fixed_term", kato="711110000")  # another region
    iin = w.person()
    w.contract(iin, sibling, "2023-01-10", end="2025-05-20")
    w.contract(iin, a, "2025-06-01", kind="fixed_term")  # a transfer
    w.pay(iin, a, "2025-06", "2025-08")
    r = w.verify(AS_OF)["P001"]
    assert r["temporary_jobs"] == 3
    assert (r["credited"], r["current_headcount"]) == (0, 0)
    assert w.jobs(AS_OF)[paid_in_t_month] == ("P001", "temporary", None)


def test_temporary_jobs_are_not_capped_by_net_growth_and_persons_count_once(w: World) -> None:
    a = w.employer()
    w.project([a])
    for _ in range(3):
        w.employ(a, "2024-01-10", end="2025-05-31")  # the permanent staff shrinks
    iin = w.person()
    w.contract(iin, a, "2025-04-01", end="2025-05-31", kind="seasonal")
    w.contract(iin, a, "2025-07-01", end="2025-08-31", kind="seasonal")
    w.pay(iin, a, "2025-04", "2025-08")
    w.employ(a, "2025-04-01", end="2025-06-30", kind="fixed_term", paid_until="2025-06")
    r = w.verify(AS_OF)["P001"]
    assert (r["baseline_headcount"], r["current_headcount"], r["verified_permanent_jobs"]) == (3, 0, 0)
    assert r["temporary_jobs"] == 2


def test_temporary_job_goes_only_to_the_first_project(w: World) -> None:
    a = w.employer()
    w.project([a], start="2025-03-01", project_id="P001")
    w.project([a], start="2025-02-01", project_id="P002")
    cid = w.employ(a, "2025-04-01", end="2025-06-30", kind="fixed_term", paid_until="2025-06")
    res = w.verify(AS_OF)
    assert (res["P001"]["temporary_jobs"], res["P002"]["temporary_jobs"]) == (0, 1)
    assert w.jobs(AS_OF) == {cid: ("P002", "temporary", None)}


# --- wage bill and wage share ---------------------------------------------------------------------------


def test_wage_bill_months_from_the_start_month_to_the_as_of_month(w: World) -> None:
    a, b, outsider = w.employer(), w.employer(), w.employer()
    w.project([a, b], investment=10_000_000)
    iin = w.person()
    w.contract(iin, a, "2025-03-10")
    w.pay(iin, a, "2024-11", "2025-12", wage=300_000)  # counted March to September: 7 months
    w.pay(iin, b, "2025-09", "2025-09", wage=100_000, opv=0)  # another operator of P counts, even without OPV
    w.pay(iin, outsider, "2025-09", "2025-09", wage=50_000)  # not an operator
    w.employ(a, "2025-03-10", paid_until=None)  # unconfirmed: its wages are no credited job's
    iin = w.person()
    w.contract(iin, a, "2025-04-01")
    w.pay(iin, a, "2025-04", "2025-08", wage=0, opv=1)  # paid nothing but contributions: credited, adds 0
    r = w.verify(AS_OF)["P001"]
    assert (r["credited"], r["unconfirmed"]) == (2, 1)
    assert r["wage_bill_kzt"] == 7 * 300_000 + 100_000
    assert r["wage_share"] == pytest.approx(0.22)
    assert r["meets_wage_share"] is False


def test_wage_bill_of_a_person_with_two_credited_contracts_counts_from_the_earlier_start(w: World) -> None:
    a, b = w.employer(), w.employer()
    w.project([a, b])
    iin = w.person()
    w.contract(iin, a, "2025-05-05")
    w.contract(iin, b, "2025-03-10")
    w.pay(iin, a, "2025-01", "2025-12", wage=100_000)
    w.pay(iin, b, "2025-01", "2025-12", wage=10_000)
    r = w.verify(AS_OF)["P001"]
    assert r["credited"] == 1
    assert r["wage_bill_kzt"] == 7 * 100_000 + 7 * 10_000  # March to September from both, each row once


def test_wage_share_of_exactly_30_percent_meets_the_target(w: World) -> None:
    a, b = w.employer(), w.employer()
    w.project([a], investment=7_000_000, project_id="P001")
    w.project([b], investment=7_000_001, project_id="P002")
    w.employ(a, "2025-03-10")
    w.employ(b, "2025-03-10")
    res = w.verify(AS_OF)
    assert res["P001"]["wage_bill_kzt"] == res["P002"]["wage_bill_kzt"] == 2_100_000
    assert res["P001"]["wage_share"] == pytest.approx(0.3)
    assert (res["P001"]["meets_wage_share"], res["P002"]["meets_wage_share"]) == (True, False)


def test_wage_share_of_a_project_without_investment_is_not_defined(w: World) -> None:
    a = w.employer()
    w.project([a], investment=0)
    w.employ(a, "2025-03-10")
    r = w.verify(AS_OF)["P001"]
    assert (r["wage_bill_kzt"], r["wage_share"], r["meets_wage_share"]) == (2_100_000, None, None)


# --- quality ------------------------------------------------------------------------------------------------


def test_quality_mean_salary_and_harmful_share_of_credited_contracts(w: World) -> None:
    a = w.employer()
    w.project([a])
    w.employ(a, "2025-03-10", salary=200_000)
    w.employ(a, "2025-03-10", salary=400_000, conditions="harmful")
    w.employ(a, "2025-03-10", salary=300_000, conditions="hazardous")
    w.employ(a, "2025-03-10", salary=300_000)
    w.employ(a, "2025-03-10", salary=9_000_000, conditions="harmful", paid_until=None)  # unconfirmed
    r = w.verify(AS_OF)["P001"]
    assert (r["credited"], r["mean_salary_kzt"], r["harmful_share"]) == (4, 300_000.0, 0.5)


def test_region_average_wage_is_the_latest_period_on_or_before_as_of(w: World) -> None:
    a = w.employer()
    w.project([a])
    w.employ(a, "2025-03-10", salary=390_000)
    w.stat("2024", 200_000)
    w.stat("2025-08", 250_000)
    w.stat("2025-09", 260_000)  # begins 2025-09-01, on or before t
    w.stat("2025-09", 1, kato="751110000")  # a district of the region: the region's own code first
    w.stat("2025-10", 999_999)  # after t
    w.stat("2025-09", 777_777, kato="710000000")  # another region
    r = w.verify(AS_OF)["P001"]
    assert r["region_avg_wage_kzt"] == 260_000
    assert r["salary_ratio"] == pytest.approx(1.5)
    r = w.verify("2025-08-31")["P001"]
    assert r["region_avg_wage_kzt"] == 250_000
    assert r["salary_ratio"] == pytest.approx(390_000 / 250_000)


def test_region_average_wage_prefers_the_month_to_the_year_that_begins_the_same_day(w: World) -> None:
    a = w.employer()
    w.project([a])
    w.employ(a, "2024-10-01")
    w.stat("2025", 300_000)
    w.stat("2025-01", 280_000)
    assert w.verify("2025-01-15")["P001"]["region_avg_wage_kzt"] == 280_000
    assert w.verify("2025-02-15")["P001"]["region_avg_wage_kzt"] == 280_000
    assert w.verify("2024-12-31")["P001"]["region_avg_wage_kzt"] is None


# --- facts per as-of date -----------------------------------------------------------------------------------


def test_rerun_of_an_as_of_replaces_its_facts_and_keeps_other_dates(w: World) -> None:
    a = w.employer()
    w.project([a])
    w.employ(a, "2025-03-10")
    assert w.verify(AS_OF)["P001"]["credited"] == 1
    assert w.verify("2025-06-15")["P001"]["credited"] == 1
    w.employ(a, "2025-03-10")
    w.employ(a, "2025-03-10")
    assert w.verify(AS_OF)["P001"]["credited"] == 3
    with w.engine.connect() as conn:

        def per_date(table: sa.Table) -> dict[str, int]:
            q = sa.select(table.c.as_of, sa.func.count()).group_by(table.c.as_of)
            return {d.isoformat(): n for d, n in conn.execute(q)}

        assert per_date(project_verification) == {"2025-06-15": 1, AS_OF: 1}
        assert per_date(project_jobs) == {"2025-06-15": 1, AS_OF: 3}
        assert per_date(verification_runs) == {"2025-06-15": 1, AS_OF: 1}
    # the other date keeps what it found then, until it is run again
    assert len(w.evidence("2025-06-15")) == 1


# --- the methodology's parameters ------------------------------------------------------------------------


def test_parameter_window_days_moves_the_window(w: World) -> None:
    a = w.employer()
    w.project([a], start="2025-03-01")
    w.employ(a, "2024-12-01")  # 90 days before 2025-03-01 exactly
    w.employ(a, "2024-11-30")  # 91 days before
    r = w.verify(AS_OF)["P001"]
    assert (r["credited"], r["baseline_headcount"]) == (2, 0)
    r = w.verify(AS_OF, Methodology(window_days=90))["P001"]
    assert (r["credited"], r["baseline_headcount"], r["verified_permanent_jobs"]) == (1, 1, 1)
    assert w.verify("2024-12-01", Methodology(window_days=90))["P001"]["status"] == "on_track"
    assert w.verify("2024-11-30", Methodology(window_days=90))["P001"]["status"] == "pending"


def test_parameter_paid_share_one_needs_every_month_paid(w: World) -> None:
    a = w.employer()
    w.project([a])
    iin = w.person()
    w.contract(iin, a, "2025-02-10")
    for m in ("2025-03", "2025-04", "2025-05", "2025-07", "2025-08"):  # 5 of 6
        w.pay(iin, a, m, m)
    assert w.verify(AS_OF)["P001"]["credited"] == 1
    r = w.verify(AS_OF, Methodology(paid_share=1.0))["P001"]
    assert (r["credited"], r["unconfirmed"]) == (0, 1)


def test_parameter_max_months_and_transfer_days_and_youth_age(w: World) -> None:
    holding = w.employer()
    a = w.employer(parent=holding)
    sibling = w.employer(parent=holding)
    w.project([a])
    iin = w.person(born="1985-01-01")  # 40 at the start
    w.contract(iin, sibling, "2023-01-10", end="2025-03-01")
    w.contract(iin, a, "2025-03-10")  # a transfer within 60 days, not within 5
    w.pay(iin, a, "2025-07", "2025-08")  # paid in the last 2 of 5 checked months
    r = w.verify(AS_OF)["P001"]
    assert (r["credited"], r["unconfirmed"]) == (0, 0)
    r = w.verify(AS_OF, Methodology(transfer_days=5))["P001"]
    assert (r["credited"], r["unconfirmed"], r["youth_jobs"]) == (0, 1, 0)
    r = w.verify(AS_OF, Methodology(transfer_days=5, max_months=2, youth_age=40))["P001"]
    assert (r["credited"], r["unconfirmed"], r["youth_jobs"]) == (1, 0, 1)


def test_parameter_wage_share_target(w: World) -> None:
    a = w.employer()
    w.project([a], investment=10_000_000)
    w.employ(a, "2025-03-10")  # wage bill 2 100 000: 21 %
    assert w.verify(AS_OF)["P001"]["meets_wage_share"] is False
    assert w.verify(AS_OF, Methodology(wage_share_target=0.21))["P001"]["meets_wage_share"] is True
    assert w.verify(AS_OF, Methodology(wage_share_target=0.2101))["P001"]["meets_wage_share"] is False


def test_parameter_shares_are_taken_exactly_as_given(w: World) -> None:
    a = w.employer()
    w.project([a], investment=10_000_000)
    iin = w.person()
    w.contract(iin, a, "2025-03-10")
    w.pay(iin, a, "2025-03", "2025-09", wage=176_285)  # 7 months: 1 233 995, a share of 0.1233995
    r = w.verify(AS_OF, Methodology(wage_share_target=0.1234))["P001"]
    assert r["wage_bill_kzt"] == 1_233_995
    assert r["meets_wage_share"] is False  # not rounded to a nearby fraction such as 106/859 = 0.12339930...
    assert w.verify(AS_OF, Methodology(wage_share_target=0.1233))["P001"]["meets_wage_share"] is True


def test_parameter_shares_with_more_than_four_decimals_are_refused() -> None:
    with pytest.raises(ValueError, match="four decimal places"):
        Methodology(wage_share_target=0.12345)
    with pytest.raises(ValueError, match="four decimal places"):
        Methodology(paid_share=0.1 + 0.2)
    assert Methodology(paid_share=0.75, wage_share_target=0.1234).paid_share == 0.75
