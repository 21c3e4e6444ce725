"""Deciding permit applications, for both faces and the CLI: one transaction each, one at a time on DuckDB.

On DuckDB the store has no row locks: the door's write lock lets one decision run at a time. On PostgreSQL
the decision locks the employer's and the quota's rows itself (jumys/permits/checks.py), so deciders in
several processes never take the last unit twice; the write lock is not needed there.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from typing import Any

import sqlalchemy as sa

from jumys.access.principal import Principal
from jumys.access.service import record_audit
from jumys.config import Settings
from jumys.doors.core import Door
from jumys.errors import Forbidden, InvalidInput
from jumys.permits.schemas import Decision
from jumys.permits.service import (
    ACTION,
    application_id_of,
    check_applicant,
    decide_application,
    decision_order,
    invalid_decision,
    parse_application,
)
from jumys.registry.pseudonym import PseudonymKey, load_key


@contextmanager
def _turn(engine: sa.Engine, write_lock: threading.Lock) -> Iterator[None]:
    with write_lock if engine.dialect.name == "duckdb" else nullcontext():
        yield


def key_of(settings: Settings, engine: sa.Engine) -> PseudonymKey:
    """The pseudonym key the store's IINs were hashed with (generated in the home folder when embedded)."""
    return load_key(settings, embedded=engine.dialect.name == "duckdb")


def decide_for(door: Door, p: Principal, raw: Mapping[str, Any]) -> Decision:
    """Decide one application through the door: its write lock on DuckDB; the answers given before forgotten."""
    decision = decide_one(door.engine, door.write_lock, key_of(door.settings, door.engine), p, raw)
    door.forget_answers()
    return decision


def decide_one(
    engine: sa.Engine, write_lock: threading.Lock, key: PseudonymKey, p: Principal, raw: Mapping[str, Any]
) -> Decision:
    """Decide one application in a transaction of its own; InvalidInput (nothing stored) when it is invalid,
    Forbidden when p may not apply for its employer."""
    try:
        check_applicant(p, raw)
    except Forbidden as e:
        with engine.begin() as conn:  # a refusal is audited too
            record_audit(
                conn,
                p,
                ACTION,
                f"application {str(raw.get('application_id'))[:64]}",
                {"reason": e.message},
                "denied",
            )
        raise
    with _turn(engine, write_lock), engine.begin() as conn:
        return decide_application(conn, p, parse_application(conn, raw, key))


def decide_many(
    engine: sa.Engine,
    write_lock: threading.Lock,
    key: PseudonymKey,
    p: Principal,
    rows: Iterable[Mapping[str, Any]],
) -> Iterator[Decision]:
    """Decide applications in order of (submitted_on, application_id), each in its own transaction; an invalid
    one is answered with decision "invalid" and its reason, and nothing of it is stored."""
    for raw in sorted(rows, key=decision_order):
        try:
            yield decide_one(engine, write_lock, key, p, raw)
        except InvalidInput as e:
            try:
                aid = application_id_of(raw)
            except InvalidInput:
                aid = str(raw.get("application_id") or "")[:64]
            yield invalid_decision(aid, e)
