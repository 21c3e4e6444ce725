"""`make bench`: CLI start-up; the forecasting backtest on the shipped series (target <= 60 s); synth and
ingest at scale 0.1 and 1 on DuckDB; time, rows/s per file, peak memory;
verification and enterprise risk scoring on DuckDB, and on PostgreSQL up to PG_MAX_SCALE (BENCH_PG_MAX_SCALE,
default 1): ingest and verification side by side with DuckDB's, PostgreSQL's as a multiple of DuckDB's (targets
<= 3x and <= 2x).

BENCH_SCALES (default "0.1 1") and BENCH_FORMAT (default parquet) choose what runs; a Parquet run also
ingests the same country as CSV files, for its peak memory. Targets on
2 cores at scale 1: synth <= 60 s, ingest of contracts + payroll <= 90 s, peak memory <= 4 GB.
Then the labour-conflict warnings' and the illegal-work signals' run times at the batch's as-of date, the
foreign workers' conditions as a page asks them (bench/foreign_workers.py), the mobility read models
(bench/mobility.py), the forecasts beyond the data (bench/forecasts.py), a scenario to 2050
(bench/scenario.py; target <= 10 s), the resettlement cases followed (bench/resettlement.py), the matching
across regions (bench/matching.py), and permit decisions per second (bench/permits.py). Last, API latency
over the largest scale's store (bench/api.py): `jumys serve` on the loopback, 50 concurrent clients, p50
and p95 per dashboard endpoint; target p95 <= 100 ms; and the map of enterprises (bench/map.py) at three
zooms, target p95 <= 150 ms. With BENCH_GROWTH="0.1 0.5 1 2" set, last, ingest and verification on DuckDB
and PostgreSQL against scale (bench/growth.py).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench import startup

OUT = Path("bench-out")
PG_URL = "postgresql+psycopg://postgres@127.0.0.1/jumys_bench"
PG_MAX_SCALE = float(os.environ.get("BENCH_PG_MAX_SCALE", "1"))


def _as_of(batch: Path) -> str:
    truth = batch / "truth.json"
    return str(json.loads(truth.read_text())["as_of"]) if truth.exists() else "2026-01-01"


def _fresh_pg(url: str) -> None:
    import sqlalchemy as sa

    target = sa.engine.make_url(url)
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)')
        c.exec_driver_sql(f'CREATE DATABASE "{target.database}"')
    admin.dispose()


def _step(*args: str) -> dict[str, Any]:
    res = subprocess.run(
        [sys.executable, "-m", "bench.step", *args], capture_output=True, text=True, check=False
    )
    if res.returncode != 0:
        sys.stderr.write(res.stderr)
        raise SystemExit(f"bench step {args[0]} failed")
    return json.loads(res.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    """Run and print the figures."""
    scales = [float(s) for s in os.environ.get("BENCH_SCALES", "0.1 1").split()]
    fmt = os.environ.get("BENCH_FORMAT", "parquet")
    print(f"jumys bench: {os.cpu_count()} cores, format {fmt}")
    startup.main()
    fc = _step("forecast")
    print(f"forecast backtest (shipped series, every origin and method): {fc['seconds']:.1f} s (budget 60 s)")
    for scale in scales:
        batch, home = OUT / f"s{scale}" / "batch", OUT / f"s{scale}" / "home"
        shutil.rmtree(OUT / f"s{scale}", ignore_errors=True)
        s = _step("synth", str(batch), str(scale), fmt)
        rows = s["rows"]
        print(
            f"\nscale {scale}: synth {s['seconds']:.1f} s, peak {s['peak_rss_mb']:.0f} MB, "
            f"{rows.get('contracts', 0):,} contracts, {rows.get('payroll', 0):,} payroll rows"
        )
        i = _step("ingest", str(batch), str(home))
        print(f"scale {scale}: ingest {i['seconds']:.1f} s, peak {i['peak_rss_mb']:.0f} MB (DuckDB)")
        steps = i["steps"]
        for name, f in i["files"].items():
            secs = steps.get(f"checking {name}")
            rate = f"{f['rows'] / secs:,.0f} rows/s" if secs else "-"
            print(
                f"  {name:<20} {f['rows']:>12,} rows  check {secs or 0:6.1f} s  {rate:>16}  "
                f"rejected {f['rejected']}"
            )
        print(
            f"  {'reading, identifiers':<20} {steps.get('reading files', 0):6.1f} s   "
            f"apply {steps.get('applying', 0):.1f} s"
        )
        cp = steps.get("checking contracts." + fmt, 0) + steps.get("checking payroll." + fmt, 0)
        print(
            f"  contracts + payroll checked in {cp:.1f} s; "
            f"whole batch incl. identifiers and apply: {i['seconds']:.1f} s"
        )
        # the target's figure: a batch of contracts and payroll (with the employers they refer to)
        part = OUT / f"s{scale}" / "contracts-payroll"
        part.mkdir(parents=True, exist_ok=True)
        for name in ("employers", "contracts", "payroll"):
            (part / f"{name}.{fmt}").symlink_to((batch / f"{name}.{fmt}").resolve())
        cpi = _step("ingest", str(part), str(OUT / f"s{scale}" / "home-cp"))
        print(
            f"scale {scale}: ingest of contracts + payroll alone (with their employers): {cpi['seconds']:.1f} s, "
            f"peak {cpi['peak_rss_mb']:.0f} MB (target at scale 1: <= 90 s, <= 4 GB)"
        )
        if fmt != "csv":
            _csv_ingest(scale)
        as_of = _as_of(batch)
        v = _step("verify", str(home), "", as_of)
        ratio = v["seconds"] / v["reference_seconds"] if v.get("reference_seconds") else float("nan")
        print(
            f"scale {scale}: verify at {as_of} on DuckDB: {v['seconds']:.2f} s "
            f"for {v['projects']:,} projects "
            f"(best of 3); one-query reference {v['reference_seconds']:.2f} s; ratio {ratio:.2f}; "
            f"mismatches {v['mismatches']}"
        )
        r = _step("risk", str(home), "", as_of)
        print(
            f"scale {scale}: risk scoring at {as_of} on DuckDB: {r['seconds']:.2f} s for {r['employers']:,} "
            f"employers (best of 2; target at scale 1: <= 30 s); steps {r['steps']}"
        )
        w = _step("warnings", str(home), "", as_of)
        print(
            f"scale {scale}: labour-conflict warnings at {as_of} on DuckDB: {w['seconds']:.1f} s "
            f"({w['windows']} monthly windows, best of 2), {w['employers']:,} employers warned, {w['high']:,} high"
        )
        iw = _step("illegal_work", str(home), "", as_of)
        print(
            f"scale {scale}: illegal-work signals at {as_of} on DuckDB: {iw['seconds']:.1f} s (best of 2), "
            f"{iw['employers']:,} employers flagged; steps {iw['steps']}"
        )
        mt = _step("match", str(home), "", as_of)
        print(
            f"scale {scale}: matching across regions at {as_of} on DuckDB: {mt['seconds']:.1f} s for "
            f"{mt['seekers']:,} seekers of surplus regions and {mt['vacancies']:,} open vacancies of deficit "
            f"regions, {mt['matched']:,} matched (target at scale 1: <= 60 s); steps {mt['steps']}"
        )
        fw = _step("foreign_workers", str(home), "", as_of)
        print(
            f"scale {scale}: foreign workers' conditions at {as_of} on DuckDB, as asked: the country first "
            f"{fw['country']['seconds']:.1f} s ({fw['country']['cells']:,} wage cells, "
            f"{fw['country']['underpaid']:,} employers paying under, {fw['country']['expiring']:,} permits ending), "
            f"then one region {fw['region 75']['seconds']:.1f} s (the wage cells kept)"
        )
        mb = _step("mobility", str(home), "", as_of)
        print(
            f"scale {scale}: mobility on DuckDB (best of 2): labour index {mb['year']} {mb['index_seconds']:.2f} s "
            f"(classes {mb['classes']}), balance of 7 years {mb['balance_seconds']:.2f} s, "
            f"compatriots' plan {mb['compatriots_seconds']:.2f} s"
        )
        fs = _step("forecasts", str(home), "")
        print(
            f"scale {scale}: forecasts beyond the data, 5 years: {fs['shipped_series']} shipped series "
            f"{fs['shipped_seconds']:.1f} s (their backtest included), {fs['store_series']} of the store's "
            f"region_stats on DuckDB {fs['store_seconds']:.2f} s (backtested the same way)"
        )
        sc = _step("scenario", str(home), "")
        print(
            f"scale {scale}: a scenario to 2050 on DuckDB (the shipped example, {sc['regions']} regions, "
            f"{sc['years']} years, and its baseline): {sc['seconds']:.2f} s with the model fitted and the results "
            f"stored, the projection alone {sc['chain_seconds']:.2f} s (best of 2; target <= 10 s)"
        )
        rs = _step("resettlement", str(home), "", as_of)
        print(
            f"scale {scale}: resettlement cases followed at {as_of} on DuckDB: the aggregates "
            f"{rs['summary_seconds']:.1f} s, a page of cases {rs['page_seconds']:.1f} s ({rs['cases']:,} cases, "
            f"{rs['persons']:,} persons resettled since 2022, {rs['retained_12_pct']}% still there at 12 months)"
        )
        pd = _step("permits", str(home), "", as_of)
        print(
            f"scale {scale}: permit decisions on DuckDB: {pd['per_second']:.0f} decisions/s "
            f"({pd['applications']:,} applications in {pd['seconds']:.1f} s; {pd['decisions']}; "
            f"failed {pd['failed_checks']})"
        )
        r = _step("report", str(home), "", str(int(as_of[:4]) - 1))
        print(
            f"scale {scale}: labour report {r['year']} on DuckDB: one region's PDF "
            f"{', '.join(f'{s:.2f}' for s in r['region_pdf_seconds'])} s (target at scale 1: <= 5 s), "
            f"its XLSX {r['region_xlsx_seconds']:.2f} s; every page: PDF {r['all_pdf_seconds']:.2f} s "
            f"({r['all_pdf_bytes']:,} bytes), XLSX {r['all_xlsx_seconds']:.2f} s"
        )
        print(
            f"scale {scale}: skills and shortages {r['year']} on DuckDB: first {r['skills_first_seconds']:.2f} s, "
            f"then {1000 * r['skills_again_seconds']:.1f} ms (rows kept until a batch is applied; target < 1 s)"
        )
        if scale <= PG_MAX_SCALE and os.environ.get("BENCH_PG_URL", PG_URL):
            pg = os.environ.get("BENCH_PG_URL", PG_URL)
            _fresh_pg(pg)
            ip = _step("ingest", str(batch), str(OUT / f"s{scale}" / "home-pg"), pg)
            vp = _step("verify", str(OUT / f"s{scale}" / "home-pg"), pg, as_of)
            rp = _step("risk", str(OUT / f"s{scale}" / "home-pg"), pg, as_of)
            _side_by_side(scale, i, ip, v, vp)
            print(
                f'  PostgreSQL\'s server: {_pg_settings(pg)} (docs/storage.md, "Settings of the PostgreSQL server")'
            )
            print(
                f"scale {scale}: PostgreSQL risk scoring {rp['seconds']:.2f} s (best of 2), steps {rp['steps']}"
            )
            mp = _step("mobility", str(OUT / f"s{scale}" / "home-pg"), pg, as_of)
            print(
                f"scale {scale}: PostgreSQL mobility: labour index {mp['index_seconds']:.2f} s, balance "
                f"{mp['balance_seconds']:.2f} s, compatriots' plan {mp['compatriots_seconds']:.2f} s"
            )
            rp = _step("report", str(OUT / f"s{scale}" / "home-pg"), pg, str(int(as_of[:4]) - 1))
            print(
                f"scale {scale}: PostgreSQL labour report: one region's PDF "
                f"{', '.join(f'{s:.2f}' for s in rp['region_pdf_seconds'])} s; every page: PDF "
                f"{rp['all_pdf_seconds']:.2f} s, XLSX {rp['all_xlsx_seconds']:.2f} s"
            )

    if scales:
        _api_latency(max(scales))
        _map_latency(max(scales))
        _events_latency(scales)
    if os.environ.get("BENCH_GROWTH"):
        from bench import growth  # bench/growth.py takes its steps from here: imported when asked for

        print("\ntime and memory against scale (bench/growth.py; its own stores, deleted once measured)")
        growth.main()


PG_SETTINGS = ("shared_buffers", "effective_cache_size", "max_parallel_workers_per_gather")


def _pg_settings(url: str) -> str:
    """The server settings a PostgreSQL figure depends on, as they were when it was measured."""
    import sqlalchemy as sa

    eng = sa.create_engine(url)
    with eng.connect() as conn:
        values = [f"{name} {conn.exec_driver_sql(f'SHOW {name}').scalar_one()}" for name in PG_SETTINGS]
    eng.dispose()
    return ", ".join(values)


def _side_by_side(
    scale: float,
    duck_ingest: dict[str, Any],
    pg_ingest: dict[str, Any],
    duck_verify: dict[str, Any],
    pg_verify: dict[str, Any],
) -> None:
    """The same batch's ingest (the whole batch, one transaction) and verification on both engines, with
    PostgreSQL's time as a multiple of DuckDB's against the targets (docs/storage.md)."""
    print(f"scale {scale}: DuckDB and PostgreSQL side by side")
    for name, duck, pg, target in (
        ("ingest", duck_ingest["seconds"], pg_ingest["seconds"], 3),
        ("verify", duck_verify["seconds"], pg_verify["seconds"], 2),
    ):
        print(
            f"  {name:<8} DuckDB {duck:7.2f} s  PostgreSQL {pg:7.2f} s  ratio {pg / duck:5.2f}  "
            f"(target <= {target}x)"
        )
    steps = pg_ingest["steps"]
    print(
        f"  PostgreSQL ingest: reading, identifiers {steps.get('reading files', 0):.1f} s, "
        f"apply {steps.get('applying', 0):.1f} s (DuckDB apply {duck_ingest['steps'].get('applying', 0):.1f} s)"
    )


def _csv_ingest(scale: float) -> None:
    """The same country as CSV files, ingested: DuckDB has no row counts for a CSV file (docs/storage.md,
    "Memory and spilling of the ingest"), so its peak memory is measured apart."""
    batch, home = OUT / f"s{scale}" / "batch-csv", OUT / f"s{scale}" / "home-csv"
    _step("synth", str(batch), str(scale), "csv")
    i = _step("ingest", str(batch), str(home))
    limit = os.environ.get("JUMYS_DUCKDB_MEMORY_LIMIT", "3GB")
    print(
        f"scale {scale}: ingest of the same country as CSV {i['seconds']:.1f} s, peak {i['peak_rss_mb']:.0f} MB "
        f"(DuckDB, memory limit {limit})"
    )
    shutil.rmtree(batch, ignore_errors=True)
    shutil.rmtree(home, ignore_errors=True)


def _api_latency(scale: float) -> None:
    """p50 and p95 of the dashboard's main endpoints, 50 concurrent clients on the loopback; on PostgreSQL
    too when it has a store of this scale (the same batch), side by side."""
    home, batch = OUT / f"s{scale}" / "home", OUT / f"s{scale}" / "batch"
    a = _step("api", str(home), _as_of(batch))
    pg_url = os.environ.get("BENCH_PG_URL", PG_URL)
    pg = None
    if scale <= PG_MAX_SCALE and pg_url and (OUT / f"s{scale}" / "home-pg").exists():
        pg = _step("api", str(OUT / f"s{scale}" / "home-pg"), _as_of(batch), pg_url)["endpoints"]
    print(
        f"\nscale {scale}: API latency, {a['clients']} concurrent clients on the loopback, answers kept "
        f"{a['cache_seconds']:g} s (target p95 <= 100 ms)"
    )
    for name, e in a["endpoints"].items():
        print(_latency_line(name, e))
        if pg is not None and name in pg:
            print(_latency_line("  PostgreSQL", pg[name]))
    # the same audited read with each audit line waiting for the store's commit, not for the journal
    os.environ.update(JUMYS_AUDIT_JOURNAL="false", BENCH_API_ONLY="project detail")
    try:
        e = _step("api", str(home), _as_of(batch))["endpoints"]["project detail"]
    finally:
        del os.environ["JUMYS_AUDIT_JOURNAL"], os.environ["BENCH_API_ONLY"]
    print(
        f"  {'same, no journal':<16} p50 {e['p50_ms']:6.1f} ms  p95 {e['p95_ms']:6.1f} ms  max {e['max_ms']:6.1f} ms  "
        f"{e['rps']:6.0f} req/s  (audit committed in the store before each answer)"
    )


def _latency_line(name: str, e: dict[str, Any]) -> str:
    return (
        f"  {name:<16} p50 {e['p50_ms']:6.1f} ms  p95 {e['p95_ms']:6.1f} ms  max {e['max_ms']:6.1f} ms  "
        f"{e['rps']:6.0f} req/s  ({e['requests']} requests, {e['failures']} not 200)"
    )


def _map_latency(scale: float) -> None:
    """p50 and p95 of the digital map of enterprises (bench/map.py): three zooms, regions, the card."""
    home, batch = OUT / f"s{scale}" / "home", OUT / f"s{scale}" / "batch"
    m = _step("map", str(home), _as_of(batch))
    print(
        f"\nscale {scale}: the map of enterprises, {m['clients']} concurrent clients (target p95 <= 150 ms at any zoom)"
    )
    for name, e in m["endpoints"].items():
        boxes = f", {e['boxes']} boxes" if "boxes" in e else ""
        print(
            f"  {name:<28} p50 {e['p50_ms']:6.1f} ms  p95 {e['p95_ms']:6.1f} ms  max {e['max_ms']:6.1f} ms  "
            f"{e['rps']:6.0f} req/s  ({e['requests']} requests{boxes}, {e['failures']} not 200)"
        )


def _events_latency(scales: list[float]) -> None:
    """A sustained 1,000 events/s through `jumys serve`, the server killed half-way (bench/events.py): the
    time until a project's answer and page show an event, and events sent against stored; on DuckDB at the
    largest scale, on PostgreSQL at the largest scale it has a store of."""
    runs = [(max(scales), "home", "-")]
    pg = [s for s in scales if s <= PG_MAX_SCALE]
    if pg and os.environ.get("BENCH_PG_URL", PG_URL):
        runs.append((max(pg), "home-pg", os.environ.get("BENCH_PG_URL", PG_URL)))
    for scale, home, url in runs:
        batch = OUT / f"s{scale}" / "batch"
        res = subprocess.run(
            [sys.executable, "-m", "bench.events", str(OUT / f"s{scale}" / home), url, _as_of(batch)],
            capture_output=True,
            text=True,
            check=False,
        )
        if res.returncode != 0:
            sys.stderr.write(res.stderr)
            raise SystemExit("bench events failed")
        e = json.loads(res.stdout.strip().splitlines()[-1])
        print(
            f"\nscale {scale}: events on {e['engine']}, {e['requests']} requests of 1,000 in {e['sending_s']:.0f} s, "
            f"{e['events_per_second_up']:.0f} events/s while the server was up (target 1,000), server killed "
            f"half-way and back in {e['restart_s']:.1f} s: until the project's "
            f"answer and page show an event p50 {e['p50_s']:.2f} s, p95 {e['p95_s']:.2f} s, p95 without the "
            f"restart {e['steady_p95_s']:.2f} s (target p95 <= 5 s); events sent {e['events_sent']:,}, stored "
            f"{e['events_stored']:,}; contracts sent {e['hires_sent']:,}, stored {e['contracts_stored']:,}; "
            f"{e['answers_429']} answers 429"
        )


if __name__ == "__main__":
    main()
