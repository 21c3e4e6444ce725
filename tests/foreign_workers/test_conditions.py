"""Foreign workers' conditions, part by part, on a small hand-built world (docs/foreign_workers.md).

Every scenario runs on DuckDB and, where JUMYS_TEST_DATABASE_URL is set, on PostgreSQL (the engine fixture).
The as-of date is 1 July 2025.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from jumys.access.principal import Principal
from jumys.config import Settings
from jumys.errors import InvalidInput
from jumys.permits.tables import issued_permits
from jumys.registry.tables import TABLES
from jumys.reports.foreign_workers import (
    arrears_employers,
    expiring_permits,
    foreign_workers,
    foreign_workers_as_of,
    underpaid_employers,
    wage_cells,
)
from tests.factories import new_iin, person
from tests.reports.foreign_world import D, ForeignWorld, wages_world

INSPECTOR = Principal("i", "inspector")


@pytest.fixture
def w(engine: sa.Engine, settings: Settings, tmp_path: Path) -> ForeignWorld:
    """An empty world on a clean store."""
    return ForeignWorld(engine, settings, tmp_path)


def test_wages_by_occupation_then_the_rest_of_the_group_small_cells_left_out(w: ForeignWorld) -> None:
    wages_world(w)
    w.ingest()
    with w.engine.connect() as conn:
        cells, small = wage_cells(conn, INSPECTOR, D)
    shown = {(c.region, c.level, c.nkz): c for c in cells}
    assert set(shown) == {("75", "occupation", "7212"), ("75", "group", "7")}
    own = shown[("75", "occupation", "7212")]
    assert (own.foreign_persons, own.citizen_persons) == (6, 6)  # a kandas and a person with no row: citizens
    assert (own.foreign_median_kzt, own.citizen_median_kzt, own.gap_pct) == (200_000, 400_000, -50.0)
    rest = shown[("75", "group", "7")]
    assert (rest.foreign_persons, rest.citizen_persons) == (5, 5)
    assert (rest.foreign_median_kzt, rest.citizen_median_kzt, rest.gap_pct) == (190_000, 300_000, -36.7)
    assert small == 1  # 2411 in region 11: four citizens only
    assert [c.nkz for c in cells] == ["7212", "7"]  # the widest gap first


def test_employers_whose_foreign_workers_earn_under_the_threshold(w: ForeignWorld) -> None:
    wages_world(w)
    w.ingest()
    with w.engine.connect() as conn:
        found = underpaid_employers(conn, INSPECTOR, D)
        stricter = underpaid_employers(conn, INSPECTOR, D, under_pct=60)
        looser = underpaid_employers(conn, INSPECTOR, D, under_pct=81)
    by = {(u.bin, u.nkz): u for u in found}
    assert set(by) == {(w.bins["UNDER"], "7212"), (w.bins["REST"], "7")}  # EDGE earns 80 %: not under it
    under = by[(w.bins["UNDER"], "7212")]
    assert (under.foreign_persons, under.foreign_median_kzt, under.lowest_kzt) == (5, 200_000, 200_000)
    assert (under.citizen_persons, under.citizen_median_kzt, under.ratio_pct) == (6, 400_000, 50.0)
    assert under.shortfall_kzt == 5 * 200_000 and under.region == "75" and under.name == "ТОО UNDER"
    rest = by[(w.bins["REST"], "7")]
    assert (rest.level, rest.foreign_median_kzt, rest.ratio_pct, rest.shortfall_kzt) == (
        "group",
        190_000,
        63.3,
        2 * 120_000 + 3 * 110_000,
    )
    assert [u.bin for u in found] == [w.bins["UNDER"], w.bins["REST"]]  # the lowest ratio first
    assert [u.bin for u in stricter] == [w.bins["UNDER"]]
    assert w.bins["EDGE"] in {u.bin for u in looser}


def test_open_arrears_and_incidents_at_employers_with_foreign_workers(w: ForeignWorld) -> None:
    for name in ("FOREIGN", "CITIZENS", "PERMIT_ONLY", "LEFT", "REPAID"):
        w.employer(name)
    foreigner = w.worker("FOREIGN", "7212", 300_000, "foreigner")
    citizen = w.worker("FOREIGN", "7212", 300_000)
    w.worker("CITIZENS", "7212", 300_000)
    w.worker("REPAID", "7212", 300_000, "foreigner")
    gone = w.worker("LEFT", "7212", 300_000, "foreigner", end="2025-03-31")
    holder = new_person(w)
    w.permit(holder, "PERMIT_ONLY", "2025-01-10", "2026-01-09")
    w.arrear("FOREIGN", "2025-05-01", amount_kzt="3000000", workers="7")
    w.arrear(
        "FOREIGN", "2025-06-01", amount_kzt="1000000", workers="2", repaid_on="2025-07-01", repaid_kzt="1"
    )
    w.arrear("FOREIGN", "2025-07-01", amount_kzt="9000000", workers="9")  # reported on D: not yet known
    w.arrear("CITIZENS", "2025-05-01")  # no foreign worker there
    w.arrear("PERMIT_ONLY", "2025-04-01", amount_kzt="500000", workers="1")
    w.arrear("REPAID", "2025-03-01", repaid_on="2025-06-30", repaid_kzt="2500000")  # repaid before D
    w.incident("FOREIGN", "2025-02-01", iin=foreigner, severity="severe", victims="1")
    w.incident("FOREIGN", "2025-03-01", iin=citizen)  # a citizen: does not touch foreign workers
    w.incident("FOREIGN", "2025-04-01", severity="fatal", victims="2")  # nobody named, foreigners employed
    w.incident("FOREIGN", "2024-06-30", iin=foreigner)  # over 365 days before D
    w.incident("CITIZENS", "2025-04-01")  # nobody named, no foreigner there
    w.incident("LEFT", "2025-02-01", iin=gone, severity="light", victims="1")  # the foreigner has left since
    w.ingest()
    with w.engine.connect() as conn:
        listed = arrears_employers(conn, INSPECTOR, D)
    found = {r.bin: r for r in listed}
    b = w.bins
    assert set(found) == {b["FOREIGN"], b["PERMIT_ONLY"], b["LEFT"]}
    f = found[b["FOREIGN"]]
    assert (f.foreign_workers, f.arrears, f.arrears_kzt, f.arrears_workers) == (1, 2, 4_000_000, 9)
    assert f.oldest_arrear == dt.date(2025, 5, 1)
    assert (f.incidents_foreign, f.incidents_unnamed, f.victims, f.fatal, f.severe) == (1, 1, 3, 1, 1)
    p = found[b["PERMIT_ONLY"]]
    assert (p.foreign_workers, p.arrears, p.arrears_kzt, p.incidents_foreign) == (1, 1, 500_000, 0)
    left = found[b["LEFT"]]
    assert (left.foreign_workers, left.arrears, left.incidents_foreign) == (0, 0, 1)
    assert [r.bin for r in listed] == [b["FOREIGN"], b["PERMIT_ONLY"], b["LEFT"]]  # the most owed first


def new_person(w: ForeignWorld, status: str = "foreigner") -> str:
    """A persons row of a new foreigner with no contract; returns the IIN."""
    iin = new_iin()
    w.rows["persons"].append(person(iin, status=status, citizenship="UZB"))
    return iin


def test_permits_expiring_while_the_contract_runs_on(w: ForeignWorld) -> None:
    for name in ("E", "OTHER"):
        w.employer(name)
    soon = w.worker("E", "2142", 500_000, "foreigner")
    listed = w.permit(soon, "E", "2024-07-11", "2025-07-11")  # 10 days left, the contract is open
    later = w.worker("E", "2142", 500_000, "foreigner")
    in_40 = w.permit(later, "E", "2024-08-10", "2025-08-10")
    ends = w.worker("E", "2142", 500_000, "foreigner", end="2025-07-20")
    w.permit(ends, "E", "2024-07-20", "2025-07-20")  # the contract ends with the permit
    renewed = w.worker("E", "2142", 500_000, "foreigner")
    w.permit(renewed, "E", "2024-07-15", "2025-07-15")
    w.permit(renewed, "E", "2025-06-01", "2026-06-01")  # already renewed
    revoked = w.worker("E", "2142", 500_000, "foreigner")
    w.permit(revoked, "E", "2024-07-15", "2025-07-15", revoked_on="2025-05-01")
    expired = w.worker("E", "2142", 500_000, "foreigner")
    w.permit(expired, "E", "2024-06-29", "2025-06-30")  # ended before D: a matter of illegal work
    elsewhere = w.worker("OTHER", "7212", 300_000, "foreigner", end="2025-12-31")
    w.permit(elsewhere, "E", "2024-07-05", "2025-07-05")  # works at OTHER past the permit for E
    w.worker("E", "3115", 400_000, "foreigner")  # holds a permit issued by Jumys's decision (below)
    w.ingest()
    with w.engine.begin() as conn:  # the permit of Jumys's decision ends in 2 days
        contracts = TABLES["contracts"]
        pid = conn.execute(sa.select(contracts.c.person_id).where(contracts.c.nkz == "3115")).scalar_one()
        conn.execute(
            issued_permits.insert().values(
                permit_id="WPA-X1",
                application_id="X1",
                person_id=pid,
                citizenship="IND",
                bin=w.bins["E"],
                category="specialist",
                nkz="2142",
                kato="751110000",
                issued_on=dt.date(2025, 1, 1),
                valid_until=dt.date(2025, 7, 3),
            )
        )
    with w.engine.connect() as conn:
        rows, total = expiring_permits(conn, INSPECTOR, D)
        wider, wider_total = expiring_permits(conn, INSPECTOR, D, days=45)
        paged, paged_total = expiring_permits(conn, INSPECTOR, D, limit=1, offset=1)
    assert total == 3
    assert [(r.source, r.days_left) for r in rows] == [("decision", 2), ("registry", 4), ("registry", 10)]
    first = rows[2]
    assert (first.permit_id, first.bin, first.nkz, first.contract_end, first.other_employer) == (
        listed,
        w.bins["E"],
        "2142",
        None,
        False,
    )
    assert isinstance(first.person_id, uuid.UUID) and first.name == "ТОО E"
    other = rows[1]
    assert (other.bin, other.nkz, other.other_employer) == (w.bins["OTHER"], "7212", True)
    assert wider_total == 4 and wider[-1].permit_id == in_40 and wider[-1].days_left == 40
    assert paged_total == 3 and [r.days_left for r in paged] == [4]


def test_no_iin_anywhere_and_the_parameters_checked(w: ForeignWorld) -> None:
    wages_world(w)
    iin = w.iins["UNDER"][0]
    w.permit(iin, "UNDER", "2024-07-11", "2025-07-11")
    w.arrear("UNDER", "2025-05-01")
    w.ingest()
    with w.engine.connect() as conn:
        report = foreign_workers(conn, INSPECTOR, D)
        assert report.expiring_total == 1 and report.underpaid and report.arrears
        text = report.model_dump_json()
        assert not any(i in text for rows in w.iins.values() for i in rows)
        with pytest.raises(InvalidInput):
            foreign_workers(conn, INSPECTOR, D, days=0)
        with pytest.raises(InvalidInput):
            foreign_workers(conn, INSPECTOR, D, under_pct=101)


def test_the_default_date_is_the_day_after_the_newest_contract_without_a_verification(
    w: ForeignWorld,
) -> None:
    with w.engine.connect() as conn:
        assert foreign_workers_as_of(conn, None) is None
    wages_world(w)
    w.ingest()
    with w.engine.connect() as conn:
        assert foreign_workers_as_of(conn, None) == dt.date(2025, 7, 2)
        assert foreign_workers_as_of(conn, D) == D


def test_the_wage_cells_are_computed_once_for_the_country_until_a_batch_is_applied(
    w: ForeignWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Computed for the whole country, kept until the registries change; each asker sees its own regions."""
    import jumys.reports.foreign_wages as fw

    calls: list[object] = []
    real = fw._cells
    monkeypatch.setattr(fw, "_cells", lambda *a: calls.append(a) or real(*a))
    wages_world(w)
    w.ingest()
    with w.engine.connect() as conn:
        first = wage_cells(conn, INSPECTOR, D)
        akimat = wage_cells(conn, Principal("ak11", "akimat", region="11"), D)
        assert wage_cells(conn, INSPECTOR, D) == first and len(calls) == 1
    assert akimat == ([], 1)  # region 11's one cell is small: left out, and counted
    w.rows = {f: [] for f in w.rows}
    w.tmp = w.tmp / "second"
    for _ in range(5):
        w.worker("REST", "7212", 100_000, status="foreigner")
    w.ingest()  # a batch applied: the cells are computed again
    with w.engine.connect() as conn:
        after = wage_cells(conn, INSPECTOR, D)
    assert len(calls) == 2 and after != first
