"""The personal cabinet's read models: a person's own cases with their status history, and the statuses to notice.

Every status is derived from the store, never kept apart from it:

    permit application  submitted (submitted_on), then issued or refused (the day it was decided)
    work permit         issued (issued_on); revoked (revoked_on, once that day has come); expired (the day
                        after valid_until, once it has passed, unless it was revoked first)
    resettlement case   moved (moved_on); left (left_on, once that day has come); kandas and resettlers alike

Permits come from the registry's permits file and from the permits the decisions issued. A person sees the
cases of their own pseudonym only: the filter is in the SQL (`person_id = :the asker's`), and nothing here
takes any other asker.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from typing import Any

import sqlalchemy as sa

from jumys.cabinet.accounts import Person
from jumys.cabinet.schemas import STATUS_ORDER, CaseStatus, PersonCase, Status
from jumys.cabinet.tables import person_accounts
from jumys.permits.tables import issued_permits, permit_decisions
from jumys.registry.tables import TABLES

registry_permits = TABLES["permits"]
resettlement = TABLES["resettlement"]


def _region(kato: sa.ColumnElement[Any]) -> sa.ColumnElement[str]:
    return sa.func.substr(kato, sa.literal_column("1"), sa.literal_column("2"))


def _row(
    kind: str,
    case_id: sa.ColumnElement[Any],
    status: str,
    on: sa.ColumnElement[Any],
    about: sa.ColumnElement[Any],
    kato: sa.ColumnElement[Any],
    person_id: sa.ColumnElement[Any],
) -> list[sa.ColumnElement[Any]]:
    return [
        person_id.label("person_id"),
        sa.literal(kind).label("case_kind"),
        sa.cast(case_id, sa.String).label("case_id"),
        sa.literal(status).label("status"),
        sa.cast(on, sa.Date).label("status_on"),
        sa.cast(about, sa.String).label("about"),
        _region(kato).label("region"),
    ]


Who = Callable[[sa.ColumnElement[Any]], sa.ColumnElement[bool]]


def _statuses(today: dt.date, mine: Who) -> sa.CompoundSelect[Any]:
    """Every status on today of every case of the persons mine picks (a condition on a person_id column)."""
    d = permit_decisions.c
    p = registry_permits.c
    r = resettlement.c
    day = sa.literal(today, sa.Date)
    parts = [
        sa.select(
            *_row(
                "application", d.application_id, "submitted", d.submitted_on, d.category, d.kato, d.person_id
            )
        ).where(mine(d.person_id)),
        sa.select(
            *_row("application", d.application_id, "issued", d.decided_at, d.category, d.kato, d.person_id)
        ).where(mine(d.person_id), d.decision == "issued"),
        sa.select(
            *_row("application", d.application_id, "refused", d.decided_at, d.category, d.kato, d.person_id)
        ).where(mine(d.person_id), d.decision == "refused"),
    ]
    for t, revoked in ((registry_permits, p.revoked_on), (issued_permits, None)):
        c = t.c
        parts.append(
            sa.select(
                *_row("permit", c.permit_id, "issued", c.issued_on, c.category, c.kato, c.person_id)
            ).where(mine(c.person_id))
        )
        not_revoked_first = (
            sa.true() if revoked is None else sa.or_(revoked.is_(None), revoked > c.valid_until)
        )
        parts.append(
            sa.select(
                *_row("permit", c.permit_id, "expired", c.valid_until + 1, c.category, c.kato, c.person_id)
            ).where(mine(c.person_id), c.valid_until < day, not_revoked_first)
        )
    parts.append(
        sa.select(
            *_row("permit", p.permit_id, "revoked", p.revoked_on, p.category, p.kato, p.person_id)
        ).where(mine(p.person_id), p.revoked_on <= day)
    )
    parts += [
        sa.select(
            *_row("resettlement", r.case_id, "moved", r.moved_on, r.program, r.to_kato, r.person_id)
        ).where(mine(r.person_id)),
        sa.select(
            *_row("resettlement", r.case_id, "left", r.left_on, r.program, r.to_kato, r.person_id)
        ).where(mine(r.person_id), r.left_on <= day),
    ]
    return sa.union_all(*parts)


def _order(status: str) -> int:
    return STATUS_ORDER.index(status) if status in STATUS_ORDER else len(STATUS_ORDER)


def person_cases(conn: sa.Connection, person: Person, today: dt.date | None = None) -> list[PersonCase]:
    """The cases of the person asking (their pseudonym's only), each with its history and status on today."""
    today = today or dt.date.today()
    rows = conn.execute(_statuses(today, lambda col: col == person.person_id)).all()
    cases: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows:
        case = cases.setdefault(
            (r.case_kind, r.case_id), {"about": r.about, "region": r.region, "history": {}}
        )
        case["history"].setdefault(r.status, r.status_on)  # a permit in both sources: one history
    out = []
    for (kind, case_id), case in cases.items():
        history = sorted(
            (CaseStatus(status=s, on=on) for s, on in case["history"].items()),
            key=lambda h: (h.on, _order(h.status)),
        )
        out.append(
            PersonCase(
                kind=kind,
                case_id=case_id,
                about=case["about"],
                region=case["region"],
                status=history[-1].status,
                history=history,
            )
        )
    return sorted(out, key=lambda c: (c.history[0].on, c.kind, c.case_id), reverse=True)


def account_statuses(
    conn: sa.Connection,
    today: dt.date | None = None,
    account_ids: Iterable[int] | None = None,
    persons: Iterable[uuid.UUID] | None = None,
) -> list[Status]:
    """Every status on today of the cases of the persons with an enabled account (or of the accounts, or
    of the pseudonyms, given)."""
    today = today or dt.date.today()
    a = person_accounts.c
    enabled = sa.select(a.person_id).where(a.disabled_at.is_(None))
    if account_ids is not None:
        enabled = enabled.where(a.account_id.in_(list(account_ids)))
    if persons is not None:
        enabled = enabled.where(a.person_id.in_(list(persons)))
    found = _statuses(today, lambda col: col.in_(enabled)).subquery("statuses")
    q = sa.select(a.account_id, found.c.case_kind, found.c.case_id, found.c.status, found.c.status_on).join(
        found, found.c.person_id == a.person_id
    )
    return [Status(int(r.account_id), r.case_kind, r.case_id, r.status, r.status_on) for r in conn.execute(q)]
