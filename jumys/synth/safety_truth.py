"""The "safety" section of truth.json: what the risk score and the conflict warnings should find.

- top_decile: per cut date D (each 1 January with three years of history before it, up to the
  truth's as-of date), the employers with a contract active on D whose latent unsafety in the
  year starting at D is in the top 10 % of them: what a perfect risk score puts in class high.
- improved: employers whose latent dropped for good, by the year it dropped.
- disputes: every labour dispute (dispute_id as in the file), whether signals were planted before
  it, and those signals with the day, month and lead in days; decoys: signals with no dispute.
- training: the share of employees trained at the employer's expense, per year.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa

from jumys.synth.days import day, to_date
from jumys.synth.disputes import KINDS, SIGNALS, Disputes, Planted
from jumys.synth.safety import Safety
from jumys.synth.shortage import SHORTAGE, TRANSPORT
from jumys.synth.tables import Contracts
from jumys.synth.training import Training, employer_paid_share
from jumys.synth.unsafety import history_from

TOP = 0.10


def cut_years(year: int) -> range:
    """The years whose 1 January is a cut date: three years of history before it, up to the as-of date."""
    return range(history_from(year) + 3, year + 2)


def top_decile(s: Safety, contracts: Contracts, cut_year: int) -> np.ndarray:
    """Employers with a contract active on 1 January of cut_year, in the top 10 % of that year's latent.

    The planted projects' groups have no safety record, so they are never counted in the top.
    """
    on = day(cut_year)
    active = np.flatnonzero(np.bincount(contracts.employer[(contracts.start <= on) & (contracts.end >= on)]))
    level = np.where(s.background[active], s.latent.year(cut_year)[active], -np.inf)
    k = max(1, round(active.size * TOP))
    order = np.lexsort((active, -level))
    return np.sort(active[order[:k]])


def truth(
    s: Safety, d: Disputes, t: Training, contracts: Contracts, bins: pa.StringArray, year: int
) -> dict[str, Any]:
    """The safety section of truth.json."""

    def names(index: np.ndarray) -> list[str]:
        return sorted(str(b) for b in bins.take(pa.array(np.asarray(index, dtype=np.int64))).to_pylist())

    order = np.lexsort((d.employer, d.started))
    dispute_id = {int(i): f"LD-{n + 1:06d}" for n, i in enumerate(order)}
    case_of = {c.dispute: c for c in d.signalled}
    disputes = []
    for i in order.tolist():
        case = case_of.get(i)
        disputes.append(
            {
                "dispute_id": dispute_id[i],
                "bin": str(bins[int(d.employer[i])]),
                "started_on": to_date(int(d.started[i])).isoformat(),
                "kind": KINDS[int(d.kind[i])],
                "signalled": case is not None,
                "signals": [] if case is None else _signals(case, int(d.started[i])),
            }
        )
    improved: dict[str, list[str]] = {}
    for y in range(history_from(year) + 1, year + 2):
        improved[str(y)] = names(np.flatnonzero(s.latent.improved_in == y))
    return {
        "history": {"from": f"{history_from(year)}-01-01", "to": f"{year}-12-31"},
        "cut_dates": [f"{y}-01-01" for y in cut_years(year)],
        "top_share": TOP,
        "top_decile": {f"{y}-01-01": names(top_decile(s, contracts, y)) for y in cut_years(year)},
        "improved": improved,
        "counts": {
            "disputes": len(disputes),
            "signalled": len(d.signalled),
            "surprise": len(disputes) - len(d.signalled),
            "decoys": len(d.decoys),
        },
        "disputes": disputes,
        "decoys": [{"bin": str(bins[c.employer]), "signals": _signals(c, None)} for c in d.decoys],
        "training": {
            str(y): round(employer_paid_share(contracts, t, y), 4) for y in range(year - 1, year + 1)
        },
        "shortage_nkz": [f"{c:04d}" for c in sorted(SHORTAGE)],
        "transport_nkz": [f"{c:04d}" for c in sorted(TRANSPORT)],
    }


def _signals(case: Planted, started: int | None) -> list[dict[str, Any]]:
    out = []
    for code, when in sorted(case.signals, key=lambda x: x[1]):
        date = to_date(when)
        item: dict[str, Any] = {
            "signal": SIGNALS[code],
            "on": date.isoformat(),
            "month": date.strftime("%Y-%m"),
        }
        if started is not None:
            item["lead_days"] = started - when
        out.append(item)
    return out
