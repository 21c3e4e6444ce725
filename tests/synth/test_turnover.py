"""Staff turnover over the safety history: contracts that ended in the three years before the synthetic
year, held by citizens whose other contracts come after; unsafe firms lose more staff, then and in the year."""

from __future__ import annotations

import numpy as np

from jumys.synth import turnover
from jumys.synth.days import NO_END, day
from jumys.synth.employers import BACKGROUND, Employers
from jumys.synth.tables import CITIZEN, FOREIGNER, PERMANENT, SEASONAL, Contracts, Persons
from jumys.synth.unsafety import Latent
from tests.synth.conftest import Batch

YEAR = 2025


def test_the_registry_holds_the_contracts_ended_in_the_three_years_before(batch: Batch) -> None:
    years = dict(
        batch.all(
            "SELECT year(end_date), count(*) FROM contracts WHERE end_date < DATE '2025-01-01' GROUP BY 1"
        )
    )
    assert set(years) == {2022, 2023, 2024}
    assert min(years.values()) > 0.05 * batch.one("SELECT count(*) FROM contracts")
    # no contract ended before the year overlaps another of the same person
    overlaps = batch.one(
        "SELECT count(*) FROM contracts p JOIN contracts c ON c.iin = p.iin AND c.contract_id <> p.contract_id "
        "WHERE p.end_date < DATE '2025-01-01' AND c.start_date <= p.end_date "
        "AND coalesce(c.end_date, DATE '2100-01-01') >= p.start_date"
    )
    assert overlaps == 0
    foreign = batch.one(
        "SELECT count(*) FROM contracts c JOIN persons p USING (iin) "
        "WHERE c.end_date < DATE '2025-01-01' AND p.status <> 'citizen'"
    )
    assert foreign == 0
    starts_late = batch.one(
        "SELECT count(*) FROM contracts c JOIN employers e USING (bin) "
        "WHERE c.end_date < DATE '2025-01-01' AND c.start_date <= e.registered_on"
    )
    assert starts_late == 0


def test_the_true_top_decile_had_more_turnover_before_each_cut(batch: Batch) -> None:
    """Contracts ended in the year before each cut, per contract active on the cut: higher in the true top decile."""
    for cut in ("2023-01-01", "2024-01-01", "2025-01-01"):
        top = batch.truth["safety"]["top_decile"][cut]
        rows = batch.db.execute(
            f"""
            WITH a AS (SELECT bin, count(*) AS staff FROM contracts
                       WHERE start_date <= DATE '{cut}' AND (end_date IS NULL OR end_date >= DATE '{cut}')
                       GROUP BY bin),
                 e AS (SELECT bin, count(*) AS ended FROM contracts
                       WHERE end_date >= DATE '{cut}' - INTERVAL 1 YEAR AND end_date < DATE '{cut}' GROUP BY bin)
            SELECT list_contains($top, a.bin) AS top, sum(coalesce(e.ended, 0)) / sum(a.staff)
            FROM a LEFT JOIN e USING (bin) GROUP BY 1
            """,
            {"top": top},
        ).fetchall()
        rate = dict(rows)
        assert rate[True] > 1.2 * rate[False], (cut, rate)


def _world() -> tuple[Employers, Persons, Contracts, Latent]:
    """Two background firms of one section, 40 open permanent contracts each and 10 seasonal; firm 1 unsafe.

    Each had 8 of its permanent contracts end in the synthetic year, so the section's rate is 8 / 50.
    """
    emps = Employers(
        region=np.zeros(2, np.int64),
        section=np.zeros(2, np.int64),
        oked=np.array(["47111", "47111"]),
        parent=np.full(2, -1, np.int64),
        registered=np.full(2, day(2015), np.int32),
        entity=np.zeros(2, np.int64),
        weight=np.ones(2),
        kind=np.full(2, BACKGROUND, np.int8),
    )
    n = 100
    employer = np.repeat([0, 1], 50)
    kind = np.tile(np.r_[np.full(40, PERMANENT), np.full(10, SEASONAL)], 2)
    end = np.full(n, NO_END, np.int32)
    end[np.r_[0:8, 50:58]] = day(YEAR, 6, 1)
    contracts = Contracts(
        person=np.arange(n, dtype=np.int64),
        employer=employer.astype(np.int64),
        nkz=np.full(n, 5223, np.int16),
        kind=kind.astype(np.int8),
        conditions=np.zeros(n, np.int8),
        start=np.full(n, day(YEAR - 1, 3, 1), np.int32),
        end=end,
        salary=np.full(n, 200_000, np.int64),
        paid=np.ones(n, np.bool_),
        planted=np.zeros(n, np.bool_),
        successor=np.zeros(n, np.bool_),
    )
    people = 20_000
    persons = Persons(
        birth=np.full(people, day(1990), np.int32),
        female=np.zeros(people, np.bool_),
        status=np.where(np.arange(people) % 2 == 0, CITIZEN, FOREIGNER).astype(np.int8),
        citizenship=np.zeros(people, np.int16),
    )
    persons.birth[1::4] = day(2012)  # too young for any past job
    first = YEAR - 5
    value = np.zeros((2, YEAR + 2 - first))
    value[1] = 2.0
    latent = Latent(first, value, np.zeros(2), np.zeros(2, np.int64))
    return emps, persons, contracts, latent


def test_unsafe_firms_end_more_contracts_and_past_ones_go_to_eligible_citizens() -> None:
    emps, persons, contracts, latent = _world()
    headcount = np.bincount(contracts.employer, minlength=2)
    before = contracts.end.copy()
    joined, done = turnover.add(
        emps, persons, contracts, latent, headcount, np.ones(2, np.bool_), YEAR, np.random.default_rng(7)
    )
    past = np.arange(len(contracts), len(joined))
    assert done.past == past.size > 0 and done.dropped == 0
    assert (joined.end[past] < day(YEAR)).all() and (joined.end[past] >= day(YEAR - 3)).all()
    assert (joined.start[past] <= joined.end[past]).all()
    holders = joined.person[past]
    assert np.unique(holders).size == holders.size
    assert (persons.status[holders] == CITIZEN).all() and (persons.birth[holders] == day(1990)).all()
    holding = np.isin(holders, contracts.person)  # those hold contracts from 1 March 2024 on
    assert (joined.end[past][holding] < day(YEAR - 1, 3, 1)).all()
    by_firm = np.bincount(joined.employer[past], minlength=2)
    assert by_firm[1] > 1.4 * by_firm[0]  # centred latent +1 and -1, staff 50: multipliers 2.4 and 1
    # the synthetic year: only the unsafe firm ends extra contracts, open and not seasonal, within the year
    early = np.flatnonzero(joined.end[: len(contracts)] != before)
    assert early.size == done.quits > 0
    assert (contracts.employer[early] == 1).all() and (contracts.kind[early] != SEASONAL).all()
    assert ((joined.end[early] >= day(YEAR)) & (joined.end[early] < day(YEAR + 1))).all()
