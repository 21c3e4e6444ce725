"""One scenario per signal of illegal work and fictitious contracts, with its boundaries (docs/illegal_work.md).

Every scenario runs on DuckDB and, where JUMYS_TEST_DATABASE_URL is set, on PostgreSQL (the engine
fixture). The as-of date is 1 July 2025; the payroll is delivered up to June 2025.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from jumys.config import Settings
from jumys.illegal_work.signals import IllegalWorkRules
from tests.illegal_work.world import IllegalWorld

AS_OF = "2025-07-01"


@pytest.fixture
def w(engine: sa.Engine, settings: Settings, tmp_path: Path) -> IllegalWorld:
    """An empty world on a clean store."""
    return IllegalWorld(engine, settings, tmp_path)


def test_a_contract_without_contributions_is_unconfirmed(w: IllegalWorld) -> None:
    fictitious, paid_enough, too_new, four_of_six = w.employer(), w.employer(), w.employer(), w.employer()
    w.staff(fictitious, 3)
    ghost = w.staff(fictitious, 2, start="2024-10-01", paid=None, wage=300_000)
    one_gap = w.staff(paid_enough, 1)[0]
    w.unpay(one_gap, paid_enough, "2025-03", "2025-03")  # 5 of 6 paid: ceil(4.8) = 5, confirmed
    w.staff(too_new, 1, start="2025-06-02", paid=None)  # no full month before July: not judged
    two_gaps = w.staff(four_of_six, 1)[0]
    w.unpay(two_gaps, four_of_six, "2025-02", "2025-03")  # 4 of 6: unconfirmed
    found = w.flag(AS_OF)
    assert {b for b, s in found.items() if "unconfirmed" in s} == {fictitious, four_of_six}
    signal = found[fictitious]["unconfirmed"]
    assert signal["persons"] == 2 and len(signal["person_ids"]) == 2
    assert not set(ghost) & set(signal["person_ids"])  # pseudonyms, never an IIN
    assert signal["evidence"] == {
        "contracts": 2,
        "persons": 2,
        "first_month": "2025-01",
        "last_month": "2025-06",
        "months_checked": 12,
        "months_paid": 0,
        "salary_kzt": 600_000,
    }
    assert found[four_of_six]["unconfirmed"]["evidence"]["months_paid"] == 4


def test_contributions_without_a_contract_are_work_without_a_contract(w: IllegalWorld) -> None:
    shadow, ended, after = w.employer(), w.employer(), w.employer()
    iins = w.staff(shadow, 2)
    stranger = w.staff(after, 1, paid=None)[0]
    w.pay(stranger, shadow, "2025-02", "2025-04", wage=250_000)  # paid by shadow, contract at `after`
    left = w.staff(ended, 1, end="2025-03-02", paid=("2023-01", "2025-03"))[0]  # paid the month it ended
    w.pay(left, ended, "2025-07", "2025-07")  # the month of the as-of date: not looked at
    found = w.flag(AS_OF)
    assert {b for b, s in found.items() if "unregistered" in s} == {shadow}
    assert found[shadow]["unregistered"]["evidence"] == {
        "persons": 1,
        "person_months": 3,
        "first_month": "2025-02",
        "last_month": "2025-04",
        "wage_kzt": 750_000,
        "opv_kzt": 75_000,
    }
    assert iins


def test_a_foreigner_without_a_valid_permit_for_the_employer(w: IllegalWorld) -> None:
    legal, none, elsewhere, expired, kandas = (w.employer() for _ in range(5))
    ok = w.staff(legal, 1, start="2025-01-10", paid=("2025-01", "2025-06"))[0]
    w.foreigner(ok)
    w.permit(ok, legal, "2025-01-05", "2026-01-04")
    no_permit = w.staff(none, 1, start="2025-03-01", paid=("2025-03", "2025-06"))[0]
    w.foreigner(no_permit)
    moved = w.staff(elsewhere, 1, start="2025-02-01", paid=("2025-02", "2025-06"))[0]
    w.foreigner(moved)
    w.permit(moved, legal, "2025-01-05", "2026-01-04")  # the permit is for another employer
    lapsed = w.staff(expired, 1, start="2024-06-01", paid=("2024-06", "2025-06"))[0]
    w.foreigner(lapsed)
    w.permit(lapsed, expired, "2024-05-20", "2025-05-19")  # valid into May: June is without one
    kz = w.staff(kandas, 1, start="2025-01-10", paid=("2025-01", "2025-06"))[0]
    w.foreigner(kz, status="kandas")
    found = w.flag(AS_OF)
    assert {b for b, s in found.items() if "foreign_no_permit" in s} == {none, elsewhere, expired}
    assert found[elsewhere]["foreign_no_permit"]["evidence"]["other_employer"] == 1
    assert found[none]["foreign_no_permit"]["evidence"] == {
        "persons": 1,
        "other_employer": 0,
        "person_months": 4,
        "first_month": "2025-03",
        "last_month": "2025-06",
        "wage_kzt": 1_600_000,
    }
    expired_ev = found[expired]["foreign_no_permit"]["evidence"]
    assert (expired_ev["first_month"], expired_ev["last_month"]) == ("2025-06", "2025-06")


def test_a_full_time_salary_under_the_minimum_wage(w: IllegalWorld) -> None:
    under, at_minimum, ended = w.employer(), w.employer(), w.employer()
    w.staff(under, 2, wage=60_000)
    w.staff(under, 3)
    w.staff(at_minimum, 1, wage=85_000)
    w.staff(ended, 1, wage=60_000, end="2025-06-29")  # not in force on 30 June
    found = w.flag(AS_OF)
    assert {b for b, s in found.items() if "below_minimum" in s} == {under}
    assert found[under]["below_minimum"]["evidence"] == {
        "contracts": 2,
        "persons": 2,
        "lowest_kzt": 60_000,
        "minimum_wage_kzt": 85_000,
        "shortfall_kzt": 50_000,
    }
    assert found[under]["_row"]["amount_kzt"] == 50_000


def test_mass_hiring_then_mass_termination_within_90_days(w: IllegalWorld) -> None:
    churn, nine, seasonal, half, recent = (w.employer() for _ in range(5))
    w.staff(churn, 10, start="2025-01-10", end="2025-04-09", paid=None)  # day 90 of the contract: in
    w.staff(churn, 2, start="2025-04-03", end="2025-04-10", paid=None)  # fewer than 90 days before July
    w.staff(nine, 9, start="2025-01-10", end="2025-02-10", paid=None)  # fewer than 10
    w.staff(seasonal, 20, start="2025-01-10", end="2025-04-10", paid=None)  # the 91st day: stayed
    w.staff(half, 10, start="2025-02-01", end="2025-03-01", paid=None)
    w.staff(half, 11, start="2024-08-01", paid=None)  # 10 of 21 hired in the year: under 50 %
    w.staff(recent, 12, start="2025-04-05", end="2025-05-01", paid=None)  # their 90 days not over yet
    found = w.flag(AS_OF)
    assert {b for b, s in found.items() if "mass_hiring" in s} == {churn}
    assert found[churn]["mass_hiring"]["evidence"] == {
        "hired_from": "2025-01-10",
        "hired_to": "2025-01-10",
        "hired": 10,
        "churned": 10,
        "persons": 10,
    }
    assert found[churn]["mass_hiring"]["persons"] == 10


def test_one_person_with_contracts_at_three_employers_on_one_day(w: IllegalWorld) -> None:
    a, b, c, d, e = (w.employer() for _ in range(5))
    iin = w.staff(a, 1, start="2025-01-01", paid=None)[0]
    for bin_, start, end in ((b, "2025-02-01", ""), (c, "2025-03-01", "2025-03-01")):
        w.staff(bin_, 1, paid=None)
        w.rows["contracts"][-1].update(iin=iin, start_date=start, end_date=end)
    second = w.staff(d, 1, start="2025-01-01", paid=None)[0]  # two jobs at once: legal
    w.staff(e, 1, start="2025-02-01", paid=None)
    w.rows["contracts"][-1]["iin"] = second
    found = w.flag(AS_OF, IllegalWorkRules())
    assert {x for x, s in found.items() if "multi_employer" in s} == {a, b, c}
    assert found[c]["multi_employer"]["evidence"] == {
        "persons": 1,
        "most_employers": 3,
        "first_on": "2025-03-01",
    }


def test_an_employer_with_contracts_and_almost_no_contributions(w: IllegalWorld) -> None:
    shell, fifth = w.employer(), w.employer()
    w.staff(shell, 1, start="2024-01-01")
    w.staff(shell, 4, start="2024-01-01", paid=None)  # 12 of 60 contract-months paid: exactly 20 %
    w.staff(fifth, 1, start="2024-01-01")
    w.staff(fifth, 4, start="2024-01-01", paid=None)
    w.unpay(w.rows["contracts"][5]["iin"], fifth, "2025-06", "2025-06")  # 11 of 60: under 20 %
    found = w.flag(AS_OF)
    assert {b for b, s in found.items() if "few_contributions" in s} == {fifth}
    assert found[fifth]["few_contributions"]["evidence"] == {
        "persons": 5,
        "contract_months": 60,
        "paid_months": 11,
        "first_month": "2024-07",
        "last_month": "2025-06",
    }
    assert found[fifth]["few_contributions"]["persons"] == 5
    assert found[fifth]["_row"]["score"] == 2  # its unpaid contracts are unconfirmed too
