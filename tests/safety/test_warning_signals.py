"""One scenario per signal of the labour-conflict early warning, with its boundaries (docs/safety.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from jumys.config import Settings
from jumys.safety.warnings import WarningRules
from tests.safety.warn_world import WarnWorld

AS_OF = "2025-01-01"


@pytest.fixture
def ww(engine: sa.Engine, settings: Settings, tmp_path: Path) -> WarnWorld:
    """An empty world on a clean store."""
    return WarnWorld(engine, settings, tmp_path)


def test_arrears_reported_in_the_last_month_is_a_signal(ww: WarnWorld) -> None:
    fresh, old, on_the_day, repaid = ww.employer(), ww.employer(), ww.employer(), ww.employer()
    ww.arrear(fresh, "2024-12-01", amount_kzt="3000000", workers="15")
    ww.arrear(old, "2024-09-30")  # open, but reported before the three months and not growing
    ww.arrear(on_the_day, AS_OF)  # reported on the as-of date: not known yet
    ww.arrear(repaid, "2024-12-10", repaid_on="2024-12-20", repaid_kzt="2500000")
    found = ww.warn(AS_OF)
    assert set(found) == {fresh, repaid}
    signal = found[fresh]["signals"]["arrears"]
    assert signal["month"] == "2024-12"
    assert signal["evidence"] == {
        "reported": 1,
        "reported_kzt": 3_000_000,
        "reported_workers": 15,
        "open_kzt": 3_000_000,
        "open_workers": 15,
        "previous_kzt": 0,
        "previous_workers": 0,
    }
    assert found[fresh]["level"] == "watch" and found[fresh]["region"] == "75"
    assert found[repaid]["signals"]["arrears"]["evidence"]["open_kzt"] == 0


def test_a_wage_cut_of_15_percent_for_the_same_persons_is_a_signal(ww: WarnWorld) -> None:
    cut, exactly, mild, newcomers = ww.employer(), ww.employer(), ww.employer(), ww.employer()
    for b, wage in ((cut, 300_000), (exactly, 340_000), (mild, 345_000)):
        for iin in ww.staff(b, 6, paid=("2023-01", "2024-09")):
            ww.pay(iin, b, "2024-10", "2025-06", wage=wage)
    ww.staff(newcomers, 6, paid=("2023-01", "2025-06"))
    # newcomers paid less do not lower the median of the same persons
    for iin in ww.staff(newcomers, 6, start="2024-11-01", paid=("2024-11", "2025-06"), wage=100_000):
        assert iin
    found = ww.warn(AS_OF)
    assert set(found) == {cut, exactly}
    signal = found[cut]["signals"]["wage_cut"]
    assert signal["month"] == "2024-12"
    assert signal["evidence"] == {
        "base_month": "2024-09",
        "persons": 6,
        "median_before": 400_000,
        "median_now": 300_000,
    }


def test_a_part_month_of_a_person_leaving_is_no_wage_cut(ww: WarnWorld) -> None:
    b = ww.employer()
    ww.staff(b, 5)
    for iin in ww.staff(b, 5, end="2024-12-10", paid=("2023-01", "2024-11")):
        ww.pay(iin, b, "2024-12", "2024-12", wage=100_000)  # paid for ten days of December
    assert ww.warn(AS_OF) == {}  # without the rule the median of the ten would be 250 000 against 400 000


def test_a_wage_cut_needs_enough_persons_paid_in_both_months(ww: WarnWorld) -> None:
    few = ww.employer()
    for iin in ww.staff(few, 4, paid=("2023-01", "2024-09")):
        ww.pay(iin, few, "2024-10", "2025-06", wage=200_000)
    assert ww.warn(AS_OF) == {}
    assert set(ww.warn(AS_OF, WarningRules(min_persons=4), ingest=False)) == {few}


def test_a_mass_layoff_is_a_tenth_of_staff_and_ten_contracts_or_fifty(ww: WarnWorld) -> None:
    tenth, nine, small, many = ww.employer(), ww.employer(), ww.employer(), ww.employer()
    ww.staff(tenth, 100)
    ww.end(tenth, 10, "2024-12-02")
    ww.staff(nine, 20)
    ww.end(nine, 9, "2024-12-31")  # 45 % of staff, but fewer than 10 contracts
    ww.staff(small, 120)
    ww.end(small, 11, "2024-12-15")  # 11 contracts, under 10 % of staff
    ww.end(small, 5, "2024-11-15")  # ended the day before the 30 days up to 15 December
    ww.staff(many, 510)
    ww.end(many, 50, "2024-12-20")  # under 10 %, but 50 contracts
    found = ww.warn(AS_OF)
    assert set(found) == {tenth, many}
    assert found[tenth]["signals"]["mass_layoff"] == {
        "signal": "mass_layoff",
        "month": "2024-12",
        "evidence": {"ended_from": "2024-11-03", "ended_to": "2024-12-02", "ended": 10, "staff": 100},
    }
    assert found[many]["signals"]["mass_layoff"]["evidence"]["ended"] == 50


def test_a_mass_layoff_across_the_turn_of_a_month_is_seen_by_the_run_after_it(ww: WarnWorld) -> None:
    spread, earlier = ww.employer(), ww.employer()
    ww.staff(spread, 100)
    ww.end(spread, 6, "2024-11-20")
    ww.end(spread, 6, "2024-12-10")  # 12 within the 30 days up to 10 December
    ww.staff(earlier, 100)
    ww.end(earlier, 12, "2024-11-20")  # its window closed in November: the run of 1 December saw it
    found = ww.warn(AS_OF)
    assert set(found) == {spread, earlier}  # a signal stays for the month it is seen and the two after
    assert found[earlier]["signals"]["mass_layoff"]["month"] == "2024-11"
    assert found[spread]["signals"]["mass_layoff"]["evidence"] == {
        "ended_from": "2024-11-11",
        "ended_to": "2024-12-10",
        "ended": 12,
        "staff": 100,
    }
    assert set(ww.warn("2024-12-01", ingest=False)) == {earlier}


def test_a_signal_stays_for_the_month_it_is_seen_and_the_two_after(ww: WarnWorld) -> None:
    b = ww.employer()
    ww.incident(b, "2024-10-05")
    ww.ingest()
    seen = {day: set(ww.warn(day, ingest=False)) for day in ("2024-11-01", "2025-01-01", "2025-02-01")}
    assert seen == {"2024-11-01": {b}, "2025-01-01": {b}, "2025-02-01": set()}
    assert set(ww.warn("2025-02-01", WarningRules(memory_months=4), ingest=False)) == {b}


def test_a_month_the_payroll_does_not_hold_is_not_judged_for_contributions(ww: WarnWorld) -> None:
    for _ in range(2):  # the payroll holds no row at all for December: it has not been delivered
        ww.staff(ww.employer(), 10, paid=("2023-01", "2024-11"))
    assert ww.warn(AS_OF) == {}
    unpaid = ww.employer()
    ww.staff(unpaid, 10, paid=None)
    assert set(ww.warn("2024-12-01")) == {unpaid}  # October and November were delivered


def test_contributions_missing_for_a_fifth_of_staff_in_each_of_two_months(ww: WarnWorld) -> None:
    both, last_only, under = ww.employer(), ww.employer(), ww.employer()
    for iin in ww.staff(both, 10)[:2]:
        ww.unpay(iin, both, "2024-11", "2024-12")
    for iin in ww.staff(last_only, 10)[:3]:
        ww.unpay(iin, last_only, "2024-12", "2024-12")
    staff = ww.staff(under, 10)
    ww.unpay(staff[0], under, "2024-11", "2024-12")
    ww.pay(staff[1], under, "2024-11", "2024-12", opv=0)  # a wage without a contribution is missing too
    ww.unpay(staff[2], under, "2024-12", "2024-12")  # 3 of 10 in December, 2 of 10 in November
    found = ww.warn(AS_OF)
    assert set(found) == {both, under}
    assert found[both]["signals"]["missing_contributions"] == {
        "signal": "missing_contributions",
        "month": "2024-12",
        "evidence": {
            "staff": 10,
            "missing": 2,
            "previous_month": "2024-11",
            "previous_staff": 10,
            "previous_missing": 2,
        },
    }
    assert found[under]["signals"]["missing_contributions"]["evidence"]["missing"] == 3


def test_a_fatal_incident_in_the_last_month_is_a_signal(ww: WarnWorld) -> None:
    fatal, light, earlier, on_the_day = ww.employer(), ww.employer(), ww.employer(), ww.employer()
    ww.incident(fatal, "2024-12-05")
    ww.incident(light, "2024-12-05", severity="severe")
    ww.incident(earlier, "2024-09-30")  # seen by the run of 1 October: three runs ago
    ww.incident(on_the_day, AS_OF)
    found = ww.warn(AS_OF)
    assert set(found) == {fatal}
    assert found[fatal]["signals"]["fatal_incident"] == {
        "signal": "fatal_incident",
        "month": "2024-12",
        "evidence": {"incidents": 1, "victims": 1, "occurred_on": "2024-12-05"},
    }


def test_two_unplanned_inspections_in_90_days_are_a_signal(ww: WarnWorld) -> None:
    two, planned, spread = ww.employer(), ww.employer(), ww.employer()
    ww.inspection(two, "2024-10-03")  # the first of the 90 days
    ww.inspection(two, "2024-12-20")
    ww.inspection(planned, "2024-11-03")
    ww.inspection(planned, "2024-12-03", kind="planned")
    ww.inspection(spread, "2024-10-02")  # one day before the 90 days
    ww.inspection(spread, "2024-12-03")
    found = ww.warn(AS_OF)
    assert set(found) == {two}
    assert found[two]["signals"]["unplanned_inspections"]["evidence"] == {
        "inspections": 2,
        "violations": 4,
        "first_on": "2024-10-03",
        "last_on": "2024-12-20",
    }
    assert found[two]["signals"]["unplanned_inspections"]["month"] == "2024-12"


def test_unplanned_inspections_after_a_severe_or_fatal_accident_are_its_investigation(ww: WarnWorld) -> None:
    fatal, severe, later = ww.employer(), ww.employer(), ww.employer()
    ww.incident(fatal, "2024-12-05")
    ww.inspection(fatal, "2024-12-05")
    ww.inspection(fatal, "2024-12-20")
    ww.incident(severe, "2024-11-10", severity="severe")
    ww.inspection(severe, "2024-10-15")
    ww.inspection(severe, "2024-12-10")  # 30 days after the accident: still its investigation
    ww.incident(later, "2024-11-09", severity="severe")
    ww.inspection(later, "2024-10-15")
    ww.inspection(later, "2024-12-10")  # 31 days after
    found = ww.warn(AS_OF)
    assert {b: set(w["signals"]) for b, w in found.items()} == {
        fatal: {"fatal_incident"},
        later: {"unplanned_inspections"},
    }


def test_a_person_on_two_contracts_is_one_of_the_staff_and_covered_only_by_one_whole_contract(
    ww: WarnWorld,
) -> None:
    b = ww.employer()
    staff = ww.staff(b, 5)
    ww.unpay(staff[0], b, "2024-11", "2024-12")  # 1 of 5 missing in each month: a fifth
    ww.contract(b, staff[1], "2024-06-01")  # a second contract beside the first: still one person
    (split,) = ww.staff(b, 1, paid=("2023-01", "2024-10"))
    ww.split(b, split, "2024-11-16", "2024-12-21")  # no contract of his covers November or December whole
    found = ww.warn(AS_OF)
    assert found[b]["signals"]["missing_contributions"]["evidence"] == {
        "staff": 5,
        "missing": 1,
        "previous_month": "2024-11",
        "previous_staff": 5,
        "previous_missing": 1,
    }


def test_a_wage_cut_compares_persons_on_one_contract_from_the_base_month_to_the_last(ww: WarnWorld) -> None:
    b = ww.employer()
    persons = ww.staff(b, 5, paid=("2023-01", "2024-09"))
    for iin in persons:
        ww.pay(iin, b, "2024-10", "2025-06", wage=300_000)
    assert set(ww.warn(AS_OF)) == {b}
    # on new contracts since 16 August and 16 November: none from the first of a base month to the last
    # of its month three months on, so not the same person in any of the three windows
    ww.split(b, persons[0], "2024-08-16", "2024-11-16")
    assert ww.warn(AS_OF) == {}  # 4 persons, fewer than 5


def test_the_staff_of_a_mass_layoff_are_the_contracts_in_force_on_the_first_of_its_days(
    ww: WarnWorld,
) -> None:
    b = ww.employer()
    ww.staff(b, 95)
    ww.end(b, 10, "2024-12-20")  # the 30 days from 21 November to 20 December
    ww.staff(b, 3, start="2024-11-10")  # started before the first day: staff
    ww.staff(b, 2, start="2024-11-21")  # started on it: staff
    ww.staff(b, 4, start="2024-11-22")  # started after it: not
    ww.staff(b, 1, end="2024-11-20")  # ended the day before: not
    ww.staff(b, 1, end="2024-11-21")  # ended on it: staff, and one of the contracts ended
    # around 2 November, the first day of the earliest window a run at AS_OF looks at
    ww.staff(b, 1, start="2024-11-02")  # staff
    ww.staff(b, 1, end="2024-11-02")  # not
    ww.staff(b, 1, end="2024-11-01")  # not
    found = ww.warn(AS_OF)
    assert found[b]["signals"]["mass_layoff"]["evidence"] == {
        "ended_from": "2024-11-21",
        "ended_to": "2024-12-20",
        "ended": 11,
        "staff": 102,
    }
