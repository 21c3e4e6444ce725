"""One measured step in its own process, so that its peak memory is its own: prints one JSON line."""

from __future__ import annotations

import itertools
import json
import resource
import sys
import time
from pathlib import Path

from jumys.config import Settings


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synth(out: Path, scale: float, fmt: str) -> dict[str, object]:
    """Generate a country; time and rows."""
    from jumys.synth.service import generate

    t = time.perf_counter()
    rows = generate(out, scale=scale, seed=1, fmt=fmt)  # type: ignore[arg-type]
    return {"seconds": time.perf_counter() - t, "rows": rows}


def ingest(batch: Path, home: Path, url: str | None) -> dict[str, object]:
    """Ingest a batch into a fresh store; time per step (stage of each file, apply)."""
    from jumys.registry.ingest import ingest_batch
    from jumys.storage.engine import make_engine
    from jumys.storage.revisions import upgrade

    settings = Settings(
        home=home, database_url=url, pseudonym_key="bench-key-0123456789abcdef0123456789abcdef"
    )
    engine = make_engine(settings=settings)
    upgrade(engine)
    marks: list[tuple[str, float]] = []
    t0 = time.perf_counter()
    report = ingest_batch(
        engine, batch, settings=settings, progress=lambda s, _d, _t: marks.append((s, time.perf_counter()))
    )
    total = time.perf_counter() - t0
    steps = {}
    for (name, start), (_, end) in itertools.pairwise(marks):
        steps[name] = end - start
    files = {f.file: {"rows": f.rows_read, "rejected": f.rows_rejected} for f in report.files}
    return {"seconds": total, "steps": steps, "files": files}


def verify(home: Path, url: str | None, as_of: str) -> dict[str, object]:
    """Time jumys verification (best of 3) against the one-query reference (DuckDB only) and compare them."""
    import datetime as dt

    from jumys.projects.methodology import Methodology
    from jumys.projects.service import results, verify_projects
    from jumys.storage.engine import duckdb_connection, make_engine

    settings = Settings(
        home=home, database_url=url, pseudonym_key="bench-key-0123456789abcdef0123456789abcdef"
    )
    engine = make_engine(settings=settings)
    day = dt.date.fromisoformat(as_of)
    ours = []
    for _ in range(3):
        with engine.begin() as conn:
            t = time.perf_counter()
            verify_projects(conn, day, Methodology())
            ours.append(time.perf_counter() - t)
    with engine.connect() as conn:
        mine = {r["project_id"]: r for r in results(conn, day)}
    out: dict[str, object] = {"seconds": min(ours), "projects": len(mine)}
    if engine.dialect.name == "duckdb":
        sql = (Path(__file__).parent / "verify_reference.sql").read_text()
        first = day.replace(day=1)
        last_full = (first - dt.timedelta(days=1)).replace(day=1)
        ref_times, rows = [], []
        with engine.connect() as conn:
            duck = duckdb_connection(conn)
            for _ in range(3):
                t = time.perf_counter()
                rows = duck.execute(sql, [day, last_full, first]).fetchall()
                ref_times.append(time.perf_counter() - t)
        keys = (
            "credited",
            "provisional",
            "unconfirmed",
            "baseline_headcount",
            "current_headcount",
            "verified_permanent_jobs",
            "youth_jobs",
            "temporary_jobs",
            "wage_bill_kzt",
        )
        mismatches = sum(1 for r in rows if tuple(mine[r[0]][k] for k in keys) != tuple(r[1:]))
        out |= {"reference_seconds": min(ref_times), "mismatches": mismatches}
    return out


def risk(home: Path, url: str | None, as_of: str) -> dict[str, object]:
    """Time enterprise risk scoring of every employer (best of 2), with the time of each step of the best."""
    import datetime as dt

    from jumys.safety.service import score_risk
    from jumys.storage.engine import make_engine

    settings = Settings(
        home=home, database_url=url, pseudonym_key="bench-key-0123456789abcdef0123456789abcdef"
    )
    engine = make_engine(settings=settings)
    day = dt.date.fromisoformat(as_of)
    best: tuple[float, dict[str, float], dict[str, int]] | None = None
    for _ in range(2):
        marks: list[tuple[str, float]] = []

        def tick(step: str, _done: int, _total: int, marks: list[tuple[str, float]] = marks) -> None:
            marks.append((step, time.perf_counter()))

        with engine.begin() as conn:
            t = time.perf_counter()
            counts = score_risk(conn, day, progress=tick)
            seconds = time.perf_counter() - t
        # each mark is given as its step starts: a step lasts until the next mark (the last one, "done",
        # until the scoring returns)
        ends = [m for _, m in marks[1:]] + [t + seconds]
        steps = {name: round(ends[i] - start, 2) for i, (name, start) in enumerate(marks)}
        if best is None or seconds < best[0]:
            best = (seconds, steps, counts)
    assert best is not None
    return {"seconds": best[0], "steps": best[1], **best[2]}


def forecast() -> dict[str, object]:
    """Time the whole forecasting backtest on the shipped series (it does not depend on the scale)."""
    from jumys.forecasting.backtest import run_backtest
    from jumys.forecasting.series import shipped_series

    started = time.perf_counter()
    result = run_backtest(shipped_series())
    return {"seconds": time.perf_counter() - started, "rows": len(result.rows)}


if __name__ == "__main__":
    kind = sys.argv[1]
    if kind == "synth":
        result = synth(Path(sys.argv[2]), float(sys.argv[3]), sys.argv[4])
    elif kind == "api":
        from bench.api import measure

        result = measure(Path(sys.argv[2]), sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None)
    elif kind == "warnings":
        from bench.warnings import measure as warnings_run

        result = warnings_run(Path(sys.argv[2]), sys.argv[3] or None, sys.argv[4])
    elif kind == "illegal_work":
        from bench.illegal_work import measure as illegal_work_run

        result = illegal_work_run(Path(sys.argv[2]), sys.argv[3] or None, sys.argv[4])
    elif kind == "match":
        from bench.matching import measure as matching_run

        result = matching_run(Path(sys.argv[2]), sys.argv[3] or None, sys.argv[4])
    elif kind == "mobility":
        from bench.mobility import measure as mobility_read

        result = mobility_read(Path(sys.argv[2]), sys.argv[3] or None, sys.argv[4])
    elif kind == "forecasts":
        from bench.forecasts import measure as forecasts_run

        result = forecasts_run(Path(sys.argv[2]), sys.argv[3] or None)
    elif kind == "scenario":
        from bench.scenario import measure as scenario_run

        result = scenario_run(Path(sys.argv[2]), sys.argv[3] or None)
    elif kind == "foreign_workers":
        from bench.foreign_workers import measure as foreign_workers_read

        result = foreign_workers_read(Path(sys.argv[2]), sys.argv[3] or None, sys.argv[4])
    elif kind == "resettlement":
        from bench.resettlement import measure as resettlement_read

        result = resettlement_read(Path(sys.argv[2]), sys.argv[3] or None, sys.argv[4])
    elif kind == "map":
        from bench.map import measure as measure_map

        result = measure_map(Path(sys.argv[2]), sys.argv[3])
    elif kind == "report":
        from bench.report import measure as report

        result = report(Path(sys.argv[2]), sys.argv[3] or None, int(sys.argv[4]))
    elif kind == "permits":
        from bench.permits import measure as permits_run

        result = permits_run(Path(sys.argv[2]), sys.argv[3] or None, sys.argv[4])
    elif kind == "verify":
        result = verify(Path(sys.argv[2]), sys.argv[3] or None, sys.argv[4])
    elif kind == "forecast":
        result = forecast()
    elif kind == "risk":
        result = risk(Path(sys.argv[2]), sys.argv[3] or None, sys.argv[4])
    else:
        result = ingest(Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else None)
    result["peak_rss_mb"] = _peak_mb()
    print(json.dumps(result))
