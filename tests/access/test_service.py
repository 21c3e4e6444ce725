"""Users, passwords, sessions, machine tokens and the audit log."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from jumys.access.principal import PUBLIC, Principal
from jumys.access.service import (
    SIGN_IN_FAILURES,
    SIGN_IN_WINDOW,
    add_user,
    audit_line,
    authenticate,
    create_session,
    disable_user,
    end_session,
    hash_password,
    issue_token,
    list_audit,
    list_users,
    record_audit,
    record_audit_lines,
    record_failed_sign_in,
    resolve_session,
    resolve_token,
    set_password,
    sign_in_refused_until,
    verify_password,
)
from jumys.access.tables import users
from jumys.errors import Conflict, InvalidInput, NotFound, TooManyAttempts, Unauthorized
from jumys.reference.regions import region_codes
from tests.factories import new_bin

REGIONS = region_codes()
PASSWORD = "correct horse battery"


def test_passwords_are_hashed_with_argon2id_and_salted(production_hasher: PasswordHasher) -> None:
    h1, h2 = hash_password(PASSWORD), hash_password(PASSWORD)
    # RFC 9106's low-memory profile: 64 MiB, 3 passes, 4 lanes (the other tests hash cheaply: tests/conftest.py)
    assert h1.startswith("$argon2id$v=19$m=65536,t=3,p=4$") and h1 != h2 and PASSWORD not in h1
    assert verify_password(h1, PASSWORD)
    assert not verify_password(h1, PASSWORD + "!")
    assert not verify_password("not a hash", PASSWORD)


def test_a_user_signs_in_with_the_right_password_only(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        add_user(conn, "aigul", "ministry", known_regions=REGIONS, password=PASSWORD)
    with engine.begin() as conn:
        p = authenticate(conn, "aigul", PASSWORD)
        assert (p.username, p.role, p.via) == ("aigul", "ministry", "session")
        for name, password in (("aigul", "wrong password!"), ("nobody", PASSWORD), ("aigul\x00", PASSWORD)):
            with pytest.raises(Unauthorized, match="wrong username or password"):
                authenticate(conn, name, password)


def test_a_weak_hash_is_upgraded_at_sign_in(engine: sa.Engine, production_hasher: PasswordHasher) -> None:
    with engine.begin() as conn:
        add_user(conn, "old", "inspector", known_regions=REGIONS, password=PASSWORD)
        weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
        conn.execute(users.update().where(users.c.username == "old").values(password_hash=weak))
    with engine.begin() as conn:
        authenticate(conn, "old", PASSWORD)
        stored = conn.execute(sa.select(users.c.password_hash).where(users.c.username == "old")).scalar_one()
    assert stored != weak and "m=65536" in stored


@pytest.mark.parametrize(
    ("role", "kwargs", "message"),
    [
        ("akimat", {}, "akimat answers for one region"),
        ("akimat", {"region": "51"}, "akimat answers for one region"),  # South Kazakhstan: gone since 2018
        ("ministry", {"region": "75"}, "only an akimat"),
        ("investor", {}, "at least one --bin"),
        ("investor", {"bins": ["123456789012"]}, "BIN"),
        ("inspector", {"bins": ["x"]}, "only an investor"),
        ("king", {}, "role must be one of"),
        ("ministry", {"password": "short"}, "at least 12"),
    ],
)
def test_roles_are_checked_at_creation(
    engine: sa.Engine, role: str, kwargs: dict[str, object], message: str
) -> None:
    with engine.begin() as conn, pytest.raises(InvalidInput, match=message):
        add_user(conn, "u", role, known_regions=REGIONS, **kwargs)  # type: ignore[arg-type]


def test_akimat_and_investor_carry_their_limits(engine: sa.Engine) -> None:
    b1, b2 = new_bin(), new_bin()
    with engine.begin() as conn:
        akimat = add_user(conn, "almaty", "akimat", known_regions=REGIONS, region="75")
        investor = add_user(conn, "inv", "investor", known_regions=REGIONS, bins=[b2, b1, b1])
        with pytest.raises(Conflict):
            add_user(conn, "almaty", "ministry", known_regions=REGIONS)
        listed = {u["username"]: u for u in list_users(conn)}
    assert akimat.region == "75" and not akimat.sees_all_regions
    assert investor.bins == frozenset({b1, b2})
    assert listed["inv"]["bins"] == " ".join(sorted({b1, b2})) and not listed["inv"]["has_password"]
    assert "password_hash" not in listed["inv"]


def test_sessions_expire_and_end(engine: sa.Engine) -> None:
    now = dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC)
    with engine.begin() as conn:
        p = add_user(conn, "s", "inspector", known_regions=REGIONS)
        value, expires = create_session(conn, p, hours=8, now=now)
        stored = conn.exec_driver_sql("SELECT session_sha256 FROM sessions").scalars().all()
    assert expires == now + dt.timedelta(hours=8)
    assert value not in stored  # only its hash is kept
    with engine.begin() as conn:
        assert resolve_session(conn, value, now=now + dt.timedelta(hours=7, minutes=59)).username == "s"
        with pytest.raises(Unauthorized):
            resolve_session(conn, value, now=expires)
        with pytest.raises(Unauthorized):
            resolve_session(conn, "forged", now=now)
        end_session(conn, value)
        with pytest.raises(Unauthorized):
            resolve_session(conn, value, now=now)


def test_tokens_are_shown_once_stored_hashed_and_can_expire(engine: sa.Engine) -> None:
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with engine.begin() as conn:
        add_user(conn, "bot", "ministry", known_regions=REGIONS)
        forever = issue_token(conn, "bot", now=now)
        week = issue_token(conn, "bot", days=7, now=now)
        stored = " ".join(conn.exec_driver_sql("SELECT token_sha256 FROM api_tokens").scalars())
        with pytest.raises(NotFound):
            issue_token(conn, "nobody")
    assert forever.startswith("jm_") and forever != week
    assert forever not in stored and week not in stored
    with engine.begin() as conn:
        later = now + dt.timedelta(days=8)
        assert resolve_token(conn, forever, now=later).via == "token"
        assert resolve_token(conn, week, now=now + dt.timedelta(days=6)).username == "bot"
        with pytest.raises(Unauthorized):
            resolve_token(conn, week, now=later)
        with pytest.raises(Unauthorized):
            resolve_token(conn, forever + "x")


def test_disabling_a_user_ends_its_sessions_and_tokens(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        p = add_user(conn, "gone", "ministry", known_regions=REGIONS, password=PASSWORD)
        token = issue_token(conn, "gone")
        value, _ = create_session(conn, p, hours=1)
        disable_user(conn, "gone")
    with engine.begin() as conn:
        with pytest.raises(Unauthorized):
            resolve_token(conn, token)
        with pytest.raises(Unauthorized):
            resolve_session(conn, value)
        with pytest.raises(Unauthorized):
            authenticate(conn, "gone", PASSWORD)
        with pytest.raises(Conflict):
            issue_token(conn, "gone")


def test_a_new_password_ends_the_sessions(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        p = add_user(conn, "pw", "ministry", known_regions=REGIONS, password=PASSWORD)
        value, _ = create_session(conn, p, hours=1)
        set_password(conn, "pw", "another long password")
    with engine.begin() as conn:
        with pytest.raises(Unauthorized):
            resolve_session(conn, value)
        assert authenticate(conn, "pw", "another long password").username == "pw"


def test_the_audit_log_keeps_who_did_what(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        p = add_user(conn, "auditor", "inspector", known_regions=REGIONS)
        record_audit(conn, p, "read_project", "project P1", {"as_of": dt.date(2025, 1, 1)})
        record_audit(conn, PUBLIC, "sign_in", "user (unknown)", None, "denied")
    with engine.connect() as conn:
        lines = list_audit(conn)
        mine = list_audit(conn, username="auditor")
    assert [line["action"] for line in lines] == ["sign_in", "read_project"]  # newest first
    assert (mine[0]["role"], mine[0]["resource"], mine[0]["detail"]) == (
        "inspector",
        "project P1",
        {"as_of": "2025-01-01"},
    )
    assert lines[0]["outcome"] == "denied" and lines[0]["logged_at"].tzinfo is not None


def test_audit_lines_written_together_keep_each_field_in_its_row(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        p = add_user(conn, "grouped", "akimat", region="75", known_regions=REGIONS)
        lines = [
            audit_line(p, "read_project", f"project P{i}", {"n": i} if i % 2 else None) for i in range(7)
        ]
        lines.append(audit_line(PUBLIC, "sign_in", "user «кто»", None, "denied"))
        record_audit_lines(conn, lines)
        record_audit_lines(conn, [])  # nothing to write is not an error
    with engine.connect() as conn:
        stored = {line["audit_id"]: line for line in list_audit(conn, limit=20)}
    assert len(stored) == 8
    for line in lines:
        got = stored[line["audit_id"]]
        assert got["logged_at"] == line["logged_at"]
        assert (got["username"], got["role"], got["via"], got["action"], got["resource"], got["outcome"]) == (
            line["username"],
            line["role"],
            line["via"],
            line["action"],
            line["resource"],
            line["outcome"],
        )
        assert got["detail"] == (json.loads(line["detail"]) if line["detail"] else None)


def _fail(conn: sa.Connection, username: str, times: int) -> None:
    for _ in range(times):
        with pytest.raises(Unauthorized):
            authenticate(conn, username, "not the password")
        record_failed_sign_in(conn, username, "sign_in", None)


def test_five_failed_sign_ins_make_the_user_wait_even_with_the_right_password(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        add_user(conn, "tried", "ministry", known_regions=REGIONS, password=PASSWORD)
        add_user(conn, "other", "ministry", known_regions=REGIONS, password=PASSWORD)
        _fail(conn, "tried", SIGN_IN_FAILURES - 1)
        assert authenticate(conn, "tried", PASSWORD).username == "tried"  # four are not enough
        record_audit(conn, Principal("tried", "ministry"), "sign_in", "user tried")  # and a success resets
        _fail(conn, "tried", SIGN_IN_FAILURES)
        started = dt.datetime.now(dt.UTC)
        with pytest.raises(TooManyAttempts) as refused:
            authenticate(conn, "tried", PASSWORD)
        record_failed_sign_in(conn, "tried", "login", refused.value)  # a refused wait does not prolong it
        until = sign_in_refused_until(conn, "tried")
        assert authenticate(conn, "other", PASSWORD).username == "other"  # one user's failures are its own
    assert until == refused.value.until
    assert started < until <= started + SIGN_IN_WINDOW
    assert 1 <= refused.value.seconds_left() <= SIGN_IN_WINDOW.total_seconds()


def test_failures_older_than_the_window_do_not_count(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        p = add_user(conn, "slow", "ministry", known_regions=REGIONS, password=PASSWORD)
        old = dt.datetime.now(dt.UTC) - SIGN_IN_WINDOW - dt.timedelta(minutes=1)
        lines = [audit_line(p, "login", "user slow", None, "denied") for _ in range(SIGN_IN_FAILURES)]
        record_audit_lines(conn, [line | {"logged_at": old} for line in lines])
        _fail(conn, "slow", SIGN_IN_FAILURES - 1)
        assert sign_in_refused_until(conn, "slow") is None
        _fail(conn, "slow", 1)
        assert sign_in_refused_until(conn, "slow") is not None


def test_a_failed_sign_in_keeps_the_typed_name_only_when_it_is_a_user(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        add_user(conn, "known", "inspector", known_regions=REGIONS)
        record_failed_sign_in(conn, "known", "login", None)
        record_failed_sign_in(conn, "880101300123", "login", None)  # an IIN typed as a name
    with engine.connect() as conn:
        lines = list_audit(conn, action="login")
    assert sorted(line["username"] for line in lines) == ["(unknown)", "known"]
    assert "880101300123" not in str(lines)
