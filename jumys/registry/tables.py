"""Storage tables of the registries, derived from the data contract (registry/contract.py).

Every contract file has a table of the same name and the same columns, except that IINs are
kept only as `person_id` (the keyed-hash pseudonym), a file whose spec names a shared table
(`persons`) lands there, and a list column declared as a ListTable (a project's `operator_bins`)
becomes rows of its own table (`project_operators`). Each row records the batch that last wrote it
(`batch_no`), so a number can be traced to the delivery it came from.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from jumys.registry.contract import FILES
from jumys.registry.spec import Column, FileSpec, ListTable
from jumys.storage.metadata import foreign_key, index, lookup_index, metadata, primary_key

_WIDTH = {"bin": 12, "kato": 9, "oked": 5, "nkz": 4, "citizenship": 3, "stat_period": 7}


def _type(col: Column) -> sa.types.TypeEngine[Any]:
    if col.kind == "iin":
        return sa.Uuid()
    if col.kind in _WIDTH:
        return sa.String(_WIDTH[col.kind])
    if col.kind in ("date", "period"):
        return sa.Date()
    if col.kind == "int":
        return sa.BigInteger()
    if col.kind == "number":
        return sa.Double()
    if col.kind == "bool":
        return sa.Boolean()
    if col.kind == "enum":
        return sa.String(max(len(v) for v in col.values))
    return sa.Text()


def _checks(spec: FileSpec) -> list[sa.CheckConstraint]:
    checks = []
    for col in spec.columns:
        name = col.stored_name
        nullable = "" if col.required else f"{name} IS NULL OR "
        if col.kind == "enum":
            allowed = ", ".join(f"'{v}'" for v in col.values)
            checks.append(sa.CheckConstraint(f"{nullable}{name} IN ({allowed})", name=f"{name}_allowed"))
        if col.minimum is not None or col.maximum is not None:
            bounds = []
            if col.minimum is not None:
                bounds.append(f"{name} >= {col.minimum:g}")
            if col.maximum is not None:
                bounds.append(f"{name} <= {col.maximum:g}")
            checks.append(sa.CheckConstraint(f"{nullable}{' AND '.join(bounds)}", name=f"{name}_range"))
    for order in spec.orders:
        op = "<" if order.strict else "<="
        checks.append(
            sa.CheckConstraint(
                f"{order.later} IS NULL OR {order.earlier} {op} {order.later}",
                name=f"{order.earlier}_{order.later}_order",
            )
        )
    return checks


def _references(spec: FileSpec) -> list[sa.ForeignKeyConstraint]:
    refs = []
    for col in spec.columns:
        if col.employer and col.kind == "bin":
            refs.append(foreign_key([col.name], ["employers.bin"]))
        if col.kind == "iin":
            refs.append(foreign_key(["person_id"], ["persons.person_id"]))
    return refs


def _table(spec: FileSpec) -> sa.Table:
    columns = [
        sa.Column(c.stored_name, _type(c), nullable=not c.required, comment=None)
        for c in spec.columns
        if c.kind != "bins"
    ]
    return sa.Table(
        spec.name,
        metadata,
        *columns,
        sa.Column("batch_no", sa.Integer, nullable=False),
        primary_key(*spec.stored_key),
        *_references(spec),
        *_checks(spec),
        comment=spec.description,
    )


batches = sa.Table(
    "batches",
    metadata,
    sa.Column("batch_no", sa.Integer, nullable=False, autoincrement=False),
    sa.Column("batch_id", sa.Text, nullable=False),
    sa.Column("source", sa.Text),
    sa.Column("extracted_at", sa.DateTime(timezone=True)),
    sa.Column("content_sha256", sa.String(64), nullable=False),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("rows_read", sa.BigInteger, nullable=False),
    sa.Column("rows_accepted", sa.BigInteger, nullable=False),
    sa.Column("rows_rejected", sa.BigInteger, nullable=False),
    primary_key("batch_no"),
    sa.UniqueConstraint("batch_id").ddl_if(dialect="postgresql"),
    comment="The ledger: one row per applied batch.",
)

batch_files = sa.Table(
    "batch_files",
    metadata,
    sa.Column("batch_no", sa.Integer, nullable=False),
    sa.Column("file", sa.String(32), nullable=False),
    sa.Column("format", sa.String(8), nullable=False),
    sa.Column("rows_read", sa.BigInteger, nullable=False),
    sa.Column("rows_accepted", sa.BigInteger, nullable=False),
    sa.Column("rows_rejected", sa.BigInteger, nullable=False),
    sa.Column("warnings", sa.Text),
    primary_key("batch_no", "file"),
    foreign_key(["batch_no"], ["batches.batch_no"]),
    comment="Rows read, accepted and rejected per file of a batch.",
)

batch_rejects = sa.Table(
    "batch_rejects",
    metadata,
    sa.Column("batch_no", sa.Integer, nullable=False),
    sa.Column("file", sa.String(32), nullable=False),
    sa.Column("line", sa.BigInteger, nullable=False),
    sa.Column("column", sa.Text),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("value", sa.Text),
    sa.Column(
        "code", sa.String(64)
    ),  # the reason's stable code (jumys/registry/messages.py); NULL before 0009
    sa.Column("params", sa.Text),  # its parameters as JSON (a nested reason as {code, params})
    foreign_key(["batch_no"], ["batches.batch_no"]),
    index("ix_batch_rejects_batch_no", "batch_no"),
    comment="Rejected rows of each batch (identifiers that may be IINs masked).",
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("event_id", sa.String(200), nullable=False),
    sa.Column("kind", sa.String(8), nullable=False),
    sa.Column("content_sha256", sa.String(64), nullable=False),
    sa.Column("batch_no", sa.Integer, nullable=False),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
    primary_key("event_id"),
    foreign_key(["batch_no"], ["batches.batch_no"]),
    sa.CheckConstraint("kind IN ('contract', 'payroll')", name="kind_allowed"),
    comment="Events applied through POST /api/v1/events: the id the sender gave, the SHA-256 of its kind and row, "
    "the batch that applied it and when.",
)

verify_queue = sa.Table(
    "verify_queue",
    metadata,
    sa.Column("batch_no", sa.Integer, nullable=False),
    sa.Column("bin", sa.String(12), nullable=False),
    primary_key("batch_no", "bin"),
    comment="The BINs of events applied whose projects are not verified again yet: written in the events' own "
    "transaction, removed in the one that verifies them (jumys/projects/live.py).",
)

registry_info = sa.Table(
    "registry_info",
    metadata,
    sa.Column("name", sa.String(64), nullable=False),
    sa.Column("value", sa.Text, nullable=False),
    primary_key("name"),
    comment="Facts about the store itself, e.g. the fingerprint of the pseudonym key it was built with.",
)

persons = sa.Table(
    "persons",
    metadata,
    sa.Column("person_id", sa.Uuid, nullable=False),
    sa.Column("birth_date", sa.Date, nullable=False),
    sa.Column("sex", sa.String(1), nullable=False),
    sa.Column("citizenship", sa.String(3)),
    sa.Column("status", sa.String(9)),
    sa.Column("batch_no", sa.Integer, nullable=False),
    primary_key("person_id"),
    sa.CheckConstraint("sex IN ('M', 'F')", name="sex_allowed"),
    sa.CheckConstraint(
        "status IS NULL OR status IN ('citizen', 'kandas', 'foreigner')", name="status_allowed"
    ),
    comment="Persons by pseudonym: birth date and sex from the IIN; citizenship and status from the persons file.",
)


def _list_table(spec: FileSpec, lst: ListTable) -> sa.Table:
    """The table of a list column's items: the file's key and one item, replaced with the record."""
    keys = [spec.column(k) for k in spec.key]
    listed = spec.column(lst.column)
    item = Column(lst.item, "bin", employer=listed.employer)
    refs = [foreign_key([k.stored_name for k in keys], [f"{spec.name}.{k.stored_name}" for k in keys])]
    refs += _references(FileSpec(lst.table, (), (item,)))
    return sa.Table(
        lst.table,
        metadata,
        *[sa.Column(c.stored_name, _type(c), nullable=False) for c in (*keys, item)],
        sa.Column("batch_no", sa.Integer, nullable=False),
        primary_key(*(k.stored_name for k in keys), item.stored_name),
        *refs,
        comment=lst.description,
    )


SHARED: dict[str, sa.Table] = {persons.name: persons}  # tables a file's spec may name as where its rows land
TABLES: dict[str, sa.Table] = {
    spec.name: SHARED[spec.table] if spec.table else _table(spec) for spec in FILES
}
"""The table of each contract file."""
LIST_TABLES: dict[str, sa.Table] = {lst.table: _list_table(spec, lst) for spec in FILES for lst in spec.lists}
"""The tables of the files' list columns (contract.ListTable)."""
employers = TABLES["employers"]
project_operators = LIST_TABLES["project_operators"]

# indexes PostgreSQL needs for verification and the API (DuckDB scans columns)
index("ix_contracts_bin", TABLES["contracts"].c.bin)
index("ix_contracts_person_id", TABLES["contracts"].c.person_id)
index("ix_payroll_bin_period", TABLES["payroll"].c.bin, TABLES["payroll"].c.period)
index("ix_employers_parent_bin", employers.c.parent_bin)
# and the ones DuckDB needs for the API's lookup of an employer (PostgreSQL has the primary key)
lookup_index("ix_employers_lookup", employers.c.bin)
