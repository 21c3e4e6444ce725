"""The planted truth of internal mobility (truth.json "mobility"), worked out from the final arrays."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from jumys.synth.calibration import Calibration
from jumys.synth.compatriots import Registry
from jumys.synth.days import day, plus_years, to_date
from jumys.synth.demography import NORTH, working_age
from jumys.synth.employers import Employers
from jumys.synth.market import Market
from jumys.synth.mobility import PROGRAMS, SURPLUS, Mobility, Seekers
from jumys.synth.tables import KANDAS, Persons


def _iso(d: int) -> str | None:
    return None if d < 0 else to_date(int(d)).isoformat()


def cases(
    cal: Calibration, m: Mobility, case_ids: pa.StringArray, contract_ids: pa.StringArray
) -> list[dict[str, Any]]:
    """Each case with its outcome at the 12- and 24-month marks after moved_on, as of 1 January of year + 1.

    Both are null (not yet known) while the mark is on or after the as-of date, even for a case that has left.
    retained: left_on is empty or on or after the mark. employed: retained, and the head's contract in the
    destination is active on the mark (start_date <= mark <= end_date, an empty end_date open).
    """
    c, d = m.cases, day(cal.year + 1)
    first_contract = len(contract_ids) - len(c.contracts)
    rows = []
    for i in range(c.person.size):
        moved, left, k = int(c.moved[i]), int(c.left[i]), int(c.contract[i])
        row: dict[str, Any] = {
            "case_id": case_ids[i].as_py(),
            "program": PROGRAMS[int(c.program[i])],
            "from": cal.kato2[int(c.source[i])],
            "to": cal.kato2[int(c.target[i])],
            "family_size": int(c.family[i]),
            "moved_on": _iso(moved),
            "left_on": _iso(left),
        }
        for months, years_after in ((12, 1), (24, 2)):
            mark = int(plus_years(np.array([moved], dtype=np.int32), years_after)[0])
            retained: bool | None = None
            employed: bool | None = None
            if mark < d:  # the mark has passed by the as-of date
                retained = not 0 <= left < mark
                employed = (
                    retained and k >= 0 and int(c.contracts.start[k]) <= mark <= int(c.contracts.end[k])
                )
            row[f"retained_{months}"] = retained
            row[f"employed_{months}"] = employed
        row["contract_id"] = None if k < 0 else contract_ids[first_contract + k].as_py()
        row["salary_kzt"] = None if k < 0 else int(c.contracts.salary[k])
        rows.append(row)
    return rows


def _per_region(cal: Calibration, values: NDArray[np.int64]) -> dict[str, int]:
    return {k: int(v) for k, v in zip(cal.kato2, values, strict=True)}


def truth(
    cal: Calibration,
    m: Mobility,
    registry: Registry,
    seekers: Seekers,
    market: Market,
    sought: NDArray[np.int64],
    persons: Persons,
    emps: Employers,
    case_ids: pa.StringArray,
    contract_ids: pa.StringArray,
) -> dict[str, Any]:
    """truth.json "mobility": see ASSUMPTIONS.md ("Internal mobility") for every key."""
    d = day(cal.year + 1)
    net = {y: m.flows[t].sum(axis=0) - m.flows[t].sum(axis=1) for t, y in enumerate(m.years)}
    north = np.isin(np.array(cal.kato2), NORTH)
    wa = {y: working_age(m.population[y]) for y in m.years}
    last5 = [y for y in m.years if cal.year - 5 <= y < cal.year]  # the five years from 1 January of year - 5
    deficit = [
        k
        for i, k in enumerate(cal.kato2)
        if wa[cal.year][i] < wa[cal.year - 5][i] and sum(net[y][i] < 0 for y in last5) >= 3
    ]
    case_rows = cases(cal, m, case_ids, contract_ids)
    resettled: dict[str, dict[str, dict[str, int]]] = {}
    for row in case_rows:
        by = resettled.setdefault(row["moved_on"][:4], {p: {"cases": 0, "persons": 0} for p in PROGRAMS})
        by[row["program"]]["cases"] += 1
        by[row["program"]]["persons"] += row["family_size"]
    arrivals: dict[str, dict[str, int]] = {}
    for region, year in zip(registry.region.tolist(), registry.year.tolist(), strict=True):
        if year >= 0:
            key = cal.kato2[region] if region >= 0 else ""
            arrivals.setdefault(key, {}).setdefault(str(year), 0)
            arrivals[key][str(year)] += 1
    return {
        "as_of": _iso(d),
        "years": m.years,
        "receiving": [k for k in cal.kato2 if k in NORTH],
        "surplus": sorted(SURPLUS),
        "kandas_regions": list(m.demographic),
        "demographic_deficit": deficit,
        "net_migration": {str(y): _per_region(cal, v) for y, v in net.items()},
        "receiving_net": {str(y): int(v[north].sum()) for y, v in net.items()},
        "receiving_net_aimed": {str(y): int(a) for y, a in zip(m.years, m.target, strict=True)},
        "working_age": {str(y): _per_region(cal, v) for y, v in wa.items()},
        "resettled": dict(sorted(resettled.items())),
        "resettled_persons": sum(r["family_size"] for r in case_rows),
        "cases": case_rows,
        "compatriots": {
            "records": int(registry.person.size),
            "with_iin": int((registry.person >= 0).sum()),
            "expected_arrivals": {k: dict(sorted(v.items())) for k, v in sorted(arrivals.items())},
        },
        "matching": matching(cal, market, sought, persons, emps, d),
        "appended": {
            "persons": int(m.cases.person.size + seekers.person.size),
            "contracts": len(m.cases.contracts),
            "job_seekers": int(seekers.person.size),
        },
    }


def matching(
    cal: Calibration, market: Market, sought: NDArray[np.int64], persons: Persons, emps: Employers, d: int
) -> dict[str, int]:
    """What a cross-region matching has to work with at the as-of date: seekers still registered in a surplus
    region with an occupation, vacancies open in a receiving region, and the occupations they share."""
    surplus = np.isin(np.array(cal.kato2), sorted(SURPLUS))
    north = np.isin(np.array(cal.kato2), NORTH)
    seeking = (
        (market.seeker_left < 0)
        & (market.seeker_registered < d)
        & (sought >= 0)
        & surplus[market.seeker_region]
    )
    vacancy_region = emps.region[market.vacancy_employer]
    open_ = (
        (market.vacancy_closed < 0)
        & ~market.vacancy_filled
        & (market.vacancy_posted < d)
        & north[vacancy_region]
    )
    shared = np.intersect1d(sought[seeking], market.vacancy_nkz[open_])
    return {
        "seekers_in_surplus_regions": int(seeking.sum()),
        "kandas_seekers_in_surplus_regions": int(
            (seeking & (persons.status[market.seeker_person] == KANDAS)).sum()
        ),
        "open_vacancies_in_receiving_regions": int(open_.sum()),
        "shared_occupations": int(shared.size),
        "seekers_with_a_shared_occupation": int(np.isin(sought[seeking], shared).sum()),
        "vacancies_with_a_shared_occupation": int(np.isin(market.vacancy_nkz[open_], shared).sum()),
    }
