"""What a planted project is given last: its wage bill, an investment that is plausible for its kind and
makes the 30 % wage rule clear either way, and its name."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from jumys.synth import project_kinds
from jumys.synth.calibration import Calibration
from jumys.synth.payroll import total_wages
from jumys.synth.projects import GENUINE, PENDING, Projects
from jumys.synth.tables import Contracts


def finish(cal: Calibration, projects: Projects, contracts: Contracts, rng: np.random.Generator) -> None:
    """Wage bills of the credited contracts, and investments that make the wage share clear either way."""
    n = len(projects)
    credited = projects.contract[projects.contract_role == GENUINE]
    owner = projects.contract_owner[projects.contract_role == GENUINE]
    wages = total_wages(
        contracts.start[credited], contracts.end[credited], contracts.salary[credited], cal.year
    )
    projects.wage_bill = np.bincount(owner, weights=wages, minlength=n).round().astype(np.int64)
    plausible = project_kinds.draw(projects.kind, projects.promised, rng)
    low = np.maximum(plausible, projects.wage_bill / rng.uniform(0.05, 0.10, n))  # a share under 10 %
    # a share of 40-100 %, narrowed so that the investment per promised job stays in its kind's range
    per_job = projects.wage_bill / projects.promised
    lowest, highest = project_kinds.bounds(projects.kind)
    least = np.clip(per_job / highest, 0.40, 1.00)
    high = projects.wage_bill / rng.uniform(least, np.clip(per_job / lowest, least, 1.00))
    investment = np.where(projects.situation == PENDING, plausible, np.where(projects.low_wage, low, high))
    projects.investment = (np.ceil(investment / 1000.0) * 1000).astype(np.int64)


def names(cal: Calibration, projects: Projects) -> pa.StringArray:
    """Project names, in Russian: kind of facility, region (in parentheses) and the id's number."""
    kinds = pa.array([k.name for k in project_kinds.KINDS]).take(pa.array(projects.kind))
    regions = pa.array([f"({project_kinds.region_ru(r)})" for r in cal.name_ru]).take(
        pa.array(projects.region)
    )
    number = pc.cast(pa.array(projects.number), pa.string())
    result = pc.binary_join_element_wise(kinds, regions, pc.binary_join_element_wise("№", number, " "), " ")
    assert isinstance(result, pa.StringArray)
    return result
