"""The safety truth agrees with the files: history, latent unsafety, planted conflict signals, training, shortages.

Every planted signal is checked in the data the warnings read (arrears, payroll, contracts,
incidents, inspections), by the spec's own definition, written out here in SQL.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.synth.conftest import Batch

CUTS = ("2023-01-01", "2024-01-01", "2025-01-01")


def _cases(batch: Batch) -> list[dict[str, Any]]:
    s = batch.truth["safety"]
    cases: list[dict[str, Any]] = [d for d in s["disputes"] if d["signalled"]] + s["decoys"]
    return cases


def test_history_runs_from_2020_to_the_year(batch: Batch) -> None:
    s = batch.truth["safety"]
    assert s["history"] == {"from": "2020-01-01", "to": "2025-12-31"}
    assert s["cut_dates"] == [*CUTS, "2026-01-01"]
    for table, column in (
        ("incidents", "occurred_on"),
        ("inspections", "inspected_on"),
        ("arrears", "reported_on"),
    ):
        years = {y for (y,) in batch.all(f"SELECT DISTINCT year({column}) FROM {table}")}
        assert years == set(range(2020, 2026)), table
    assert (
        batch.one(
            "SELECT count(*) FROM incidents WHERE incident_id NOT LIKE 'INC-' || year(occurred_on) || '-%'"
        )
        == 0
    )


def _outcomes(batch: Batch) -> dict[bool, tuple[float, float]]:
    """Per cut date pooled: (incidents per contract active on the date, share of inspections finding violations)
    in the year after, for the true top decile (True) and the others (False)."""
    rows = []
    for cut in CUTS:
        top = batch.truth["safety"]["top_decile"][cut]
        rows += batch.db.execute(
            f"""
            WITH a AS (SELECT bin, count(*) AS staff FROM contracts
                       WHERE start_date <= DATE '{cut}' AND coalesce(end_date, DATE '9999-12-31') >= DATE '{cut}'
                       GROUP BY 1),
            i AS (SELECT bin, count(*) AS n FROM incidents
                  WHERE occurred_on >= DATE '{cut}' AND occurred_on < DATE '{cut}' + INTERVAL 1 YEAR GROUP BY 1),
            v AS (SELECT bin, count(*) AS visits, count(*) FILTER (WHERE violations > 0) AS found FROM inspections
                  WHERE inspected_on >= DATE '{cut}' AND inspected_on < DATE '{cut}' + INTERVAL 1 YEAR
                    AND kind <> 'unplanned' GROUP BY 1)
            SELECT a.bin IN (SELECT unnest(?::VARCHAR[])) AS top, sum(a.staff), sum(coalesce(i.n, 0)),
                   sum(coalesce(v.visits, 0)), sum(coalesce(v.found, 0))
            FROM a LEFT JOIN i USING (bin) LEFT JOIN v USING (bin) GROUP BY 1
            """,
            [top],
        ).fetchall()
    out = {}
    for flag in (True, False):
        staff, n, visits, found = (sum(r[k] for r in rows if r[0] == flag) for k in (1, 2, 3, 4))
        out[flag] = (n / staff, found / visits)
    return out


def test_the_true_top_decile_has_more_incidents_and_violations(batch: Batch) -> None:
    out = _outcomes(batch)
    assert out[True][0] > 2 * out[False][0]  # incidents per worker in the year after the cut date
    assert out[True][1] > out[False][1] + 0.15  # violations found by scheduled inspections
    assert 0.15 < out[False][1] < 0.6  # scheduled visits elsewhere find less, but not nothing


def test_top_decile_is_a_tenth_of_the_active_employers(batch: Batch) -> None:
    for cut in CUTS:
        active = batch.one(
            f"SELECT count(DISTINCT bin) FROM contracts WHERE start_date <= DATE '{cut}' "
            f"AND coalesce(end_date, DATE '9999-12-31') >= DATE '{cut}'"
        )
        assert len(batch.truth["safety"]["top_decile"][cut]) == max(1, round(active * 0.1))


def test_some_firms_improve(batch: Batch) -> None:
    improved = [b for bins in batch.truth["safety"]["improved"].values() for b in bins]
    employers = batch.rows["employers"]
    assert 0.04 * employers < len(improved) < 0.12 * employers


def test_scheduled_inspections_favour_the_rule_and_are_partly_random(batch: Batch) -> None:
    hazardous, total, small_normal = batch.all(
        """
        SELECT count(*) FILTER (WHERE substr(e.oked, 1, 2)::INT BETWEEN 5 AND 9
                                   OR substr(e.oked, 1, 2)::INT BETWEEN 41 AND 43),
               count(*),
               count(*) FILTER (WHERE substr(e.oked, 1, 2)::INT BETWEEN 45 AND 47)
        FROM inspections i JOIN employers e USING (bin) WHERE i.kind <> 'unplanned'
        """
    )[0]
    assert hazardous / total > 0.3  # mining and construction: few firms, inspected first by the rule
    assert small_normal > 0  # trade is never chosen by the rule, only at random


def test_dispute_counts_and_the_file(batch: Batch) -> None:
    s = batch.truth["safety"]
    counts = s["counts"]
    assert counts["disputes"] == batch.rows["labour_disputes"] == len(s["disputes"]) >= 10
    assert counts["signalled"] == round(0.6 * counts["disputes"])
    assert counts["surprise"] == counts["disputes"] - counts["signalled"]
    assert counts["decoys"] == len(s["decoys"]) >= counts["signalled"] - 1
    found = {
        r[0]: (r[1], r[2].isoformat())
        for r in batch.all("SELECT dispute_id, bin, started_on FROM labour_disputes")
    }
    assert found == {d["dispute_id"]: (d["bin"], d["started_on"]) for d in s["disputes"]}
    decoys = {d["bin"] for d in s["decoys"]}
    assert not decoys & {d["bin"] for d in s["disputes"]}


def test_signals_come_65_to_165_days_before_their_dispute(batch: Batch) -> None:
    for d in batch.truth["safety"]["disputes"]:
        if not d["signalled"]:
            assert d["signals"] == []
            continue
        leads = [s["lead_days"] for s in d["signals"]]
        assert min(leads) >= 65 and min(leads) <= 165, d
        started = dt.date.fromisoformat(d["started_on"])
        assert all((started - dt.date.fromisoformat(s["on"])).days == s["lead_days"] for s in d["signals"])


def _month(on: str, shift: int = 0) -> str:
    d = dt.date.fromisoformat(on)
    m = d.year * 12 + d.month - 1 + shift
    return f"{m // 12}-{m % 12 + 1:02d}"


def _visible(batch: Batch, bin_: str, signal: dict[str, Any]) -> bool:
    on, code = signal["on"], signal["signal"]
    if code == "arrears":
        return bool(
            batch.one(f"SELECT count(*) FROM arrears WHERE bin = '{bin_}' AND reported_on = DATE '{on}'")
        )
    if code == "fatal_incident":
        return bool(
            batch.one(
                f"SELECT count(*) FROM incidents WHERE bin = '{bin_}' AND occurred_on = DATE '{on}' "
                "AND severity = 'fatal'"
            )
        )
    if code == "unplanned_inspections":
        return bool(
            batch.one(
                f"SELECT count(*) FROM inspections WHERE bin = '{bin_}' AND kind = 'unplanned' "
                f"AND inspected_on BETWEEN DATE '{on}' - 89 AND DATE '{on}'"
            )
            >= 2
        )
    if code == "wage_cut":  # the median wage of the same persons, month against three months before
        now, before = _month(on), _month(on, -3)
        ratio = batch.one(
            f"""
            WITH a AS (SELECT iin, wage_kzt FROM payroll WHERE bin = '{bin_}' AND period = '{now}'),
                 b AS (SELECT iin, wage_kzt FROM payroll WHERE bin = '{bin_}' AND period = '{before}')
            SELECT median(a.wage_kzt) / median(b.wage_kzt) FROM a JOIN b USING (iin)
            """
        )
        return bool(ratio is not None and ratio <= 0.85)
    if code == "mass_layoff":
        ended, staff = batch.all(
            f"""
            SELECT count(*) FILTER (WHERE end_date BETWEEN DATE '{on}' AND DATE '{on}' + 29),
                   count(*) FILTER (WHERE start_date <= DATE '{on}'
                                      AND coalesce(end_date, DATE '9999-12-31') >= DATE '{on}')
            FROM contracts WHERE bin = '{bin_}'
            """
        )[0]
        return bool((ended >= 10 and ended >= 0.1 * staff) or ended >= 50)
    if code == "missing_contributions":  # >= 20 % of the staff of each of the two months have no contribution
        shares = []
        for period in (_month(on, -1), _month(on)):
            first = f"DATE '{period}-01'"
            shares.append(
                batch.one(
                    f"""
                    SELECT avg(CASE WHEN EXISTS (SELECT 1 FROM payroll p WHERE p.iin = c.iin AND p.bin = c.bin
                                                 AND p.period = '{period}' AND p.opv_kzt > 0) THEN 0 ELSE 1 END)
                    FROM contracts c WHERE c.bin = '{bin_}' AND c.start_date <= last_day({first})
                      AND coalesce(c.end_date, DATE '9999-12-31') >= {first}
                    """
                )
            )
        return bool(min(shares) >= 0.2)
    raise AssertionError(code)


def test_every_planted_signal_is_visible_in_the_files(batch: Batch) -> None:
    cases = _cases(batch)
    kinds = {s["signal"] for c in cases for s in c["signals"]}
    assert len(kinds) >= 4
    hidden = [(c["bin"], s) for c in cases for s in c["signals"] if not _visible(batch, c["bin"], s)]
    assert hidden == []


def test_surprise_disputes_have_no_planted_signal_before(batch: Batch) -> None:
    surprises = [d for d in batch.truth["safety"]["disputes"] if not d["signalled"]]
    assert surprises
    planted = {c["bin"] for c in _cases(batch)}
    assert not planted & {d["bin"] for d in surprises}


@pytest.mark.parametrize("year", [2024, 2025])
def test_about_six_percent_trained_at_the_employers_expense(batch: Batch, year: int) -> None:
    share = batch.one(
        f"""
        SELECT (SELECT count(DISTINCT iin) FROM training WHERE paid_by = 'employer' AND year(started_on) = {year})
             / (SELECT count(DISTINCT iin) FROM contracts WHERE start_date <= DATE '{year}-12-31'
                  AND coalesce(end_date, DATE '9999-12-31') >= DATE '{year}-01-01')
        """
    )
    assert 0.045 < share < 0.075
    assert share == pytest.approx(batch.truth["safety"]["training"][str(year)], abs=0.003)
    assert {p for (p,) in batch.all("SELECT DISTINCT paid_by FROM training")} == {"employer", "state", "self"}
    assert {y for (y,) in batch.all("SELECT DISTINCT year(started_on) FROM training")} == {2024, 2025}
    assert batch.one("SELECT count(*) FROM training WHERE finished_on < started_on OR hours <= 0") == 0


def test_training_happens_at_the_employer_of_a_contract_of_the_person(batch: Batch) -> None:
    assert (
        batch.one(
            "SELECT count(*) FROM training t WHERE NOT EXISTS (SELECT 1 FROM contracts c WHERE c.iin = t.iin "
            "AND c.bin = t.bin AND t.started_on BETWEEN c.start_date AND coalesce(c.end_date, DATE '9999-12-31'))"
        )
        == 0
    )


def test_job_seekers_say_what_they_seek_and_shortages_stay_open(batch: Batch) -> None:
    said = batch.one("SELECT avg(CASE WHEN nkz IS NULL THEN 0 ELSE 1 END) FROM job_seekers")
    assert 0.9 < said < 0.99
    shortage = batch.truth["safety"]["shortage_nkz"]
    assert set(batch.truth["safety"]["transport_nkz"]) < set(shortage)
    open_per_seeker = dict(
        batch.db.execute(
            """
            WITH v AS (SELECT nkz IN (SELECT unnest($1::VARCHAR[])) AS short, count(*) AS still_open FROM vacancies
                       WHERE coalesce(closed_on, DATE '2026-01-01') - posted_on > 60 GROUP BY 1),
                 s AS (SELECT nkz IN (SELECT unnest($1::VARCHAR[])) AS short, count(*) AS seekers FROM job_seekers
                       WHERE nkz IS NOT NULL GROUP BY 1)
            SELECT short, still_open / seekers FROM v JOIN s USING (short)
            """,
            [shortage],
        ).fetchall()
    )
    assert open_per_seeker[True] > 5 * open_per_seeker[False]
