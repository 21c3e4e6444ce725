"""The registry's verbs beyond ingest: the ledger, what is loaded, integrity checks."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from jumys.registry.contract import FILES
from jumys.registry.spec import FileSpec, ListTable
from jumys.registry.tables import TABLES, batch_files, batches


def list_batches(conn: sa.Connection, limit: int = 50) -> list[dict[str, Any]]:
    """The newest batches of the ledger with rows per file."""
    rows = conn.execute(sa.select(batches).order_by(batches.c.batch_no.desc()).limit(limit)).mappings().all()
    if not rows:
        return []
    files = conn.execute(
        sa.select(batch_files)
        .where(batch_files.c.batch_no.in_([r["batch_no"] for r in rows]))
        .order_by(batch_files.c.batch_no, batch_files.c.file)
    ).mappings()
    by_batch: dict[int, list[dict[str, Any]]] = {}
    for f in files:
        by_batch.setdefault(f["batch_no"], []).append(dict(f))
    return [dict(r) | {"files": by_batch.get(r["batch_no"], [])} for r in rows]


def loaded_by_region(conn: sa.Connection) -> dict[str, dict[str, int]]:
    """Rows loaded per region (first two KATO digits): employers, contracts, payroll, projects, ..."""
    queries = {
        "employers": "SELECT substr(kato, 1, 2), count(*) FROM employers GROUP BY 1",
        "contracts": "SELECT substr(kato, 1, 2), count(*) FROM contracts GROUP BY 1",
        "persons": "SELECT substr(kato, 1, 2), count(DISTINCT person_id) FROM contracts GROUP BY 1",
        "payroll": "SELECT substr(e.kato, 1, 2), count(*) FROM payroll p JOIN employers e ON e.bin = p.bin GROUP BY 1",
        "projects": "SELECT substr(kato, 1, 2), count(*) FROM projects GROUP BY 1",
        "vacancies": "SELECT substr(kato, 1, 2), count(*) FROM vacancies GROUP BY 1",
        "permits": "SELECT substr(kato, 1, 2), count(*) FROM permits GROUP BY 1",
    }
    out: dict[str, dict[str, int]] = {}
    for name, sql in queries.items():
        for region, n in conn.exec_driver_sql(sql):
            out.setdefault(region, {})[name] = int(n)
    return out


def row_counts(conn: sa.Connection) -> dict[str, int]:
    """Rows stored per registry table."""
    return {name: int(conn.exec_driver_sql(f"SELECT count(*) FROM {name}").scalar_one()) for name in TABLES}


def check_integrity(conn: sa.Connection) -> list[str]:
    """Keys and references that the store must hold (on DuckDB the database does not enforce them)."""
    problems = []
    for spec in FILES:
        table = TABLES[spec.name]
        keys = ", ".join(spec.stored_key)
        dup = conn.exec_driver_sql(
            f"SELECT count(*) FROM (SELECT {keys} FROM {table.name} GROUP BY {keys} HAVING count(*) > 1) d"
        ).scalar_one()
        if dup:
            problems.append(f"{table.name}: {dup} keys ({keys}) stored more than once")
        for col in spec.columns:
            if col.employer and col.kind == "bin":
                n = conn.exec_driver_sql(
                    f"SELECT count(*) FROM {table.name} t WHERE t.{col.name} IS NOT NULL AND NOT EXISTS "
                    f"(SELECT 1 FROM employers e WHERE e.bin = t.{col.name})"
                ).scalar_one()
                if n:
                    problems.append(f"{table.name}.{col.name}: {n} rows refer to no employer")
            if col.kind == "iin":
                n = conn.exec_driver_sql(
                    f"SELECT count(*) FROM {table.name} t WHERE t.person_id IS NOT NULL AND NOT EXISTS "
                    f"(SELECT 1 FROM persons p WHERE p.person_id = t.person_id)"
                ).scalar_one()
                if n:
                    problems.append(f"{table.name}.person_id: {n} rows refer to no person")
    for spec in FILES:
        for lst in spec.lists:
            problems += _list_problems(conn, spec, lst)
    return problems


def _list_problems(conn: sa.Connection, spec: FileSpec, lst: ListTable) -> list[str]:
    """A list table's rows must name a stored record of their file and a stored employer."""
    keys = " AND ".join(f"r.{k} = o.{k}" for k in spec.stored_key)
    n = conn.exec_driver_sql(
        f"SELECT count(*) FROM {lst.table} o WHERE NOT EXISTS (SELECT 1 FROM employers e WHERE e.bin = o.{lst.item}) "
        f"OR NOT EXISTS (SELECT 1 FROM {TABLES[spec.name].name} r WHERE {keys})"
    ).scalar_one()
    return [f"{lst.table}: {n} rows refer to no {lst.owner} or no employer"] if n else []


def regions_of(conn: sa.Connection, bins: list[str]) -> dict[str, str]:
    """The region (first two digits of the KATO) of each employer of bins that is stored."""
    e = TABLES["employers"].c
    out: dict[str, str] = {}
    for i in range(0, len(bins), 5000):
        rows = conn.execute(sa.select(e.bin, e.kato).where(e.bin.in_(bins[i : i + 5000])))
        out |= {b: k[:2] for b, k in rows}
    return out
