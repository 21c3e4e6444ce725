"""A small country for the read models and the API: two regions, three projects, a user of every role.

Region 75 (Almaty): project A75 of investor A (8 persons hired, 6 of them credited, one unpaid,
one seasonal) and project B75 of investor B (2 credited). Region 11 (Akmola): project B11 of
investor B (3 credited: fewer than 5, so the public sees its numbers suppressed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from jumys.access.principal import Principal
from jumys.access.service import add_user, issue_token
from jumys.config import Settings
from jumys.projects.service import run_verification
from jumys.reference.regions import region_codes
from tests import factories as f
from tests.conftest import TEST_KEY, copied_store
from tests.factories import ingest, new_bin, new_iin, write_batch

AS_OF = (dt.date(2025, 9, 1), dt.date(2025, 12, 1))
KATO = {"75": "751110000", "11": "111010000"}
SIGN_IN = ("ministry", "akimat75")
ROLES_USED = ("ministry", "akimat75", "akimat11", "inspector", "investor_a", "investor_b", "public_user")


def _months(first: str, last: str) -> list[str]:
    y, m = map(int, first.split("-"))
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


@dataclass
class World:
    """What was built: BINs, project ids, users and their tokens."""

    bins: dict[str, str] = field(default_factory=dict)
    projects: dict[str, str] = field(default_factory=dict)
    principals: dict[str, Principal] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    passwords: dict[str, str] = field(default_factory=dict)
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def _hire(
    rows: dict[str, list[dict[str, Any]]],
    bin: str,
    region: str,
    start: str,
    *,
    paid: bool = True,
    kind: str = "permanent",
    nkz: str = "7212",
) -> None:
    iin = new_iin(dt.date(1995, 5, 5))
    n = len(rows["contracts"]) + 1
    rows["contracts"].append(
        {
            "contract_id": f"W{n:05d}",
            "iin": iin,
            "bin": bin,
            "kato": KATO[region],
            "nkz": nkz,
            "contract_type": kind,
            "start_date": start,
            "end_date": "",
            "salary_kzt": "350000",
            "conditions": "normal",
        }
    )
    if paid:
        for period in _months(start[:7], "2025-11"):
            rows["payroll"].append(
                {"iin": iin, "bin": bin, "period": period, "wage_kzt": "350000", "opv_kzt": "35000"}
            )


def build_world(engine: sa.Engine, settings: Settings, tmp: Path) -> World:
    """Ingest the country, verify it at both as-of dates, create the users; returns what was built."""
    w = World()
    rows: dict[str, list[dict[str, Any]]] = {"employers": [], "contracts": [], "payroll": [], "projects": []}
    for name, region in (("IA", "75"), ("OA", "75"), ("IB", "11"), ("OB", "11"), ("OB75", "75")):
        w.bins[name] = new_bin()
        rows["employers"].append(
            {
                "bin": w.bins[name],
                "name": f"ТОО {name} Тест",
                "kato": KATO[region],
                "oked": "10110",
                "parent_bin": "",
                "registered_on": "2010-01-01",
            }
        )
    for pid, investor, operator, region, promised in (
        ("A75", "IA", "OA", "75", 10),
        ("B75", "IB", "OB75", "75", 4),
        ("B11", "IB", "OB", "11", 8),
    ):
        w.projects[pid] = pid
        rows["projects"].append(
            {
                "project_id": pid,
                "name": f"Завод {pid}",
                "investor_bin": w.bins[investor],
                "operator_bins": w.bins[operator],
                "kato": KATO[region],
                "oked": "10110" if pid != "B11" else "01111",
                "investment_kzt": "100000000",
                "start_date": "2025-03-01",
                "deadline": "2026-06-01",
                "promised_permanent_jobs": str(promised),
                "promised_temporary_jobs": "",
            }
        )
    for i in range(6):
        _hire(rows, w.bins["OA"], "75", f"2025-0{4 + i % 2}-0{1 + i}", nkz="2411" if i < 2 else "7212")
    _hire(rows, w.bins["OA"], "75", "2025-05-10", paid=False)
    _hire(rows, w.bins["OA"], "75", "2025-06-01", kind="seasonal")
    for i in range(2):
        _hire(rows, w.bins["OB75"], "75", f"2025-04-1{i}")
    for i in range(3):
        _hire(rows, w.bins["OB"], "11", f"2025-04-2{i}")
    # what the skills and shortages of 2025 read: a training paid by OA, and a vacancy of OA
    first = rows["contracts"][0]
    rows["training"] = [
        f.training(first["iin"], w.bins["OA"], started_on="2025-06-01", finished_on="2025-06-30")
    ]
    rows["vacancies"] = [f.vacancy(w.bins["OA"], kato=KATO["75"], nkz="7212", posted_on="2025-05-01")]
    w.rows = rows
    report = ingest(engine, write_batch(tmp / "world", rows), settings)
    assert report.rows_rejected == 0, report.rejects
    with engine.begin() as conn:
        for day in AS_OF:
            run_verification(conn, day)
        regions = region_codes()
        for name, role, region, bins in (
            ("ministry", "ministry", None, ()),
            ("akimat75", "akimat", "75", ()),
            ("akimat11", "akimat", "11", ()),
            ("inspector", "inspector", None, ()),
            ("investor_a", "investor", None, (w.bins["IA"],)),
            ("investor_b", "investor", None, (w.bins["IB"],)),
            ("public_user", "public", None, ()),
        ):
            # argon2id costs a third of a second a hash: only the users that sign in by password get one
            password = f"{name}-password-1234" if name in SIGN_IN else None
            if password:
                w.passwords[name] = password
            w.principals[name] = add_user(
                conn, name, role, known_regions=regions, region=region, bins=bins, password=password
            )
            w.tokens[name] = issue_token(conn, name)
    return w


@contextmanager
def world_store(kind: str, tmp: Path, template: str) -> Iterator[tuple[sa.Engine, Settings, World]]:
    """A clean store of kind (duckdb or postgresql) holding the world, for fixtures wider than one test; template:
    the session's store to copy (tests/conftest.py's template_of)."""
    settings = Settings(home=tmp / "home", pseudonym_key=TEST_KEY)
    with copied_store(kind, settings, template, "jumys_w") as eng:
        yield eng, settings, build_world(eng, settings, tmp)
