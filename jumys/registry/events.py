"""ingest_events: contract and payroll rows sent one or a few at a time as events, applied as a small batch.

An event is `{event_id, kind, row}`; `row` holds the columns of a contracts or payroll row. The events of a
request not applied before are written as a batch of their own (contracts.parquet, payroll.parquet and a
manifest) and go through ingest_batch: the same reading, checks, reasons, pseudonyms and single transaction
as any batch, so no rule is written twice. In that transaction the ids of the applied events are stored
(table `events`), which makes an event sent again change nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import tempfile
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import sqlalchemy as sa

from jumys.config import Settings, get_settings
from jumys.kit.messages import Text
from jumys.registry import messages as M
from jumys.registry.checks import lit
from jumys.registry.contract import BY_NAME
from jumys.registry.ingest import ingest_batch
from jumys.registry.reasons import decoded
from jumys.registry.tables import TABLES, batch_rejects, events
from jumys.storage.bulk import Target

FILE_OF_KIND = {"contract": "contracts", "payroll": "payroll"}
MAX_EVENTS = 1000
SOURCE = "events"
Value = str | int | float | bool | None
BIN_FORM = re.compile(r"[0-9]{12}")


@dataclass(frozen=True)
class Event:
    """One event as sent: its id, its kind (contract or payroll) and the row's columns."""

    event_id: str
    kind: str
    row: dict[str, Value]

    def digest(self) -> str:
        """SHA-256 of the kind and the row (keys sorted): equal events have equal digests."""
        text = json.dumps({"kind": self.kind, "row": self.row}, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class EventResult:
    """What became of one event: applied, duplicate (nothing changed) or refused (with its reasons)."""

    index: int
    event_id: str
    status: str = "applied"
    reasons: list[dict[str, Any]] = field(default_factory=list)  # column, reason (a Text), value


@dataclass
class EventsReport:
    """What a request of events did; batch_no is None when nothing was new."""

    batch_no: int | None
    batch_id: str | None
    results: list[EventResult]
    warnings: list[Text]
    persons: list[uuid.UUID] = field(default_factory=list)  # the pseudonyms of the valid IINs applied

    def count(self, status: str) -> int:
        """How many events have this status."""
        return sum(r.status == status for r in self.results)


def _text(value: Value) -> str | None:
    """A row's value as the text a batch file would hold."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _stored(engine: sa.Engine, ids: list[str]) -> dict[str, tuple[str, int]]:
    found: dict[str, tuple[str, int]] = {}
    with engine.connect() as conn:
        for start in range(0, len(ids), 500):
            q = sa.select(events.c.event_id, events.c.content_sha256, events.c.batch_no).where(
                events.c.event_id.in_(ids[start : start + 500])
            )
            found |= {r.event_id: (r.content_sha256, int(r.batch_no)) for r in conn.execute(q)}
    return found


def _sort(
    sent: Sequence[Event], stored: dict[str, tuple[str, int]]
) -> tuple[list[EventResult], dict[int, int], dict[str, list[int]]]:
    """Each event's result so far, the later copies of an event (index -> first index), and the new events by
    file (their indexes, in the order of the file's rows)."""
    results = [EventResult(i, e.event_id) for i, e in enumerate(sent)]
    first: dict[str, int] = {}
    copies: dict[int, int] = {}
    new: dict[str, list[int]] = {name: [] for name in FILE_OF_KIND.values()}
    for i, e in enumerate(sent):
        r, digest = results[i], e.digest()
        if e.event_id in stored:
            before, no = stored[e.event_id]
            r.status = "duplicate" if before == digest else "refused"
            if before != digest:
                r.reasons.append(
                    _reason("event_id", M.EVENT_ID_CLASH(event_id=e.event_id, no=no), e.event_id)
                )
        elif e.event_id in first:
            j = first[e.event_id]
            if sent[j].digest() == digest:
                copies[i] = j
            else:
                r.status = "refused"
                r.reasons.append(
                    _reason("event_id", M.EVENT_ID_TWICE(event_id=e.event_id, index=j), e.event_id)
                )
        else:
            first[e.event_id] = i
            new[FILE_OF_KIND[e.kind]].append(i)
    return results, copies, new


def _reason(column: str | None, reason: Text | str | None, value: str | None) -> dict[str, Any]:
    return {"column": column, "reason": reason, "value": value}


def _write_batch(folder: Path, sent: Sequence[Event], new: dict[str, list[int]], batch_id: str) -> list[Text]:
    """The new events as a batch folder: a Parquet file per kind (rows in the order sent) and a manifest."""
    warnings: list[Text] = []
    for name, indexes in new.items():
        if not indexes:
            continue
        columns = BY_NAME[name].column_names
        rows = [sent[i].row for i in indexes]
        table = pa.table({c: pa.array([_text(r.get(c)) for r in rows], pa.string()) for c in columns})
        pq.write_table(table, folder / f"{name}.parquet")
        extra = sorted({k for r in rows for k in r} - set(columns))
        if extra:  # as a batch file's extra columns: ignored, with a warning
            more = ", …" if len(extra) > 20 else ""
            warnings.append(M.COLUMNS_IGNORED(columns=", ".join(extra[:20]) + more))
    (folder / "manifest.json").write_text(
        json.dumps({"batch_id": batch_id, "source": SOURCE}), encoding="utf-8"
    )
    return warnings


def _write_ids(path: Path, sent: Sequence[Event], new: dict[str, list[int]]) -> None:
    """The new events' ids, kinds and digests with the file and line of their row, as a Parquet file."""
    rows = [
        (sent[i], name + ".parquet", line) for name, ix in new.items() for line, i in enumerate(ix, start=1)
    ]
    table = pa.table(
        {
            "event_id": pa.array([e.event_id for e, _, _ in rows], pa.string()),
            "kind": pa.array([e.kind for e, _, _ in rows], pa.string()),
            "content_sha256": pa.array([e.digest() for e, _, _ in rows], pa.string()),
            "file": pa.array([f for _, f, _ in rows], pa.string()),
            "line": pa.array([n for _, _, n in rows], pa.int64()),
        }
    )
    pq.write_table(table, path)


def _record(ids: Path, bins: set[str], persons: list[uuid.UUID]) -> Any:
    """The step that stores the ids of the applied events, in the batch's transaction: an event applied is one
    whose row has no reject (a Parquet file's line is its row number); and queues bins for verification. The
    ids go through the batch's bulk path (a statement of a thousand literal rows costs DuckDB more to plan
    than to run). persons gets the pseudonyms of the batch's valid IINs: whose cabinets may change."""

    def record(target: Target, batch_no: int) -> None:
        now = dt.datetime.now(dt.UTC).isoformat()
        target.insert(
            events,
            f"SELECT v.event_id, v.kind, v.content_sha256, {batch_no}, CAST({lit(now)} AS TIMESTAMPTZ) "
            f"FROM read_parquet({lit(str(ids))}) v WHERE NOT EXISTS (SELECT 1 FROM stage.rejects r "
            "WHERE r.file = v.file AND r.line = v.line)",
        )
        if bins:  # the projects these BINs may change are verified again (jumys/projects/live.py)
            rows = ", ".join(f"({batch_no}, {lit(b)})" for b in sorted(bins))
            target.execute(f"INSERT INTO verify_queue (batch_no, bin) VALUES {rows}")
        found = target.staged("SELECT DISTINCT person_id FROM stage.iin_map WHERE problem IS NULL")
        persons.extend(uuid.UUID(str(pid)) for (pid,) in found)

    return record


def _bins(engine: sa.Engine, sent: Sequence[Event], new: dict[str, list[int]]) -> set[str]:
    """The BINs the new events name, and those of the stored contracts they replace (a contract sent again at
    another employer leaves the first): well-formed ones only, a bad one is refused with its row."""
    named = {str(sent[i].row.get("bin")) for ix in new.values() for i in ix}
    ids = sorted({str(sent[i].row.get("contract_id")) for i in new["contracts"]})
    contracts = TABLES["contracts"]
    with engine.connect() as conn:
        for start in range(0, len(ids), 500):
            q = sa.select(contracts.c.bin).where(contracts.c.contract_id.in_(ids[start : start + 500]))
            named |= set(conn.execute(q).scalars())
    return {b for b in named if BIN_FORM.fullmatch(b)}


def _refusals(
    engine: sa.Engine, batch_no: int, new: dict[str, list[int]], results: list[EventResult]
) -> None:
    """The batch's rejects, each on the event of its row."""
    r = batch_rejects.c
    q = (
        sa.select(r.file, r.line, r.column, r.reason, r.value, r.code, r.params)
        .where(r.batch_no == batch_no)
        .order_by(r.file, r.line)
    )
    with engine.connect() as conn:
        rejects = conn.execute(q).all()
    index_of = {
        (name + ".parquet", line): i for name, ix in new.items() for line, i in enumerate(ix, start=1)
    }
    for row in rejects:
        i = index_of[(row.file, int(row.line))]
        reason: Text | str | None = row.reason
        if row.code == M.DUPLICATE_KEY.code:  # "first on line N" of a file the sender never saw: its event
            first = index_of[(row.file, int(json.loads(row.params)["line"]))]
            reason = M.EVENT_KEY_TWICE(index=first)
        elif row.code:
            reason = decoded(json.dumps({"code": row.code, "params": json.loads(row.params or "{}")}))
        results[i].status = "refused"
        results[i].reasons.append(_reason(row.column, reason, row.value))


def ingest_events(
    engine: sa.Engine,
    sent: Sequence[Event],
    *,
    settings: Settings | None = None,
    today: dt.date | None = None,
) -> EventsReport:
    """Check the events not applied before by the data contract and apply the valid ones in one transaction."""
    settings = settings or get_settings()
    stored = _stored(engine, sorted({e.event_id for e in sent}))
    results, copies, new = _sort(sent, stored)
    batch_no = batch_id = None
    warnings: list[Text] = []
    persons: list[uuid.UUID] = []
    if any(new.values()):
        (settings.home / "tmp").mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix="events-", dir=settings.home / "tmp"))  # 0700: rows hold IINs
        try:
            batch_id = f"events-{uuid.uuid4().hex}"
            (folder / "batch").mkdir()
            warnings = _write_batch(folder / "batch", sent, new, batch_id)
            _write_ids(folder / "ids.parquet", sent, new)
            report = ingest_batch(
                engine,
                folder / "batch",
                settings=settings,
                today=today,
                rejects_dir=folder / "rejects",
                also=_record(folder / "ids.parquet", _bins(engine, sent, new), persons),
            )
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        batch_no = report.batch_no
        _refusals(engine, batch_no, new, results)
    for i, j in copies.items():  # a copy of an event sent earlier in the request: that event's outcome
        results[i].status = "duplicate" if results[j].status == "applied" else "refused"
        results[i].reasons = list(results[j].reasons)
    return EventsReport(batch_no, batch_id, results, warnings, persons)
