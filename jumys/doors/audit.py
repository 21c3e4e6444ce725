"""Audited reads: a request's answer leaves only after its audit line is durable.

Without a journal, one thread writes every pending line into the store in one statement and one
transaction, and each reader waits for that commit. With a journal (what `jumys serve` uses: the
folder `JUMYS_HOME/audit`), a reader waits only until its line is appended to the journal file and
flushed to disk (one `fdatasync` for all the lines pending at that moment, a few milliseconds), not
behind the store's commit; a second thread moves journalled lines into `audit_log` in groups, then
removes the journal segment that held them. A journal left by a killed process is moved into the
store at the next start: a line already stored (same `audit_id`) is not stored twice.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import threading
import uuid
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from jumys.access.principal import Principal
from jumys.access.service import audit_line, record_audit_lines
from jumys.access.tables import audit_log

MOVE_EVERY_SECONDS = 0.25  # how long a journalled line may wait before it is moved into the store
_SEGMENT = "journal-{writer}-{n:06d}.jsonl"  # locked (flock) while its writer has it open


def _encode(line: dict[str, Any]) -> bytes:
    out = dict(line, audit_id=str(line["audit_id"]), logged_at=line["logged_at"].isoformat())
    return (json.dumps(out, ensure_ascii=False, sort_keys=True) + "\n").encode()


def _decode(raw: str) -> dict[str, Any]:
    line: dict[str, Any] = json.loads(raw)
    line["audit_id"] = uuid.UUID(line["audit_id"])
    line["logged_at"] = dt.datetime.fromisoformat(line["logged_at"])
    return line


class AuditWriter:
    """A queue of audit lines and the threads that make them durable (journal) and stored (audit_log)."""

    def __init__(self, engine: sa.Engine, journal: Path | None = None) -> None:
        self.engine = engine
        self.journal = journal
        self._pending: list[tuple[dict[str, Any], Future[None]]] = []
        self._unstored: list[dict[str, Any]] = []  # journalled, in the current segment, not yet stored
        self._wake = threading.Condition()
        self._threads: list[threading.Thread] = []
        self._stopping = False
        self._journal_stopped = False
        self._segment = threading.Lock()  # the open segment and its unstored lines
        self._segment_no = 0
        self._segment_name = ""
        self._writer_id = uuid.uuid4().hex[:12]
        self._fd: int | None = None
        self._refused: list[
            tuple[list[dict[str, Any]], str, int]
        ] = []  # segments not stored yet: tried again
        if journal is not None:
            journal.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(journal, 0o700)
            self.recover()

    # the readers' side

    def write(
        self, p: Principal, action: str, resource: str, detail: dict[str, Any] | None = None
    ) -> Future[None]:
        """Queue a line; the future is done when it is durable (or failed, with the reason)."""
        done: Future[None] = Future()
        with self._wake:
            self._wake.wait_for(lambda: not self._stopping)  # a stop under way ends first
            if not self._threads:  # the threads clear this themselves, under the lock, as they end
                self._start()
            self._pending.append((audit_line(p, action, resource, detail), done))
            self._wake.notify_all()
        return done

    def stop(self) -> None:
        """Make durable and store what is queued, then let the threads end (a later write starts them)."""
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout=30)
        with self._wake:
            self._stopping = False
            self._wake.notify_all()

    # the threads

    def _start(self) -> None:
        self._journal_stopped = False
        targets = [self._commit_pending] if self.journal is None else [self._journal_pending, self._move]
        self._threads = [
            threading.Thread(target=t, name=f"jumys-audit-{i}", daemon=True) for i, t in enumerate(targets)
        ]
        for thread in self._threads:
            thread.start()

    def _take_pending(self) -> list[tuple[dict[str, Any], Future[None]]] | None:
        """The lines queued, waiting for some; None when stopping with nothing queued (the thread ends)."""
        with self._wake:
            while not self._pending and not self._stopping:
                self._wake.wait()
            if not self._pending:
                return None
            batch, self._pending = self._pending, []
            return batch

    def _ended(self) -> None:
        with self._wake:
            if threading.current_thread() in self._threads:
                self._threads.remove(threading.current_thread())

    def _commit_pending(self) -> None:
        """No journal: each group is one transaction of the store, and its readers wait for it."""
        while (batch := self._take_pending()) is not None:
            try:
                with self.engine.begin() as conn:
                    record_audit_lines(conn, [line for line, _ in batch])
            except Exception as e:  # every waiting reader is told: none gets its answer unaudited
                _fail(batch, e)
            else:
                _succeed(batch)
        self._ended()

    def _journal_pending(self) -> None:
        """Append each group to the journal segment with one flush to disk; its readers then go on."""
        while (batch := self._take_pending()) is not None:
            try:
                data = b"".join(_encode(line) for line, _ in batch)
                with self._segment:
                    fd = self._segment_fd()
                    os.write(fd, data)
                    os.fdatasync(fd)
                    self._unstored.extend(line for line, _ in batch)
            except Exception as e:
                _fail(batch, e)
            else:
                _succeed(batch)
        with self._wake:
            self._journal_stopped = True
            self._wake.notify_all()
        self._ended()

    def _segment_fd(self) -> int:
        if self._fd is None:
            assert self.journal is not None
            self._segment_no += 1
            name = _SEGMENT.format(writer=self._writer_id, n=self._segment_no)
            self._fd = os.open(self.journal / name, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            fcntl.flock(self._fd, fcntl.LOCK_EX)
            self._segment_name = name
        return self._fd

    def _move(self) -> None:
        """Every MOVE_EVERY_SECONDS: close the segment, store its lines in one transaction, remove it."""
        while True:
            with self._wake:
                self._wake.wait_for(lambda: self._stopping and self._journal_stopped, MOVE_EVERY_SECONDS)
                ending = self._stopping and self._journal_stopped
            with self._segment:
                lines, self._unstored = self._unstored, []
                fd, name, self._fd = self._fd, self._segment_name, None
            if fd is not None:
                self._refused.append((lines, name, fd))
            kept = []
            for segment in self._refused:
                if self._store(segment[0], segment[1]):
                    os.close(segment[2])  # its lock goes with it: until then no other writer takes it
                elif self._retrying():
                    kept.append(segment)
                else:
                    os.close(segment[2])  # left for the next start
            self._refused = kept
            if ending:
                break
        self._ended()

    def _store(self, lines: list[dict[str, Any]], segment: str) -> bool:
        """Store a segment's lines not stored yet and remove it; False (tried again) when the store refuses."""
        assert self.journal is not None
        try:
            with self.engine.begin() as conn:
                stored = _stored_ids(conn, [line["audit_id"] for line in lines])
                record_audit_lines(conn, [line for line in lines if line["audit_id"] not in stored])
        except Exception:
            return False
        (self.journal / segment).unlink(missing_ok=True)
        return True

    def _retrying(self) -> bool:
        """While not stopping a refused segment is tried again; at a stop it stays for the next start."""
        with self._wake:
            return not self._stopping

    # the journal a killed process left

    def recover(self) -> int:
        """Store the lines of segments no live writer holds (left by a killed process); the number stored."""
        assert self.journal is not None
        moved = 0
        for path in sorted(self.journal.glob("journal-*.jsonl")):
            fd = os.open(path, os.O_RDONLY)
            try:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # a live writer's segment
                raw = path.read_text(encoding="utf-8").splitlines()
                lines = [
                    _decode(r) for r in raw if r.endswith("}")
                ]  # a line torn by the kill was never answered
                with self.engine.begin() as conn:
                    stored = _stored_ids(conn, [line["audit_id"] for line in lines])
                    fresh = [line for line in lines if line["audit_id"] not in stored]
                    record_audit_lines(conn, fresh)
                path.unlink()
                moved += len(fresh)
            finally:
                os.close(fd)
        return moved


def _stored_ids(conn: sa.Connection, ids: list[uuid.UUID]) -> set[uuid.UUID]:
    found: set[uuid.UUID] = set()
    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]
        found.update(
            conn.execute(sa.select(audit_log.c.audit_id).where(audit_log.c.audit_id.in_(chunk))).scalars()
        )
    return found


def _fail(batch: list[tuple[dict[str, Any], Future[None]]], e: Exception) -> None:
    for _, done in batch:
        done.set_exception(e)


def _succeed(batch: list[tuple[dict[str, Any], Future[None]]]) -> None:
    for _, done in batch:
        done.set_result(None)
