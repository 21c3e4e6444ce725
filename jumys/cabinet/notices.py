"""Notifications: a case's status seen for the first time becomes one row, and (when it is news) one e-mail.

The key (account, kind of case, case, status) is unique on both engines and rows are inserted with
ON CONFLICT DO NOTHING, so however often and from however many places the statuses are recorded, each is
noticed once and e-mailed once. The statuses a person's cases had when the account was made are recorded
as known, not announced: the first e-mail tells of a change, not of the past.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

import sqlalchemy as sa

from jumys.cabinet import messages as M
from jumys.cabinet.schemas import Notification, Status
from jumys.cabinet.tables import cabinet_notifications, cabinet_outbox, person_accounts
from jumys.kit.i18n import render

_INSERT_NOTICE = sa.text(
    "INSERT INTO cabinet_notifications (notification_id, account_id, case_kind, case_id, status, status_on, "
    "noticed_at, announced) VALUES (:notification_id, :account_id, :case_kind, :case_id, :status, :status_on, "
    ":noticed_at, :announced) ON CONFLICT DO NOTHING"
)
_INSERT_MAIL = sa.text(
    "INSERT INTO cabinet_outbox (notification_id, recipient, subject, body, state, attempts, next_attempt_at) "
    "VALUES (:notification_id, :recipient, :subject, :body, 'pending', 0, :now) ON CONFLICT DO NOTHING"
)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def record_statuses(conn: sa.Connection, statuses: Iterable[Status], *, announce: bool = True) -> int:
    """Notice the statuses not noticed before, and queue an e-mail for each announced one without one.

    Returns how many statuses were new. announce=False records them as already known (no e-mail).
    """
    n = cabinet_notifications.c
    wanted = list(dict.fromkeys(statuses))
    if not wanted:
        return 0
    accounts = sorted({s.account_id for s in wanted})
    known = {
        (r.account_id, r.case_kind, r.case_id, r.status)
        for r in conn.execute(
            sa.select(n.account_id, n.case_kind, n.case_id, n.status).where(n.account_id.in_(accounts))
        )
    }
    now = _now()
    new = [
        {
            "notification_id": uuid.uuid4(),
            "account_id": s.account_id,
            "case_kind": s.case_kind,
            "case_id": s.case_id,
            "status": s.status,
            "status_on": s.status_on,
            "noticed_at": now,
            "announced": announce,
        }
        for s in wanted
        if (s.account_id, s.case_kind, s.case_id, s.status) not in known
    ]
    if new:
        conn.execute(_INSERT_NOTICE, new)
    queue_mail(conn, now)
    return len(new)


def mail_text(kind: str, case_id: str, status: str, day: dt.date, lang: str) -> tuple[str, str]:
    """The e-mail of a new status in a language: (subject, body)."""
    params = {
        "kind": M.KIND_NAMES[kind](),
        "case_id": case_id,
        "status": M.STATUS_NAMES[status](),
        "day": day,
    }
    subject = render(M.MAIL_SUBJECT.code, params, lang)
    body = render(M.MAIL_BODY.code, params, lang)
    return subject.replace("\r", " ").replace("\n", " "), body


def queue_mail(conn: sa.Connection, now: dt.datetime | None = None) -> int:
    """An e-mail in the outbox for every announced notification of an enabled account that has none yet."""
    n, a, o = cabinet_notifications.c, person_accounts.c, cabinet_outbox.c
    rows = conn.execute(
        sa.select(n.notification_id, n.case_kind, n.case_id, n.status, n.status_on, a.email, a.lang)
        .join(person_accounts, a.account_id == n.account_id)
        .where(
            n.announced,
            a.disabled_at.is_(None),
            ~sa.exists().where(o.notification_id == n.notification_id),
        )
    ).all()
    now = now or _now()
    mails = []
    for r in rows:
        subject, body = mail_text(r.case_kind, r.case_id, r.status, r.status_on, r.lang)
        mails.append(
            {
                "notification_id": r.notification_id,
                "recipient": r.email,
                "subject": subject,
                "body": body,
                "now": now,
            }
        )
    if mails:
        conn.execute(_INSERT_MAIL, mails)
    return len(mails)


def notifications_of(conn: sa.Connection, account_id: int, limit: int = 100) -> list[Notification]:
    """The announced notifications of one account, newest first, with their e-mail's state."""
    n, o = cabinet_notifications.c, cabinet_outbox.c
    rows = conn.execute(
        sa.select(n.case_kind, n.case_id, n.status, n.status_on, n.noticed_at, o.state)
        .select_from(cabinet_notifications.outerjoin(cabinet_outbox, o.notification_id == n.notification_id))
        .where(n.account_id == account_id, n.announced)
        .order_by(n.noticed_at.desc(), n.status_on.desc(), n.case_id)
        .limit(limit)
    ).all()
    return [
        Notification(
            case_kind=r.case_kind,
            case_id=r.case_id,
            status=r.status,
            status_on=r.status_on,
            noticed_at=r.noticed_at if r.noticed_at.tzinfo else r.noticed_at.replace(tzinfo=dt.UTC),
            email=r.state or "none",
        )
        for r in rows
    ]
