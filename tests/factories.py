"""Plain factories: rows of the data contract and batches written from them."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from jumys.config import Settings
from jumys.kit.identifiers import make_bin, make_iin
from jumys.kit.spreadsheet import FORMULA_STARTS
from jumys.registry.contract import BY_NAME
from jumys.registry.ingest import BatchReport, ingest_batch
from jumys.storage.schema import metadata

_serial = [0]


def _next() -> int:
    _serial[0] += 1
    return _serial[0]


_issued: set[str] = set()


def _fresh(make: Callable[[int], str]) -> str:
    """A value of make(serial) not issued before: make bumps past serials without a check digit, so two
    serials may give the same number."""
    for _ in range(20_000):  # every serial of one birth date and sex, twice over
        if (value := make(_next())) not in _issued:
            _issued.add(value)
            return value
    raise RuntimeError("every IIN of this birth date and sex was issued in this process: vary the birth date")


def new_bin(registered: dt.date = dt.date(2015, 6, 1)) -> str:
    """A fresh valid BIN."""
    return _fresh(lambda serial: make_bin(registered, serial))


def new_iin(born: dt.date | None = None, sex: str = "M") -> str:
    """A fresh valid IIN, of a person born on born; unset: on 12 April 1990, a day later every 9,000 IINs
    (a birth date and sex have 10,000 serials, and a worker of the test suite issues more)."""
    if born is None:
        return _fresh(
            lambda serial: make_iin(dt.date(1990, 4, 12) + dt.timedelta(days=serial // 9000), sex, serial)
        )
    return _fresh(lambda serial: make_iin(born, sex, serial))


def employer(**over: Any) -> dict[str, Any]:
    """An employers row."""
    row = {
        "bin": new_bin(),
        "name": "ТОО Тест",
        "kato": "751110000",
        "oked": "47111",
        "parent_bin": "",
        "lat": "43.25",
        "lon": "76.95",
        "registered_on": "2015-06-01",
    }
    return row | over


def contract(bin: str, **over: Any) -> dict[str, Any]:
    """A contracts row at employer bin."""
    row = {
        "contract_id": f"C{_next():08d}",
        "iin": new_iin(),
        "bin": bin,
        "kato": "751110000",
        "nkz": "2411",
        "contract_type": "permanent",
        "start_date": "2024-01-10",
        "end_date": "",
        "salary_kzt": "400000",
        "conditions": "normal",
    }
    return row | over


def payroll(iin: str, bin: str, period: str = "2024-02", **over: Any) -> dict[str, Any]:
    """A payroll row."""
    return {"iin": iin, "bin": bin, "period": period, "wage_kzt": "400000", "opv_kzt": "40000"} | over


def write_batch(
    folder: Path, files: dict[str, list[dict[str, Any]]], manifest: dict[str, Any] | None = None
) -> Path:
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


TODAY = dt.date(2025, 6, 30)


def person(iin: str, **over: Any) -> dict[str, Any]:
    """A persons row."""
    return {"iin": iin, "citizenship": "KAZ", "status": "citizen"} | over


def project(investor_bin: str, operator_bins: str, **over: Any) -> dict[str, Any]:
    """A projects row."""
    row = {
        "project_id": f"P{_next():06d}",
        "name": "Завод",
        "investor_bin": investor_bin,
        "operator_bins": operator_bins,
        "kato": "751110000",
        "oked": "47111",
        "investment_kzt": "5000000000",
        "start_date": "2024-01-01",
        "deadline": "2026-12-31",
        "promised_permanent_jobs": "120",
        "promised_temporary_jobs": "40",
    }
    return row | over


def vacancy(bin: str, **over: Any) -> dict[str, Any]:
    """A vacancies row."""
    row = {
        "vacancy_id": f"V{_next():06d}",
        "bin": bin,
        "kato": "751110000",
        "nkz": "2411",
        "salary_kzt": "350000",
        "posted_on": "2024-03-01",
        "closed_on": "",
        "filled": "false",
    }
    return row | over


def job_seeker(iin: str, **over: Any) -> dict[str, Any]:
    """A job_seekers row."""
    return {
        "iin": iin,
        "kato": "751110000",
        "registered_on": "2024-02-01",
        "left_on": "",
        "reason": "",
    } | over


def incident(bin: str, **over: Any) -> dict[str, Any]:
    """An incidents row."""
    return {
        "incident_id": f"I{_next():06d}",
        "bin": bin,
        "iin": "",
        "occurred_on": "2024-05-05",
        "severity": "light",
        "victims": "1",
    } | over


def inspection(bin: str, **over: Any) -> dict[str, Any]:
    """An inspections row."""
    return {
        "inspection_id": f"N{_next():06d}",
        "bin": bin,
        "inspected_on": "2024-06-01",
        "kind": "planned",
        "violations": "2",
        "fine_kzt": "100000",
    } | over


def arrear(bin: str, **over: Any) -> dict[str, Any]:
    """An arrears row."""
    return {
        "arrear_id": f"A{_next():06d}",
        "bin": bin,
        "reported_on": "2024-04-01",
        "amount_kzt": "2500000",
        "workers": "12",
        "repaid_on": "",
        "repaid_kzt": "",
    } | over


def quota(**over: Any) -> dict[str, Any]:
    """A quotas row."""
    return {"year": "2025", "kato": "750000000", "category": "specialist", "units": "100"} | over


def permit(iin: str, bin: str, **over: Any) -> dict[str, Any]:
    """A permits row (an employer's worker; set bin='' and category='household' for a household worker)."""
    return {
        "permit_id": f"W{_next():06d}",
        "iin": iin,
        "citizenship": "UZB",
        "bin": bin,
        "category": "specialist",
        "nkz": "2142",
        "kato": "751110000",
        "issued_on": "2024-01-15",
        "valid_until": "2025-01-14",
        "revoked_on": "",
    } | over


def resettlement(iin: str, **over: Any) -> dict[str, Any]:
    """A resettlement row."""
    return {
        "case_id": f"R{_next():06d}",
        "iin": iin,
        "program": "kandas",
        "from_kato": "611010000",
        "to_kato": "551010000",
        "family_size": "4",
        "moved_on": "2024-04-01",
        "left_on": "",
    } | over


def region_stat(**over: Any) -> dict[str, Any]:
    """A region_stats row."""
    return {"kato": "750000000", "period": "2024-06", "indicator": "unemployment_rate", "value": "4.6"} | over


def labour_dispute(bin: str, **over: Any) -> dict[str, Any]:
    """A labour_disputes row at employer bin (contract 1.1)."""
    row = {
        "dispute_id": f"D{_next():08d}",
        "bin": bin,
        "started_on": "2024-03-01",
        "ended_on": "2024-03-15",
        "kind": "collective_dispute",
        "workers": "40",
    }
    return row | over


def training(iin: str, bin: str, **over: Any) -> dict[str, Any]:
    """A training row of person iin at employer bin (contract 1.1)."""
    row = {
        "training_id": f"T{_next():08d}",
        "iin": iin,
        "bin": bin,
        "started_on": "2024-02-01",
        "finished_on": "2024-04-30",
        "paid_by": "employer",
        "nkz": "7212",
        "hours": "320",
    }
    return row | over


def compatriot(**over: Any) -> dict[str, Any]:
    """A compatriots row (contract 1.1)."""
    row = {
        "record_id": f"K{_next():08d}",
        "iin": "",
        "country": "MNG",
        "kato_of_interest": "751110000",
        "nkz": "2411",
        "education": "vocational",
        "intends_return_year": "2026",
        "registered_on": "2024-05-20",
    }
    return row | over


def write_csv(path: Path, columns: list[str], rows: list[dict[str, Any]], *, newline: str = "\n") -> Path:
    """Write rows under a header of exactly these columns (in this order)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=columns, lineterminator=newline, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, "") for c in columns})
    return path


def ingest(engine: sa.Engine, folder: Path, settings: Settings, today: dt.date = TODAY) -> BatchReport:
    """Ingest the batch at folder as of today, the rejects report beside it."""
    return ingest_batch(
        engine, folder, settings=settings, rejects_dir=folder.parent / f"{folder.name}-rejects", today=today
    )


def rejects(report: BatchReport) -> list[tuple[str, int, str | None, str, str | None]]:
    """The rejects report as a spreadsheet shows rejects.csv: (file, line, column, reason, value), empty cells None.

    A value the report wrote with a leading quote against formula injection ('-1) reads back as -1.
    """
    if report.rejects_csv is None:
        return []
    with report.rejects_csv.open(newline="", encoding="utf-8") as f:
        return [
            (r["file"], int(r["line"]), r["column"] or None, r["reason"], _as_shown(r["value"]) or None)
            for r in csv.DictReader(f)
        ]


def _as_shown(cell: str) -> str:
    return cell[1:] if cell[:1] == "'" and cell[1:2] in FORMULA_STARTS else cell


def rows(engine: sa.Engine, table: str) -> list[tuple[Any, ...]]:
    """Every row of a table, sorted: a comparable picture of its content."""
    with engine.connect() as conn:
        return sorted((tuple(r) for r in conn.execute(sa.select(metadata.tables[table]))), key=repr)


def snapshot(engine: sa.Engine) -> dict[str, list[tuple[Any, ...]]]:
    """The content of every table of the store (ingest times left out: they change by nature)."""
    out = {}
    for name in sorted(metadata.tables):
        table_rows = rows(engine, name)
        if name == "batches":
            cols = [c.name for c in metadata.tables[name].columns]
            at = cols.index("ingested_at")
            table_rows = [r[:at] + r[at + 1 :] for r in table_rows]
        out[name] = table_rows
    return out


def column(engine: sa.Engine, table: str, name: str) -> list[Any]:
    """The sorted values of one column of a table."""
    with engine.connect() as conn:
        return sorted(conn.execute(sa.select(metadata.tables[table].c[name])).scalars(), key=repr)
