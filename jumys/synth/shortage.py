"""Occupations sought by job seekers, and the shortage occupations whose vacancies stay open.

Job seekers (data contract 1.1, `job_seekers.nkz`): one who was hired through the service sought the
occupation of the contract they got (80 %, else another of its major group); the others seek the
occupation of a random contract of the year, but seldom a shortage one (85 % of those are moved to
another occupation of the group); 5 % say none. Shortage occupations, named in the seeds: transport
(aviation, railways, shipping) and rural specialists (agronomists, veterinarians, doctors, nurses,
teachers). Their extra vacancies, at employers of the matching OKED section, are mostly still
open at the end of the year and the rest filled only after 90-250 days. KATO codes in the batch
name a region, not a village, so "rural" is not told apart here. Assumed (ASSUMPTIONS.md).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from jumys.synth.calibration import SECTIONS
from jumys.synth.days import day
from jumys.synth.draw import uniform_days
from jumys.synth.employers import BACKGROUND, Employers
from jumys.synth.jobs import JobModel
from jumys.synth.market import Market
from jumys.synth.tables import Contracts

# ISCO-08 unit groups (NKZ follows its structure) and the OKED section of the employers that seek them
SHORTAGE = {
    3151: "H",  # ships' engineers
    3152: "H",  # ships' deck officers and pilots
    3153: "H",  # aircraft pilots
    3154: "H",  # air traffic controllers
    8311: "H",  # locomotive engine drivers
    8312: "H",  # railway brake, signal and switch operators
    2132: "A",  # farming advisers, agronomists
    2250: "A",  # veterinarians
    2211: "Q",  # generalist medical practitioners
    2221: "Q",  # nursing professionals
    2330: "P",  # secondary education teachers
    2341: "P",  # primary school teachers
}
TRANSPORT = tuple(k for k, s in SHORTAGE.items() if s == "H")
_LINKED_SAME, _SEEK_SHORTAGE, _NO_NKZ = 0.80, 0.15, 0.05
_EXTRA_SHARE, _STILL_OPEN = 0.03, 0.75


def seekers_nkz(
    m: Market, contracts: Contracts, jobs: JobModel, year: int, rng: np.random.Generator
) -> NDArray[np.int64]:
    """The occupation each job seeker sought (-1: not said)."""
    n = m.seeker_person.size
    y0, y1 = day(year), day(year + 1)
    pool = np.flatnonzero((contracts.start < y1) & (contracts.end >= y0) & ~contracts.planted)
    nkz = contracts.nkz[pool[rng.integers(0, pool.size, n)]].astype(np.int64)
    linked = m.seeker_contract >= 0
    nkz[linked] = contracts.nkz[m.seeker_contract[linked]]
    group = nkz // 1000
    other = jobs.nkz(group, rng)
    move = np.where(
        linked,
        rng.random(n) >= _LINKED_SAME,
        np.isin(nkz, list(SHORTAGE)) & (rng.random(n) >= _SEEK_SHORTAGE),
    )
    nkz = np.where(move, other, nkz)
    return np.where(rng.random(n) < _NO_NKZ, -1, nkz)


def vacancies(m: Market, emps: Employers, jobs: JobModel, year: int, rng: np.random.Generator) -> Market:
    """The market with extra vacancies for shortage occupations added, in the file's order."""
    codes = np.array(list(SHORTAGE), dtype=np.int64)
    n = max(2 * codes.size, round(m.vacancy_employer.size * _EXTRA_SHARE))
    nkz = codes[rng.integers(0, codes.size, n)]
    section = np.array([SECTIONS.index(SHORTAGE[int(c)]) for c in nkz])
    background = emps.kind == BACKGROUND
    employer = np.empty(n, dtype=np.int64)
    for s in np.unique(section):
        pool = np.flatnonzero(background & (emps.section == s))
        if pool.size == 0:
            pool = np.flatnonzero(background)
        w = emps.weight[pool] + 1e-9
        at = section == s
        employer[at] = pool[
            np.searchsorted(np.cumsum(w), rng.random(int(at.sum())) * 0.999999 * w.sum(), side="right")
        ]
    y0, y1 = day(year), day(year + 1)
    posted = np.maximum(uniform_days(y0 - 200, y1 - 91, rng, n), emps.registered[employer] + 1).astype(
        np.int64
    )
    closed = posted + rng.integers(90, 251, n)
    filled = (rng.random(n) >= _STILL_OPEN) & (closed < y1)
    salary = np.maximum(
        np.round(jobs.salary(emps.region[employer], nkz // 1000, rng) * 1.2 / 5000.0) * 5000, jobs.floor
    )
    all_posted = np.r_[m.vacancy_posted, posted]
    all_employer = np.r_[m.vacancy_employer, employer]
    order = np.lexsort((all_employer, all_posted))
    m.vacancy_employer = all_employer[order]
    m.vacancy_nkz = np.r_[m.vacancy_nkz, nkz][order]
    m.vacancy_salary = np.r_[m.vacancy_salary, salary.astype(np.int64)][order]
    m.vacancy_posted = all_posted.astype(np.int32)[order]
    m.vacancy_closed = np.r_[m.vacancy_closed, np.where(filled, closed, -1)].astype(np.int32)[order]
    m.vacancy_filled = np.r_[m.vacancy_filled, filled][order]
    return m
