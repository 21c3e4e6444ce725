"""How cost grows with the country: ingest and verification at several scales on DuckDB and PostgreSQL.

For each scale (BENCH_GROWTH, default "0.1 0.5 1 2") one country is synthesised as Parquet, then ingested
into a fresh store and verified at its as-of date on each engine (BENCH_GROWTH_ENGINES, default
"duckdb postgresql"). Each step runs in its own process (bench/step.py), which gives its wall time and its
peak resident memory; the store's size on disk is taken after the ingest. One table is printed, with the
growth factor of each time against the previous scale, and the figures are written to
bench-out/growth.json. Every scale's files and PostgreSQL database are deleted once measured.

PostgreSQL's peak memory is that of the client process (the Jumys side, whose COPY and queries run in
the server): the server's own memory is bounded by its settings (shared_buffers, work_mem), not by the
data. Run alone: `uv run python -m bench.growth`; from `make bench` with BENCH_GROWTH set.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from bench.run import OUT, _as_of, _fresh_pg, _pg_settings, _step

PG_URL = "postgresql+psycopg://postgres@127.0.0.1/jumys_bench_growth14"
ENGINES = ("duckdb", "postgresql")


def _store_mb(engine: str, home: Path, url: str) -> tuple[float, float]:
    """The store's size on disk after the ingest, and its payroll's (with its keys and indexes on PostgreSQL;
    on DuckDB the blocks holding its columns), in MB."""
    if engine == "duckdb":
        import duckdb

        path = home / "jumys.duckdb"
        with duckdb.connect(str(path), read_only=True) as con:
            block = con.execute("SELECT block_size FROM pragma_database_size()").fetchone()[0]  # type: ignore[index]
            blocks = con.execute(
                "SELECT count(DISTINCT block_id) FROM pragma_storage_info('payroll') WHERE block_id >= 0"
            ).fetchone()[0]  # type: ignore[index]
        return path.stat().st_size / 2**20, blocks * block / 2**20
    import sqlalchemy as sa

    eng = sa.create_engine(url)
    with eng.connect() as conn:
        size, payroll = conn.exec_driver_sql(
            "SELECT pg_database_size(current_database()), pg_total_relation_size('payroll')"
        ).one()
    eng.dispose()
    return float(size) / 2**20, float(payroll) / 2**20


def _drop_pg(url: str) -> None:
    import sqlalchemy as sa

    target = sa.engine.make_url(url)
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)')
    admin.dispose()


def measure_scale(scale: float, engines: list[str], pg_url: str) -> dict[str, Any]:
    """Synthesise one country, then ingest and verify it on each engine; the figures of each step."""
    root = OUT / f"growth-s{scale}"
    shutil.rmtree(root, ignore_errors=True)
    batch = root / "batch"
    s = _step("synth", str(batch), str(scale), "parquet")
    as_of = _as_of(batch)
    out: dict[str, Any] = {
        "scale": scale,
        "as_of": as_of,
        "rows": s["rows"],
        "synth": {"seconds": s["seconds"], "peak_mb": s["peak_rss_mb"]},
    }
    for engine in engines:
        home = root / f"home-{engine}"
        url = pg_url if engine == "postgresql" else ""
        if url:
            _fresh_pg(url)
        i = _step("ingest", str(batch), str(home), *([url] if url else []))
        store_mb, payroll_mb = _store_mb(engine, home, url)
        v = _step("verify", str(home), url, as_of)
        out[engine] = {
            "ingest": {"seconds": i["seconds"], "peak_mb": i["peak_rss_mb"], "steps": i["steps"]},
            "verify": {"seconds": v["seconds"], "peak_mb": v["peak_rss_mb"], "projects": v["projects"]},
            "store_mb": store_mb,
            "payroll_mb": payroll_mb,
        }
        if "mismatches" in v:
            out[engine]["verify"] |= {
                "reference_seconds": v["reference_seconds"],
                "mismatches": v["mismatches"],
            }
        if url:
            _drop_pg(url)
        shutil.rmtree(home, ignore_errors=True)
        print(
            f"  scale {scale:g} on {engine}: ingest {i['seconds']:.1f} s, verify {v['seconds']:.2f} s",
            flush=True,
        )
    shutil.rmtree(root, ignore_errors=True)
    return out


def _factor(now: float, before: float | None) -> str:
    return f"x{now / before:4.1f}" if before else "     "


def table(results: list[dict[str, Any]], engines: list[str]) -> list[str]:
    """The printed table: a line per scale; per engine ingest and verify, time, peak memory and growth."""
    head = f"{'scale':>5} {'payroll rows':>13}"
    for engine in engines:
        ingest = f"{engine}: ingest s (growth) / peak MB"
        head += f" | {ingest:<36} {'verify s (growth) / peak MB':<30} {'store MB (payroll)':>18}"
    lines = [head]
    prev: dict[str, dict[str, Any]] = {}
    for r in results:
        line = f"{r['scale']:>5g} {r['rows'].get('payroll', 0):>13,}"
        for engine in engines:
            e, p = r.get(engine), prev.get(engine)
            if e is None:
                line += f" | {'-':<36} {'-':<30} {'-':>18}"
                continue
            i, v = e["ingest"], e["verify"]
            line += (
                f" | {i['seconds']:8.1f} {_factor(i['seconds'], p and p['ingest']['seconds'])} / "
                f"{i['peak_mb']:6.0f}{'':<13}"
                f" {v['seconds']:7.2f} {_factor(v['seconds'], p and p['verify']['seconds'])} / "
                f"{v['peak_mb']:6.0f}{'':<6} {e['store_mb']:8.0f} ({e.get('payroll_mb', 0):6.0f})"
            )
            prev[engine] = e
        lines.append(line)
    return lines


def main(scales: list[float] | None = None) -> list[dict[str, Any]]:
    """Measure every scale, print the table and write bench-out/growth.json."""
    if scales is None:
        scales = [float(s) for s in os.environ.get("BENCH_GROWTH", "0.1 0.5 1 2").split()]
    engines = [e for e in os.environ.get("BENCH_GROWTH_ENGINES", " ".join(ENGINES)).split() if e in ENGINES]
    pg_url = os.environ.get("BENCH_GROWTH_PG_URL", PG_URL)
    print(
        f"\ngrowth: scales {' '.join(f'{s:g}' for s in scales)} on {', '.join(engines)} ({os.cpu_count()} cores)"
    )
    if "postgresql" in engines:
        import sqlalchemy as sa

        admin = sa.engine.make_url(pg_url).set(database="postgres").render_as_string(hide_password=False)
        print(f"  PostgreSQL's server: {_pg_settings(admin)}")
    results = []
    OUT.mkdir(exist_ok=True)
    for scale in scales:
        results.append(measure_scale(scale, engines, pg_url))
        (OUT / "growth.json").write_text(json.dumps(results, indent=1))
    for line in table(results, engines):
        print(line)
    return results


if __name__ == "__main__":
    main()
