"""Persons' accounts of the cabinet: made by the ministry, signed in by IIN and password, sessions as hashes.

A person is found by the pseudonym of their IIN (jumys/registry/pseudonym.py): the IIN is never stored.
Sign-in answers a wrong password, an unknown IIN and a disabled account alike, after one password check
each (an unknown IIN checks against a dummy hash), so neither the answer nor its time tells whether an
account exists. Every attempt is audited under the pseudonym's short form (never the IIN), whether or not
an account has it, and too many failures of one IIN wait as a user's do: the wait does not tell either.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from jumys.access import messages as AM
from jumys.access.principal import Principal
from jumys.access.service import (
    MIN_PASSWORD,
    end_session,
    generate_password,
    hash_password,
    needs_rehash,
    open_session,
    record_audit,
    session_owner,
    sign_in_refused_until,
    verify_nothing,
    verify_password,
)
from jumys.cabinet import messages as M
from jumys.cabinet.tables import person_accounts, person_sessions
from jumys.errors import Conflict, InvalidInput, NotFound, TooManyAttempts, Unauthorized
from jumys.kit.identifiers import iin_problem
from jumys.registry.pseudonym import PseudonymKey, pseudonymise

SIGN_IN_ACTION = "cabinet_sign_in"
LANGS = ("ru", "kk", "en")


@dataclass(frozen=True)
class Person:
    """A person signed in to the cabinet: their account and pseudonym, and nothing of anyone else's."""

    account_id: int
    person_id: uuid.UUID
    email: str
    lang: str
    expires_at: dt.datetime | None = None

    @property
    def short(self) -> str:
        """The pseudonym's short form: how a person is named in the log and on pages."""
        return short_form(self.person_id)


def short_form(person_id: uuid.UUID) -> str:
    """The first 12 hex digits of a pseudonym."""
    return person_id.hex[:12]


def audit_principal(person_id: uuid.UUID, via: str = "session") -> Principal:
    """Who a person is in the audit log: `person` and the pseudonym's short form, no role beyond the public's."""
    return Principal(username=f"person {short_form(person_id)}", role="public", via=via)  # type: ignore[arg-type]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def email_problem(email: str) -> bool:
    """True when email is not a plausible address (one @, a dotted domain, no spaces or line breaks)."""
    local, at, domain = email.rpartition("@")
    return (
        not at
        or not local
        or "." not in domain.strip(".")
        or len(email) > 254
        or any(ch.isspace() or not ch.isprintable() for ch in email)
    )


def person_of_iin(key: PseudonymKey, iin: str) -> uuid.UUID:
    """The pseudonym of a valid IIN; InvalidInput naming the problem otherwise."""
    iin = iin.strip()
    problem = iin_problem(iin)
    if problem is not None:
        raise InvalidInput(M.IIN_INVALID, problem=problem)
    return pseudonymise(key, iin)


def _person(row: Any) -> Person:
    expires = row.get("expires_at")
    return Person(
        account_id=int(row["account_id"]),
        person_id=row["person_id"]
        if isinstance(row["person_id"], uuid.UUID)
        else uuid.UUID(str(row["person_id"])),
        email=row["email"],
        lang=row["lang"],
        expires_at=_aware(expires) if expires is not None else None,
    )


def add_person(
    conn: sa.Connection,
    key: PseudonymKey,
    iin: str,
    email: str,
    *,
    created_by: str,
    lang: str = "ru",
    password: str | None = None,
) -> tuple[Person, str]:
    """An account for the person of an IIN, and its password (generated when not given), shown this once."""
    person_id = person_of_iin(key, iin)
    email = email.strip()
    if email_problem(email):
        raise InvalidInput(M.EMAIL_INVALID, email=email[:80])
    if lang not in LANGS:
        raise InvalidInput(M.LANG_UNKNOWN, lang=lang[:8])
    password = password if password is not None else generate_password()
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(AM.PASSWORD_TOO_SHORT, n=MIN_PASSWORD)
    a = person_accounts.c
    taken = conn.execute(sa.select(a.account_id).where(a.person_id == person_id)).scalar()
    if taken is not None:
        raise Conflict(M.ACCOUNT_EXISTS, account_id=str(taken))
    account_id = int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(a.account_id), 0) + 1)).scalar_one())
    row = {
        "account_id": account_id,
        "person_id": person_id,
        "email": email,
        "lang": lang,
        "password_hash": hash_password(password),
        "created_at": _now(),
        "created_by": created_by,
        "disabled_at": None,
    }
    conn.execute(person_accounts.insert().values(**row))
    return _person(row), password


def account_of(conn: sa.Connection, person_id: uuid.UUID) -> Person | None:
    """The account of a pseudonym, disabled or not, or None."""
    row = (
        conn.execute(sa.select(person_accounts).where(person_accounts.c.person_id == person_id))
        .mappings()
        .first()
    )
    return _person(row) if row is not None else None


def disable_person(conn: sa.Connection, key: PseudonymKey, iin: str) -> Person:
    """Stop a person signing in; their sessions end at once."""
    person_id = person_of_iin(key, iin)
    person = account_of(conn, person_id)
    if person is None:
        raise NotFound(M.ACCOUNT_UNKNOWN)
    a = person_accounts.c
    conn.execute(person_accounts.update().where(a.account_id == person.account_id).values(disabled_at=_now()))
    conn.execute(person_sessions.delete().where(person_sessions.c.account_id == person.account_id))
    return person


def list_accounts(conn: sa.Connection) -> list[dict[str, Any]]:
    """Every account: its number, the pseudonym's short form, e-mail, language, when made, whether disabled."""
    a = person_accounts.c
    rows = conn.execute(
        sa.select(a.account_id, a.person_id, a.email, a.lang, a.created_at, a.disabled_at).order_by(
            a.account_id
        )
    ).mappings()
    return [
        {
            "account_id": r["account_id"],
            "person": short_form(_person(dict(r) | {"expires_at": None}).person_id),
            "email": r["email"],
            "lang": r["lang"],
            "created_at": _aware(r["created_at"]),
            "disabled": r["disabled_at"] is not None,
        }
        for r in rows
    ]


def authenticate_person(conn: sa.Connection, key: PseudonymKey, iin: str, password: str) -> Person:
    """The person of an IIN and password; Unauthorized with one message for every cause.

    Exactly one password check is made on every path (a dummy hash for an IIN of no account, or one not
    valid at all), so the time does not tell the causes apart either. TooManyAttempts while the IIN waits.
    """
    iin, password = iin.strip(), password.replace("\x00", "")
    person_id = pseudonymise(key, iin)  # of whatever was typed: a wrong IIN is throttled like a right one
    who = audit_principal(person_id).username
    until = sign_in_refused_until(conn, who, (SIGN_IN_ACTION,))
    if until is not None:
        verify_nothing(password)
        raise TooManyAttempts(AM.SIGN_IN_TOO_MANY, until, time=f"{until:%H:%M}")
    row = None
    if iin_problem(iin) is None:
        row = (
            conn.execute(sa.select(person_accounts).where(person_accounts.c.person_id == person_id))
            .mappings()
            .first()
        )
    if row is None:
        verify_nothing(password)
        raise Unauthorized(M.SIGN_IN_WRONG)
    ok = verify_password(row["password_hash"], password)
    if not ok or row["disabled_at"] is not None:
        raise Unauthorized(M.SIGN_IN_WRONG)
    if needs_rehash(row["password_hash"]):
        conn.execute(
            person_accounts.update()
            .where(person_accounts.c.account_id == row["account_id"])
            .values(password_hash=hash_password(password))
        )
    return _person(dict(row) | {"expires_at": None})


def record_person_sign_in(
    conn: sa.Connection, key: PseudonymKey, iin: str, via: str, refused: Exception | None
) -> None:
    """A sign-in attempt in the audit log under the pseudonym's short form; a wait for too many says so."""
    who = audit_principal(pseudonymise(key, iin.strip()), via)
    if refused is None:
        record_audit(conn, who, SIGN_IN_ACTION, "cabinet", {"door": via} if via != "session" else None)
        return
    detail = (
        {"reason": "too many failed sign-ins", "until": refused.until}
        if isinstance(refused, TooManyAttempts)
        else None
    )
    record_audit(conn, who, SIGN_IN_ACTION, "cabinet", detail, "denied")


def create_person_session(
    conn: sa.Connection, person: Person, hours: float, now: dt.datetime | None = None
) -> tuple[str, dt.datetime]:
    """A new cabinet session: (the cookie's value, when it ends); only its hash is stored."""
    return open_session(conn, person_sessions, "account_id", person.account_id, hours, now or _now())


def resolve_person_session(conn: sa.Connection, value: str, now: dt.datetime | None = None) -> Person:
    """The person of a cabinet cookie's value; Unauthorized when unknown, expired or the account disabled."""
    row = session_owner(conn, person_accounts, person_sessions, "account_id", value, now or _now())
    if row is None:
        raise Unauthorized(M.SESSION_EXPIRED)
    return _person(row)


def end_person_session(conn: sa.Connection, value: str) -> None:
    """Sign out of the cabinet: forget the session (nothing happens for an unknown one)."""
    end_session(conn, value, person_sessions)
