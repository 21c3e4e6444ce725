"""Persons' accounts and sign-in: no IIN stored, one answer and one password check for every failure, throttled."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from argon2 import PasswordHasher

from jumys.access.service import SIGN_IN_FAILURES
from jumys.cabinet import accounts
from jumys.doors import cabinet as door_cabinet
from jumys.doors.cache import TTLCache
from jumys.errors import Conflict, InvalidInput, TooManyAttempts, Unauthorized
from tests.cabinet.world import CabinetWorld
from tests.factories import new_iin


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every argon2 verification made, by the hash it was made against."""
    made: list[str] = []
    real = PasswordHasher.verify

    def counted(self: PasswordHasher, hash: str | bytes, password: str | bytes) -> bool:
        made.append(str(hash))
        return real(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counted)
    yield made


class _Door:
    """Enough of a Door for the cabinet's sign-in: the store and the settings."""

    def __init__(self, world: CabinetWorld) -> None:
        self.engine = world.engine
        self.settings = world.settings
        self.principals = TTLCache(0)
        self.write_lock = threading.Lock()


def _sign_in(world: CabinetWorld, iin: str, password: str) -> Any:
    return door_cabinet.sign_in(_Door(world), iin, password, "api")  # type: ignore[arg-type]


def test_an_account_keeps_the_pseudonym_never_the_iin(world: CabinetWorld) -> None:
    iin = world.person()
    world.ingest()
    person, password = world.account(iin, email="a@example.kz")
    assert person.person_id == world.person_id(iin) and len(password) >= 12
    rows = world.table("person_accounts") + world.table("audit_log")
    assert iin not in str(rows)
    assert any(r.get("action") == "add_person" and person.short in str(r["detail"]) for r in rows)
    with pytest.raises(Conflict):
        world.account(iin)


@pytest.mark.parametrize(
    ("iin", "email", "lang"),
    [
        ("123", "a@example.kz", "en"),
        (None, "not-an-address", "en"),
        (None, "a@b.kz\r\nBcc: x@y.kz", "en"),
        (None, "a@example.kz", "de"),
    ],
)
def test_an_account_needs_a_valid_iin_email_and_language(
    world: CabinetWorld, iin: str | None, email: str, lang: str
) -> None:
    with pytest.raises(InvalidInput):
        world.account(iin or new_iin(), email=email, lang=lang)


def test_wrong_password_unknown_iin_disabled_and_invalid_iin_get_one_answer_after_one_check(
    world: CabinetWorld, checks: list[str]
) -> None:
    known, disabled = world.person(), world.person()
    world.ingest()
    _, password = world.account(known)
    _, other_password = world.account(disabled)
    with world.engine.begin() as conn:
        accounts.disable_person(conn, world.key, disabled)
    person, _value, _expires = _sign_in(world, known, password)
    assert person.person_id == world.person_id(known)
    answers = []
    for iin, pw in (
        (known, "wrong-password-123"),
        (new_iin(), password),
        (disabled, other_password),
        ("12", password),
    ):
        checks.clear()
        with pytest.raises(Unauthorized) as e:
            _sign_in(world, iin, pw)
        answers.append((e.value.code, e.value.message))
        assert len(checks) == 1, f"{iin}: {len(checks)} password checks"
    assert len(set(answers)) == 1 and answers[0][0] == "cabinet.sign_in_wrong"
    log = world.table("audit_log")
    assert not any(iin in str(r) for r in log for iin in (known, disabled))
    assert sum(r["action"] == "cabinet_sign_in" for r in log) == 5


def test_too_many_failures_wait_alike_for_a_known_and_an_unknown_iin(
    world: CabinetWorld, checks: list[str]
) -> None:
    known, unknown = world.person(), new_iin()
    world.ingest()
    _, password = world.account(known)
    for iin in (known, unknown):
        for _ in range(SIGN_IN_FAILURES):
            with pytest.raises(Unauthorized):
                _sign_in(world, iin, "wrong-password-123")
        checks.clear()
        with pytest.raises(TooManyAttempts):
            _sign_in(world, iin, password)  # even the right one, while it waits
        assert len(checks) == 1


def test_a_session_ends_on_sign_out_and_when_the_account_is_disabled(world: CabinetWorld) -> None:
    iin = world.person()
    world.ingest()
    _, password = world.account(iin)
    first, second = (_sign_in(world, iin, password)[1] for _ in range(2))
    with world.engine.begin() as conn:
        assert accounts.resolve_person_session(conn, first).person_id == world.person_id(iin)
        accounts.end_person_session(conn, first)
        with pytest.raises(Unauthorized):
            accounts.resolve_person_session(conn, first)
        accounts.resolve_person_session(conn, second)
        accounts.disable_person(conn, world.key, iin)
        with pytest.raises(Unauthorized):
            accounts.resolve_person_session(conn, second)
