"""The personal cabinet for both faces and the CLI: persons' sign-in and cookie, accounts, notices after writes.

A person's session is a cookie of its own (`jumys_cabinet`), resolved only by the cabinet's routes: to
every other route of the API and the pages a person is the public, whatever cookie or header they send.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from collections.abc import Collection

import sqlalchemy as sa
from starlette.requests import HTTPConnection
from starlette.responses import Response

from jumys.access.principal import Principal
from jumys.access.service import record_audit
from jumys.cabinet import accounts
from jumys.cabinet import messages as M
from jumys.cabinet.accounts import Person
from jumys.cabinet.notices import record_statuses
from jumys.cabinet.outbox import Delivery, Smtp, deliver
from jumys.config import Settings
from jumys.doors.core import Door
from jumys.doors.identity import require_ministry
from jumys.doors.sessions import set_session_cookie
from jumys.errors import TooManyAttempts, Unauthorized
from jumys.registry.pseudonym import PseudonymKey, load_key
from jumys.reports.cabinet import account_statuses

CABINET_COOKIE = "jumys_cabinet"
DRAIN_SECONDS = 30.0  # how often `jumys serve` drains the outbox
log = logging.getLogger(__name__)
ADD_ACTION = "add_person"


def key_of(settings: Settings, engine: sa.Engine) -> PseudonymKey:
    """The pseudonym key the store's IINs were hashed with."""
    return load_key(settings, embedded=engine.dialect.name == "duckdb")


def notice_changes(
    engine: sa.Engine, today: dt.date | None = None, persons: Collection[uuid.UUID] | None = None
) -> int:
    """After a write: every status not noticed before becomes a notification (and an e-mail in the outbox);
    persons: only theirs (a decision's applicant). Its own transaction, after the write's: should it fail,
    the next one notices what this one missed."""
    with engine.begin() as conn:
        return record_statuses(conn, account_statuses(conn, today, persons=persons))


def add_person(
    engine: sa.Engine, key: PseudonymKey, p: Principal, iin: str, email: str, lang: str = "ru"
) -> tuple[Person, str]:
    """The ministry makes a person's account: (the person, a one-time password); their cases' statuses now
    recorded as known, so that only later changes are e-mailed. Audited, never with the IIN."""
    with engine.begin() as conn:
        person, password = accounts.add_person(conn, key, iin, email, created_by=p.username, lang=lang)
        record_statuses(conn, account_statuses(conn, account_ids=[person.account_id]), announce=False)
        record_audit(conn, p, ADD_ACTION, f"person account {person.account_id}", {"person": person.short})
    return person, password


def add_person_for(door: Door, p: Principal, iin: str, email: str, lang: str = "ru") -> tuple[Person, str]:
    """add_person through a face: the ministry only (a refusal audited)."""
    require_ministry(door, p, ADD_ACTION, "person account")
    return add_person(door.engine, key_of(door.settings, door.engine), p, iin, email, lang)


def sign_in(door: Door, iin: str, password: str, via: str) -> tuple[Person, str, dt.datetime]:
    """Check a person's IIN and password and open a cabinet session: (the person, the cookie's value, its end).

    Every attempt is audited (under the pseudonym's short form), a refusal in a transaction of its own.
    """
    key = key_of(door.settings, door.engine)
    try:
        with door.engine.begin() as conn:
            person = accounts.authenticate_person(conn, key, iin, password)
            value, expires = accounts.create_person_session(conn, person, door.settings.session_hours)
            accounts.record_person_sign_in(conn, key, iin, via, None)
    except (Unauthorized, TooManyAttempts) as e:
        with door.engine.begin() as conn:
            accounts.record_person_sign_in(conn, key, iin, via, e)
        raise
    return person, value, expires


def sign_out(door: Door, value: str | None) -> None:
    """End a cabinet session (an unknown one too)."""
    if value:
        with door.engine.begin() as conn:
            accounts.end_person_session(conn, value)


def person_of(door: Door, request: HTTPConnection) -> Person:
    """The person signed in to the cabinet by the request's cookie; Unauthorized otherwise."""
    value = request.cookies.get(CABINET_COOKIE)
    if not value:
        raise Unauthorized(M.SIGN_IN_FIRST)
    with door.engine.connect() as conn:
        return accounts.resolve_person_session(conn, value)


def audit_read(door: Door, person: Person, what: str) -> None:
    """A person's read of their own cases, in the audit log as every read of person-level data is (waited for)."""
    line = door.auditor.write(
        accounts.audit_principal(person.person_id),
        "read_cabinet",
        f"person account {person.account_id}",
        {"what": what},
    )
    line.result(timeout=60)


def private(response: Response) -> None:
    """A person's own data: kept by no cache on the way, nor by the browser."""
    response.headers["Cache-Control"] = "private, no-store"


def set_cookie(
    response: Response, request: HTTPConnection, door: Door, value: str, expires: dt.datetime
) -> None:
    """The cabinet's cookie, made as a user's session cookie is."""
    set_session_cookie(response, request, door, value, expires, CABINET_COOKIE)


def clear_cookie(response: Response) -> None:
    """The browser forgets the cabinet's cookie."""
    response.delete_cookie(CABINET_COOKIE, path="/")


class Mailer:
    """`jumys serve`'s delivery worker (when JUMYS_SMTP_HOST is set): every `seconds`, notice the statuses
    that came with time (a permit's expiry), then drain the outbox. A failing round is logged, and the next
    one tries again."""

    def __init__(self, engine: sa.Engine, smtp: Smtp, seconds: float = DRAIN_SECONDS) -> None:
        self.engine = engine
        self.smtp = smtp
        self.seconds = seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="jumys-mailer", daemon=True)

    def start(self) -> None:
        """Begin draining in a thread of its own."""
        self._thread.start()

    def stop(self) -> None:
        """Stop after the round under way (a send is not cut short)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def round(self) -> Delivery:
        """One round: notice, then drain."""
        notice_changes(self.engine)
        return deliver(self.engine, self.smtp)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.round()
            except Exception:  # the worker outlives a bad round: the store or the server may be back soon
                log.exception("the outbox's delivery round failed")
            self._stop.wait(self.seconds)
