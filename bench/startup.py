"""CLI start-up: wall time of `jumys --help` and `jumys batches --help`, the median of 5 runs each.

Target: <= 0.5 s each (issue 9, item 10). `python -m bench.startup` prints the line alone; `make bench`
prints it first. What the commands import is checked by tests/test_cli_startup.py.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 5
TARGET_S = 0.5


def _jumys() -> list[str]:
    script = Path(sys.executable).with_name("jumys")
    return [str(script)] if script.exists() else [shutil.which("jumys") or "jumys"]


def seconds(*args: str) -> float:
    """The median wall time of `jumys ARGS` over RUNS runs."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([*_jumys(), *args], capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print the start-up line."""
    top, batches = seconds("--help"), seconds("batches", "--help")
    print(
        f"CLI start-up (median of {RUNS}): jumys --help {top:.2f} s, jumys batches --help {batches:.2f} s "
        f"(target <= {TARGET_S} s)"
    )


if __name__ == "__main__":
    main()
