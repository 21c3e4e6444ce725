"""A batch is applied whole or not at all: a process killed in the middle of applying leaves the store
exactly as it was, and the same batch can then be ingested normally."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import sqlalchemy as sa

from jumys.config import Settings
from tests import factories as f
from tests.factories import TODAY, ingest, snapshot

# Runs the ingest in a child process that stops inside the batch's transaction, after four tables were
# written, and tells the test so: the test then kills it with SIGKILL. No fault hooks in the product.
CHILD = textwrap.dedent(
    """
    import datetime as dt, sys, time
    from pathlib import Path
    from jumys.config import Settings
    from jumys.registry.ingest import ingest_batch
    from jumys.storage import bulk
    from jumys.storage.engine import make_engine

    url, home, key, batch, marker, today = sys.argv[1:]
    writes = [0]

    def stalling(method):
        def wrapper(self, *args, **kwargs):
            method(self, *args, **kwargs)
            writes[0] += 1
            if writes[0] == 5:  # persons twice, employers, projects, contracts
                Path(marker).write_text("written")
                time.sleep(600)
        return wrapper

    for target in (bulk.DuckDBTarget, bulk.PostgresTarget):
        target.upsert = stalling(target.upsert)
        target.insert_missing = stalling(target.insert_missing)
    settings = Settings(home=Path(home), pseudonym_key=key)
    ingest_batch(make_engine(url, settings=settings), Path(batch), settings=settings,
                 rejects_dir=Path(batch).parent / "rejects", today=dt.date.fromisoformat(today))
    print("the ingest was not stopped", file=sys.stderr)
    """
)


def _batch(folder: Path, bosses: list[dict[str, str]]) -> Path:
    new = f.employer()
    contracts = [f.contract(b["bin"]) for b in [*bosses, new] for _ in range(3)]
    return f.write_batch(
        folder,
        {
            "employers": [new, bosses[0] | {"name": "renamed"}],
            "persons": [f.person(contracts[0]["iin"])],
            "contracts": contracts,
            "payroll": [f.payroll(c["iin"], c["bin"]) for c in contracts],
            "projects": [f.project(new["bin"], bosses[1]["bin"])],
        },
        {"batch_id": "killed-midway"},
    )


def test_a_process_killed_while_applying_leaves_the_store_as_it_was(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    bosses = [f.employer(), f.employer()]
    ingest(
        engine,
        f.write_batch(tmp_path / "b1", {"employers": bosses, "contracts": [f.contract(bosses[0]["bin"])]}),
        settings,
    )
    before = snapshot(engine)
    batch = _batch(tmp_path / "b2", bosses)
    url = engine.url.render_as_string(hide_password=False)
    engine.dispose()  # the embedded store admits one writing process: let the child open it

    marker = tmp_path / "marker"
    assert settings.pseudonym_key
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            CHILD,
            url,
            str(settings.home),
            settings.pseudonym_key,
            str(batch),
            str(marker),
            str(TODAY),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert child.poll() is None, child.communicate()[1].decode()
            assert time.monotonic() < deadline, "the child never reached the apply step"
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
    assert child.returncode == -signal.SIGKILL

    assert snapshot(engine) == before
    report = ingest(engine, batch, settings)
    assert (report.status, report.batch_no, report.rows_rejected) == ("applied", 2, 0)
    assert snapshot(engine) != before
