"""An ingest killed mid-way (SIGKILL) leaves no IIN in clear on disk, and the next start removes its leftovers."""

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa

from jumys.config import Settings
from jumys.registry.scratch import encrypted_spill, scratch_root
from jumys.server import create_app
from tests import factories as f
from tests.factories import ingest
from tests.registry.test_personal_data import _assert_no_iin, _batch

# the child runs a real ingest and kills itself with SIGKILL where every staging table is full: at the apply
KILLED_AT_APPLY = """
import os, signal, sys
from pathlib import Path
from jumys.registry import ingest
from jumys.storage.engine import make_engine
ingest._apply = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)
ingest.ingest_batch(make_engine(), Path(sys.argv[1]))
"""


def _killed_ingest(engine: sa.Engine, settings: Settings, folder: Path) -> None:
    env = {
        **os.environ,
        "JUMYS_HOME": str(settings.home),
        "JUMYS_PSEUDONYM_KEY": str(settings.pseudonym_key),
        "JUMYS_DATABASE_URL": engine.url.render_as_string(hide_password=False),
    }
    engine.dispose()  # the embedded store admits one writer: the child opens its own
    done = subprocess.run([sys.executable, "-c", KILLED_AT_APPLY, str(folder)], env=env, timeout=300)
    assert done.returncode == -signal.SIGKILL


@pytest.mark.parametrize("next_start", ["ingest", "serve"])
def test_a_killed_ingest_leaves_no_iin_in_clear_and_the_next_start_cleans_up(
    engine: sa.Engine, settings: Settings, tmp_path: Path, next_start: str
) -> None:
    folder, iins = _batch(tmp_path / "b")
    _killed_ingest(engine, settings, folder)

    files = [p for p in settings.home.rglob("*") if p.is_file()]
    assert [p for p in files if p.is_relative_to(scratch_root(settings))], "the kill left nothing to clean"
    for path in files:
        _assert_no_iin(path.read_bytes().decode("latin-1"), iins, str(path.relative_to(settings.home)))
    for path in [settings.home / "tmp", *scratch_root(settings).iterdir()]:
        if path.is_dir():
            assert path.stat().st_mode & 0o077 == 0, f"{path} is open to others"

    if next_start == "ingest":
        ingest(engine, f.write_batch(tmp_path / "next", {"employers": [f.employer()]}), settings)
    else:
        create_app(settings, engine)
    assert list(scratch_root(settings).iterdir()) == []


def test_what_the_stage_spills_to_disk_holds_no_iin_in_clear(tmp_path: Path) -> None:
    """DuckDB spills a stage larger than its memory: the spill files are encrypted (ingest._open_staging)."""
    iin = "880101300123"
    duck = duckdb.connect(":memory:", config={"memory_limit": "40MB", "threads": 1})
    encrypted_spill(duck, tmp_path / "spill")
    duck.execute("ATTACH ':memory:' AS stage")
    seen: list[bytes] = []
    done = threading.Event()

    def watch() -> None:  # the spill files live only while the query runs: read them meanwhile
        while not done.is_set():
            for p in (tmp_path / "spill").rglob("*"):
                with contextlib.suppress(OSError):
                    seen.append(p.read_bytes()) if p.is_file() else None
            time.sleep(0.02)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        duck.execute(f"CREATE TABLE stage.t AS SELECT '{iin}' || i AS iin FROM range(1500000) r(i)")
        assert duck.execute("SELECT count(DISTINCT iin) FROM stage.t").fetchone() == (1500000,)
    finally:
        done.set()
        watcher.join()
    assert any(seen), "nothing was spilled: the test proves nothing"
    assert not [b for b in seen if iin.encode() in b]
