"""Plain factories: rows of the data contract and batches written from them."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

from jumys.kit.identifiers import make_bin, make_iin
from jumys.registry.contract import BY_NAME

_serial = [0]


def _next() -> int:
    _serial[0] += 1
    return _serial[0]


def new_bin(registered: dt.date = dt.date(2015, 6, 1)) -> str:
    """A fresh valid BIN."""
    return make_bin(registered, _next())


def new_iin(born: dt.date = dt.date(1990, 4, 12), sex: str = "M") -> str:
    """A fresh valid IIN."""
    return make_iin(born, sex, _next())


def employer(**over: Any) -> dict[str, Any]:
    """An employers row."""
    row = {"bin": new_bin(), "name": "ТОО Тест", "kato": "751110000", "oked": "47111", "parent_bin": "",
           "lat": "43.25", "lon": "76.95", "registered_on": "2015-06-01"}
    return row | over


def contract(bin: str, **over: Any) -> dict[str, Any]:
    """A contracts row at employer bin."""
    row = {"contract_id": f"C{_next():08d}", "iin": new_iin(), "bin": bin, "kato": "751110000", "nkz": "2411",
           "contract_type": "permanent", "start_date": "2024-01-10", "end_date": "", "salary_kzt": "400000",
           "conditions": "normal"}
    return row | over


def payroll(iin: str, bin: str, period: str = "2024-02", **over: Any) -> dict[str, Any]:
    """A payroll row."""
    return {"iin": iin, "bin": bin, "period": period, "wage_kzt": "400000", "opv_kzt": "40000"} | over


def write_batch(folder: Path, files: dict[str, list[dict[str, Any]]], manifest: dict[str, Any] | None = None) -> Path:
    """Write rows as contract CSV files (contract column order) into folder; returns folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in files.items():
        cols = list(BY_NAME[name].column_names)
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
            w.writeheader()
            for r in rows:
                w.writerow({c: r.get(c, "") for c in cols})
    if manifest is not None:
        (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder
