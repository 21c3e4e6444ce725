"""An ingest killed mid-way (SIGKILL) leaves no IIN in clear on disk, and the next start removes its leftovers."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from jumys.config import Settings
from jumys.registry.scratch import scratch_root
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
