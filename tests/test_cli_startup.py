"""The command line starts without the web app, the store's drivers or the migrations (issue 9, item 10).

Speed itself is measured by `make bench` (bench/startup.py); here only what is imported is checked.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("jumys.server", "fastapi", "uvicorn", "alembic", "sqlalchemy", "duckdb", "pyarrow", "polars")

PROBE = """
import json, sys
from jumys.cli.main import app
try:
    app(sys.argv[1:], standalone_mode=False)
except (SystemExit, Exception):  # --help exits; no arguments is a usage error
    pass
loaded = {{m.split(".")[0] for m in sys.modules}} | set(sys.modules)
print(json.dumps(sorted(loaded & {heavy})))
"""


@pytest.mark.parametrize(
    "argv", [[], ["--help"], ["batches", "--help"], ["users", "--help"], ["users", "token", "--help"]]
)
def test_help_imports_nothing_heavy(argv: list[str]) -> None:
    roots = {h.split(".")[0] for h in HEAVY} - {"jumys"}
    code = PROBE.format(heavy=repr(roots | {"jumys.server"}))
    res = subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True, timeout=120
    )
    loaded = json.loads(res.stdout.strip().splitlines()[-1])
    assert loaded == [], f"jumys {' '.join(argv)} imported {loaded}"


def test_the_server_starts_without_the_model_fitting_libraries() -> None:
    """statsmodels (and the scipy and pandas it brings) took 12 of the server's 19 s of imports on a loaded
    machine: a server killed and started again answered events that much later. They load when a model is
    fitted."""
    code = (
        "import json, sys; import jumys.server; "
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & {'statsmodels', 'scipy', 'pandas'})))"
    )
    res = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert json.loads(res.stdout.strip().splitlines()[-1]) == []
