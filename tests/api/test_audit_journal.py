"""The audit journal: a reader waits for its line to be on disk, not for the store's commit; nothing is lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import sqlalchemy as sa

from jumys.access.principal import Principal
from jumys.access.service import audit_line, list_audit, record_audit_lines
from jumys.doors import audit
from jumys.doors.audit import AuditWriter

WHO = Principal("reader", "inspector")


def _journal_ids(journal: Path) -> set[str]:
    return {
        line.split('"audit_id": "')[1][:36]
        for p in journal.glob("*.jsonl")
        for line in p.read_text().splitlines()
    }


def _stored(engine: sa.Engine) -> list[str]:
    with engine.connect() as conn:
        return [line["resource"] for line in list_audit(conn, limit=1000)]


def test_a_line_is_on_disk_when_the_reader_goes_on_and_in_the_store_after(
    engine: sa.Engine, tmp_path: Path
) -> None:
    journal = tmp_path / "audit"
    writer = AuditWriter(engine, journal=journal)
    writer_slow = threading.Event()
    seen: list[bool] = []
    original = writer._store

    def slow_store(lines: list[dict[str, object]], segment: str) -> bool:
        writer_slow.wait(timeout=30)  # the store is busy: readers must not wait for it
        return original(lines, segment)

    writer._store = slow_store  # type: ignore[method-assign]

    def read(i: int) -> None:
        writer.write(WHO, "read_project", f"project P{i}").result(timeout=30)
        seen.append(True)

    threads = [threading.Thread(target=read, args=(i,)) for i in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(seen) == 30  # every reader went on while the store had stored nothing
    assert _stored(engine) == []
    assert len(_journal_ids(journal)) == 30
    assert oct(os.stat(journal).st_mode & 0o777) == "0o700"
    writer_slow.set()
    writer.stop()
    assert sorted(_stored(engine)) == sorted(f"project P{i}" for i in range(30))
    assert list(journal.glob("*.jsonl")) == []  # each segment removed once its lines are stored


def test_a_journal_left_by_a_crash_is_stored_once_at_the_next_start(
    engine: sa.Engine, tmp_path: Path
) -> None:
    journal = tmp_path / "audit"
    journal.mkdir()
    lines = [audit_line(WHO, "read_project", f"project P{i}") for i in range(5)]
    with engine.begin() as conn:
        record_audit_lines(conn, lines[:2])  # stored before the crash, still in the journal
    body = "".join(audit._encode(line).decode() for line in lines)
    (journal / f"journal-{uuid.uuid4().hex[:12]}-000001.jsonl").write_text(
        body + '{"audit_id": "torn', "utf-8"
    )
    writer = AuditWriter(engine, journal=journal)
    assert sorted(_stored(engine)) == sorted(f"project P{i}" for i in range(5))  # each once
    assert list(journal.glob("*.jsonl")) == []
    writer.stop()


_CHILD = """
import sys
from pathlib import Path
from jumys.access.principal import Principal
from jumys.doors import audit
from jumys.storage.engine import make_engine
audit.MOVE_EVERY_SECONDS = 3600.0  # nothing reaches the store before the kill
writer = audit.AuditWriter(make_engine(sys.argv[1]), journal=Path(sys.argv[2]))
futures = [writer.write(Principal("reader", "inspector"), "read_project", f"project K{i}") for i in range(20)]
for f in futures:
    f.result(timeout=30)
print("answered", flush=True)
sys.stdin.read()
"""


def test_lines_answered_before_a_kill_9_are_stored_after_it(engine: sa.Engine, tmp_path: Path) -> None:
    journal = tmp_path / "audit"
    url = engine.url.render_as_string(hide_password=False)
    engine.dispose()  # the embedded store has one owner at a time: the child, then us
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, url, str(journal)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "answered"
        assert len(_journal_ids(journal)) == 20
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    writer = AuditWriter(engine, journal=journal)
    assert sorted(_stored(engine)) == sorted(f"project K{i}" for i in range(20))
    writer.stop()


def test_a_live_writers_segment_is_left_alone(engine: sa.Engine, tmp_path: Path) -> None:
    journal = tmp_path / "audit"
    first = AuditWriter(engine, journal=journal)
    first._store = lambda lines, segment: False  # type: ignore[method-assign]  # keeps its segment open
    first.write(WHO, "read_project", "project L1").result(timeout=30)
    AuditWriter(engine, journal=journal)  # a second writer starting beside it takes nothing of it
    assert _stored(engine) == []
    assert len(_journal_ids(journal)) == 1
    first._store = lambda lines, segment: AuditWriter._store(first, lines, segment)  # type: ignore[method-assign]
    first.stop()
    assert _stored(engine) == ["project L1"]
