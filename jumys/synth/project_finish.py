"""What a planted project is given last: its wage bill, an investment that makes the 30 % wage rule clear
either way, and its name."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from jumys.synth.calibration import SECTIONS, Calibration
from jumys.synth.payroll import total_wages
from jumys.synth.projects import GENUINE, PENDING, Projects
from jumys.synth.tables import Contracts

LOW_WAGE_SHARE = 0.12  # share of started projects whose wage bill is planted far below 30 % of the investment
KINDS = {
    "C": "Завод",
    "A": "Агрокомплекс",
    "B": "Рудник",
    "D": "Электростанция",
    "H": "Логистический центр",
    "I": "Гостиничный комплекс",
    "F": "Завод стройматериалов",
    "J": "Центр обработки данных",
    "Q": "Медицинский центр",
    "E": "Водоочистной комплекс",
}


def finish(cal: Calibration, projects: Projects, contracts: Contracts, rng: np.random.Generator) -> None:
    """Wage bills of the credited contracts, and investments that make the wage share clear either way."""
    n = len(projects)
    credited = projects.contract[projects.contract_role == GENUINE]
    owner = projects.contract_owner[projects.contract_role == GENUINE]
    wages = total_wages(
        contracts.start[credited], contracts.end[credited], contracts.salary[credited], cal.year
    )
    projects.wage_bill = np.bincount(owner, weights=wages, minlength=n).round().astype(np.int64)
    started = np.flatnonzero(projects.situation != PENDING)
    low = np.zeros(n, dtype=np.bool_)
    low[
        rng.choice(
            started, size=min(started.size, max(3, round(LOW_WAGE_SHARE * started.size))), replace=False
        )
    ] = True
    share = np.where(low, rng.uniform(0.02, 0.10, n), rng.uniform(0.40, 1.00, n))
    investment = np.where(
        projects.situation == PENDING,
        projects.promised * rng.uniform(15e6, 60e6, n),
        projects.wage_bill / share,
    )
    projects.low_wage = low
    projects.investment = (np.ceil(investment / 1000.0) * 1000).astype(np.int64)


def names(cal: Calibration, projects: Projects) -> pa.StringArray:
    """Project names: kind of facility, region and number."""
    kinds = pa.array([KINDS.get(s, "Проект") for s in SECTIONS]).take(pa.array(projects.section))
    regions = pa.array(list(cal.name_ru)).take(pa.array(projects.region))
    number = pc.cast(pa.array(projects.order + 1), pa.string())
    result = pc.binary_join_element_wise(kinds, regions, pc.binary_join_element_wise("№", number, ""), " ")
    assert isinstance(result, pa.StringArray)
    return result
