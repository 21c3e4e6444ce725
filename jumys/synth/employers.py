"""Employers: region, activity, heavy-tailed size, affiliate groups, registration date, BIN and place.

Real: regions' shares of employment (employers are spread like the employed), OKED subclass
codes, region borders. Assumed (ASSUMPTIONS.md): the sector mix and its regional tilts, the
size distribution, the share of holdings and their number of subsidiaries, registration ages.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from jumys.synth import geo
from jumys.synth.calibration import SECTIONS, Calibration
from jumys.synth.days import day
from jumys.synth.draw import apportion, categorical

EMPLOYERS_AT_SCALE_1 = 420_000
MIN_EMPLOYERS = 300
BACKGROUND, HOLDING, OPERATOR, AFFILIATE = 0, 1, 2, 3

# per OKED section: share of employers and relative size of an employer (assumptions)
_FIRM_SHARE = dict(
    zip(
        SECTIONS,
        (
            6.0,
            0.5,
            7.0,
            0.5,
            0.5,
            10.0,
            30.0,
            5.0,
            4.0,
            3.0,
            1.5,
            5.0,
            8.0,
            5.0,
            1.5,
            5.0,
            2.5,
            1.5,
            3.5,
            0.1,
            0.05,
        ),
        strict=True,
    )
)
SIZE_FACTOR = dict(
    zip(
        SECTIONS,
        (
            1.0,
            8.0,
            2.0,
            6.0,
            3.0,
            1.0,
            0.4,
            1.5,
            0.6,
            0.8,
            2.5,
            0.4,
            0.5,
            0.8,
            6.0,
            4.0,
            4.0,
            1.5,
            0.4,
            0.2,
            1.0,
        ),
        strict=True,
    )
)
# regional tilts of the sector mix (multipliers of _FIRM_SHARE; assumptions)
_TILTS: dict[str, dict[str, float]] = {
    "B": {
        "23": 6,
        "47": 6,
        "27": 3,
        "15": 3,
        "43": 3,
        "35": 3,
        "62": 8,
        "55": 2,
        "39": 1.5,
        "63": 2,
        "10": 1.5,
        "71": 0.3,
        "75": 0.3,
        "79": 0.3,
    },
    "A": {
        "59": 3,
        "39": 2.5,
        "11": 2.5,
        "61": 2.5,
        "31": 2,
        "33": 2.5,
        "19": 2,
        "10": 2,
        "43": 1.5,
        "71": 0.1,
        "75": 0.1,
        "79": 0.2,
    },
    "C": {"55": 1.8, "35": 1.6, "63": 1.5, "15": 1.3, "19": 1.2, "79": 1.4},
    "J": {"75": 2.5, "71": 2.0},
    "K": {"75": 2.5, "71": 2.0},
    "M": {"75": 2.0, "71": 2.0},
    "O": {"71": 2.5},
}
_PARETO_ALPHA = 1.1
_SIZE_CAP = 3000.0
_HOLDING_SHARE = 0.015
_FORMS = ("ТОО", "АО", "ГУ", "КГП", "ИП", "Филиал")
_STEMS = (
    "Алтын",
    "Береке",
    "Самал",
    "Нур",
    "Жулдыз",
    "Арман",
    "Кайнар",
    "Сункар",
    "Тулпар",
    "Болашак",
    "Даму",
    "Ак Жол",
    "Шапагат",
    "Айша",
    "Каспий",
    "Алатау",
    "Сарыарка",
    "Ертис",
    "Есиль",
    "Тобол",
    "Жетысу",
    "Орда",
    "Байтерек",
    "Кемел",
    "Ынтымак",
    "Шугыла",
    "Мерей",
    "Достар",
    "Азия",
    "Евразия",
    "Дала",
    "Таң",
)
_WORDS = dict(
    zip(
        SECTIONS,
        (
            "Агро",
            "Майнинг",
            "Завод",
            "Энерго",
            "Су Арна",
            "Құрылыс",
            "Трейд",
            "Транс",
            "Қонақ",
            "Софт",
            "Финанс",
            "Үй",
            "Консалт",
            "Сервис",
            "Әкімдік",
            "Білім",
            "Мед",
            "Арт",
            "Тұрмыс",
            "Үй шаруашылығы",
            "Миссия",
        ),
        strict=True,
    )
)


@dataclass
class Employers:
    """Employers; parent is a global index (-1 for none); kind tells background from planted ones."""

    region: NDArray[np.int64]
    section: NDArray[np.int64]
    oked: NDArray[np.str_]
    parent: NDArray[np.int64]
    registered: NDArray[np.int32]
    entity: NDArray[np.int64]
    weight: NDArray[np.float64]  # relative chance of taking a background hire (0: none)
    kind: NDArray[np.int8]

    def __len__(self) -> int:
        return int(self.region.size)


def concat(a: Employers, b: Employers) -> Employers:
    """Employers of a, then those of b (b's parent indices must already be global)."""
    return Employers(
        **{f.name: np.concatenate([getattr(a, f.name), getattr(b, f.name)]) for f in fields(Employers)}
    )


def section_weights(cal: Calibration) -> NDArray[np.float64]:
    """Share of employers by (region, section)."""
    table = np.array([[_FIRM_SHARE[s] for s in SECTIONS]] * cal.regions)
    for s, tilts in _TILTS.items():
        for kato2, factor in tilts.items():
            table[cal.kato2.index(kato2), SECTIONS.index(s)] *= factor
    return np.asarray(table / table.sum(axis=1, keepdims=True), dtype=np.float64)


def random_oked(cal: Calibration, section: NDArray[np.int64], rng: np.random.Generator) -> NDArray[np.str_]:
    """A random OKED subclass code of each section."""
    codes = np.empty(section.size, dtype="<U5")
    for s, letter in enumerate(SECTIONS):
        where = np.flatnonzero(section == s)
        if where.size:
            pool = cal.oked_by_section[letter]
            codes[where] = pool[rng.integers(0, pool.size, where.size)]
    return codes


def background(cal: Calibration, scale: float, rng: np.random.Generator) -> Employers:
    """The country's employers (without the planted ones), with their affiliate groups."""
    n = max(MIN_EMPLOYERS, round(EMPLOYERS_AT_SCALE_1 * scale))
    per_region = np.maximum(apportion(n, cal.employment_share), 3)
    region = np.repeat(np.arange(cal.regions), per_region)
    n = region.size
    section = categorical(section_weights(cal), region, rng)
    size = np.minimum((1.0 - rng.random(n)) ** (-1.0 / _PARETO_ALPHA), _SIZE_CAP)
    weight = size * np.array([SIZE_FACTOR[s] for s in SECTIONS])[section]
    y0 = day(cal.year)
    age = rng.exponential(2500.0 + 500.0 * np.log(weight + 1.0))
    registered = y0 - 60 - age.astype(np.int64)
    old = registered < day(1995)  # the oldest firms: spread over 1995-1999 rather than piled on one day
    registered[old] = rng.integers(day(1995), day(2000), int(old.sum()))
    registered = registered.astype(np.int32)
    entity = np.where(rng.random(n) < 0.02, 6, np.where(rng.random(n) < 0.01, 5, 4)).astype(np.int64)
    parent = _groups(weight, rng)
    holding = np.isin(np.arange(n), parent)
    entity[holding & (rng.random(n) < 0.1)] = 5
    return Employers(
        region=region,
        section=section,
        oked=random_oked(cal, section, rng),
        parent=parent,
        registered=registered,
        entity=entity,
        weight=weight,
        kind=np.zeros(n, dtype=np.int8),
    )


def _groups(weight: NDArray[np.float64], rng: np.random.Generator) -> NDArray[np.int64]:
    """parent index of each employer (-1 for none): a few larger employers hold subsidiaries."""
    n = weight.size
    parent = np.full(n, -1, dtype=np.int64)
    holdings_n = max(1, round(n * _HOLDING_SHARE))
    p = np.sqrt(weight)
    holdings = rng.choice(n, size=holdings_n, replace=False, p=p / p.sum())
    subsidiaries_n = np.minimum(1 + rng.geometric(0.3, holdings_n), 30)
    pool = rng.permutation(np.setdiff1d(np.arange(n), holdings))
    take = min(int(subsidiaries_n.sum()), pool.size)
    parent[pool[:take]] = np.repeat(holdings, subsidiaries_n)[:take]
    return parent


def locate(
    cal: Calibration, emps: Employers, rng: np.random.Generator
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """A random point inside each employer's region: (lat, lon), rounded to 5 decimals."""
    lat = np.empty(len(emps))
    lon = np.empty(len(emps))
    for r, kato2 in enumerate(cal.kato2):
        where = np.flatnonzero(emps.region == r)
        if where.size:
            x, y = geo.sample(cal.shapes[kato2], where.size, rng)
            lon[where], lat[where] = x, y
    return np.round(lat, 5), np.round(lon, 5)


def names(emps: Employers, rng: np.random.Generator) -> pa.StringArray:
    """Company names: legal form, a word, the sector's word and a number."""
    n = len(emps)
    form = np.zeros(n, dtype=np.int64)
    big = emps.weight >= np.quantile(emps.weight, 0.99) if n else np.zeros(0, dtype=np.bool_)
    form[big] = 1
    public = np.isin(emps.section, [SECTIONS.index("O"), SECTIONS.index("P"), SECTIONS.index("Q")])
    form[public & (rng.random(n) < 0.6)] = 2
    form[(emps.section == SECTIONS.index("E")) & (rng.random(n) < 0.5)] = 3
    form[emps.entity == 6] = 4
    form[emps.entity == 5] = 5
    form[emps.kind == HOLDING] = 1
    stem = pa.array(_STEMS).take(pa.array(rng.integers(0, len(_STEMS), n)))
    word = pa.array([_WORDS[s] for s in SECTIONS]).take(pa.array(emps.section))
    word = pc.if_else(pa.array(emps.kind == HOLDING), pa.scalar("Холдинг"), word)
    number = pc.cast(pa.array(rng.integers(1, 1000, n)), pa.string())
    inner = pc.binary_join_element_wise(stem, word, number, " ")
    quoted = pc.binary_join_element_wise(
        pa.array(_FORMS).take(pa.array(form)), pc.binary_join_element_wise("«", inner, "»", ""), " "
    )
    assert isinstance(quoted, pa.StringArray)
    return quoted
