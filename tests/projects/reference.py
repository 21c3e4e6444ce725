"""The methodology (docs/methodology.md) once more, in plain Python, written from its words.

It shares nothing with the SQL of jumys/projects/sql: it walks the rows one by one and asks each
rule as the spec states it. The property tests check that the SQL gives the same numbers on random
worlds; where the two differ, the spec decides which is wrong.

The lead's readings of the spec's open points are followed here too:
- a person whose contracts at one project fall in different classes counts in the best one
  (credited, else provisional, else unconfirmed);
- the wage bill counts payroll from any operator of P to the persons of P's credited contracts, for
  periods from a credited contract's start month to t's month;
- the region's average wage is that of the latest period beginning on or before t (a month before a
  year that begins on the same day; then the region's own KATO code, the smallest, before a district's);
- a project's deadline lies after its start date (the ingest refuses others).
Project ids are ordered character by character (code points), as Python sorts strings.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Employer:
    bin: str
    kato: str
    parent_bin: str | None = None


@dataclass(frozen=True)
class Contract:
    contract_id: str
    iin: str
    born: dt.date
    bin: str
    kato: str
    contract_type: str
    start_date: dt.date
    end_date: dt.date | None
    salary_kzt: int = 300_000
    nkz: str = "7212"
    conditions: str = "normal"


@dataclass(frozen=True)
class Pay:
    iin: str
    bin: str
    period: dt.date  # the first day of the month
    wage_kzt: int
    opv_kzt: int


@dataclass(frozen=True)
class Project:
    project_id: str
    investor_bin: str
    operator_bins: tuple[str, ...]
    kato: str
    investment_kzt: int
    start_date: dt.date
    deadline: dt.date
    promised_permanent_jobs: int


@dataclass(frozen=True)
class RegionStat:
    kato: str
    period: str  # YYYY or YYYY-MM
    value: float


@dataclass
class Registry:
    """Everything the methodology reads."""

    employers: list[Employer] = field(default_factory=list)
    contracts: list[Contract] = field(default_factory=list)
    payroll: list[Pay] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    region_stats: list[RegionStat] = field(default_factory=list)


@dataclass(frozen=True)
class Parameters:
    """The spec's parameters and their defaults (given as exact decimals)."""

    window_days: int = 180
    transfer_days: int = 60
    max_months: int = 6
    paid_share: Fraction = Fraction("0.8")
    youth_age: int = 35
    wage_share_target: Fraction = Fraction("0.30")


# --- terms ----------------------------------------------------------------------------------------


def region(kato: str) -> str:
    """The first two digits of a KATO code."""
    return kato[:2]


def month_of(d: dt.date) -> dt.date:
    return d.replace(day=1)


def next_month(m: dt.date) -> dt.date:
    return (m + dt.timedelta(days=32)).replace(day=1)


def last_day(m: dt.date) -> dt.date:
    return next_month(m) - DAY


def group(reg: Registry, p: Project) -> set[str]:
    """The operators, the investor, the parents of any of these, and every employer whose parent is one of those."""
    parent = {e.bin: e.parent_bin for e in reg.employers}
    core = set(p.operator_bins) | {p.investor_bin}
    with_parents = core | {q for b in core if (q := parent.get(b))}
    children = {e.bin for e in reg.employers if e.parent_bin in with_parents}
    return with_parents | children


def window(p: Project, t: dt.date, prm: Parameters) -> tuple[dt.date, dt.date]:
    """From start_date - 180 days to t."""
    return p.start_date - dt.timedelta(days=prm.window_days), t


def full_months(c: Contract, t: dt.date) -> list[dt.date]:
    """The calendar months wholly inside [start_date, t): first day >= start_date and last day < t."""
    out = []
    m = month_of(c.start_date)
    while m <= t:
        if m >= c.start_date and last_day(m) < t:
            out.append(m)
        m = next_month(m)
    return out


def active(c: Contract, d: dt.date) -> bool:
    """start_date <= d and (no end_date, or end_date >= d)."""
    return c.start_date <= d and (c.end_date is None or c.end_date >= d)


def age(born: dt.date, on: dt.date) -> int:
    """Whole years completed since the birth date."""
    years = on.year - born.year
    return years - 1 if (on.month, on.day) < (born.month, born.day) else years


# --- the rules ------------------------------------------------------------------------------------


def rule1(c: Contract, p: Project) -> bool:
    return c.bin in p.operator_bins and region(c.kato) == region(p.kato)


def rule3(c: Contract, p: Project, t: dt.date, prm: Parameters) -> bool:
    lo, hi = window(p, t, prm)
    return lo <= c.start_date <= hi


def rule5(reg: Registry, c: Contract, p: Project, prm: Parameters) -> bool:
    """Not a transfer: no contract of the person at another BIN of group(P) ended in [start - 60, start]."""
    g = group(reg, p)
    lo = c.start_date - dt.timedelta(days=prm.transfer_days)
    return not any(
        o.iin == c.iin
        and o.bin in g
        and o.bin != c.bin
        and o.end_date is not None
        and lo <= o.end_date <= c.start_date
        for o in reg.contracts
    )


def rules_1_to_5(reg: Registry, c: Contract, p: Project, t: dt.date, prm: Parameters) -> bool:
    return (
        rule1(c, p)
        and c.contract_type == "permanent"
        and rule3(c, p, t, prm)
        and (c.end_date is None or c.end_date >= t)
        and rule5(reg, c, p, prm)
    )


def rule6(reg: Registry, c: Contract, t: dt.date, prm: Parameters) -> tuple[int, int, bool]:
    """(n, paid months, paid?): of the last n = min(6, full months) full months, >= ceil(0.8 n) paid by c.bin."""
    months = full_months(c, t)
    n = min(prm.max_months, len(months))
    last = months[len(months) - n :]
    paid_periods = {r.period for r in reg.payroll if r.iin == c.iin and r.bin == c.bin and r.opv_kzt > 0}
    paid = sum(1 for m in last if m in paid_periods)
    return n, paid, n >= 1 and paid >= math.ceil(prm.paid_share * n)


def project_order(reg: Registry) -> list[Project]:
    return sorted(reg.projects, key=lambda p: (p.start_date, p.project_id))


def headcount(reg: Registry, p: Project, d: dt.date) -> int:
    """Distinct persons with an active permanent contract at the operators in P's region on day d."""
    return len(
        {c.iin for c in reg.contracts if c.contract_type == "permanent" and rule1(c, p) and active(c, d)}
    )


def region_avg_wage(reg: Registry, p: Project, t: dt.date) -> float | None:
    """avg_wage_kzt of P's region for the latest period beginning on or before t (a month before a year)."""

    def begins(period: str) -> dt.date:
        return dt.date(int(period[:4]), int(period[5:7]) if len(period) == 7 else 1, 1)

    found = [
        (begins(s.period), len(s.period), s.kato, s.value)
        for s in reg.region_stats
        if region(s.kato) == region(p.kato) and begins(s.period) <= t
    ]
    if not found:
        return None
    # latest start; on a tie a month before a year; then the region's own code (the smallest) before a district's
    found.sort(key=lambda f: (-f[0].toordinal(), -f[1], f[2]))
    return found[0][3]


# --- a project at t -------------------------------------------------------------------------------


@dataclass
class Job:
    """A contract assigned to a project: the evidence row."""

    project_id: str
    contract_id: str
    job_kind: str  # permanent | temporary
    status: str | None  # credited | provisional | unconfirmed (permanent only)
    months_checked: int | None
    paid_months: int | None


def assign(reg: Registry, t: dt.date, prm: Parameters) -> dict[str, Job]:
    """Each contract to the first project (by start_date, then project_id) for which it meets its rules."""
    order = project_order(reg)
    jobs: dict[str, Job] = {}
    for c in reg.contracts:
        if c.contract_type == "permanent":
            p = next((p for p in order if rules_1_to_5(reg, c, p, t, prm)), None)
            if p is None:
                continue
            n, paid, ok = rule6(reg, c, t, prm)
            status = "provisional" if n == 0 else "credited" if ok else "unconfirmed"
            jobs[c.contract_id] = Job(p.project_id, c.contract_id, "permanent", status, n, paid)
        else:
            p = next(
                (p for p in order if rule1(c, p) and rule3(c, p, t, prm) and rule5(reg, c, p, prm)),
                None,
            )
            if p is not None:
                jobs[c.contract_id] = Job(p.project_id, c.contract_id, "temporary", None, None, None)
    return jobs


def status(p: Project, t: dt.date, verified: int, prm: Parameters) -> tuple[str, int]:
    """The project's status at t and the expected jobs."""
    share = Fraction((t - p.start_date).days, (p.deadline - p.start_date).days)
    share = min(max(share, Fraction(0)), Fraction(1))
    expected = math.floor(p.promised_permanent_jobs * share)
    if t < p.start_date - dt.timedelta(days=prm.window_days):
        return "pending", expected
    if p.deadline <= t:
        return ("fulfilled" if verified >= p.promised_permanent_jobs else "failed"), expected
    return ("on_track" if verified >= expected else "at_risk"), expected


def verify(
    reg: Registry, t: dt.date, prm: Parameters | None = None
) -> tuple[dict[str, dict[str, Any]], dict[str, Job]]:
    """The results of every project at t (by project_id) and the evidence (by contract_id)."""
    prm = prm or Parameters()
    jobs = assign(reg, t, prm)
    by_id = {c.contract_id: c for c in reg.contracts}
    out: dict[str, dict[str, Any]] = {}
    for p in reg.projects:
        mine = [j for j in jobs.values() if j.project_id == p.project_id]
        permanent = [j for j in mine if j.job_kind == "permanent"]
        best: dict[str, str] = {}
        rank = {"credited": 0, "provisional": 1, "unconfirmed": 2}
        for j in permanent:
            iin = by_id[j.contract_id].iin
            assert j.status is not None
            if iin not in best or rank[j.status] < rank[best[iin]]:
                best[iin] = j.status
        credited = sum(1 for s in best.values() if s == "credited")
        baseline = headcount(reg, p, p.start_date - dt.timedelta(days=prm.window_days) - DAY)
        current = headcount(reg, p, t)
        verified = min(credited, max(0, current - baseline))
        st, expected = status(p, t, verified, prm)

        credited_contracts = [by_id[j.contract_id] for j in permanent if j.status == "credited"]
        youth = {c.iin for c in credited_contracts if age(c.born, c.start_date) <= prm.youth_age}
        t_month = month_of(t)
        temporary = {
            by_id[j.contract_id].iin
            for j in mine
            if j.job_kind == "temporary"
            and any(
                r.iin == by_id[j.contract_id].iin
                and r.bin == by_id[j.contract_id].bin
                and r.opv_kzt > 0
                and r.period <= t_month
                for r in reg.payroll
            )
        }
        wage_bill = sum(
            r.wage_kzt
            for r in reg.payroll
            if r.bin in p.operator_bins
            and r.period <= t_month
            and any(c.iin == r.iin and month_of(c.start_date) <= r.period for c in credited_contracts)
        )
        avg_wage = region_avg_wage(reg, p, t)
        mean_salary = (
            sum(c.salary_kzt for c in credited_contracts) / len(credited_contracts)
            if credited_contracts
            else None
        )
        out[p.project_id] = {
            "project_id": p.project_id,
            "region": region(p.kato),
            "status": st,
            "promised_permanent_jobs": p.promised_permanent_jobs,
            "expected_jobs": expected,
            "verified_permanent_jobs": verified,
            "credited": credited,
            "provisional": sum(1 for s in best.values() if s == "provisional"),
            "unconfirmed": sum(1 for s in best.values() if s == "unconfirmed"),
            "baseline_headcount": baseline,
            "current_headcount": current,
            "youth_jobs": len(youth),
            "temporary_jobs": len(temporary),
            "wage_bill_kzt": wage_bill,
            "investment_kzt": p.investment_kzt,
            "wage_share": wage_bill / p.investment_kzt if p.investment_kzt > 0 else None,
            "meets_wage_share": wage_bill >= prm.wage_share_target * p.investment_kzt
            if p.investment_kzt > 0
            else None,
            "mean_salary_kzt": mean_salary,
            "region_avg_wage_kzt": avg_wage,
            "salary_ratio": mean_salary / avg_wage if mean_salary is not None and avg_wage else None,
            "harmful_share": (
                sum(1 for c in credited_contracts if c.conditions in ("harmful", "hazardous"))
                / len(credited_contracts)
                if credited_contracts
                else None
            ),
        }
    return out, jobs
