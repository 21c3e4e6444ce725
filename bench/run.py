"""`make bench`: synth and ingest at scale 0.1 and 1 on DuckDB; prints time, rows/s per file, peak memory.

BENCH_SCALES (default "0.1 1") and BENCH_FORMAT (default parquet) choose what runs. Targets on
2 cores at scale 1: synth <= 60 s, ingest of contracts + payroll <= 90 s, peak memory <= 4 GB.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

OUT = Path("bench-out")


def _step(*args: str) -> dict[str, Any]:
    res = subprocess.run([sys.executable, "-m", "bench.step", *args], capture_output=True, text=True, check=False)
    if res.returncode != 0:
        sys.stderr.write(res.stderr)
        raise SystemExit(f"bench step {args[0]} failed")
    return json.loads(res.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    """Run and print the figures."""
    scales = [float(s) for s in os.environ.get("BENCH_SCALES", "0.1 1").split()]
    fmt = os.environ.get("BENCH_FORMAT", "parquet")
    print(f"jumys bench: {os.cpu_count()} cores, format {fmt}")
    for scale in scales:
        batch, home = OUT / f"s{scale}" / "batch", OUT / f"s{scale}" / "home"
        shutil.rmtree(OUT / f"s{scale}", ignore_errors=True)
        s = _step("synth", str(batch), str(scale), fmt)
        rows = s["rows"]
        print(f"\nscale {scale}: synth {s['seconds']:.1f} s, peak {s['peak_rss_mb']:.0f} MB, "
              f"{rows.get('contracts', 0):,} contracts, {rows.get('payroll', 0):,} payroll rows")
        i = _step("ingest", str(batch), str(home))
        print(f"scale {scale}: ingest {i['seconds']:.1f} s, peak {i['peak_rss_mb']:.0f} MB (DuckDB)")
        steps = i["steps"]
        for name, f in i["files"].items():
            secs = steps.get(f"checking {name}")
            rate = f"{f['rows'] / secs:,.0f} rows/s" if secs else "-"
            print(f"  {name:<20} {f['rows']:>12,} rows  check {secs or 0:6.1f} s  {rate:>16}  rejected {f['rejected']}")
        print(f"  {'identifiers':<20} {steps.get('reading identifiers', 0):6.1f} s   apply {steps.get('applying', 0):.1f} s")
        cp = (steps.get("checking contracts." + fmt, 0) + steps.get("checking payroll." + fmt, 0))
        print(f"  contracts + payroll checked in {cp:.1f} s; whole batch incl. identifiers and apply: {i['seconds']:.1f} s")


if __name__ == "__main__":
    main()
