"""The verbs of access: users, passwords (argon2id), sessions and machine tokens, the audit log.

Secrets are never stored: a password as its argon2id hash, a session or a token as the SHA-256 of a
random value only its holder has (enough there, unlike for passwords: 256 random bits, not a choice).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Collection, Iterable
from typing import Any, cast

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from jumys.access import messages as M
from jumys.access.audit import AUDIT_INSERT as AUDIT_INSERT
from jumys.access.audit import audit_columns as audit_columns
from jumys.access.audit import audit_line as audit_line
from jumys.access.audit import aware as _aware
from jumys.access.audit import list_audit as list_audit
from jumys.access.audit import record_audit as record_audit
from jumys.access.audit import record_audit_lines as record_audit_lines
from jumys.access.audit import utc_now as _now
from jumys.access.principal import ROLES, Principal, Role
from jumys.access.tables import api_tokens, audit_log, sessions, users
from jumys.errors import Conflict, InvalidInput, NotFound, TooManyAttempts, Unauthorized
from jumys.kit.identifiers import bin_problem

TOKEN_PREFIX = "jm_"  # tells a machine token from other secrets in logs and secret scanners
_hasher = PasswordHasher()  # argon2id, RFC 9106 low-memory profile (64 MiB, 3 passes)
# verified against when the username is unknown, so that both failures take the same time
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
MIN_PASSWORD = 12
# after this many failed sign-ins of one user within the window (since its last success), it waits
# until the oldest of them leaves the window; waiting attempts do not count, so it cannot be prolonged
SIGN_IN_FAILURES = 5
SIGN_IN_WINDOW = dt.timedelta(minutes=15)
SIGN_IN_ACTIONS = ("sign_in", "login")  # the API's and the dashboard's


def _sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def hash_password(password: str) -> str:
    """The argon2id hash of a password (with its own random salt and parameters)."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when password matches the argon2id hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def verify_nothing(password: str) -> None:
    """Spend the time of one password check when there is no hash to check (an unknown name)."""
    verify_password(_DUMMY_HASH, password)


def needs_rehash(password_hash: str) -> bool:
    """True when a hash was made with other parameters than the hasher's now."""
    return _hasher.check_needs_rehash(password_hash)


def generate_password() -> str:
    """A random password of 20 URL-safe characters (about 120 bits)."""
    return secrets.token_urlsafe(15)


def _principal(row: Any, via: str) -> Principal:
    bins = frozenset((row["bins"] or "").split())
    return Principal(
        username=row["username"],
        role=cast(Role, row["role"]),
        region=row["region"],
        bins=bins,
        user_id=row["user_id"],
        via=via,  # type: ignore[arg-type]
        expires_at=_aware(row["expires_at"]) if row.get("expires_at") is not None else None,
    )


def add_user(
    conn: sa.Connection,
    username: str,
    role: str,
    *,
    known_regions: Collection[str],
    region: str | None = None,
    bins: Iterable[str] = (),
    password: str | None = None,
) -> Principal:
    """Create a user of a role; akimat needs one of known_regions, investor and employer one or more valid BINs."""
    username = username.strip()
    if not username or len(username) > 64 or any(ch.isspace() for ch in username):
        raise InvalidInput(M.USERNAME_INVALID)
    if role not in ROLES:
        raise InvalidInput(M.ROLE_UNKNOWN, roles=", ".join(ROLES), role=role)
    bin_list = sorted({b.strip() for b in bins if b.strip()})
    if role == "akimat":
        if region not in known_regions:
            raise InvalidInput(M.AKIMAT_NEEDS_REGION, regions=", ".join(sorted(known_regions)))
    elif region is not None:
        raise InvalidInput(M.REGION_ONLY_AKIMAT)
    if role in ("investor", "employer"):
        if not bin_list:
            raise InvalidInput(M.INVESTOR_NEEDS_BIN if role == "investor" else M.EMPLOYER_NEEDS_BIN)
        for b in bin_list:
            problem = bin_problem(b)
            if problem:
                raise InvalidInput(M.BIN_INVALID, bin=b, problem=problem)
    elif bin_list:
        raise InvalidInput(M.BINS_ONLY_INVESTOR)
    if password is not None and len(password) < MIN_PASSWORD:
        raise InvalidInput(M.PASSWORD_TOO_SHORT, n=MIN_PASSWORD)
    taken = conn.execute(sa.select(users.c.user_id).where(users.c.username == username)).first()
    if taken:
        raise Conflict(M.USER_EXISTS, username=username)
    user_id = int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(users.c.user_id), 0) + 1)).scalar_one())
    row = {
        "user_id": user_id,
        "username": username,
        "password_hash": hash_password(password) if password is not None else None,
        "role": role,
        "region": region,
        "bins": " ".join(bin_list) or None,
        "created_at": _now(),
        "disabled_at": None,
    }
    conn.execute(users.insert().values(**row))
    return _principal(row, "session")


def list_users(conn: sa.Connection) -> list[dict[str, Any]]:
    """Every user with role, limits and whether it may sign in; never a hash."""
    rows = (
        conn.execute(
            sa.select(
                users.c.user_id,
                users.c.username,
                users.c.role,
                users.c.region,
                users.c.bins,
                users.c.created_at,
                users.c.disabled_at,
                (users.c.password_hash.is_not(None)).label("has_password"),
            ).order_by(users.c.username)
        )
        .mappings()
        .all()
    )
    tokens: dict[int, int] = dict(
        conn.execute(sa.select(api_tokens.c.user_id, sa.func.count()).group_by(api_tokens.c.user_id)).all()
    )
    return [dict(r) | {"tokens": int(tokens.get(r["user_id"], 0))} for r in rows]


def user_exists(conn: sa.Connection, username: str) -> bool:
    """True when a user of that name exists (disabled or not)."""
    return conn.execute(sa.select(users.c.user_id).where(users.c.username == username)).first() is not None


def _user_or_raise(conn: sa.Connection, username: str) -> Any:
    row = conn.execute(sa.select(users).where(users.c.username == username)).mappings().first()
    if row is None:
        raise NotFound(M.USER_UNKNOWN, username=username)
    return row


def disable_user(conn: sa.Connection, username: str) -> None:
    """Stop a user signing in; its sessions and tokens end at once."""
    row = _user_or_raise(conn, username)
    conn.execute(users.update().where(users.c.user_id == row["user_id"]).values(disabled_at=_now()))
    conn.execute(sessions.delete().where(sessions.c.user_id == row["user_id"]))
    conn.execute(api_tokens.delete().where(api_tokens.c.user_id == row["user_id"]))


def authenticate(conn: sa.Connection, username: str, password: str) -> Principal:
    """The principal of a username and password; Unauthorized (one message for every cause) otherwise.

    TooManyAttempts when the user failed SIGN_IN_FAILURES times within SIGN_IN_WINDOW: then even the
    right password is refused until the time it gives, so that passwords cannot be tried at speed.
    """
    if "\x00" in username or "\x00" in password:  # no stored name has one; PostgreSQL refuses to compare it
        verify_password(_DUMMY_HASH, password.replace("\x00", ""))  # the same time as any other failure
        raise Unauthorized(M.SIGN_IN_WRONG)
    until = sign_in_refused_until(conn, username)
    if until is not None:
        verify_password(_DUMMY_HASH, password)  # the same time as a check
        raise TooManyAttempts(M.SIGN_IN_TOO_MANY, until, time=f"{until:%H:%M}")
    row = conn.execute(sa.select(users).where(users.c.username == username)).mappings().first()
    stored = row["password_hash"] if row is not None else None
    ok = verify_password(stored or _DUMMY_HASH, password)
    if row is None or stored is None or not ok or row["disabled_at"] is not None:
        raise Unauthorized(M.SIGN_IN_WRONG)
    if _hasher.check_needs_rehash(stored):
        conn.execute(
            users.update()
            .where(users.c.user_id == row["user_id"])
            .values(password_hash=hash_password(password))
        )
    return _principal(row, "session")


def sign_in_refused_until(
    conn: sa.Connection, username: str, actions: Collection[str] = SIGN_IN_ACTIONS
) -> dt.datetime | None:
    """Until when username may not sign in, if it failed too often of late (read from the audit log's actions)."""
    a = audit_log.c
    mine = sa.and_(a.username == username, a.action.in_(tuple(actions)))
    since = _now() - SIGN_IN_WINDOW  # every look stays within the window: the log's time index serves
    last_ok = conn.execute(
        sa.select(sa.func.max(a.logged_at)).where(mine, a.outcome == "ok", a.logged_at > since)
    ).scalar()
    if last_ok is not None:
        since = max(since, _aware(last_ok))
    failed = (
        conn.execute(
            sa.select(a.logged_at)
            .where(mine, a.outcome == "denied", a.detail.is_(None), a.logged_at > since)
            .order_by(a.logged_at.desc())
            .limit(SIGN_IN_FAILURES)
        )
        .scalars()
        .all()
    )
    return _aware(failed[-1]) + SIGN_IN_WINDOW if len(failed) == SIGN_IN_FAILURES else None


def record_failed_sign_in(
    conn: sa.Connection, username: str, action: str, refused: TooManyAttempts | None
) -> None:
    """A refused sign-in in the audit log: the name only when it is a user's (people type passwords and
    IINs there too); a refusal for too many failures says so, and does not count as one."""
    who = Principal(
        username=username if user_exists(conn, username) else "(unknown)", role="public", via="anonymous"
    )
    detail = {"reason": "too many failed sign-ins", "until": refused.until} if refused else None
    record_audit(conn, who, action, f"user {who.username}", detail, "denied")


def set_password(conn: sa.Connection, username: str, password: str) -> None:
    """Replace a user's password; its sessions end."""
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(M.PASSWORD_TOO_SHORT, n=MIN_PASSWORD)
    row = _user_or_raise(conn, username)
    conn.execute(
        users.update().where(users.c.user_id == row["user_id"]).values(password_hash=hash_password(password))
    )
    conn.execute(sessions.delete().where(sessions.c.user_id == row["user_id"]))


def open_session(
    conn: sa.Connection, table: sa.Table, owner: str, owner_id: int, hours: float, now: dt.datetime
) -> tuple[str, dt.datetime]:
    """A new session of owner_id in a sessions table (session_sha256, the owner's column, created_at,
    expires_at): (the cookie's value, when it expires). Only its hash is stored."""
    value = secrets.token_urlsafe(32)
    expires = now + dt.timedelta(hours=hours)
    conn.execute(
        table.insert().values(
            {"session_sha256": _sha256(value), owner: owner_id, "created_at": now, "expires_at": expires}
        )
    )
    # expired sessions of this owner are of no use to anyone: keep the table small
    conn.execute(table.delete().where(table.c[owner] == owner_id, table.c.expires_at < now))
    return value, expires


def session_owner(
    conn: sa.Connection, owners: sa.Table, table: sa.Table, owner: str, value: str, now: dt.datetime
) -> Any | None:
    """The owner's row (with its session's expires_at) of a cookie's value; None when the session is unknown,
    expired, or its owner disabled (a `disabled_at` column)."""
    row = (
        conn.execute(
            sa.select(owners, table.c.expires_at)
            .join(table, table.c[owner] == owners.c[owner])
            .where(table.c.session_sha256 == _sha256(value))
        )
        .mappings()
        .first()
    )
    if row is None or _aware(row["expires_at"]) <= now or row["disabled_at"] is not None:
        return None
    return row


def create_session(
    conn: sa.Connection, principal: Principal, hours: float, now: dt.datetime | None = None
) -> tuple[str, dt.datetime]:
    """A new session for a signed-in user: (the cookie's value, when it expires). Only its hash is stored."""
    if principal.user_id is None:
        raise Unauthorized(M.SIGN_IN_FIRST)
    return open_session(conn, sessions, "user_id", principal.user_id, hours, now or _now())


def resolve_session(conn: sa.Connection, value: str, now: dt.datetime | None = None) -> Principal:
    """The principal of a session cookie's value; Unauthorized when unknown, expired or its user disabled."""
    row = session_owner(conn, users, sessions, "user_id", value, now or _now())
    if row is None:
        raise Unauthorized(M.SESSION_EXPIRED)
    return _principal(row, "session")


def end_session(conn: sa.Connection, value: str, table: sa.Table = sessions) -> None:
    """Sign out: forget the session of a cookie's value in table (nothing happens for an unknown one)."""
    conn.execute(table.delete().where(table.c.session_sha256 == _sha256(value)))


def issue_token(
    conn: sa.Connection, username: str, days: float | None = None, now: dt.datetime | None = None
) -> str:
    """A new machine token for a user, shown this once (only its SHA-256 is stored); days: its lifetime."""
    row = _user_or_raise(conn, username)
    if row["disabled_at"] is not None:
        raise Conflict(M.USER_DISABLED, username=username)
    now = now or _now()
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    conn.execute(
        api_tokens.insert().values(
            token_sha256=_sha256(token),
            user_id=row["user_id"],
            created_at=now,
            expires_at=now + dt.timedelta(days=days) if days else None,
        )
    )
    return token


def resolve_token(conn: sa.Connection, token: str, now: dt.datetime | None = None) -> Principal:
    """The principal of a machine token; Unauthorized when unknown, expired or its user disabled."""
    now = now or _now()
    row = (
        conn.execute(
            sa.select(users, api_tokens.c.expires_at)
            .join(api_tokens, api_tokens.c.user_id == users.c.user_id)
            .where(api_tokens.c.token_sha256 == _sha256(token))
        )
        .mappings()
        .first()
    )
    expired = row is not None and row["expires_at"] is not None and _aware(row["expires_at"]) <= now
    if row is None or expired or row["disabled_at"] is not None:
        raise Unauthorized(M.TOKEN_INVALID)
    return _principal(row, "token")
