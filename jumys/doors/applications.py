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
from jumys.doors.cabinet import notice_changes
from jumys.doors.core import Door
from jumys.errors import Forbidden, InvalidInput
from jumys.permits.checks import quota_issued, quota_units
from jumys.permits.points import score_application, total_of
from jumys.permits.rules import CATEGORIES, POINTS_PASS_MARK
from jumys.permits.schemas import Decision, QuotaCompetition, RankedApplication
from jumys.permits.service import (
    ACTION,
    application_id_of,
    check_applicant,
    decide_application,
    decision_order,
    invalid_decision,
    parse_application,
    selection_order,
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
    with _turn(engine, write_lock):
        with engine.begin() as conn:
            app = parse_application(conn, raw, key)
            decision = decide_application(conn, p, app)
        notice_changes(engine, persons=[app.person_id])  # the applicant's cabinet: new statuses, e-mails
    return decision


def _ordered(
    engine: sa.Engine, key: PseudonymKey, rows: Iterable[Mapping[str, Any]], selection: str
) -> list[Mapping[str, Any]]:
    if selection != "points":
        return sorted(rows, key=decision_order)
    with engine.connect() as conn:  # the points are read before anything is decided
        return selection_order(conn, list(rows), key, selection)


def _invalid_answer(raw: Mapping[str, Any], e: InvalidInput) -> Decision:
    try:
        aid = application_id_of(raw)
    except InvalidInput:
        aid = str(raw.get("application_id") or "")[:64]
    return invalid_decision(aid, e)


def decide_many(
    engine: sa.Engine,
    write_lock: threading.Lock,
    key: PseudonymKey,
    p: Principal,
    rows: Iterable[Mapping[str, Any]],
    selection: str = "order",
) -> Iterator[Decision]:
    """Decide applications in order of (submitted_on, application_id), or with selection "points" the same
    day's applications for one quota by their points (service.selection_order), each in its own transaction;
    an invalid one is answered with decision "invalid" and its reason, and nothing of it is stored."""
    for raw in _ordered(engine, key, rows, selection):
        try:
            yield decide_one(engine, write_lock, key, p, raw)
        except InvalidInput as e:
            yield _invalid_answer(raw, e)


def rank_applications(
    engine: sa.Engine,
    write_lock: threading.Lock,
    key: PseudonymKey,
    p: Principal,
    rows: Iterable[Mapping[str, Any]],
    selection: str = "order",
) -> tuple[list[QuotaCompetition], list[Decision]]:
    """The applications of a file competing for each quota, with their points and whether they would get a
    unit, and the invalid ones: the file is decided as `decide_many` would, in one transaction rolled back, so
    nothing is decided, stored or audited."""
    ordered = _ordered(engine, key, rows, selection)
    cells: dict[tuple[int, str, str], QuotaCompetition] = {}
    invalid: list[Decision] = []
    with _turn(engine, write_lock), engine.connect() as conn:
        transaction = conn.begin()
        try:
            for raw in ordered:
                try:
                    check_applicant(p, raw)
                    app = parse_application(conn, raw, key)
                except InvalidInput as e:
                    invalid.append(_invalid_answer(raw, e))
                    continue
                cell = (app.year, app.region, app.category)
                if cell not in cells:
                    units, issued = (f(conn, *cell) for f in (quota_units, quota_issued))
                    cells[cell] = QuotaCompetition(
                        year=app.year,
                        region=app.region,
                        category=app.category,
                        units=units,
                        issued=issued,
                        left=max(units - issued, 0),
                        applications=[],
                    )
                components = score_application(conn, app)
                decision = decide_application(conn, p, app)
                cells[cell].applications.append(
                    RankedApplication(
                        application_id=app.application_id,
                        submitted_on=app.submitted_on,
                        points=None if components is None else total_of(components),
                        pass_mark=None if components is None else POINTS_PASS_MARK,
                        would_get=decision.decision == "issued",
                        failed_checks=[f.check for f in decision.failed_checks],
                    )
                )
        finally:
            transaction.rollback()
    in_order = sorted(cells.values(), key=lambda c: (c.year, c.region, CATEGORIES.index(c.category)))
    return in_order, invalid
