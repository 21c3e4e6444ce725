"""Next year's quota, proposed (docs/permits.md): shortages by region and category under the national cap."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jumys.access.principal import PUBLIC, Principal
from jumys.errors import Forbidden, InvalidInput, NotFound
from jumys.permits.rules import SEASONAL_OCCUPATIONS, QuotaShares, quota_category
from jumys.permits.schemas import ProposalLine, QuotaProposal
from jumys.reports.quota_proposal import largest_remainder, quota_proposal
from tests.permits.world import MINISTRY, PermitWorld

ASTANA = "711110000"


def build(world: PermitWorld) -> None:
    """The hand-built world of 2025 (docs/permits.md, "Next year's quota, proposed", worked example).

    Region 75, specialist 2142: 5 vacancies unfilled after the test, 2 job seekers of 2142 (a third left
    the register, a fourth seeks in Astana): shortage 3; its 2 units of 2025 used up by 2 permits: demand 5.
    Region 75, seasonal 9313: 4 unfilled, nobody seeks it; 10 units, 3 used (not used up): demand 4.
    Region 75, head 1120: 2 unfilled: demand 2. Division head 1211: 3 unfilled, 5 seekers: demand 0.
    Region 75, 9111 (group 9, not seasonal): 10 unfilled, no category.
    Astana, skilled worker 7112: 6 unfilled, 1 seeker: demand 5.
    Not counted: a filled vacancy, one posted in 2024, one posted on 20 December (under 15 days).
    Labour force 4,000: the cap of 2026 is 0.25 % = 10 units.
    """
    b, a = world.employer(), world.employer(kato=ASTANA)
    for _ in range(5):
        world.vacancy(b, "2142", posted_on="2025-03-01")
    world.vacancy(b, "2142", posted_on="2025-03-01", filled=True, closed_on="2025-03-20")
    world.vacancy(b, "2142", posted_on="2024-11-01")
    world.vacancy(b, "2142", posted_on="2025-12-20")
    world.vacancy(b, "2142", posted_on="2025-04-01", filled=True, closed_on="2025-09-01")
    for _ in range(4):
        world.vacancy(b, "9313", posted_on="2025-05-01")
    for nkz, n in (("1120", 2), ("1211", 3), ("9111", 10)):
        for _ in range(n):
            world.vacancy(b, nkz, posted_on="2025-06-20")
    for _ in range(6):
        world.vacancy(a, "7112", posted_on="2025-02-01", kato=ASTANA)
    world.seeker("2142")
    world.seeker("2142", registered_on="2024-10-01")
    world.seeker("2142", left_on="2025-09-01")
    world.seeker("2142", kato=ASTANA)
    for _ in range(5):
        world.seeker("1211")
    world.seeker("7112", kato=ASTANA)
    world.quota(2)
    world.quota(10, category="seasonal")
    world.quota(50, category="household")
    world.permit(b)
    world.permit(b, issued_on="2025-03-01")
    for _ in range(3):
        world.permit(b, category="seasonal", nkz="9313", issued_on="2025-04-01", valid_until="2025-10-01")
    world.labour_force(3_000)
    world.labour_force(1_000, kato="710000000")
    world.ingest()


def lines(proposal: QuotaProposal) -> dict[tuple[str, str], ProposalLine]:
    """The lines of a proposal by (region, category)."""
    return {(q.region, q.category): q for q in proposal.lines}


def propose(world: PermitWorld, p: Principal = MINISTRY, **kw: object) -> QuotaProposal:
    with world.engine.connect() as conn:
        return quota_proposal(conn, p, 2026, **kw)  # type: ignore[arg-type]


def test_each_category_is_the_rules_major_group_and_the_seasonal_list() -> None:
    listed = next(n for n in SEASONAL_OCCUPATIONS if n[0] != "9")  # a seasonal occupation of group 6 or 8
    assert [quota_category(n) for n in ("1120", "1211", "1439", "2142", "3115", "4110", "7112", listed)] == [
        "head",
        "division_head",
        "division_head",
        "specialist",
        "specialist",
        "skilled_worker",
        "skilled_worker",
        "seasonal",  # on the seasonal list, though not of group 9
    ]
    assert quota_category("9111") is None and quota_category("9313") == "seasonal"
    assert quota_category("0110") is None


def test_demand_is_the_shortage_plus_the_units_used(world: PermitWorld) -> None:
    build(world)
    got = propose(world, shares=QuotaShares(share_from_2026=0.01))  # cap 40: nothing scaled
    by = lines(got)
    assert len(got.lines) == 20 * 5
    spec = by[("75", "specialist")]
    assert (spec.vacancies_unfilled, spec.seekers_matched, spec.shortage) == (5, 2, 3)
    assert (spec.last_units, spec.last_used, spec.used_up, spec.used_counted, spec.demand) == (
        2,
        2,
        True,
        2,
        5,
    )
    seasonal = by[("75", "seasonal")]
    assert (seasonal.vacancies_unfilled, seasonal.seekers_matched, seasonal.shortage) == (4, 0, 4)
    assert (seasonal.last_units, seasonal.last_used, seasonal.used_up, seasonal.demand) == (10, 3, False, 7)
    assert by[("75", "head")].demand == 2
    division = by[("75", "division_head")]
    assert (division.vacancies_unfilled, division.seekers_matched, division.demand) == (3, 3, 0)
    skilled = by[("71", "skilled_worker")]
    assert (skilled.vacancies_unfilled, skilled.seekers_matched, skilled.demand) == (6, 1, 5)
    assert by[("75", "skilled_worker")].vacancies_unfilled == 0  # 9111 is in no category
    assert (got.labour_force, got.cap_units, got.demand, got.scale, got.proposed) == (4_000, 40, 19, 1.0, 19)
    assert all(q.proposed == q.demand for q in got.lines)


def test_over_the_cap_every_line_is_scaled_down_by_largest_remainder(world: PermitWorld) -> None:
    build(world)
    got = propose(world)
    assert (got.year, got.data_year, got.as_of) == (2026, 2025, dt.date(2025, 12, 31))
    assert (got.cap_share, got.cap_units, got.demand, got.scale) == (0.0025, 10, 19, 10 / 19)
    by = lines(got)
    # demands 5, 7, 2, 5 of 19: exact 2.63, 3.68, 1.05, 2.63; floors 2, 3, 1, 2 = 8; the largest remainder
    # (0.68) takes the 9th unit, and of the two equal ones (0.63, equal demands) the earlier line the 10th
    assert {k: q.proposed for k, q in by.items() if q.proposed} == {
        ("75", "specialist"): 2,
        ("75", "seasonal"): 4,
        ("75", "head"): 1,
        ("71", "skilled_worker"): 3,
    }
    assert got.proposed == sum(q.proposed for q in got.lines) == 10
    assert all(q.scale == 10 / 19 for q in got.lines)
    assert (got.household.labour_force, got.household.share, got.household.units) == (4_000, 0.029, 116)
    assert (got.household.last_units, got.household.last_used) == (50, 0)
    spec = by[("75", "specialist")]
    assert set(spec.sentence) == {"ru", "kk", "en"}
    assert "labour-market test: 5;" in spec.sentence["en"] and "52.6%; proposed: 2." in spec.sentence["en"]
    assert "2" in spec.sentence["ru"] and spec.sentence["ru"] != spec.sentence["en"]


def test_as_of_a_date_counts_what_was_known_then(world: PermitWorld) -> None:
    build(world)
    got = lines(propose(world, as_of=dt.date(2025, 6, 30), shares=QuotaShares(share_from_2026=0.01)))
    spec = got[("75", "specialist")]
    # the vacancy filled on 1 September was still open on 30 June, and the seeker who left then still there
    assert (spec.vacancies_unfilled, spec.seekers_matched) == (6, 3)
    assert got[("75", "head")].vacancies_unfilled == 0  # posted 20 June: under 15 days before 30 June


@given(st.lists(st.integers(0, 10_000), min_size=1, max_size=40), st.integers(0, 50_000))
def test_largest_remainder_sums_to_the_cap_and_never_over_a_demand(demands: list[int], cap: int) -> None:
    parts = largest_remainder(demands, cap)
    total = sum(demands)
    if total <= cap:
        assert parts == demands
    else:
        assert sum(parts) == cap
        for d, got in zip(demands, parts, strict=True):
            assert d * cap // total <= got <= -(-d * cap // total) <= d


def test_an_akimat_sees_its_region_with_the_national_figures_and_the_public_every_line(
    world: PermitWorld,
) -> None:
    build(world)
    full = lines(propose(world))
    akimat = propose(world, Principal(username="a", role="akimat", region="75"))
    assert {q.region for q in akimat.lines} == {"75"}
    assert all(q == full[(q.region, q.category)] for q in akimat.lines)
    assert (akimat.cap_units, akimat.proposed) == (10, 10)
    public = propose(world, PUBLIC)
    assert len(public.lines) == 100 and lines(public) == full
    employer = propose(world, Principal(username="e", role="employer", bins=frozenset({"1"})))
    assert lines(employer) == full
    one = propose(world, PUBLIC, region="71")
    assert [(q.region, q.category) for q in one.lines if q.proposed] == [("71", "skilled_worker")]
    assert len(one.lines) == 5
    with pytest.raises(Forbidden):
        propose(world, Principal(username="a", role="akimat", region="75"), region="71")


def test_a_year_without_data_and_an_unknown_region_are_refused(world: PermitWorld) -> None:
    build(world)
    with world.engine.connect() as conn:
        with pytest.raises(NotFound) as none:
            quota_proposal(conn, MINISTRY, 2031)
        assert none.value.code == "permits.no_proposal_data"
        with pytest.raises(InvalidInput) as region:
            quota_proposal(conn, MINISTRY, 2026, region="99")
        assert region.value.code == "permits.unknown_region"
        with pytest.raises(InvalidInput) as day:
            quota_proposal(conn, MINISTRY, 2026, as_of=dt.date(2026, 1, 5))
        assert day.value.code == "permits.proposal_as_of"
        for year in (0, 2000, 2101):
            with pytest.raises(InvalidInput) as out_of_bounds:
                quota_proposal(conn, MINISTRY, year)
            assert out_of_bounds.value.code == "permits.proposal_year"
