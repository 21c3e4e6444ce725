"""Synthetic permit applications beside the batch, and the decisions the rules must give them (truth.json).

`applications.csv` is not a data-contract file: it is the input of `jumys permits decide` (docs/permits.md,
"The interface"). It is drawn from a random stream of its own (APPLICATIONS_STREAM), after everything
else, so the contract files stay byte-identical. The applications are all submitted on 1 December of the
year and valid from the 15th for 364 days; they are decided in the order of their ids, and the truth is
worked out here, from the synthetic arrays, by the rules read independently of jumys/permits:
valid ones, ones that break each rule (no vacancy, too few citizens, a second head, an occupation off the
seasonal list), the last units of a quota (its next two refused), household ones, and invalid ones.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from jumys.permits.rules import LOCAL_SHARE_MINIMUM, SEASONAL_OCCUPATIONS
from jumys.permits.service import FIELDS, OPTIONAL_FIELDS
from jumys.synth.days import NO_END, day, to_date
from jumys.synth.employers import Employers
from jumys.synth.foreign import CATEGORIES, Permits
from jumys.synth.market import Market
from jumys.synth.tables import COUNTRIES, FOREIGNER, Contracts, Persons

APPLICATIONS_STREAM = 11  # the spawn key of this stream (SAFETY_STREAM is 10)
SEASONAL = SEASONAL_OCCUPATIONS  # the reference data; the rules below are read here independently
MINIMUM = LOCAL_SHARE_MINIMUM
GROUP = {1: "head", 2: "specialist", 3: "specialist", 4: "skilled_worker", 5: "skilled_worker"}
GROUP |= {6: "skilled_worker", 7: "skilled_worker", 8: "skilled_worker"}
COLUMNS = (*FIELDS, *OPTIONAL_FIELDS)  # the interface of docs/permits.md, the offered salary stated
SALARY_SPREAD = (0.7, 1.8)  # the offered salary against the occupation's median vacancy salary
PER_KIND = 8  # applications of each kind (the last units: as many as the units left, and two more)


@dataclass
class _World:
    """What the rules read, as arrays, and what earlier applications issued."""

    year: int
    emps: Employers
    deals: Contracts
    persons: Persons
    market: Market
    permits: Permits
    submitted: int
    valid_from: int
    valid_until: int
    left: dict[tuple[int, str], int] = field(default_factory=dict)
    issued_at: dict[int, list[str]] = field(default_factory=dict)  # employer -> categories issued
    heads: set[tuple[int, int]] = field(default_factory=set)  # (employer, nkz) of heads issued

    def vacancy_ok(self, employer: int, nkz: int) -> bool:
        m = self.market
        ok = (
            (m.vacancy_employer == employer)
            & (m.vacancy_nkz == nkz)
            & ~m.vacancy_filled
            & (m.vacancy_posted <= self.submitted - 15)
        )
        return bool(ok.any())

    def staff(self, employer: int) -> dict[tuple[str | None, bool], int]:
        d = self.deals
        active = (
            (d.employer == employer)
            & (d.start <= self.submitted)
            & ((d.end == NO_END) | (d.end >= self.submitted))
        )
        counts: dict[tuple[str | None, bool], int] = {}
        for nkz, person in zip(d.nkz[active], d.person[active], strict=True):
            key = (GROUP.get(int(nkz) // 1000), bool(self.persons.status[person] != FOREIGNER))
            counts[key] = counts.get(key, 0) + 1
        return counts

    def held_heads(self, employer: int, nkz: int) -> int:
        p = self.permits
        head = (
            (p.employer == employer)
            & (p.category == CATEGORIES.index("head"))
            & (p.nkz == nkz)
            & (p.issued <= self.valid_until)
            & (p.valid_until >= self.valid_from)
            & ((p.revoked < 0) | (p.revoked > self.valid_from))
        )
        return int(head.sum()) + int((employer, nkz) in self.heads)

    def decide(self, employer: int, region: int, category: str, nkz: int) -> list[str]:
        """The checks that fail, in the rules' order; an issued permit is counted for later ones."""
        failed = []
        if self.left.get((region, category), 0) <= 0:
            failed.append("quota")
        if employer >= 0:
            if not self.vacancy_ok(employer, nkz):
                failed.append("labour_market_test")
            group = (
                GROUP.get(nkz // 1000) if category == "seasonal" else GROUP.get(_GROUP_OF.get(category, 0))
            )
            if group is not None:
                counts = self.staff(employer)
                for c in self.issued_at.get(employer, []):
                    key = (GROUP.get(_GROUP_OF.get(c, 0)), False)
                    counts[key] = counts.get(key, 0) + 1
                counts[(group, False)] = counts.get((group, False), 0) + 1
                citizens, foreign = counts.get((group, True), 0), counts.get((group, False), 0)
                if sum(counts.values()) > 20 and citizens / (citizens + foreign) < MINIMUM[group]:
                    failed.append("local_share")
            if category == "head" and self.held_heads(employer, nkz) >= 1:
                failed.append("one_head_per_position")
        if category == "seasonal" and f"{nkz:04d}" not in SEASONAL:
            failed.append("seasonal_list")
        if not failed:
            self.left[(region, category)] -= 1
            if employer >= 0:
                self.issued_at.setdefault(employer, []).append(category)
            if category == "head":
                self.heads.add((employer, nkz))
        return failed


_GROUP_OF = {"head": 1, "division_head": 1, "specialist": 2, "skilled_worker": 7}


def _left(p: Permits, year: int) -> dict[tuple[int, str], int]:
    """Units left by (region, category): the quota less the permits issued in the year and not revoked."""
    held = (p.issued >= day(year)) & (p.issued < day(year + 1)) & (p.revoked < 0)
    used = np.zeros_like(p.quota)
    np.add.at(used, (p.region[held], p.category[held]), 1)
    left = p.quota - used
    return {(r, c): int(left[r, i]) for r in range(left.shape[0]) for i, c in enumerate(CATEGORIES)}


def _few_specialists(w: _World) -> np.ndarray:
    """Employers of more than 25 staff on the date whose citizen specialists would fall under 90 % with one more
    foreign specialist."""
    d = w.deals
    active = (d.start <= w.submitted) & ((d.end == NO_END) | (d.end >= w.submitted))
    n = len(w.emps)
    staff = np.bincount(d.employer[active], minlength=n)
    spec = active & np.isin(d.nkz // 1000, (2, 3))
    citizen = w.persons.status[d.person] != FOREIGNER
    specialists = np.bincount(d.employer[spec], minlength=n)
    citizens = np.bincount(d.employer[spec & citizen], minlength=n)
    return np.flatnonzero((staff > 25) & (citizens < 0.9 * (specialists + 1)))


def _category_of(nkz: int) -> str:
    g = nkz // 1000
    return "head" if g == 1 else "specialist" if g in (2, 3) else "seasonal" if g == 9 else "skilled_worker"


def generate(
    year: int,
    emps: Employers,
    deals: Contracts,
    persons: Persons,
    market: Market,
    permits: Permits,
    rng: np.random.Generator,
) -> list[dict[str, Any]]:
    """The applications, in decision order, each with its expected decision and failed checks."""
    w = _World(
        year,
        emps,
        deals,
        persons,
        market,
        permits,
        day(year, 12, 1),
        day(year, 12, 15),
        day(year, 12, 15) + 364,
    )
    w.left = _left(permits, year)
    m = market
    open_ = np.flatnonzero(~m.vacancy_filled & (m.vacancy_posted <= w.submitted - 15))
    filled = np.flatnonzero(m.vacancy_filled)
    plans: list[tuple[str, int, str, int]] = []  # (kind, employer, category, nkz)
    for v in rng.choice(open_, min(PER_KIND * 2, open_.size), replace=False):
        plans.append(
            ("valid", int(m.vacancy_employer[v]), _category_of(int(m.vacancy_nkz[v])), int(m.vacancy_nkz[v]))
        )
    for v in rng.choice(filled, min(PER_KIND, filled.size), replace=False):
        plans.append(
            (
                "no_vacancy",
                int(m.vacancy_employer[v]),
                _category_of(int(m.vacancy_nkz[v])),
                int(m.vacancy_nkz[v]),
            )
        )
    for e in rng.choice(few := _few_specialists(w), min(PER_KIND, few.size), replace=False):
        own = open_[(m.vacancy_employer[open_] == e) & np.isin(m.vacancy_nkz[open_] // 1000, (2, 3))]
        plans.append(("local_share", int(e), "specialist", int(m.vacancy_nkz[own[0]]) if own.size else 2142))
    heads = np.flatnonzero(
        (permits.category == CATEGORIES.index("head"))
        & (permits.valid_until >= w.valid_from)
        & (permits.revoked < 0)
    )
    for i in rng.choice(heads, min(PER_KIND, heads.size), replace=False):
        plans.append(("second_head", int(permits.employer[i]), "head", int(permits.nkz[i])))
    for v in rng.choice(open_, min(PER_KIND, open_.size), replace=False):
        plans.append(("off_seasonal_list", int(m.vacancy_employer[v]), "seasonal", 2411))
    # the last units of a quota: a specialist or skilled cell with 1-3 units left, then two more
    cells = [(r, c) for (r, c), n in w.left.items() if c in ("specialist", "skilled_worker") and 1 <= n <= 3]
    if cells:
        r, c = cells[int(rng.integers(len(cells)))]
        here = open_[(emps.region[m.vacancy_employer[open_]] == r)]
        here = here[[_category_of(int(n)) == c for n in m.vacancy_nkz[here]]]
        for v in here[: w.left[(r, c)] + 2]:
            plans.append(("last_units", int(m.vacancy_employer[v]), c, int(m.vacancy_nkz[v])))
    for _ in range(PER_KIND):
        plans.append(("household", -1, "household", int(rng.choice([5311, 5322, 9111, 5152]))))
    return [_row(w, i, plan, rng) for i, plan in enumerate(plans)] + _invalid(w, len(plans), plans[0], rng)


def _row(w: _World, i: int, plan: tuple[str, int, str, int], rng: np.random.Generator) -> dict[str, Any]:
    kind, employer, category, nkz = plan
    region = int(w.emps.region[employer]) if employer >= 0 else int(rng.integers(w.permits.quota.shape[0]))
    failed = w.decide(employer, region, category, nkz)
    m = w.market
    offered = m.vacancy_salary[m.vacancy_nkz == nkz]
    return {
        "salary": int(np.median(offered if offered.size else m.vacancy_salary)),
        "application_id": f"APP-{w.year}-{i + 1:05d}",
        "employer": employer,
        "region": region,
        "category": category,
        "nkz": f"{nkz:04d}",
        "kind": kind,
        "decision": "refused" if failed else "issued",
        "failed_checks": failed,
    }


def _invalid(
    w: _World, start: int, valid: tuple[str, int, str, int], rng: np.random.Generator
) -> list[dict[str, Any]]:
    """Applications that cannot be decided: an unknown category, region or employer, dates out of order."""
    _, employer, category, nkz = valid
    region = int(w.emps.region[employer])
    base = {
        "salary": int(np.median(w.market.vacancy_salary)),
        "employer": employer,
        "region": region,
        "category": category,
        "nkz": f"{nkz:04d}",
        "decision": "invalid",
        "failed_checks": [],
    }
    kinds = ("unknown_category", "unknown_region", "unknown_employer", "dates_out_of_order")
    return [
        base | {"application_id": f"APP-{w.year}-{start + i + 1:05d}", "kind": k} for i, k in enumerate(kinds)
    ]


def columns(
    rows: list[dict[str, Any]],
    year: int,
    kato: list[str],
    bins: pa.StringArray,
    iins: pa.StringArray,
    permits: Permits,
    rng: np.random.Generator,
) -> dict[str, list[str]]:
    """The applications as CSV columns; the workers are foreign permit holders of the year (their IINs)."""
    # household workers: they hold no contract, so no employer counts them already (check 3)
    pool = permits.person[permits.category == CATEGORIES.index("household")]
    holders = rng.choice(pool, len(rows), replace=pool.size < len(rows))
    out: dict[str, list[str]] = {c: [] for c in COLUMNS}
    submitted, start, end = (
        to_date(d) for d in (day(year, 12, 1), day(year, 12, 15), day(year, 12, 15) + 364)
    )
    for r, person in zip(rows, holders, strict=True):
        values = {
            "application_id": r["application_id"],
            "bin": "" if r["employer"] < 0 else str(bins[r["employer"]]),
            "category": r["category"],
            "nkz": r["nkz"],
            "kato": kato[r["region"]],
            "iin": str(iins[int(person)]),
            "citizenship": COUNTRIES[int(rng.integers(len(COUNTRIES)))],
            "submitted_on": submitted.isoformat(),
            "valid_from": start.isoformat(),
            "valid_until": end.isoformat(),
        }
        kind = r["kind"]
        if kind == "unknown_category":
            values["category"] = "director"
        elif kind == "unknown_region":
            values["kato"] = "990000000"
        elif kind == "unknown_employer":
            values["bin"] = "000000000000"
        elif kind == "dates_out_of_order":
            values["valid_until"] = (start - dt.timedelta(days=1)).isoformat()
        for c in FIELDS:
            out[c].append(values[c])
    # drawn after every other value, so the stream's earlier draws (and the file's other columns) stay as they were
    spread = rng.uniform(*SALARY_SPREAD, len(rows))
    out["salary_kzt"] = [str(int(round(r["salary"] * f, -3))) for r, f in zip(rows, spread, strict=True)]
    return out


def truth(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The expected decisions by application id, and how many of each kind were planted."""
    kinds: dict[str, int] = {}
    for r in rows:
        kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
    return {
        "file": "applications.csv",
        "kinds": kinds,
        "decisions": {
            r["application_id"]: {"decision": r["decision"], "failed_checks": r["failed_checks"]}
            for r in rows
        },
    }


def write(path: Path, cols: dict[str, list[str]]) -> None:
    """The applications CSV: UTF-8, a header, LF line ends."""
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        w.writerows(zip(*(cols[c] for c in COLUMNS), strict=True))
