"""ingest_batch: a batch delivered by another system, checked by the data contract and applied whole.

Order of work: open the batch (headers, manifest), read each file once into the stage, map every distinct
IIN and BIN once, check each file in dependency order, then apply all accepted rows and the ledger in ONE
transaction. A crash before COMMIT leaves the store as it was; re-ingesting a batch already in
the ledger changes nothing.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import sqlalchemy as sa

from jumys.config import Settings, get_settings
from jumys.errors import ConfigurationError, Conflict
from jumys.kit.messages import Text
from jumys.kit.spreadsheet import write_csv
from jumys.registry import messages as M
from jumys.registry import pseudonym
from jumys.registry.batch import Batch, BatchFile, open_batch
from jumys.registry.checks import lit
from jumys.registry.known import load_employers, load_reference
from jumys.registry.reasons import decoded
from jumys.registry.scratch import attach_encrypted, encrypted_spill, open_scratch
from jumys.registry.spec import FileSpec, ListTable
from jumys.registry.staging import StagedFile, Stager
from jumys.registry.tables import LIST_TABLES, TABLES, batch_rejects, persons
from jumys.storage.bulk import DuckDBTarget, PostgresTarget, Target
from jumys.storage.engine import is_duckdb

Progress = Callable[[str, int, int], None]
REJECT_FIELDS = ("file", "line", "column", "reason", "value")


@dataclass
class FileReport:
    """What happened to one file of a batch."""

    file: str
    rows_read: int
    rows_accepted: int
    rows_rejected: int
    warnings: list[Text] = field(default_factory=list)


@dataclass
class BatchReport:
    """What happened to a batch."""

    batch_id: str
    batch_no: int
    status: str  # applied | already_applied
    files: list[FileReport]
    warnings: list[Text]
    rejects: list[dict[str, Any]]  # the first rejects, for display
    rejects_total: int
    rejects_csv: Path | None = None
    rejects_json: Path | None = None

    @property
    def rows_accepted(self) -> int:
        """Rows applied, all files."""
        return sum(f.rows_accepted for f in self.files)

    @property
    def rows_rejected(self) -> int:
        """Rows rejected, all files."""
        return sum(f.rows_rejected for f in self.files)

    def summary(self) -> dict[str, Any]:
        """The report as plain data (JSON-ready): ids, status, files, counts, the first rejects."""
        return {
            "batch_id": self.batch_id,
            "batch_no": self.batch_no,
            "status": self.status,
            "files": [f.__dict__ for f in self.files],
            "warnings": self.warnings,
            "rows_accepted": self.rows_accepted,
            "rows_rejected": self.rows_rejected,
            "rejects_total": self.rejects_total,
            "rejects": self.rejects,
        }


def _count_lines(path: Path) -> int:
    """Data lines of a text file (lines after the header), for files that cannot be parsed."""
    with path.open("rb") as f:
        head = f.read(2)
    # UTF-16 is counted in characters: its line feed is two bytes, one of them a zero
    decoder = codecs.getincrementaldecoder("utf-16")() if head in (b"\xff\xfe", b"\xfe\xff") else None
    n, last = 0, True
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            if decoder:
                text = decoder.decode(chunk)
                n, last = n + text.count("\n"), text.endswith("\n") if text else last
            else:
                n, last = n + chunk.count(b"\n"), chunk.endswith(b"\n")
    n += 0 if last else 1
    return max(n - 1, 0)


def _open_staging(engine: sa.Engine, settings: Settings, work: Path) -> tuple[Any, Any, Target]:
    """A DuckDB connection with the staging database attached, and the target to apply to."""
    if is_duckdb(engine):
        raw = engine.raw_connection()
        duck = duckdb_connection_from_raw(raw)
        target: Target = DuckDBTarget(duck)
        holder: Any = raw
    else:
        config: dict[str, Any] = {"memory_limit": settings.duckdb_memory_limit}
        if settings.duckdb_threads:
            config["threads"] = settings.duckdb_threads
        duck = duckdb.connect(":memory:", config=config)
        raw = engine.raw_connection()
        target = PostgresTarget(duck, raw.driver_connection, work)
        holder = raw
    # the stage holds IINs in clear: its file, its log and what DuckDB spills are encrypted
    encrypted_spill(duck, work / "spill")
    duck.execute("SET preserve_insertion_order = true")
    attach_encrypted(duck, work / "stage.duckdb", "stage")
    return duck, holder, target


def duckdb_connection_from_raw(raw: Any) -> Any:
    """The duckdb connection behind a pooled DBAPI connection of duckdb_engine."""
    driver = raw.driver_connection
    return getattr(driver, "_ConnectionWrapper__c", driver)


def _check_key(target: Target, key: pseudonym.PseudonymKey) -> None:
    stored = target.scalar("SELECT value FROM registry_info WHERE name = 'pseudonym_key_fingerprint'")
    if stored is None:
        target.execute(
            f"INSERT INTO registry_info (name, value) VALUES ('pseudonym_key_fingerprint', {lit(key.fingerprint())})"
        )
    elif stored != key.fingerprint():
        raise ConfigurationError(M.KEY_DIFFERS)


def _apply(stager: Stager, target: Target, batch: Batch, batch_no: int) -> None:
    """Every accepted row and the ledger, inside the caller's transaction."""
    staged = [
        sf for sf in stager.staged.values() if sf.rows_accepted
    ]  # a file rejected whole was never staged
    now = dt.datetime.now(dt.UTC).isoformat()
    b = batch_no
    # files landing in a shared table (persons) first: the persons the other files' IINs name come next
    for sf in staged:
        if sf.file.spec.table:
            _upsert(target, sf, b)
    used = [
        f"SELECT person_id FROM stage.chk_{sf.file.spec.name} WHERE _errors IS NULL AND person_id IS NOT NULL"
        for sf in staged
        if not sf.file.spec.table and any(c.kind == "iin" for c in sf.file.spec.columns)
    ]
    if used:
        target.insert_missing(
            persons,
            ("person_id",),
            f"SELECT m.person_id, m.birth_date, m.sex, CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), {b} "
            f"FROM stage.iin_map m SEMI JOIN ({' UNION '.join(used)}) u ON u.person_id = m.person_id",
        )
    for sf in staged:
        if not sf.file.spec.table:
            _upsert(target, sf, b)
            for lst in sf.file.spec.lists:
                _replace_list(target, sf.file.spec, lst, b)
    files = list(stager.staged.values())
    read = sum(f.rows_read for f in files)
    accepted = sum(f.rows_accepted for f in files)
    extracted = lit(batch.extracted_at.isoformat()) if batch.extracted_at else "NULL"
    target.execute(
        f"INSERT INTO batches VALUES ({b}, {lit(batch.batch_id)}, {lit(batch.source) if batch.source else 'NULL'}, "
        f"CAST({extracted} AS TIMESTAMPTZ), {lit(batch.content_sha256)}, CAST({lit(now)} AS TIMESTAMPTZ), "
        f"{read}, {accepted}, {read - accepted})"
    )
    for f in files:
        warnings = lit("; ".join(f.warnings)) if f.warnings else "NULL"
        target.execute(
            f"INSERT INTO batch_files VALUES ({b}, {lit(f.file.spec.name)}, {lit(f.file.format)}, "
            f"{f.rows_read}, {f.rows_accepted}, {f.rows_rejected}, {warnings})"
        )
    target.insert(
        batch_rejects,
        f"SELECT {b}, file, line, \"column\", reason, value, json_extract_string(coded, '$.code'), "
        "CAST(json_extract(coded, '$.params') AS VARCHAR) FROM stage.rejects",
    )


def _upsert(target: Target, sf: StagedFile, batch_no: int) -> None:
    """The accepted rows of a staged file into its table, replacing stored rows with the same key."""
    spec = sf.file.spec
    table = TABLES[spec.name]
    cols = ", ".join(f'"{c.name}"' for c in table.columns if c.name != "batch_no")
    target.upsert(
        table, spec.stored_key, f"SELECT {cols}, {batch_no} FROM stage.chk_{spec.name} WHERE _errors IS NULL"
    )


def _replace_list(target: Target, spec: FileSpec, lst: ListTable, batch_no: int) -> None:
    """The items of a list column (contract.ListTable) of the records this batch wrote, replacing their old ones."""
    keys = ", ".join(spec.stored_key)
    match = keys if len(spec.stored_key) == 1 else f"({keys})"
    target.execute(
        f"DELETE FROM {lst.table} WHERE {match} IN "
        f"(SELECT {keys} FROM {TABLES[spec.name].name} WHERE batch_no = {batch_no})"
    )
    target.insert(
        LIST_TABLES[lst.table],
        f"SELECT DISTINCT {keys}, trim(o), {batch_no} FROM (SELECT {keys}, "
        f"unnest(string_split({lst.column}, ';')) AS o FROM stage.chk_{spec.name} WHERE _errors IS NULL)",
    )


def _write_reports(duck: Any, out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    rows = duck.execute(
        'SELECT file, line, "column", reason, value FROM stage.rejects ORDER BY file, line'
    ).fetchall()
    csv_path, json_path = out / "rejects.csv", out / "rejects.json"
    with csv_path.open("w", newline="", encoding="utf-8") as f:
        write_csv(f, REJECT_FIELDS, rows)
    json_path.write_text(
        json.dumps([dict(zip(REJECT_FIELDS, r, strict=True)) for r in rows], ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    return csv_path, json_path


def _already_applied(target: Target, batch: Batch) -> BatchReport | None:
    row_no = target.scalar(f"SELECT batch_no FROM batches WHERE batch_id = {lit(batch.batch_id)}")
    if row_no is None:
        return None
    digest = target.scalar(f"SELECT content_sha256 FROM batches WHERE batch_no = {row_no}")
    if digest != batch.content_sha256:
        raise Conflict(M.BATCH_CLASH, batch=batch.batch_id, no=str(row_no))
    return BatchReport(batch.batch_id, int(row_no), "already_applied", [], [M.ALREADY_APPLIED()], [], 0)


def ingest_batch(
    engine: sa.Engine,
    path: Path,
    *,
    settings: Settings | None = None,
    progress: Progress | None = None,
    rejects_dir: Path | None = None,
    today: dt.date | None = None,
    also: Callable[[Target, int], None] | None = None,
) -> BatchReport:
    """Check the batch at path (folder or .zip) by the data contract and apply its valid rows, all or nothing;
    also(target, batch_no) writes more in the same transaction, after the rows and the rejects."""
    settings = settings or get_settings()
    embedded = is_duckdb(engine)
    key = pseudonym.load_key(settings, embedded=embedded)
    tick = progress or (lambda _s, _d, _t: None)
    work, release = open_scratch(settings)
    duck = holder = stager = None
    try:
        batch = open_batch(
            path, work, max_unpacked=settings.unpack_max_mb << 20, max_ratio=settings.zip_max_ratio
        )
        duck, holder, target = _open_staging(engine, settings, work)
        done = _already_applied(target, batch)
        if done:
            return done
        readable = [bf for bf in batch.files if bf.problem is None]
        total = 2 + len(readable) + 1
        tick("reading files", 0, total)
        load_reference(duck)
        duck.execute(
            'CREATE TABLE stage.rejects (file VARCHAR, line BIGINT, "column" VARCHAR, reason VARCHAR, value VARCHAR, '
            "coded VARCHAR)"  # coded: the reason's code and parameters (jumys/registry/reasons.py)
        )
        stager = Stager(
            duck, batch, lambda col: pseudonym.sql_expression(key, col), str(today or dt.date.today())
        )
        stager.read_files()  # each file once, into the stage: every check reads the stage table
        stager.map_identifiers()
        load_employers(duck, target, embedded, work)
        tick("checking", 1, total)
        for i, bf in enumerate(batch.files):
            if bf.problem is None:
                tick(f"checking {bf.path.name}", 1 + i, total)
                stager.stage_file(bf)
            if bf.problem is not None:  # found at the header, or when reading the rows
                stager.reject_file(bf, 0 if bf.problem.startswith("empty") else _count_lines_any(bf))
        tick("applying", total - 1, total)
        target.begin()  # on PostgreSQL this waits for any other ingest to end (an advisory lock)
        try:
            # the same batch may have been applied by another ingest while this one was checking it
            done = _already_applied(target, batch)
            if done:
                target.rollback()
                return done
            _check_key(target, key)
            batch_no = int(target.scalar("SELECT coalesce(max(batch_no), 0) + 1 FROM batches"))
            _apply(stager, target, batch, batch_no)
            if also is not None:
                also(target, batch_no)
            target.commit()
        except BaseException:
            target.rollback()
            raise
        tick("done", total, total)
        out = rejects_dir or settings.home / "rejects" / _safe_name(batch.batch_id)
        rejects_total = duck.execute("SELECT count(*) FROM stage.rejects").fetchone()[0]
        csv_path = json_path = None
        if rejects_total:
            csv_path, json_path = _write_reports(duck, out)
        first = duck.execute(
            'SELECT file, line, "column", coded, value FROM stage.rejects ORDER BY file, line LIMIT 20'
        ).fetchall()
        return BatchReport(
            batch.batch_id,
            batch_no,
            "applied",
            [_file_report(sf) for sf in stager.staged.values()],
            batch.warnings,
            [dict(zip(REJECT_FIELDS, (*r[:3], decoded(r[3]), r[4]), strict=True)) for r in first],
            rejects_total,
            csv_path,
            json_path,
        )
    finally:
        if duck is not None:
            # each step on its own: on the embedded store the connection goes back to the pool and must not
            # keep the stage attached, raw lines of rejects (IINs in clear) or a spill folder about to vanish
            cleanup: list[Callable[[], object]] = [lambda: duck.execute("DETACH stage")]
            if stager is not None:
                cleanup.append(stager.drop_temp_tables)
            if embedded:
                cleanup.append(lambda: duck.execute("RESET temp_directory"))
                cleanup.append(lambda: duck.execute("RESET temp_file_encryption"))
                cleanup.append(lambda: duck.execute("RESET force_mbedtls_unsafe"))
            for step in cleanup:
                with contextlib.suppress(duckdb.Error):
                    step()
            if not embedded:
                duck.close()
        if holder is not None:
            holder.close()
        release()


def _count_lines_any(bf: BatchFile) -> int:
    if bf.format == "csv":
        return _count_lines(bf.path)
    import pyarrow.parquet as pq

    try:
        return int(pq.read_metadata(bf.path).num_rows)
    except Exception:  # a damaged file: its rows cannot be counted
        return 0


def _file_report(sf: StagedFile) -> FileReport:
    return FileReport(sf.label, sf.rows_read, sf.rows_accepted, sf.rows_rejected, sf.warnings)


def _safe_name(batch_id: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in batch_id)[:100]
