"""A small country for the dashboard tests: projects in four regions at three dates, a user per role."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from jumys.access.service import add_user
from jumys.config import Settings
from jumys.projects.service import run_verification
from jumys.reference.regions import region_codes
from jumys.registry.contract import BY_NAME
from jumys.registry.ingest import ingest_batch
from tests import factories as f
from tests.factories import new_bin, new_iin, write_batch


def months(first: str, last: str) -> list[str]:
    """Periods YYYY-MM from first to last, both included."""
    y, m = map(int, first.split("-"))
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


AS_OF = (dt.date(2025, 7, 1), dt.date(2025, 10, 1), dt.date(2026, 1, 1))
LATEST = AS_OF[-1]
PASSWORD = "demo-password-1234"
AKIMAT_REGION = "75"


@dataclass
class Country:
    """The rows of the batch and what the tests need to know about them."""

    employers: list[dict[str, Any]] = field(default_factory=list)
    contracts: list[dict[str, Any]] = field(default_factory=list)
    payroll: list[dict[str, Any]] = field(default_factory=list)
    projects: list[dict[str, Any]] = field(default_factory=list)
    region_stats: list[dict[str, Any]] = field(default_factory=list)
    investor_bin: str = ""
    project_ids: dict[str, str] = field(default_factory=dict)  # label -> project_id
    _n: int = 0

    def employer(self, kato: str, name: str) -> str:
        """A new employer in kato; returns its BIN."""
        b = new_bin()
        self.employers.append(
            {
                "bin": b,
                "name": name,
                "kato": kato,
                "oked": "10110",
                "parent_bin": "",
                "registered_on": "2010-01-01",
            }
        )
        return b

    def hire(
        self,
        bin: str,
        kato: str,
        start: str,
        paid_until: str | None,
        born: str = "1992-03-05",
        salary: int = 450_000,
        nkz: str = "7212",
        conditions: str = "normal",
    ) -> None:
        """A permanent contract from start, paid monthly until paid_until (None: never paid)."""
        self._n += 1
        iin = new_iin(dt.date.fromisoformat(born))
        self.contracts.append(
            {
                "contract_id": f"W{self._n:06d}",
                "iin": iin,
                "bin": bin,
                "kato": kato,
                "nkz": nkz,
                "contract_type": "permanent",
                "start_date": start,
                "end_date": "",
                "salary_kzt": str(salary),
                "conditions": conditions,
            }
        )
        if paid_until:
            for p in months(start[:7], paid_until):
                self.payroll.append(
                    {
                        "iin": iin,
                        "bin": bin,
                        "period": p,
                        "wage_kzt": str(salary),
                        "opv_kzt": str(salary // 10),
                    }
                )

    def project(
        self,
        label: str,
        bin: str,
        kato: str,
        name: str,
        promised: int,
        start: str,
        deadline: str,
        investment: int = 2_000_000_000,
    ) -> str:
        """A project operated by bin; returns its id."""
        pid = f"PRJ-{len(self.projects) + 1:03d}"
        self.projects.append(
            {
                "project_id": pid,
                "name": name,
                "investor_bin": bin,
                "operator_bins": bin,
                "kato": kato,
                "oked": "10110",
                "investment_kzt": str(investment),
                "start_date": start,
                "deadline": deadline,
                "promised_permanent_jobs": str(promised),
                "promised_temporary_jobs": "",
            }
        )
        self.project_ids[label] = pid
        return pid


def build_country() -> Country:
    """Five projects: on track, behind, failed with unpaid contracts, pending; in regions 75, 71, 11, 47."""
    c = Country()
    almaty, astana, akmola, atyrau = "751110000", "711110000", "111010000", "231010000"
    dairy = c.employer(almaty, "ТОО «Алматы Сүт»")
    c.investor_bin = dairy
    c.project(
        "on_track",
        dairy,
        almaty,
        "Молочный завод «Алматы Сүт»",
        20,
        "2025-01-15",
        "2026-06-30",
        investment=200_000_000,
    )
    for i in range(18):
        c.hire(
            dairy,
            almaty,
            f"2025-{1 + i % 6:02d}-{5 + i:02d}",
            "2025-12",
            born="1995-01-01" if i % 3 else "1980-06-01",
            nkz="8160" if i % 2 else "3122",
            conditions="harmful" if i == 4 else "normal",
        )
    bakery = c.employer(almaty, "ТОО «Нан»")
    c.project(
        "behind", bakery, almaty, "Хлебозавод «Нан»", 40, "2025-02-01", "2026-02-01", investment=9_000_000_000
    )
    for i in range(6):
        c.hire(bakery, almaty, f"2025-03-{10 + i:02d}", "2025-12")
    steel = c.employer(astana, "АО «Астана Болат»")
    c.project("failed", steel, astana, "Металлургический цех «Болат»", 30, "2024-09-01", "2025-09-01")
    for i in range(7):
        c.hire(steel, astana, f"2024-10-{1 + i:02d}", "2025-12")
    for i in range(4):
        c.hire(steel, astana, f"2025-01-{10 + i:02d}", None)  # contracts with no contributions behind them
    farm = c.employer(akmola, "КХ «Бидай»")
    c.project(
        "grain", farm, akmola, "Элеватор «Бидай»", 12, "2025-04-01", "2026-10-01", investment=50_000_000
    )
    for i in range(9):
        c.hire(farm, akmola, f"2025-05-{1 + i:02d}", "2025-12", salary=260_000)
    oil = c.employer(atyrau, "ТОО «Атырау Мұнай Сервис»")
    c.project("pending", oil, atyrau, "Сервисная база «Мұнай»", 50, "2026-09-01", "2028-09-01")
    for kato in (almaty, astana, akmola, atyrau):
        c.region_stats.append(
            {"kato": kato[:2] + "0000000", "period": "2025", "indicator": "avg_wage_kzt", "value": "420000"}
        )
    return c


def skills_files(c: Country) -> dict[str, list[dict[str, Any]]]:
    """What the skills page of 2025 reads: a training paid by the employer of the first worker of region 75,
    and vacancies of that employer (one of a railway occupation), with a job seeker."""
    first = next(r for r in c.contracts if r["kato"].startswith(AKIMAT_REGION))
    return {
        "training": [
            f.training(first["iin"], first["bin"], started_on="2025-03-01", finished_on="2025-04-01")
        ],
        "vacancies": [
            f.vacancy(first["bin"], kato=first["kato"], nkz="8311", posted_on="2025-02-01"),
            f.vacancy(first["bin"], kato=first["kato"], nkz="2411", posted_on="2025-03-01"),
        ],
        "job_seekers": [f.job_seeker(new_iin(), kato=first["kato"], nkz="2412", registered_on="2025-01-10")],
    }


def load_country(engine: sa.Engine, settings: Settings, folder: Path) -> Country:
    """Ingest the country, verify it at the three dates, and add one user per role."""
    c = build_country()
    write_batch(
        folder,
        {
            "employers": c.employers,
            "contracts": c.contracts,
            "payroll": c.payroll,
            "projects": c.projects,
            "region_stats": c.region_stats,
            **skills_files(c),
        },
    )
    report = ingest_batch(engine, folder, settings=settings, today=dt.date(2026, 2, 1))
    assert report.rows_rejected == 0, report.rejects
    with engine.begin() as conn:
        for day in AS_OF:
            run_verification(conn, day)
        add_users(conn, c.investor_bin)
    return c


def add_users(conn: sa.Connection, investor_bin: str) -> None:
    """One user per role, all with PASSWORD."""
    known = region_codes()
    add_user(conn, "ministry", "ministry", known_regions=known, password=PASSWORD)
    add_user(conn, "akimat", "akimat", known_regions=known, region=AKIMAT_REGION, password=PASSWORD)
    add_user(conn, "inspector", "inspector", known_regions=known, password=PASSWORD)
    add_user(conn, "investor", "investor", known_regions=known, bins=[investor_bin], password=PASSWORD)
    add_user(conn, "citizen", "public", known_regions=known, password=PASSWORD)


_uploads = [0]


def bad_batch_zip() -> bytes:
    """A .zip batch (a new batch_id each time) with planted errors: a wrong BIN check digit, a bad date, an
    unknown region."""
    _uploads[0] += 1
    good = new_bin()
    bad_bin = good[:-1] + str((int(good[-1]) + 1) % 10)
    employers = [
        {
            "bin": good,
            "name": "ТОО «Новый»",
            "kato": "751110000",
            "oked": "47111",
            "parent_bin": "",
            "registered_on": "2020-01-01",
        },
        {
            "bin": bad_bin,
            "name": "ТОО «Ошибка»",
            "kato": "751110000",
            "oked": "47111",
            "parent_bin": "",
            "registered_on": "2020-13-01",
        },
        {
            "bin": new_bin(),
            "name": "ТОО «Нет региона»",
            "kato": "991110000",
            "oked": "47111",
            "parent_bin": "",
            "registered_on": "2020-01-01",
        },
    ]
    buf = io.BytesIO()
    folder_rows = _csv_text(employers)
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("employers.csv", folder_rows)
        z.writestr(
            "manifest.json", f'{{"batch_id": "web-upload-bad-{_uploads[0]}", "source": "dashboard test"}}'
        )
    return buf.getvalue()


def many_problems_zip() -> bytes:
    """A .zip batch (a new batch_id each time) that makes the ingest write many kinds of reason and warning:
    a stray file, a column outside the contract, an IIN in a name, a duplicate key, a line with more fields
    than the header, bad values, a file whose required column is spelt in capitals, problems of operators and dates.
    Only its first employer is applied."""
    _uploads[0] += 1
    good = f.employer(name=f"ИП Сейтов, ИИН {new_iin()}")
    wrong = good["bin"][:-1] + str((int(good["bin"][-1]) + 1) % 10)
    columns = [*columns_of("employers"), "phone"]
    employers = [
        good,  # line 2: applied; its name held an IIN, its phone is not in the contract
        good,  # 3: the same key again
        f.employer(bin=wrong),  # 4: wrong BIN check digit
        f.employer(kato="991110000", registered_on="2020-13-01"),  # 5: unknown region, not a date
        f.employer(oked="99999"),  # 6: unknown OKED
        f.employer(lat="95"),  # 7: latitude over 90
    ]
    longer = ",".join([*f.employer().values(), "", "extra"])  # 8: more fields than the header
    project = f.project(
        new_bin(),  # a valid BIN of no employer
        f"{good['bin']};{wrong}",
        investment_kzt="-5",
        start_date="2025-06-01",
        deadline="2025-01-01",
    )
    contract = f.contract(good["bin"], start_date="1985-01-01", end_date="1984-01-01", contract_type="full")
    files = {
        "employers.csv": _csv_of(columns, employers) + longer + "\n",
        "vacancies.csv": _csv_of(
            columns_of("vacancies", bin="BIN"), [f.vacancy(good["bin"], BIN=good["bin"])]
        ),
        "projects.csv": _csv_of(columns_of("projects"), [project]),
        "contracts.csv": _csv_of(columns_of("contracts"), [contract]),
        "notes.txt": "not a file of the contract",
        "manifest.json": f'{{"batch_id": "web-upload-many-{_uploads[0]}", "source": "dashboard test"}}',
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return buf.getvalue()


def columns_of(file: str, **renamed: str) -> list[str]:
    """The contract's columns of file, some of them renamed."""
    return [renamed.get(c, c) for c in BY_NAME[file].column_names]


def _csv_of(columns: list[str], rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    w.writerows({c: r.get(c, "") for c in columns} for r in rows)
    return out.getvalue()


def _csv_text(rows: list[dict[str, Any]]) -> str:
    cols = list(BY_NAME["employers"].column_names)
    lines = [",".join(cols)] + [",".join(str(r.get(col, "")) for col in cols) for r in rows]
    return "\n".join(lines) + "\n"
