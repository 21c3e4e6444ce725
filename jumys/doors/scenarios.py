"""A scenario file uploaded through either face: the ministry's only, read to at most its size limit, run
under the write lock, stored and audited (a refusal too); answers given before are forgotten."""

from __future__ import annotations

from typing import BinaryIO

from jumys.access.audit import record_audit
from jumys.access.principal import Principal
from jumys.doors import messages as M
from jumys.doors.core import Door
from jumys.doors.identity import require_ministry
from jumys.doors.uploads import LOCK_WAIT_SECONDS
from jumys.errors import Conflict, JumysError
from jumys.forecasting.scenario_file import MAX_BYTES
from jumys.forecasting.scenario_service import ACTION, run_and_store

RESOURCE = "scenario upload"


def scenario_name(filename: str | None) -> str:
    """The upload's file name as it may be stored: its last part, letters, digits and -_. only."""
    name = (filename or "scenario.csv").replace("\\", "/").rsplit("/", 1)[-1] or "scenario.csv"
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)[:100]


def check_scenario_runner(door: Door, p: Principal) -> None:
    """Refuse (and audit) anyone but the ministry before anything is read."""
    require_ministry(door, p, ACTION, RESOURCE)


def receive_scenario(door: Door, p: Principal, source: BinaryIO, filename: str | None, to: int | None) -> int:
    """Run an uploaded scenario file and store the run (the ministry only); its id."""
    check_scenario_runner(door, p)
    name = scenario_name(filename)
    data = source.read(MAX_BYTES + 1)  # one byte more: the reader then says it is too large
    if not door.write_lock.acquire(timeout=LOCK_WAIT_SECONDS):
        raise Conflict(M.WRITE_BUSY)
    try:
        with door.engine.begin() as conn:
            run_id, _ = run_and_store(conn, data, name, p, to)
        door.forget_answers()
    except JumysError as e:
        with door.engine.begin() as conn:
            record_audit(conn, p, ACTION, f"file {name}", {"error": e.message[:2000]}, "failed")
        raise
    finally:
        door.write_lock.release()
    return run_id
