"""Turning the generated arrays into the columns of each contract file (Arrow arrays, contract order)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from jumys.synth.calibration import Calibration
from jumys.synth.compatriots import EDUCATION, Registry
from jumys.synth.days import NO_END, ymd
from jumys.synth.disputes import KINDS, Disputes
from jumys.synth.employers import Employers
from jumys.synth.foreign import CATEGORIES, Permits
from jumys.synth.ids import digit_strings
from jumys.synth.market import REASONS, Market
from jumys.synth.mobility import PROGRAMS, Cases
from jumys.synth.population import AGES
from jumys.synth.projects import Projects
from jumys.synth.records import INSPECTION_KINDS, SEVERITIES
from jumys.synth.safety import Safety
from jumys.synth.tables import CONDITIONS, CONTRACT_TYPES, COUNTRIES, STATUSES, Contracts, Persons
from jumys.synth.training import PAYERS, Training

Columns = dict[str, pa.Array]


def dates(days: NDArray[np.integer], missing: NDArray[np.bool_] | None = None) -> pa.Array:
    """Day numbers as a DATE column (missing: empty cells)."""
    values = pa.array(days.astype(np.int32), mask=missing)
    return values.cast(pa.date32())


def codes(
    values: tuple[str, ...] | list[str], index: NDArray[np.integer], missing: NDArray[np.bool_] | None = None
) -> pa.Array:
    """index into a list of strings, as a string column."""
    return pa.array(list(values), type=pa.string()).take(pa.array(index.astype(np.int64), mask=missing))


def ints(values: NDArray[np.integer], missing: NDArray[np.bool_] | None = None) -> pa.Array:
    """An INT64 column."""
    return pa.array(values.astype(np.int64), type=pa.int64(), mask=missing)


def nkz_codes(values: NDArray[np.integer]) -> pa.Array:
    """4-digit NKZ codes (-1: an empty cell)."""
    return digit_strings(np.maximum(values, 0).astype(np.int64), 4).take(
        pa.array(np.arange(values.size), mask=values < 0)
    )


def ids(prefix: str, count: int, width: int) -> pa.Array:
    """Sequential identifiers prefix + zero-padded 1..count."""
    return digit_strings(np.arange(1, count + 1, dtype=np.int64), width, prefix)


def employers(
    cal: Calibration,
    emps: Employers,
    bins: pa.StringArray,
    names: pa.StringArray,
    lat: NDArray[np.float64],
    lon: NDArray[np.float64],
) -> Columns:
    """The employers file."""
    return {
        "bin": bins,
        "name": names,
        "kato": codes(cal.kato, emps.region),
        "oked": pa.array(emps.oked, type=pa.string()),
        "parent_bin": bins.take(pa.array(np.maximum(emps.parent, 0), mask=emps.parent < 0)),
        "lat": pa.array(lat, type=pa.float64()),
        "lon": pa.array(lon, type=pa.float64()),
        "registered_on": dates(emps.registered),
    }


def persons(people: Persons, iins: pa.StringArray) -> Columns:
    """The persons file."""
    return {
        "iin": iins,
        "citizenship": codes(COUNTRIES, people.citizenship),
        "status": codes(STATUSES, people.status),
    }


def contracts(
    cal: Calibration, emps: Employers, c: Contracts, iins: pa.StringArray, bins: pa.StringArray
) -> Columns:
    """The contracts file."""
    return {
        "contract_id": contract_ids(len(c)),
        "iin": iins.take(pa.array(c.person)),
        "bin": bins.take(pa.array(c.employer)),
        "kato": codes(cal.kato, emps.region[c.employer]),
        "nkz": digit_strings(c.nkz.astype(np.int64), 4),
        "contract_type": codes(CONTRACT_TYPES, c.kind),
        "start_date": dates(c.start),
        "end_date": dates(np.where(c.end == NO_END, 0, c.end), c.end == NO_END),
        "salary_kzt": ints(c.salary),
        "conditions": codes(CONDITIONS, c.conditions),
    }


def contract_ids(n: int) -> pa.StringArray:
    """contract_id of contract i (0-based): TD and ten digits."""
    return digit_strings(np.arange(1, n + 1, dtype=np.int64), 10, "TD")


def projects(cal: Calibration, p: Projects, bins: pa.StringArray, names: pa.StringArray) -> Columns:
    """The projects file, sorted by project_id."""
    order = np.argsort(p.order)
    per = np.bincount(p.operator_owner, minlength=len(p))
    first = np.cumsum(per) - per
    second = np.where(per > 1, first + 1, 0)
    joined = pc.binary_join_element_wise(
        bins.take(pa.array(p.operator[first])),
        bins.take(pa.array(p.operator[second], mask=per < 2)),
        ";",
        null_handling="skip",
    )
    return {
        "project_id": p.ids().take(pa.array(order)),
        "name": names.take(pa.array(order)),
        "investor_bin": bins.take(pa.array(p.holding[order])),
        "operator_bins": joined.take(pa.array(order)),
        "kato": codes(cal.kato, p.region[order]),
        "oked": pa.array(p.oked[order], type=pa.string()),
        "investment_kzt": ints(p.investment[order]),
        "start_date": dates(p.start[order]),
        "deadline": dates(p.deadline[order]),
        "promised_permanent_jobs": ints(p.promised[order]),
        "promised_temporary_jobs": ints(p.promised_temporary[order], p.promised_temporary[order] < 0),
    }


def vacancies(cal: Calibration, year: int, emps: Employers, m: Market, bins: pa.StringArray) -> Columns:
    """The vacancies file."""
    return {
        "vacancy_id": ids(f"VAC-{year}-", m.vacancy_employer.size, 7),
        "bin": bins.take(pa.array(m.vacancy_employer)),
        "kato": codes(cal.kato, emps.region[m.vacancy_employer]),
        "nkz": digit_strings(m.vacancy_nkz, 4),
        "salary_kzt": ints(m.vacancy_salary),
        "posted_on": dates(m.vacancy_posted),
        "closed_on": dates(np.maximum(m.vacancy_closed, 0), m.vacancy_closed < 0),
        "filled": pa.array(m.vacancy_filled, type=pa.bool_()),
    }


def job_seekers(cal: Calibration, m: Market, nkz: NDArray[np.int64], iins: pa.StringArray) -> Columns:
    """The job_seekers file (with the occupation sought, contract 1.1)."""
    return {
        "iin": iins.take(pa.array(m.seeker_person)),
        "kato": codes(cal.kato, m.seeker_region),
        "registered_on": dates(m.seeker_registered),
        "left_on": dates(np.maximum(m.seeker_left, 0), m.seeker_left < 0),
        "reason": codes(REASONS, np.maximum(m.seeker_reason, 0), m.seeker_reason < 0),
        "nkz": nkz_codes(nkz),
    }


def safety(s: Safety, c: Contracts, iins: pa.StringArray, bins: pa.StringArray) -> dict[str, Columns]:
    """The incidents, inspections, arrears and vision_zero files (ids carry the year of the row)."""
    inc, ins, arr = s.incidents, s.inspections, s.arrears
    known = inc.contract >= 0
    return {
        "incidents": {
            "incident_id": yearly_ids("INC", inc.day, 6),
            "bin": bins.take(pa.array(inc.employer)),
            "iin": iins.take(pa.array(c.person[np.maximum(inc.contract, 0)], mask=~known)),
            "occurred_on": dates(inc.day),
            "severity": codes(SEVERITIES, inc.severity),
            "victims": ints(inc.victims),
        },
        "inspections": {
            "inspection_id": yearly_ids("INS", ins.day, 6),
            "bin": bins.take(pa.array(ins.employer)),
            "inspected_on": dates(ins.day),
            "kind": codes(INSPECTION_KINDS, ins.kind),
            "violations": ints(ins.violations),
            "fine_kzt": ints(ins.fine),
        },
        "arrears": {
            "arrear_id": yearly_ids("ARR", arr.reported, 6),
            "bin": bins.take(pa.array(arr.employer)),
            "reported_on": dates(arr.reported),
            "amount_kzt": ints(arr.amount),
            "workers": ints(arr.workers),
            "repaid_on": dates(np.maximum(arr.repaid_on, 0), arr.repaid_on < 0),
            "repaid_kzt": ints(arr.repaid, arr.repaid_on < 0),
        },
        "vision_zero": {
            "bin": bins.take(pa.array(s.vision_employer)),
            "joined_on": dates(s.vision_joined),
        },
    }


def yearly_ids(prefix: str, days: NDArray[np.integer], width: int) -> pa.Array:
    """prefix-YEAR-number, numbered from 1 within each year, for rows in day order."""
    year = ymd(days.astype(np.int32))[0]
    starts = np.r_[0, np.flatnonzero(np.diff(year)) + 1]
    number = np.arange(year.size) - np.repeat(starts, np.diff(np.r_[starts, year.size])) + 1
    heads = pa.array([f"{prefix}-{y}-" for y in year.tolist()], type=pa.string())
    result = pc.binary_join_element_wise(heads, digit_strings(number.astype(np.int64), width), "")
    return result


def labour_disputes(d: Disputes, bins: pa.StringArray) -> Columns:
    """The labour_disputes file (contract 1.1), in order of the day they started."""
    order = np.lexsort((d.employer, d.started))
    ended = d.ended[order]
    return {
        "dispute_id": ids("LD-", order.size, 6),
        "bin": bins.take(pa.array(d.employer[order])),
        "started_on": dates(d.started[order]),
        "ended_on": dates(np.maximum(ended, 0), ended < 0),
        "kind": codes(KINDS, d.kind[order]),
        "workers": ints(d.workers[order]),
    }


def training(year: int, t: Training, c: Contracts, iins: pa.StringArray, bins: pa.StringArray) -> Columns:
    """The training file (contract 1.1)."""
    return {
        "training_id": yearly_ids("TR", t.started, 7),
        "iin": iins.take(pa.array(c.person[t.contract])),
        "bin": bins.take(pa.array(c.employer[t.contract])),
        "started_on": dates(t.started),
        "finished_on": dates(np.maximum(t.finished, 0), t.finished < 0),
        "paid_by": codes(PAYERS, t.payer),
        "nkz": nkz_codes(t.nkz),
        "hours": ints(t.hours),
    }


def quotas(cal: Calibration, p: Permits) -> Columns:
    """The quotas file: every region and category of the year."""
    region, category = np.divmod(np.arange(p.quota.size), len(CATEGORIES))
    return {
        "year": ints(np.full(p.quota.size, cal.year)),
        "kato": codes(cal.kato, region),
        "category": codes(CATEGORIES, category),
        "units": ints(p.quota.ravel()),
    }


def permits(cal: Calibration, p: Permits, iins: pa.StringArray, bins: pa.StringArray) -> Columns:
    """The permits file (no BIN for household workers)."""
    household = p.employer < 0
    return {
        "permit_id": ids(f"WP-{cal.year}-", p.person.size, 7),
        "iin": iins.take(pa.array(p.person)),
        "citizenship": codes(COUNTRIES, p.citizenship),
        "bin": bins.take(pa.array(np.maximum(p.employer, 0), mask=household)),
        "category": codes(CATEGORIES, p.category),
        "nkz": digit_strings(p.nkz, 4),
        "kato": codes(cal.kato, p.region),
        "issued_on": dates(p.issued),
        "valid_until": dates(p.valid_until),
        "revoked_on": dates(np.maximum(p.revoked, 0), p.revoked < 0),
    }


def resettlement(cal: Calibration, c: Cases, iins: pa.StringArray) -> Columns:
    """The resettlement file: the cases in the order they moved, numbered within the year they moved."""
    return {
        "case_id": yearly_ids("RS", c.moved, 6),
        "iin": iins.take(pa.array(c.person)),
        "program": codes(PROGRAMS, c.program),
        "from_kato": codes(cal.kato, c.source),
        "to_kato": codes(cal.kato, c.target),
        "family_size": ints(c.family),
        "moved_on": dates(c.moved),
        "left_on": dates(np.maximum(c.left, 0), c.left < 0),
    }


def compatriots(cal: Calibration, r: Registry, iins: pa.StringArray) -> Columns:
    """The compatriots file (contract 1.1), in registration order."""
    return {
        "record_id": ids("CMP-", r.person.size, 7),
        "iin": iins.take(pa.array(np.maximum(r.person, 0), mask=r.person < 0)),
        "country": codes(COUNTRIES, r.country),
        "kato_of_interest": codes(cal.kato, np.maximum(r.region, 0), r.region < 0),
        "nkz": nkz_codes(r.nkz),
        "education": codes(EDUCATION, r.education),
        "intends_return_year": ints(np.maximum(r.year, 0), r.year < 0),
        "registered_on": dates(r.registered),
    }


def population(cal: Calibration, counts: dict[int, NDArray[np.int64]]) -> Columns:
    """The population file: region x sex x age of each year, oldest year first."""
    blocks = [(year, c) for year, c in sorted(counts.items())]
    size = blocks[0][1].size
    region, rest = np.divmod(np.arange(size), 2 * AGES)
    sex, age = np.divmod(rest, AGES)
    n = len(blocks)
    return {
        "kato": codes(cal.kato, np.tile(region, n)),
        "year": ints(np.repeat(np.array([y for y, _ in blocks]), size)),
        "sex": codes(("M", "F"), np.tile(sex, n)),
        "age": ints(np.tile(age, n)),
        "persons": ints(np.concatenate([c.ravel() for _, c in blocks])),
    }


def migration(cal: Calibration, years: list[int], flows: NDArray[np.int64]) -> Columns:
    """The migration file: every ordered pair of different regions in each year."""
    source, target = np.divmod(np.arange(cal.regions * cal.regions), cal.regions)
    keep = source != target
    n = len(years)
    return {
        "year": ints(np.repeat(np.array(years), int(keep.sum()))),
        "from_kato": codes(cal.kato, np.tile(source[keep], n)),
        "to_kato": codes(cal.kato, np.tile(target[keep], n)),
        "persons": ints(flows.reshape(n, -1)[:, keep].ravel()),
    }
