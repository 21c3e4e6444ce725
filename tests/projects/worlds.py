"""Small random worlds for the property tests: a registry (reference.Registry), its batch, a store to verify it in."""

from __future__ import annotations

import datetime as dt
import random
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from hypothesis import strategies as st

from jumys.config import Settings
from jumys.kit.identifiers import make_bin, make_iin
from jumys.projects.methodology import Methodology
from jumys.projects.service import results, verify_projects
from jumys.projects.tables import project_jobs
from jumys.registry.ingest import ingest_batch
from jumys.storage.engine import make_engine
from jumys.storage.revisions import upgrade
from jumys.storage.schema import metadata
from tests.conftest import PG_URL, TEST_KEY
from tests.factories import write_batch
from tests.pg import create_database, throwaway_name
from tests.projects.reference import (
    Contract,
    Employer,
    Parameters,
    Pay,
    Project,
    RegionStat,
    Registry,
    group,
    month_of,
    next_month,
)

BASE = dt.date(2024, 1, 1)
LAST = dt.date(2026, 9, 30)  # nothing happens after this day
TODAY = dt.date(2026, 11, 1)  # the ingest's today
REGIONS = ("751110000", "751110000", "711110000")  # Almaty twice as likely as Astana
HOLDING = make_bin(dt.date(2009, 1, 1), 99)
PROJECT_IDS = ("P1", "P2", "a3", "A7", "B2")  # code-point order: A7 B2 P1 P2 a3


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


@st.composite
def registries(draw: st.DrawFn) -> Registry:
    """A few employers in one or two groups, 1-3 projects, a handful of persons, 0-60 contracts, their payroll."""
    rnd = draw(st.randoms(use_true_random=False))
    reg = Registry()
    for i in range(draw(st.integers(2, 5))):
        # a parent among the employers, or a holding that is not itself an employer here
        parent = draw(st.sampled_from([None, HOLDING, *(e.bin for e in reg.employers)]))
        reg.employers.append(
            Employer(make_bin(dt.date(2010, 1, 1), i + 1), draw(st.sampled_from(REGIONS)), parent)
        )
    bins = [e.bin for e in reg.employers]

    ids = draw(st.permutations(PROJECT_IDS))
    for i in range(draw(st.integers(1, 3))):
        start = BASE + days(draw(st.sampled_from([200, 300]) | st.integers(181, 700)))
        reg.projects.append(
            Project(
                project_id=ids[i],
                investor_bin=draw(st.sampled_from(bins)),
                operator_bins=tuple(
                    draw(st.lists(st.sampled_from(bins), min_size=1, max_size=2, unique=True))
                ),
                kato=draw(st.sampled_from(REGIONS)),
                investment_kzt=draw(st.sampled_from([0, 500_000, 2_000_000, 10_000_000, 10**9])),
                start_date=start,
                deadline=start + days(draw(st.sampled_from([1, 365]) | st.integers(1, 700))),
                promised_permanent_jobs=draw(st.integers(0, 6)),
            )
        )

    persons = []
    for i in range(draw(st.integers(1, 8))):
        born = BASE - days(draw(st.integers(18 * 365, 45 * 365)))
        persons.append((make_iin(born, "M", i + 1), born))

    kinds = st.sampled_from(["permanent", "permanent", "permanent", "fixed_term", "seasonal"])
    for k in range(draw(st.integers(0, 60))):
        # most contracts are about a project: at its operators, in its region, near its start
        p = draw(st.sampled_from(reg.projects))
        bin = draw(st.sampled_from([*p.operator_bins * 3, *bins]))
        kato = draw(st.sampled_from([p.kato, p.kato, p.kato, *REGIONS]))
        iin, born = draw(st.sampled_from(persons))
        start = p.start_date + days(draw(st.sampled_from([-181, -180, -1, 0]) | st.integers(-300, 300)))
        how = draw(st.sampled_from(["any", "any", "moves", "on_the_1st", "birthday"]))
        if how == "moves":  # came from a contract that ended just inside or outside the transfer span
            before = draw(st.sampled_from(sorted(group(reg, p))) | st.sampled_from(bins))
            ended = start - days(draw(st.sampled_from([0, 1, 29, 30, 31, 59, 60, 61])))
            if before in bins:  # the holding is not an employer: nobody works there
                began = ended - days(draw(st.integers(0, 400)))
                reg.contracts.append(
                    Contract(
                        f"M{k:03d}",
                        iin,
                        born,
                        before,
                        draw(st.sampled_from(REGIONS)),
                        draw(kinds),
                        began,
                        ended,
                    )
                )
        elif how == "on_the_1st":
            start = start.replace(day=1)
        start = min(max(start, BASE - days(400)), LAST)
        if how == "birthday":  # a new person whose age on the start date is on a youth boundary
            born = _years_before(start, draw(st.sampled_from([30, 35, 36])))
            born += days(draw(st.sampled_from([-1, 0, 1])))
            iin = make_iin(born, "M", 100 + k)
        lasts = draw(st.sampled_from([None, None, 0, 30]) | st.integers(0, 500))  # days; None: no end
        end = None if lasts is None else start + days(lasts)
        reg.contracts.append(
            Contract(
                contract_id=f"K{k:03d}",
                iin=iin,
                born=born,
                bin=bin,
                kato=kato,
                contract_type=draw(kinds),
                start_date=start,
                end_date=end,
                salary_kzt=rnd.choice([150_000, 300_000, 450_000]),
                nkz=rnd.choice(["2411", "7212", "9313"]),
                conditions=rnd.choice(["normal", "normal", "harmful", "hazardous"]),
            )
        )

    pays: dict[tuple[str, str, dt.date], Pay] = {}
    for c in reg.contracts:
        how = rnd.choice(["none", "all", "all", "all", "gaps", "zero"])
        if how == "none":
            continue
        bin = c.bin if rnd.random() < 0.9 else rnd.choice(bins)  # now and then paid by another employer
        m = month_of(c.start_date)
        if rnd.random() < 0.2:  # paid there already before this contract, under an earlier one
            m = month_of(m - days(rnd.choice([1, 40, 80])))
        stop = month_of(min(c.end_date or LAST, LAST))
        while m <= stop:
            if how != "gaps" or rnd.random() < 0.7:
                opv = 0 if how == "zero" and rnd.random() < 0.5 else rnd.choice([10_000, 30_000])
                pays.setdefault((c.iin, bin, m), Pay(c.iin, bin, m, rnd.choice([100_000, 300_000]), opv))
            m = next_month(m)
    reg.payroll = list(pays.values())

    stats: dict[tuple[str, str], RegionStat] = {}
    for _ in range(draw(st.integers(0, 5))):
        kato = rnd.choice(
            ["750000000", "751110000", "710000000"]
        )  # a region, a district of it, another region
        year = rnd.choice([2024, 2025])
        period = str(year) if rnd.random() < 0.4 else f"{year}-{rnd.choice([1, 6]):02d}"
        stats.setdefault((kato, period), RegionStat(kato, period, float(rnd.randint(200, 500) * 1000)))
    reg.region_stats = list(stats.values())
    return reg


def _years_before(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February
        return d.replace(year=d.year - years, day=28)


def as_of_dates(reg: Registry) -> st.SearchStrategy[list[dt.date]]:
    """One to three dates to verify at: anywhere, or at a boundary of a project."""
    marks = []
    for p in reg.projects:
        marks += [
            p.start_date - days(181),
            p.start_date - days(180),
            p.start_date,
            p.deadline - days(1),
            p.deadline,
        ]
    marks += [
        d
        for c in reg.contracts
        if c.end_date and c.end_date < LAST
        for d in (c.end_date, c.end_date + days(1))
    ]
    one = st.sampled_from(marks) | st.builds(
        lambda p, n: min(p.start_date + days(n), LAST), st.sampled_from(reg.projects), st.integers(-200, 500)
    )
    return st.lists(one, min_size=1, max_size=3, unique=True)


parameters = st.sampled_from(
    [
        Parameters(),
        Parameters(),
        Parameters(window_days=90, transfer_days=30),
        Parameters(max_months=3, paid_share=Fraction(1)),
        Parameters(paid_share=Fraction("0.5"), youth_age=30, wage_share_target=Fraction("0.05")),
        Parameters(paid_share=Fraction("0.6667"), max_months=4, wage_share_target=Fraction("0.1234")),
    ]
)


def methodology(prm: Parameters) -> Methodology:
    """The same parameters for the SQL."""
    return Methodology(
        window_days=prm.window_days,
        transfer_days=prm.transfer_days,
        max_months=prm.max_months,
        paid_share=float(prm.paid_share),
        youth_age=prm.youth_age,
        wage_share_target=float(prm.wage_share_target),
    )


# --- the registry as a batch ----------------------------------------------------------------------


def batch_files(reg: Registry) -> dict[str, list[dict[str, Any]]]:
    """The registry as rows of the data contract's files."""
    return {
        "employers": [
            {
                "bin": e.bin,
                "name": f"E{e.bin}",
                "kato": e.kato,
                "oked": "47111",
                "parent_bin": e.parent_bin or "",
                "registered_on": "2010-01-01",
            }
            for e in reg.employers
        ],
        "contracts": [
            {
                "contract_id": c.contract_id,
                "iin": c.iin,
                "bin": c.bin,
                "kato": c.kato,
                "nkz": c.nkz,
                "contract_type": c.contract_type,
                "start_date": c.start_date.isoformat(),
                "end_date": c.end_date.isoformat() if c.end_date else "",
                "salary_kzt": str(c.salary_kzt),
                "conditions": c.conditions,
            }
            for c in reg.contracts
        ],
        "payroll": [
            {
                "iin": r.iin,
                "bin": r.bin,
                "period": r.period.strftime("%Y-%m"),
                "wage_kzt": str(r.wage_kzt),
                "opv_kzt": str(r.opv_kzt),
            }
            for r in reg.payroll
        ],
        "projects": [
            {
                "project_id": p.project_id,
                "name": p.project_id,
                "investor_bin": p.investor_bin,
                "operator_bins": ";".join(p.operator_bins),
                "kato": p.kato,
                "oked": "47111",
                "investment_kzt": str(p.investment_kzt),
                "start_date": p.start_date.isoformat(),
                "deadline": p.deadline.isoformat(),
                "promised_permanent_jobs": str(p.promised_permanent_jobs),
                "promised_temporary_jobs": "",
            }
            for p in reg.projects
        ],
        "region_stats": [
            {"kato": s.kato, "period": s.period, "indicator": "avg_wage_kzt", "value": f"{s.value:.0f}"}
            for s in reg.region_stats
        ],
    }


def shuffled(files: dict[str, list[dict[str, Any]]], seed: int) -> dict[str, list[dict[str, Any]]]:
    """The same rows, each file in another order."""
    rnd = random.Random(seed)
    return {name: rnd.sample(rows, len(rows)) for name, rows in files.items()}


@contextmanager
def fresh_store(kind: str = "duckdb", create: str = "") -> Iterator[tuple[sa.Engine, Settings, Path]]:
    """A clean store at the newest schema outside pytest's fixtures; kind duckdb or postgresql.

    create: options of PostgreSQL's CREATE DATABASE, e.g. another collation.
    """
    root = Path(tempfile.mkdtemp(prefix="jumys-world-"))
    settings = Settings(home=root / "home", pseudonym_key=TEST_KEY)
    admin = None
    if kind == "duckdb":
        eng = make_engine(settings=settings)
    else:
        assert PG_URL
        base = sa.engine.make_url(PG_URL)
        name = throwaway_name("jumys_w")
        admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            create_database(c, name, create)
        eng = make_engine(base.set(database=name).render_as_string(hide_password=False), settings=settings)
    try:
        upgrade(eng)
        yield eng, settings, root
    finally:
        eng.dispose()
        if admin is not None:
            with admin.connect() as c:
                c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.dispose()
        shutil.rmtree(root, ignore_errors=True)


def wipe(engine: sa.Engine) -> None:
    """Empty every table, so that one store serves many examples (a new store costs more than the ingest)."""
    with engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            if table.name != "registry_info":
                conn.execute(table.delete())


def load(engine: sa.Engine, settings: Settings, root: Path, files: dict[str, list[dict[str, Any]]]) -> None:
    """Ingest the rows as one batch; every row must be accepted."""
    folder = write_batch(root / f"batch-{uuid.uuid4().hex[:8]}", files)
    report = ingest_batch(engine, folder, settings=settings, today=TODAY)
    assert report.rows_rejected == 0, report.rejects


def verify_sql(
    engine: sa.Engine, as_of: dt.date, m: Methodology | None = None
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Verify at as_of; the results by project_id and the evidence rows by contract_id."""
    with engine.begin() as conn:
        verify_projects(conn, as_of, m)
        res = {r["project_id"]: r for r in results(conn, as_of)}
        rows = conn.execute(sa.select(project_jobs).where(project_jobs.c.as_of == as_of)).mappings().all()
    jobs = {r["contract_id"]: dict(r) for r in rows}
    assert len(jobs) == len(rows), "a contract assigned twice at one as-of date"
    return res, jobs
