"""The delivery worker: drains the outbox to an SMTP server, retrying with backoff, never sending one twice.

Each e-mail is claimed (state `sending`, committed) before it is handed to the server, and marked `sent`
after. A failure puts it back to `pending` for a later attempt (BACKOFF doubling from a minute, at most
MAX_ATTEMPTS), or `failed` when the server refused it for good (a 5xx answer). A worker killed between the
claim and the mark leaves the row `sending`: the server may or may not have taken it, and sending it again
could send it twice. Such a row, older than LEASE, becomes `unsure` and is never resent on its own; the
ministry sees it (`jumys outbox list`) and may queue it again by hand (`jumys outbox retry`). At most once,
by choice: a status notice sent twice is worse than one an officer has to look at.
"""

from __future__ import annotations

import datetime as dt
import os
import smtplib
import socket
import ssl
import uuid
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import sqlalchemy as sa

from jumys.cabinet import messages as M
from jumys.cabinet.tables import cabinet_outbox
from jumys.config import Settings
from jumys.errors import ConfigurationError, NotFound

BACKOFF = dt.timedelta(minutes=1)  # the wait after the first failure, doubled after each next one
MAX_BACKOFF = dt.timedelta(hours=6)
MAX_ATTEMPTS = 10
LEASE = dt.timedelta(minutes=10)  # a claim older than this was a killed worker's: far beyond SMTP_TIMEOUT
SMTP_TIMEOUT = 30.0
BATCH = 100


@dataclass(frozen=True)
class Smtp:
    """Where and how e-mails are delivered."""

    host: str
    port: int = 25
    user: str | None = None
    password: str | None = None
    sender: str = "jumys@localhost"
    starttls: bool = False
    timeout: float = SMTP_TIMEOUT

    @classmethod
    def of(cls, settings: Settings) -> Smtp:
        """The SMTP settings; ConfigurationError when JUMYS_SMTP_HOST is not set."""
        if not settings.smtp_host:
            raise ConfigurationError(M.SMTP_NOT_SET)
        return cls(
            host=settings.smtp_host,
            port=settings.smtp_port,
            user=settings.smtp_user,
            password=settings.smtp_password,
            sender=settings.smtp_from,
            starttls=settings.smtp_starttls,
        )


@dataclass
class Delivery:
    """What one drain of the outbox did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    unsure: int = 0
    errors: list[str] = field(default_factory=list)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def worker_name() -> str:
    """This worker in the claims it makes: host and process."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


def backoff(attempts: int) -> dt.timedelta:
    """The wait before attempt attempts+1, after attempts failures."""
    wait: dt.timedelta = BACKOFF * 2 ** min(max(attempts - 1, 0), 20)
    return min(wait, MAX_BACKOFF)


def mark_abandoned(conn: sa.Connection, now: dt.datetime) -> int:
    """Rows left `sending` longer than LEASE become `unsure`: not resent (see the module's docstring)."""
    o = cabinet_outbox.c
    result = conn.execute(
        cabinet_outbox.update()
        .where(o.state == "sending", o.claimed_at < now - LEASE)
        .values(state="unsure", last_error="the worker sending it stopped before it knew the outcome")
    )
    return int(result.rowcount or 0)


def claim(engine: sa.Engine, now: dt.datetime, worker: str) -> Any | None:
    """Claim the next due pending e-mail (committed before it is sent), or None when none is due.

    A row is claimed by an update that still finds it pending, so two workers never claim the same row;
    one at a time, so a worker killed in a send leaves one row in doubt, not those it had not begun.
    """
    o = cabinet_outbox.c
    with engine.begin() as conn:
        while True:
            first = conn.execute(
                sa.select(o.notification_id)
                .where(o.state == "pending", o.next_attempt_at <= now)
                .order_by(o.next_attempt_at, o.notification_id)
                .limit(1)
            ).scalar()
            if first is None:
                return None
            done = conn.execute(
                cabinet_outbox.update()
                .where(o.notification_id == first, o.state == "pending")
                .values(state="sending", claimed_at=now, claimed_by=worker)
            )
            if done.rowcount == 1:
                return conn.execute(sa.select(cabinet_outbox).where(o.notification_id == first)).one()


def _message(smtp: Smtp, row: Any) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = smtp.sender
    mail["To"] = row.recipient
    mail["Subject"] = row.subject
    mail["Message-ID"] = f"<{row.notification_id}@jumys>"  # the same for a retry: a server may drop the twin
    mail.set_content(row.body)
    return mail


def _connect(smtp: Smtp) -> smtplib.SMTP:
    server = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
    try:
        if smtp.starttls:
            server.starttls(context=ssl.create_default_context())
        if smtp.user:
            server.login(smtp.user, smtp.password or "")
    except BaseException:
        server.close()
        raise
    return server


def _permanent(error: Exception) -> bool:
    """A refusal the server gives for good (5xx), not a trouble of the moment."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def _finish(engine: sa.Engine, row: Any, now: dt.datetime, error: Exception | None, report: Delivery) -> None:
    o = cabinet_outbox.c
    mine = sa.and_(o.notification_id == row.notification_id, o.state == "sending")
    if error is None:
        values: dict[str, Any] = {"state": "sent", "sent_at": _now(), "last_error": None}
        report.sent += 1
    else:
        attempts = row.attempts + 1
        given_up = _permanent(error) or attempts >= MAX_ATTEMPTS
        values = {
            "state": "failed" if given_up else "pending",
            "attempts": attempts,
            "next_attempt_at": now + backoff(attempts),
            "last_error": f"{type(error).__name__}: {error}"[:500],
            "claimed_at": None,
            "claimed_by": None,
        }
        report.failed += given_up
        report.retried += not given_up
        report.errors.append(values["last_error"])
    with engine.begin() as conn:
        conn.execute(cabinet_outbox.update().where(mine).values(**values))


def deliver(
    engine: sa.Engine,
    smtp: Smtp,
    now: dt.datetime | None = None,
    worker: str | None = None,
    limit: int = BATCH,
) -> Delivery:
    """One drain of the worker: every due e-mail (at most limit) claimed, sent and marked, one at a time, over
    one connection. When the server cannot be reached the drain stops: the others wait for the next one."""
    now = now or _now()
    worker = worker or worker_name()
    report = Delivery()
    with engine.begin() as conn:
        report.unsure = mark_abandoned(conn, now)
    server: smtplib.SMTP | None = None
    try:
        for _ in range(limit):
            row = claim(engine, now, worker)
            if row is None:
                break
            try:
                if server is None:
                    server = _connect(smtp)
                server.send_message(_message(smtp, row))
            except (OSError, smtplib.SMTPException) as e:
                _finish(engine, row, now, e, report)
                if server is None:
                    break
                if isinstance(e, OSError | smtplib.SMTPServerDisconnected):
                    server.close()
                    server = None
            else:
                _finish(engine, row, now, None, report)
    finally:
        if server is not None:
            try:
                server.quit()
            except (OSError, smtplib.SMTPException):
                server.close()
    return report


def list_outbox(conn: sa.Connection, state: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
    """The newest e-mails of the outbox (optionally of one state), without their text."""
    o = cabinet_outbox.c
    q = (
        sa.select(
            o.notification_id, o.recipient, o.state, o.attempts, o.next_attempt_at, o.sent_at, o.last_error
        )
        .order_by(o.next_attempt_at.desc())
        .limit(limit)
    )
    if state:
        q = q.where(o.state == state)
    return [dict(r) for r in conn.execute(q).mappings()]


def retry(conn: sa.Connection, notification_id: uuid.UUID, now: dt.datetime | None = None) -> None:
    """Queue an unsure or failed e-mail again, by hand (it may reach its person twice: an officer's choice)."""
    o = cabinet_outbox.c
    done = conn.execute(
        cabinet_outbox.update()
        .where(o.notification_id == notification_id, o.state.in_(("unsure", "failed")))
        .values(state="pending", next_attempt_at=now or _now(), claimed_at=None, claimed_by=None)
    )
    if done.rowcount != 1:
        raise NotFound(M.MAIL_UNKNOWN, notification_id=str(notification_id))
