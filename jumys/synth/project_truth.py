"""What the job-creation methodology must find in the planted projects: their truth, for `jumys score`.

The expected figures are computed with the methodology's own formulas (docs/methodology.md) from what
jumys/synth/projects.py planted, never by running the verification itself.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from jumys.synth.calibration import Calibration
from jumys.synth.days import day
from jumys.synth.projects import (
    DISMISSED,
    FICTITIOUS_HIRE,
    GENUINE,
    KEPT,
    MAIN_SITUATIONS,
    PENDING,
    STAFF,
    TEMPORARY,
    TRANSFER,
    Projects,
)


def statuses(cal: Calibration, projects: Projects, verified: NDArray[np.int64]) -> list[str]:
    """The status the methodology gives each project on the as-of date (1 January after the year)."""
    t = day(cal.year + 1)
    out = []
    for s, w, d, p, v in zip(
        projects.start, projects.window, projects.deadline, projects.promised, verified, strict=True
    ):
        if t < w:
            out.append("pending")
        elif d <= t:
            out.append("fulfilled" if v >= p else "failed")
        else:
            expected = int(p) * min(max(t - int(s), 0), int(d - s)) // int(d - s)
            out.append("on_track" if v >= expected else "at_risk")
    return out


def truth(cal: Calibration, projects: Projects, contract_ids: pa.StringArray) -> list[dict[str, Any]]:
    """The expected outcome of the methodology for every project, sorted by project_id."""
    staff = projects.count(STAFF) + projects.count(DISMISSED)
    dismissed = projects.count(DISMISSED)
    genuine, fictitious, transfers = (
        projects.count(GENUINE),
        projects.count(FICTITIOUS_HIRE),
        projects.count(TRANSFER),
    )
    current = staff - dismissed + genuine + fictitious + transfers
    verified = np.minimum(genuine, np.maximum(0, current - staff))
    status = statuses(cal, projects, verified)
    temporary = projects.count(TEMPORARY)
    intended = {KEPT: ("fulfilled", "on_track"), PENDING: ("pending",)}
    ids = projects.ids().to_pylist()
    # planted contracts sorted by (project, role, contract): each (project, role) is one slice
    key = projects.contract_owner * 8 + projects.contract_role
    order = np.lexsort((projects.contract, key))
    sorted_key = key[order]
    names = contract_ids.take(pa.array(projects.contract[order])).to_pylist()

    def listed(i: int, role: int) -> list[str]:
        lo, hi = np.searchsorted(sorted_key, [i * 8 + role, i * 8 + role + 1])
        return [str(x) for x in names[lo:hi]]

    result = []
    for i in (int(x) for x in np.argsort(projects.order)):
        situation = int(projects.situation[i])
        if status[i] not in intended.get(situation, ("failed", "at_risk")):
            raise AssertionError(
                f"project {ids[i]}: planted {MAIN_SITUATIONS[situation]} but status {status[i]}"
            )
        result.append(
            {
                "project_id": ids[i],
                "situations": [MAIN_SITUATIONS[situation]]
                + (["low_wage_share"] if projects.low_wage[i] else []),
                "promised_permanent_jobs": int(projects.promised[i]),
                "genuine_new_jobs": int(verified[i]),
                "expected_status": status[i],
                "fictitious_contract_ids": listed(i, FICTITIOUS_HIRE),
                "transfer_contract_ids": listed(i, TRANSFER),
                "churn_dismissed": int(dismissed[i]),
                "credited": int(genuine[i]),
                "provisional": 0,
                "unconfirmed": int(fictitious[i]),
                "baseline_headcount": int(staff[i]),
                "current_headcount": int(current[i]),
                "temporary_jobs": int(temporary[i]),
                "wage_bill_kzt": int(projects.wage_bill[i]),
                "investment_kzt": int(projects.investment[i]),
                "wage_share": round(float(projects.wage_bill[i] / projects.investment[i]), 6),
            }
        )
    return result
