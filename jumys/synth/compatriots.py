"""The registry of compatriots abroad (data contract 1.1 `compatriots`): ethnic Kazakhs living abroad who
registered an interest in returning.

Assumed (ASSUMPTIONS.md): its size, the countries (those the kandas come from), the shares that name a
region, an occupation and a year of return, education, and the kandas resettled by the programme who had
registered before they moved (they carry their IIN and the region and year they then moved to).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from jumys.synth.calibration import Calibration
from jumys.synth.days import day, ymd
from jumys.synth.draw import choice
from jumys.synth.jobs import JobModel, group_mix
from jumys.synth.mobility import DEFICIT, KANDAS_ORIGIN, PROGRAMS, Cases
from jumys.synth.tables import COUNTRIES

RECORDS = 40_000  # at scale 1 (at least 30)
LINKED = 0.40  # of the resettled kandas heads, registered 60-720 days before they moved
EDUCATION = ("general", "vocational", "higher")
_EDUCATION_SHARE = (0.45, 0.35, 0.20)
REGION_GIVEN, NKZ_GIVEN, YEAR_GIVEN = 0.60, 0.70, 0.55
_RECEIVING_HALF = 0.5  # of those naming a region, the share naming a receiving (northern) region
_LATER_YEARS = (35, 25, 18, 12, 10)  # weights of year + 1 .. year + 5 for an intended return
_PAST_YEAR = 0.20  # of those naming a year, the share naming one already passed (not come yet)


@dataclass
class Registry:
    """Registry records, in registration order."""

    person: NDArray[np.int64]  # -1: no IIN
    country: NDArray[np.int64]  # index into COUNTRIES
    region: NDArray[np.int64]  # -1: none named
    nkz: NDArray[np.int64]  # -1: none named
    education: NDArray[np.int64]
    year: NDArray[np.int64]  # intended year of return, -1: none named
    registered: NDArray[np.int32]


def generate(
    cal: Calibration,
    cases: Cases,
    population: NDArray[np.float64],
    jobs: JobModel,
    scale: float,
    rng: np.random.Generator,
) -> Registry:
    """The registry: the linked kandas heads, then other compatriots abroad, sorted by registration day."""
    first, end = day(cal.year - 6), day(cal.year + 1)
    kandas = np.flatnonzero(
        (cases.program == PROGRAMS.index("kandas")) & (rng.random(cases.program.size) < LINKED)
    )
    linked_registered = np.maximum(
        cases.moved[kandas].astype(np.int64) - rng.integers(60, 721, kandas.size), first
    )
    linked_nkz = np.where(
        cases.contract[kandas] >= 0,
        cases.contracts.nkz[np.maximum(cases.contract[kandas], 0)].astype(np.int64),
        -1,
    )

    n = max(30, round(RECORDS * scale)) - kandas.size
    origin = np.zeros(len(COUNTRIES))
    origin[[COUNTRIES.index(c) for c in KANDAS_ORIGIN]] = list(KANDAS_ORIGIN.values())
    country = choice(origin, n, rng)
    receiving = np.array([DEFICIT.get(k, 0.0) for k in cal.kato2])
    other = np.where(receiving > 0, 0.0, population)
    region = np.where(rng.random(n) < _RECEIVING_HALF, choice(receiving, n, rng), choice(other, n, rng))
    region = np.where(rng.random(n) < REGION_GIVEN, region, -1)
    group = choice(group_mix().mean(axis=0), n, rng) + 1
    nkz = np.where(rng.random(n) < NKZ_GIVEN, jobs.nkz(group, rng), -1)
    registered = (first + np.floor(rng.random(n) * (end - first))).astype(np.int64)
    registered_year = ymd(registered.astype(np.int32))[0]
    past = registered_year + np.floor(rng.random(n) * (cal.year + 1 - registered_year)).astype(np.int64)
    later = cal.year + 1 + choice(np.array(_LATER_YEARS, dtype=np.float64), n, rng)
    year = np.where(rng.random(n) < _PAST_YEAR, past, later)
    year = np.where(rng.random(n) < YEAR_GIVEN, year, -1)
    education = choice(np.array(_EDUCATION_SHARE), n + kandas.size, rng)

    registered_all = np.r_[linked_registered, registered].astype(np.int32)
    order = np.argsort(registered_all, kind="stable")
    return Registry(
        np.r_[cases.person[kandas], np.full(n, -1)].astype(np.int64)[order],
        np.r_[cases.citizenship[kandas].astype(np.int64), country][order],
        np.r_[cases.target[kandas], region].astype(np.int64)[order],
        np.r_[linked_nkz, nkz].astype(np.int64)[order],
        education[order],
        np.r_[ymd(cases.moved[kandas])[0], year].astype(np.int64)[order],
        registered_all[order],
    )
