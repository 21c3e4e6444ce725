"""Internal mobility in the synthetic country: calibrated at scale 1, and the truth agrees with the files."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from jumys.reference import stats
from jumys.synth import calibration, compatriots, demography, employers, mobility, service
from jumys.synth.days import day, ymd
from jumys.synth.jobs import JobModel
from jumys.synth.tables import PersonStore
from tests.synth.conftest import SCALE, Batch
from tests.synth.test_determinism import _files, _main

NORTH = set(demography.NORTH)
SOUTH = set(mobility.SURPLUS)


@cache
def country() -> tuple[calibration.Calibration, mobility.Mobility, compatriots.Registry]:
    """The mobility of the whole country (scale 1) beside a few employers to hire the heads."""
    cal = calibration.load(2025)
    jobs = JobModel(cal)
    emps = employers.background(cal, 0.002, np.random.Generator(np.random.PCG64(1)))
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(1, spawn_key=(mobility.STREAM,))))
    m = mobility.generate(cal, emps, PersonStore(), jobs, 1.0, rng)
    return cal, m, compatriots.generate(cal, m.cases, cal.population.sum(axis=1), jobs, 1.0, rng)


def test_the_receiving_regions_lose_53_thousand_in_2019_and_13_thousand_in_2024_at_scale_1() -> None:
    cal, m, _ = country()
    north = np.isin(np.array(cal.kato2), sorted(NORTH))
    net = {y: m.flows[t].sum(axis=0) - m.flows[t].sum(axis=1) for t, y in enumerate(m.years)}
    assert m.years == list(range(2019, 2026))
    assert [int(net[y][north].sum()) for y in m.years] == list(mobility.NET_TARGET)
    assert all((net[y][north] < 0).all() for y in m.years)  # every receiving region, every year


def test_about_28_thousand_persons_resettled_since_2022_at_scale_1() -> None:
    _, m, _ = country()
    c = m.cases
    assert 27_000 <= int(c.family.sum()) <= 29_500
    assert set(ymd(c.moved)[0].tolist()) == {2022, 2023, 2024, 2025}


def test_leaving_rates_follow_the_assumptions_at_scale_1() -> None:
    _, m, _ = country()
    c = m.cases
    resettler = c.program == mobility.PROGRAMS.index("resettler")
    old = resettler & (c.moved < day(2024))  # both marks passed by the end of 2025
    before_12 = ((c.left >= 0) & (c.left - c.moved < 365))[old].mean()
    before_24 = ((c.left >= 0) & (c.left - c.moved < 730))[old].mean()
    assert abs(before_12 - mobility.LEAVE["resettler"][0]) < 0.02
    assert abs(before_24 - sum(mobility.LEAVE["resettler"][:2])) < 0.025


def test_kandas_land_mostly_in_regions_with_a_demographic_deficit() -> None:
    cal, m, _ = country()
    c = m.cases
    kandas = c.program == mobility.PROGRAMS.index("kandas")
    to = np.array(cal.kato2)[c.target[kandas]]
    assert set(to) <= set(mobility.KANDAS_TO) | set(mobility.KANDAS_OTHER)
    assert 0.93 < np.isin(to, m.demographic).mean() < 0.97
    assert set(m.demographic) <= NORTH and len(m.demographic) >= 5


def test_the_north_has_a_demographic_deficit_and_the_south_none() -> None:
    cal, m, _ = country()
    wa = {y: demography.working_age(m.population[y]) for y in m.years}
    for i, k in enumerate(cal.kato2):
        if k in m.demographic:
            assert all(wa[y][i] < wa[y - 1][i] for y in range(2021, 2026)), k
        if k in SOUTH:
            assert wa[2025][i] > wa[2020][i], k


def test_compatriots_registry_size_and_countries() -> None:
    _, m, registry = country()
    assert registry.person.size == compatriots.RECORDS
    linked = registry.person[registry.person >= 0]
    assert set(linked) <= set(m.cases.person[m.cases.program == mobility.PROGRAMS.index("kandas")])
    assert 0.3 < linked.size / (m.cases.program == 1).sum() < 0.5


def test_population_has_every_year_with_the_real_totals_where_published(batch: Batch) -> None:
    for year in range(2019, 2024):
        real = stats.population_by_region(year, "male")
        ours = dict(
            batch.all(
                f"SELECT left(kato, 2), sum(persons) FROM population WHERE sex = 'M' AND year = {year} GROUP BY 1"
            )
        )
        if year >= 2022:  # the 20 regions of today
            assert ours == {k: round(v * SCALE) for k, v in real.items()}
        else:  # a region split off in 2022 and its parent together are the published parent
            for parent, child in (("63", "10"), ("19", "33"), ("35", "62")):
                assert abs(ours[parent] + ours[child] - round(real[parent] * SCALE)) <= 2
    assert batch.one("SELECT count(DISTINCT year) FROM population") == 7


def test_net_migration_of_every_year_is_the_migration_files_balance(batch: Batch) -> None:
    stated = {
        (p, k[:2]): v
        for k, p, v in batch.all(
            "SELECT kato, period, value FROM region_stats WHERE indicator = 'net_migration'"
        )
    }
    counted = dict(
        ((str(y), k[:2]), float(v))
        for y, k, v in batch.all(
            "SELECT year, kato, sum(n) FROM (SELECT year, to_kato AS kato, persons AS n FROM migration "
            "UNION ALL SELECT year, from_kato, -persons FROM migration) GROUP BY 1, 2"
        )
    )
    assert stated == counted and len(stated) == 7 * 20
    truth = batch.truth["mobility"]
    assert {(y, k): float(v) for y, by in truth["net_migration"].items() for k, v in by.items()} == stated
    for year, aimed in truth["receiving_net_aimed"].items():
        assert aimed == round(mobility.NET_TARGET[int(year) - 2019] * SCALE)
        assert abs(truth["receiving_net"][year] - aimed) <= 3  # small flows may not allow exactly


def _truth_cases(batch: Batch) -> dict[str, dict[str, Any]]:
    return {c["case_id"]: c for c in batch.truth["mobility"]["cases"]}


def test_case_outcomes_in_the_truth_follow_from_the_files(batch: Batch) -> None:
    """Retained and employed at 12 and 24 months, recomputed in SQL from resettlement and contracts."""
    rows = batch.all(
        """
        WITH marks AS (
            SELECT r.*, m.months, r.moved_on + to_months(m.months) AS mark
            FROM resettlement r, (VALUES (12), (24)) m(months)
        )
        SELECT m.case_id, m.months,
               CASE WHEN m.mark >= DATE '2026-01-01' THEN NULL WHEN m.left_on < m.mark THEN false ELSE true
               END AS retained,
               CASE WHEN m.mark >= DATE '2026-01-01' THEN NULL WHEN m.left_on < m.mark THEN false ELSE
                   EXISTS (SELECT 1 FROM contracts c WHERE c.iin = m.iin AND c.kato = m.to_kato
                           AND c.start_date <= m.mark AND coalesce(c.end_date, DATE '9999-12-31') >= m.mark)
               END AS employed
        FROM marks m
        """
    )
    truth = _truth_cases(batch)
    assert len(truth) == batch.rows["resettlement"] == len(rows) // 2
    for case_id, months, retained, employed in rows:
        assert truth[case_id][f"retained_{months}"] == retained, (case_id, months)
        assert truth[case_id][f"employed_{months}"] == employed, (case_id, months)
    known = [c for c in truth.values() if c["retained_24"] is not None]
    assert any(c["retained_24"] for c in known) and not all(c["retained_24"] for c in known)


def test_a_heads_contract_is_in_the_destination_at_its_stated_salary(batch: Batch) -> None:
    contracts = {
        cid: (kato[:2], salary)
        for cid, kato, salary in batch.all("SELECT contract_id, kato, salary_kzt FROM contracts")
    }
    employed = [c for c in _truth_cases(batch).values() if c["contract_id"]]
    assert employed
    for c in employed:
        assert contracts[c["contract_id"]] == (c["to"], c["salary_kzt"])


def test_resettled_persons_per_year_and_programme(batch: Batch) -> None:
    rows = batch.all(
        "SELECT year(moved_on)::VARCHAR, program, count(*), sum(family_size) FROM resettlement GROUP BY 1, 2"
    )
    truth = batch.truth["mobility"]
    assert {(y, p): (n, s) for y, p, n, s in rows} == {
        (y, p): (v["cases"], v["persons"]) for y, by in truth["resettled"].items() for p, v in by.items()
    }
    assert sorted(truth["resettled"]) == ["2022", "2023", "2024", "2025"]


def test_the_demographic_deficit_of_the_truth_follows_from_the_files(batch: Batch) -> None:
    """Working-age (men 16-62, women 16-58) falling from 2020 to 2025, net migration < 0 in >= 3 of 2020-2024."""
    falling = {
        k[:2]
        for (k,) in batch.all(
            """
            SELECT kato FROM population
            WHERE age >= 16 AND age <= CASE sex WHEN 'M' THEN 62 ELSE 58 END AND year IN (2020, 2025)
            GROUP BY kato HAVING sum(persons) FILTER (WHERE year = 2025) < sum(persons) FILTER (WHERE year = 2020)
            """
        )
    }
    losing = {
        k[:2]
        for (k,) in batch.all(
            "SELECT kato FROM region_stats WHERE indicator = 'net_migration' AND period IN "
            "('2020', '2021', '2022', '2023', '2024') AND value < 0 GROUP BY kato HAVING count(*) >= 3"
        )
    }
    truth = batch.truth["mobility"]
    assert sorted(falling & losing) == sorted(truth["demographic_deficit"]) == sorted(truth["kandas_regions"])
    assert set(truth["demographic_deficit"]) <= NORTH


def test_compatriots_file_and_expected_arrivals(batch: Batch) -> None:
    truth = batch.truth["mobility"]["compatriots"]
    assert batch.rows["compatriots"] == truth["records"]
    rows = batch.all(
        "SELECT coalesce(left(kato_of_interest, 2), ''), intends_return_year::VARCHAR, count(*) FROM compatriots "
        "WHERE intends_return_year IS NOT NULL GROUP BY 1, 2"
    )
    assert {(k, y): n for k, y, n in rows} == {
        (k, y): n for k, by in truth["expected_arrivals"].items() for y, n in by.items()
    }
    countries = {c for (c,) in batch.all("SELECT DISTINCT country FROM compatriots")}
    assert countries <= set(mobility.KANDAS_ORIGIN)
    # a record with an IIN is a kandas resettled later, to the region and in the year the record named
    linked = batch.all(
        "SELECT c.iin, c.kato_of_interest = r.to_kato, c.intends_return_year = year(r.moved_on), "
        "c.registered_on < r.moved_on, p.status FROM compatriots c "
        "JOIN resettlement r USING (iin) JOIN persons p USING (iin) WHERE c.iin IS NOT NULL"
    )
    assert len(linked) == truth["with_iin"] > 0
    assert all(
        same_region and same_year and before and status == "kandas"
        for _, same_region, same_year, before, status in linked
    )


def test_a_matching_across_regions_has_work(batch: Batch) -> None:
    seekers = batch.one(
        "SELECT count(*) FROM job_seekers WHERE left_on IS NULL AND nkz IS NOT NULL "
        f"AND left(kato, 2) IN ({', '.join(repr(k) for k in sorted(SOUTH))})"
    )
    vacancies = batch.one(
        "SELECT count(*) FROM vacancies WHERE closed_on IS NULL AND NOT filled "
        f"AND left(kato, 2) IN ({', '.join(repr(k) for k in sorted(NORTH))})"
    )
    south = ", ".join(repr(k) for k in sorted(SOUTH))
    kandas = batch.one(
        "SELECT count(*) FROM job_seekers j JOIN persons p USING (iin) WHERE j.left_on IS NULL "
        f"AND j.nkz IS NOT NULL AND p.status = 'kandas' AND left(j.kato, 2) IN ({south})"
    )
    truth = batch.truth["mobility"]["matching"]
    assert truth["seekers_in_surplus_regions"] == seekers > 0
    # kandas among them, whom a matching may offer only regions with a demographic deficit
    assert (
        truth["kandas_seekers_in_surplus_regions"] == kandas >= max(5, round(mobility.KANDAS_SEEKERS * SCALE))
    )
    assert truth["open_vacancies_in_receiving_regions"] == vacancies > 0
    assert truth["vacancies_with_a_shared_occupation"] > 0


def test_the_mobility_stream_leaves_the_other_files_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service.generate(tmp_path / "a", scale=0.001, seed=7)
    monkeypatch.setattr(mobility, "STREAM", 15)
    service.generate(tmp_path / "b", scale=0.001, seed=7)
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    mine = {
        "resettlement.csv",
        "compatriots.csv",
        "migration.csv",
        "region_stats.csv",
        "payroll.csv",
        "truth.json",
    }
    mine |= {
        "persons.csv",
        "contracts.csv",
        "job_seekers.csv",
    }  # rows appended at the end: compared without them
    assert {n for n in a if a[n] != b[n]} <= mine and a["resettlement.csv"] != b["resettlement.csv"]
    for name in ("persons.csv", "contracts.csv", "job_seekers.csv"):
        assert _main(a, name) == _main(b, name), name
