"""Generate the synthetic Kazakhstan: a batch in the data-contract format, and the truth of what was planted.

`generate()` draws everything from one numpy PCG64 generator seeded with `seed`, in a fixed
order, so the same scale, seed, format and year give byte-identical files.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import numpy as np

from jumys.errors import InvalidInput
from jumys.illegal_work.signals import SIGNALS
from jumys.registry.contract import VERSION as CONTRACT_VERSION
from jumys.synth import (
    applications,
    calibration,
    compatriots,
    conditions,
    contracts,
    disputes,
    employers,
    files,
    foreign,
    illegal,
    market,
    migration,
    mobility,
    mobility_truth,
    payroll,
    project_finish,
    project_truth,
    projects,
    safety,
    safety_truth,
    safety_v1,
    shortage,
    stats,
    training,
    turnover,
)
from jumys.synth import messages as M
from jumys.synth.days import day
from jumys.synth.employers import OPERATOR
from jumys.synth.ids import digit_strings, make_bins, make_iins
from jumys.synth.jobs import JobModel
from jumys.synth.tables import COUNTRIES, ContractStore, PersonStore
from jumys.synth.writer import BatchWriter, schema

Progress = Callable[[str, int, int], None]
FILE_ORDER = (
    "employers",
    "persons",
    "projects",
    "contracts",
    "payroll",
    "vacancies",
    "job_seekers",
    "incidents",
    "inspections",
    "arrears",
    "vision_zero",
    "labour_disputes",
    "training",
    "quotas",
    "permits",
    "resettlement",
    "region_stats",
    "population",
    "migration",
    "compatriots",
)
_STEPS = (
    "calibration",
    "employers",
    "projects",
    "contracts",
    "foreign labour",
    "migration",
    "safety",
    "job market",
    "safe work",
    "illegal work",
    "mobility",
    "identifiers",
    "files",
    "payroll",
    "truth",
)


SAFETY_STREAM = 10  # the spawn key of the safety stream: its draws leave the main stream's alone
ILLEGAL_STREAM = 20  # the spawn key of the illegal-work stream: its draws leave the others alone


def batch_id(scale: float, seed: int) -> str:
    """The batch id of a synthetic batch."""
    return f"synth-s{scale:g}-seed{seed}"


def generate(
    out: Path,
    *,
    scale: float,
    seed: int,
    fmt: Literal["csv", "parquet"] = "csv",
    year: int = 2025,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Write a synthetic batch (20 files, manifest.json, truth.json, applications.csv) into out; rows per file."""
    if not 0 < scale <= 10:
        raise InvalidInput(M.SCALE_OUT_OF_RANGE, scale=str(scale))
    if fmt not in ("csv", "parquet"):
        raise InvalidInput(M.FORMAT_UNKNOWN, format=fmt)
    if not 2000 <= year <= 2100:
        raise InvalidInput(M.YEAR_OUT_OF_RANGE, year=str(year))
    other = "parquet" if fmt == "csv" else "csv"
    stale = sorted(p.name for p in out.glob(f"*.{other}") if p.stem in FILE_ORDER) if out.is_dir() else []
    if stale:
        raise InvalidInput(M.FOLDER_NOT_EMPTY, folder=str(out), files=", ".join(stale))

    def step(name: str) -> None:
        if progress is not None:
            progress(name, _STEPS.index(name), len(_STEPS))

    rng = np.random.Generator(np.random.PCG64(seed))
    step("calibration")
    cal = calibration.load(year)
    missing = set(COUNTRIES) - cal.country_codes
    if missing:
        raise ValueError(f"not ISO 3166-1 alpha-3: {sorted(missing)}")
    jobs = JobModel(cal)

    step("employers")
    emps = employers.background(cal, scale, rng)
    step("projects")
    plan, planted = projects.plan(cal, len(emps), scale, rng)
    emps = employers.concat(emps, planted)
    people, store = PersonStore(), ContractStore()
    planted_per_region = projects.plant(cal, plan, emps, people, store, jobs, rng)

    step("contracts")
    background = contracts.generate(cal, emps, people, store, jobs, scale, planted_per_region, rng)
    step("foreign labour")
    permits = foreign.issue(cal, emps, people, store, jobs, scale, rng)
    step("migration")
    # the former one-year cases: still drawn so that every later main draw is unchanged; their heads stay as
    # people who moved on their own (no case), their flows are not written (the mobility step writes them)
    migration.generate(cal, emps, people, store, jobs, scale, rng)
    deals = store.build()
    step("safety")
    safety_v1.burn(cal, emps, deals, scale, rng)
    step("job market")
    jobs_market = market.generate(
        cal, emps, people, people.build().birth, deals, background.entrant_contracts, jobs, scale, rng
    )
    project_finish.finish(cal, plan, deals, rng)

    step("safe work")
    srng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(SAFETY_STREAM,))))
    risks = safety.generate(cal, emps, deals, scale, srng)
    deals, _ = turnover.add(
        emps, people.build(), deals, risks.latent, risks.headcount, risks.background, year, srng
    )
    conflicts, incidents, inspections, arrears = disputes.plant(emps, deals, risks, year, scale, srng)
    risks = safety.add(risks, deals, year, incidents, inspections, arrears)
    trained = training.generate(deals, len(emps), year, srng)
    sought = shortage.seekers_nkz(jobs_market, deals, jobs, year, srng)
    jobs_market = shortage.vacancies(jobs_market, emps, jobs, year, srng)

    step("illegal work")
    irng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(ILLEGAL_STREAM,))))
    illegal_work = illegal.plant(emps, people, deals, permits, year, scale, irng)
    deals = illegal.join(deals, illegal_work)

    # the conditions of foreign workers: at employers no illegal-work planting names and no synthetic
    # application can name (none with a vacancy or a head's permit; at most 25 staff: conditions.plant)
    crng = np.random.Generator(
        np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(conditions.CONDITIONS_STREAM,)))
    )
    named = {int(e) for v in (*illegal_work.signals.values(), *illegal_work.look_alikes.values()) for e in v}
    named |= set(jobs_market.vacancy_employer.tolist())
    named |= set(permits.employer[permits.category == foreign.CATEGORIES.index("head")].tolist())
    foreign_conditions = conditions.plant(emps, people, deals, permits, named, year, scale, crng)
    before_conditions, deals = deals, conditions.join(deals, foreign_conditions)

    step("mobility")
    # internal mobility over several years, from a stream of its own, appended after every other row
    mrng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(mobility.STREAM,))))
    moved = mobility.generate(cal, emps, people, jobs, scale, mrng)
    deals = mobility.join(deals, moved.cases)
    registry = compatriots.generate(cal, moved.cases, cal.population.sum(axis=1), jobs, scale, mrng)
    kandas_seekers = mobility.kandas_seekers(cal, people, jobs, scale, mrng)
    market_file = mobility.with_seekers(jobs_market, kandas_seekers)
    sought_file = np.r_[sought, kandas_seekers.nkz]
    paid_rows = illegal.with_pay_only(deals, illegal_work)  # the payroll: contracts and pay without one

    step("identifiers")
    persons = people.build()
    iins = digit_strings(make_iins(persons.birth, persons.female), 12)
    bins = digit_strings(make_bins(emps.registered, emps.entity), 12)
    lat, lon = employers.locate(cal, emps, rng)
    names = employers.names(emps, rng)
    contract_ids = files.contract_ids(len(deals))

    step("files")
    with BatchWriter(out, fmt) as writer:
        writer.write("employers", files.employers(cal, emps, bins, names, lat, lon))
        writer.write("persons", files.persons(persons, iins))
        writer.write("projects", files.projects(cal, plan, bins, project_finish.names(cal, plan)))
        writer.write("contracts", files.contracts(cal, emps, deals, iins, bins))
        writer.write("vacancies", files.vacancies(cal, year, emps, jobs_market, bins))
        writer.write("job_seekers", files.job_seekers(cal, market_file, sought_file, iins))
        for name, columns in files.safety(risks, deals, iins, bins).items():
            writer.write(name, columns)
        writer.write("labour_disputes", files.labour_disputes(conflicts, bins))
        writer.write("training", files.training(year, trained, deals, iins, bins))
        writer.write("quotas", files.quotas(cal, permits))
        writer.write("permits", files.permits(cal, foreign_conditions.permits, iins, bins))
        writer.write("resettlement", files.resettlement(cal, moved.cases, iins))
        this_year = risks.incidents.day >= day(year)
        injuries = np.bincount(
            emps.region[risks.incidents.employer[this_year]],
            weights=risks.incidents.victims[this_year],
            minlength=cal.regions,
        ).astype(np.int64)
        net = {y: f.sum(axis=0) - f.sum(axis=1) for y, f in zip(moved.years, moved.flows, strict=True)}
        writer.write("region_stats", stats.region_stats(cal, injuries, net))
        writer.write("population", files.population(cal, moved.population))
        writer.write("migration", files.migration(cal, moved.years, moved.flows))
        writer.write("compatriots", files.compatriots(cal, registry, iins))

        step("payroll")
        total = len(paid_rows)
        writer.stream(
            "payroll",
            payroll.batches(paid_rows, iins, bins, year, schema("payroll"), conflicts.payroll),
            progress=None if progress is None else (lambda done: progress("payroll", done, total)),
            dictionary=[
                "period"
            ],  # identifiers are nearly all distinct in a row group: no dictionary, no min/max
            statistics=["period"],
        )

    step("truth")
    arng = np.random.Generator(
        np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(applications.APPLICATIONS_STREAM,)))
    )
    # the applications read the contracts as they were before the conditions of foreign workers were planted
    planned = applications.generate(year, emps, before_conditions, persons, jobs_market, permits, arng)
    applications.write(
        out / "applications.csv",
        applications.columns(planned, year, list(cal.kato), bins, iins, permits, arng),
    )
    truth_safety = safety_truth.truth(risks, conflicts, trained, before_conditions, bins, year)
    rows = {name: writer.rows[name] for name in FILE_ORDER}
    _write_json(
        out / "manifest.json",
        {
            "batch_id": batch_id(scale, seed),
            "source": "jumys synth",
            "extracted_at": f"{year + 1}-01-01T00:00:00Z",
        },
    )
    _write_json(
        out / "truth.json",
        {
            "version": 1,
            "contract": CONTRACT_VERSION,  # the data contract's version the files follow
            "scale": scale,
            "seed": seed,
            "year": year,
            "as_of": f"{year + 1}-01-01",
            "rows": rows,
            "projects": project_truth.truth(cal, plan, contract_ids),
            "employers": {
                "arrears": sorted(
                    {
                        str(b)
                        for b in bins.take(
                            risks.arrears.employer[risks.arrears.reported >= day(year)]
                        ).to_pylist()
                    }
                ),
                "unsafe": truth_safety["top_decile"][f"{year + 1}-01-01"],
                "operators": sorted(
                    str(b) for b in bins.take(np.flatnonzero(emps.kind == OPERATOR)).to_pylist()
                ),
            },
            "quotas": {c: int(v) for c, v in zip(foreign.CATEGORIES, permits.quota.sum(axis=0), strict=True)},
            "safety": truth_safety,
            "illegal_work": illegal_truth(illegal_work, before_conditions, bins, contract_ids, year),
            "foreign_workers": conditions_truth(
                foreign_conditions, emps, persons, deals, risks.arrears, planned, bins, year
            ),
            "applications": applications.truth(planned),
            "mobility": mobility_truth.truth(
                cal,
                moved,
                registry,
                kandas_seekers,
                market_file,
                sought_file,
                persons,
                emps,
                files.yearly_ids("RS", moved.cases.moved, 6),
                contract_ids,
            ),
        },
    )
    if progress is not None:
        progress("truth", len(_STEPS), len(_STEPS))
    return rows


def illegal_truth(
    planted: illegal.Planted, deals: Any, bins: Any, contract_ids: Any, year: int
) -> dict[str, Any]:
    """The employers planted per illegal-work signal, the look-alikes the signals must not flag, and the
    contracts planted with no payroll (the planted contracts are the last of the contracts)."""

    def named(index: Any) -> list[str]:
        return sorted({str(b) for b in bins.take(np.asarray(index, dtype=np.int64)).to_pylist()})

    signals = dict(planted.signals)
    signals["unconfirmed"] = illegal.unconfirmed_truth(deals, signals, year)
    # an employer with almost no contributions holds unconfirmed contracts by definition
    signals["unconfirmed"] = np.union1d(signals["unconfirmed"], signals["few_contributions"])
    return {
        "as_of": f"{year + 1}-01-01",
        "signals": {code: named(signals[code]) for code in SIGNALS},
        "look_alikes": {code: named(v) for code, v in planted.look_alikes.items()},
        "unpaid_contract_ids": contract_ids.take(
            np.flatnonzero(~planted.contracts.paid) + (len(deals) - len(planted.contracts))
        ).to_pylist(),
    }


def conditions_truth(
    planted: conditions.Planted,
    emps: Any,
    persons: Any,
    deals: Any,
    arrears: Any,
    planned: list[dict[str, Any]],
    bins: Any,
    year: int,
) -> dict[str, Any]:
    """What docs/foreign_workers.md must find at 1 January of the year after (worked out from the arrays),
    and what of it was planted: employers by BIN, permits by id."""
    decided = np.array(
        [r["employer"] for r in planned if r["decision"] == "issued" and r["employer"] >= 0], dtype=np.int64
    )
    found = conditions.truth(emps, persons, deals, planted.permits, arrears, decided, year)
    permit_ids = files.ids(f"WP-{year}-", len(planted.permits.person), 7)

    def named(index: Any) -> list[str]:
        return sorted({str(b) for b in bins.take(np.asarray(index, dtype=np.int64)).to_pylist()})

    def permit(index: Any) -> list[str]:
        return sorted(str(p) for p in permit_ids.take(np.asarray(index, dtype=np.int64)).to_pylist())

    return {
        "as_of": f"{year + 1}-01-01",
        "days": conditions.DAYS,
        "under_pct": conditions.UNDER_PCT,
        "underpaid": named(found["underpaid"]),
        "arrears": named(found["arrears"]),
        "expiring": permit(found["expiring"]),
        "planted": {"underpaid": named(planted.underpaid), "expiring": permit(planted.expiring)},
        # the rows appended after all others but the mobility's, each a foreign worker (their payroll too)
        "appended": dict.fromkeys(("persons", "contracts", "permits"), len(planted.contracts)),
    }


def _write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
