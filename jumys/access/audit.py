"""The audit log: who, in which role, did what to which resource, and how it went; written one line or many
at a time, read newest first."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import sqlalchemy as sa

from jumys.access.principal import Principal
from jumys.access.tables import audit_log


def utc_now() -> dt.datetime:
    """Now, in UTC."""
    return dt.datetime.now(dt.UTC)


def aware(value: dt.datetime) -> dt.datetime:
    """DuckDB hands back naive UTC timestamps for timestamptz columns; PostgreSQL aware ones."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def audit_line(
    principal: Principal,
    action: str,
    resource: str,
    detail: dict[str, Any] | None = None,
    outcome: str = "ok",
) -> dict[str, Any]:
    """One line of the audit log, stamped now, not yet written."""
    return {
        "audit_id": uuid.uuid4(),
        "logged_at": utc_now(),
        "username": principal.username,
        "role": principal.role,
        "via": principal.via,
        "action": action[:32],
        "resource": resource,
        "outcome": outcome,
        "detail": json.dumps(detail, ensure_ascii=False, default=str, sort_keys=True) if detail else None,
    }


def record_audit(
    conn: sa.Connection,
    principal: Principal,
    action: str,
    resource: str,
    detail: dict[str, Any] | None = None,
    outcome: str = "ok",
) -> None:
    """Write one line of the audit log: who, in which role, did what to which resource, and how it went."""
    conn.execute(audit_log.insert().values(**audit_line(principal, action, resource, detail, outcome)))


# Many lines in one statement and one round trip, the same text on both engines: a column each as an
# array, zipped back into rows by unnest (for 50 lines on DuckDB: 2.3 ms, against 6.9 ms as executemany).
_AUDIT_TYPES = {"audit_id": "UUID[]", "logged_at": "TIMESTAMP WITH TIME ZONE[]"}
AUDIT_INSERT = sa.text(
    f"INSERT INTO audit_log ({', '.join(c.name for c in audit_log.columns)}) SELECT "
    + ", ".join(f"unnest(CAST(:{c.name} AS {_AUDIT_TYPES.get(c.name, 'TEXT[]')}))" for c in audit_log.columns)
)


def audit_columns(lines: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """Lines made by audit_line as the parameters of AUDIT_INSERT: one list per column."""
    return {c.name: [line[c.name] for line in lines] for c in audit_log.columns}


def record_audit_lines(conn: sa.Connection, lines: list[dict[str, Any]]) -> None:
    """Write lines made by audit_line, in one statement."""
    if lines:
        conn.execute(AUDIT_INSERT, audit_columns(lines))


def list_audit(
    conn: sa.Connection, limit: int = 100, username: str | None = None, action: str | None = None
) -> list[dict[str, Any]]:
    """The newest lines of the audit log, optionally of one user or one action."""
    q = sa.select(audit_log).order_by(audit_log.c.logged_at.desc()).limit(limit)
    if username:
        q = q.where(audit_log.c.username == username)
    if action:
        q = q.where(audit_log.c.action == action)
    out = []
    for r in conn.execute(q).mappings():
        item = dict(r)
        item["logged_at"] = aware(item["logged_at"])
        item["detail"] = json.loads(item["detail"]) if item["detail"] else None
        out.append(item)
    return out
