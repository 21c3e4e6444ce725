"""What a planted project builds: the kind of facility, its OKED activity, its Russian name and the
range of a plausible investment (ASSUMPTIONS.md, "Kinds of project", gives the sources).

The 30 % wage rule sorts projects by labour intensity: a project passes when its yearly wage bill
is at least 30 % of the investment. So the projects planted above the rule are labour-intensive
(a sewing factory, a contact centre), whose investment is counted per promised job, and those
planted below it, or not started yet, are capital-intensive (a power station, a mine), whose
investment is a total.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from jumys.synth.calibration import SECTIONS, Calibration
from jumys.synth.draw import choice


@dataclass(frozen=True)
class Kind:
    """A kind of facility: Russian name, OKED section and classes, plausible investment in KZT."""

    name: str
    section: str
    oked: tuple[str, ...]  # OKED classes (4 digits); the subclass is drawn among theirs
    low: float
    high: float
    per_job: bool  # low-high is per promised permanent job (labour-intensive), else the total
    weight: float  # relative frequency within its family


# capital-intensive: low wage share and pending projects; labour-intensive: the wage rule holds
CAPITAL = (
    Kind("Электростанция", "D", ("3511",), 5e9, 1e12, False, 30),
    Kind("Горно-обогатительный комбинат", "B", ("0710", "0729"), 10e9, 1e12, False, 25),
    Kind("Металлургический завод", "C", ("2410", "2442"), 10e9, 1e12, False, 25),
    Kind("Завод строительных материалов", "C", ("2351",), 2e9, 2e11, False, 6),
    Kind("Агрокомплекс", "A", ("0141", "0147"), 2e8, 1e10, False, 10),
    Kind("Логистический центр", "H", ("5210",), 2e9, 5e10, False, 6),
    Kind("Гостиничный комплекс", "I", ("5510",), 1e9, 3e10, False, 6),
    Kind("Центр обработки данных", "J", ("6311",), 3e9, 1e11, False, 4),
    Kind("Медицинский центр", "Q", ("8610",), 1e9, 3e10, False, 4),
    Kind("Водоочистные сооружения", "E", ("3600",), 1e9, 5e10, False, 4),
)
LABOUR = (
    Kind("Швейная фабрика", "C", ("1413",), 2e5, 5e7, True, 25),
    Kind("Хлебозавод", "C", ("1071",), 2e5, 5e7, True, 15),
    Kind("Строительная компания", "F", ("4120",), 2e5, 5e7, True, 15),
    Kind("Контакт-центр", "N", ("8220",), 2e5, 5e7, True, 10),
    Kind("Центр разработки программного обеспечения", "J", ("6201",), 2e5, 5e7, True, 10),
    Kind("Комбинат питания", "I", ("5629",), 2e5, 5e7, True, 15),
    Kind("Курьерская служба", "H", ("5320",), 2e5, 5e7, True, 10),
)
KINDS = CAPITAL + LABOUR
CITIES = ("71", "75", "79")  # Astana, Almaty, Shymkent: no mine or farm inside them
LOW_WAGE_KINDS = 3  # the first three capital kinds: the only ones planted with a low wage share
_TRANSLIT = str.maketrans("ӘәҒғҚқҢңӨөҰұҮүҺһІі", "АаГгКкНнОоУуУуХхЫы")


def choose(
    low_wage: NDArray[np.bool_], pending: NDArray[np.bool_], rng: np.random.Generator
) -> NDArray[np.int64]:
    """The kind (index into KINDS) of each project: by its family."""
    n = low_wage.size
    capital = np.array([k.weight for k in CAPITAL])
    labour = np.array([k.weight for k in LABOUR])
    low_pick = choice(capital[:LOW_WAGE_KINDS], n, rng)
    pending_pick = choice(capital, n, rng)
    labour_pick = len(CAPITAL) + choice(labour, n, rng)
    return np.where(low_wage, low_pick, np.where(pending, pending_pick, labour_pick)).astype(np.int64)


def sections(kind: NDArray[np.int64]) -> NDArray[np.int64]:
    """OKED section (index into SECTIONS) of each project's kind."""
    return np.array([SECTIONS.index(k.section) for k in KINDS])[kind]


def outside_cities(kind: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Whether each project's kind (a mine, a farm) is never built inside a city of republican status."""
    return np.isin(np.array([k.section for k in KINDS])[kind], ("A", "B"))


def oked(cal: Calibration, kind: NDArray[np.int64], rng: np.random.Generator) -> NDArray[np.str_]:
    """A random OKED subclass of each project's kind."""
    codes = np.empty(kind.size, dtype="<U5")
    for i, k in enumerate(KINDS):
        where = np.flatnonzero(kind == i)
        if where.size:
            pool = cal.oked_by_section[k.section]
            pool = pool[np.isin(pool.astype("<U4"), k.oked)]
            codes[where] = pool[rng.integers(0, pool.size, where.size)]
    return codes


def bounds(kind: NDArray[np.int64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The plausible investment range of each project's kind (per job or total, as the kind says)."""
    return np.array([k.low for k in KINDS])[kind], np.array([k.high for k in KINDS])[kind]


def draw(
    kind: NDArray[np.int64], promised: NDArray[np.int64], rng: np.random.Generator
) -> NDArray[np.float64]:
    """A log-uniform investment within each kind's plausible range (per job times the promised jobs)."""
    low, high = bounds(kind)
    per_job = np.array([k.per_job for k in KINDS])[kind]
    value = np.exp(rng.uniform(np.log(low), np.log(high)))
    return np.asarray(np.where(per_job, value * promised, value), dtype=np.float64)


def region_ru(name: str) -> str:
    """A region's Russian name as a Russian text writes it: "г. Алматы", "область Улытау"."""
    return name.replace("г.", "г. ").replace("  ", " ").translate(_TRANSLIT)
