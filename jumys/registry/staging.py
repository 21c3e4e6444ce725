"""Staging: a batch's files read into DuckDB, checked, and their rejects collected.

Everything here is bulk SQL in DuckDB, whatever the store: the staged, checked rows are then
applied to the store in one transaction (jumys/storage/bulk.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import duckdb

from jumys.kit.messages import Message, Text
from jumys.registry import checks
from jumys.registry import messages as M
from jumys.registry.batch import Batch, BatchFile
from jumys.registry.checks import lit, q
from jumys.registry.reading import blank_lines, lines_at, newlines_sql, source_sql
from jumys.registry.reasons import Nested, english_sql, reason_sql
from jumys.registry.spec import Column, FileSpec

READ_ERRORS: dict[str, Message] = {
    "MISSING COLUMNS": M.FEWER_FIELDS,
    "TOO MANY COLUMNS": M.MORE_FIELDS,
    "INVALID ENCODING": M.NOT_UTF8,
    "INVALID UNICODE": M.NOT_UTF8,
    "UNQUOTED VALUE": M.BAD_QUOTING,
    "LINE SIZE OVER MAXIMUM": M.LINE_TOO_LONG,
}
# a file the reader cannot get to the end of (DuckDB raises instead of rejecting a line): rejected whole
UNREADABLE: dict[str, Text] = {"csv": M.CSV_UNREADABLE(), "parquet": M.PARQUET_UNREADABLE()}
MASK_SQL = "left(regexp_replace({v}, '[0-9]{{8}}([0-9]{{4}})', '********\\1', 'g'), 200)"


@dataclass
class StagedFile:
    """Counts of one staged file."""

    file: BatchFile
    rows_read: int = 0
    rows_accepted: int = 0
    rows_rejected: int = 0
    warnings: list[Text] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The file's name as delivered."""
        return self.file.path.name


def _mask(v: str) -> str:
    return MASK_SQL.format(v=v)


class Stager:
    """Reads, checks and stages the files of one batch in a DuckDB connection with `stage` attached."""

    def __init__(self, duck: Any, batch: Batch, pseudonym_sql: Callable[[str], str], today: str) -> None:
        self.duck = duck
        self.batch = batch
        self.pseudonym_sql = pseudonym_sql
        self.today = today
        self.staged: dict[str, StagedFile] = {}
        self.blank_files: set[str] = set()  # files with blank lines (stage.blanks_<name> made)
        # files with records the reader rejected (stage.offs_<name> made)
        self.misread_files: set[str] = set()
        self.readable = [bf for bf in batch.files if bf.problem is None]

    def x(self, sql: str) -> Any:
        """Run one statement."""
        return self.duck.execute(sql)

    # -- reading -----------------------------------------------------------------------------
    def read_files(self) -> None:
        """Read each readable file once into stage.raw_<name> (reading.source_sql); what the CSV reader rejects
        goes to temp.rej_<name>. A file the reader cannot get to the end of gets bf.problem.

        Every check then runs on the stage table, whose row count and distinct counts DuckDB knows: over the
        file itself it guesses a few dozen rows, builds its hash joins on the file's side and runs out of
        memory on a national batch (docs/storage.md, "Memory and spilling of the ingest").
        """
        for bf in self.readable:
            name = bf.spec.name
            # DuckDB appends to an existing rejects table: start each file empty
            self._drop_read_rejects(name)
            src = source_sql(bf, rejects=f"rej_{name}" if bf.format == "csv" else None)
            try:
                self.x(f"CREATE TABLE stage.raw_{name} AS {src}")
            except duckdb.InvalidInputException:
                bf.problem = UNREADABLE[bf.format]  # ingest_batch rejects the file whole
                self.x(f"DROP TABLE IF EXISTS stage.raw_{name}")

    # -- identifiers ---------------------------------------------------------------------------
    def map_identifiers(self) -> None:
        """Build stage.iin_map and stage.bin_map from every IIN and BIN of the batch, each checked once."""
        iin_parts, bin_parts = [], []
        for bf in self.readable:
            if bf.problem is not None:
                continue
            raw = f"stage.raw_{bf.spec.name}"
            cols = [c for c in bf.spec.columns if c.name in bf.present]
            iin_parts += [f"SELECT {q(c.name)} AS iin FROM {raw}" for c in cols if c.kind == "iin"]
            bin_parts += [f"SELECT {q(c.name)} AS bin FROM {raw}" for c in cols if c.kind == "bin"]
            bin_parts += [
                f"SELECT trim(unnest(string_split({q(c.name)}, ';'))) AS bin FROM {raw}"
                for c in cols
                if c.kind == "bins"
            ]
        iin_src = " UNION ALL ".join(iin_parts) or "SELECT CAST(NULL AS VARCHAR) AS iin"
        bin_src = " UNION ALL ".join(bin_parts) or "SELECT CAST(NULL AS VARCHAR) AS bin"
        self.x(
            "CREATE TABLE stage.iin_map AS "
            + checks.iin_map_sql(f"({iin_src})", self.pseudonym_sql("iin"), self.today, coded=True)
        )
        self.x("CREATE TABLE stage.bin_map AS " + checks.bin_map_sql(f"({bin_src})", coded=True))

    # -- one file ------------------------------------------------------------------------------
    def stage_file(self, bf: BatchFile) -> StagedFile:
        """Check every row of a file, read by read_files, into stage.chk_<name> (typed columns, _errors) and
        count it."""
        name = bf.spec.name
        sf = self.staged[name] = StagedFile(bf, warnings=list(bf.warnings))
        rejects = f"rej_{name}"
        src = f"SELECT * FROM stage.raw_{name}"
        self._list_problems(bf.spec, src)
        self.x(f"CREATE TABLE stage.chk_{name} AS {self._checked_sql(bf, src)}")
        self.x(f"DROP TABLE stage.raw_{name}")  # its space in the stage file is reused by the next files
        self._line_map(bf, rejects)
        self._mark_duplicates(bf)
        if bf.spec.provides_employers:
            # an employer delivered again is known already: once only, or the reference joins would repeat rows
            (key,) = bf.spec.key
            self.x(
                f"INSERT INTO known_employers SELECT {q(key)} FROM stage.chk_{name} c WHERE _errors IS NULL "
                f"AND NOT EXISTS (SELECT 1 FROM known_employers k WHERE k.bin = c.{q(key)})"
            )
        accepted, rejected_rows = self.x(
            f"SELECT count(*) FILTER (WHERE _errors IS NULL), count(*) FILTER (WHERE _errors IS NOT NULL) "
            f"FROM stage.chk_{name}"
        ).fetchone()
        read_rejects = 0
        if bf.format == "csv":
            read_rejects = self.x(f"SELECT count(DISTINCT line) FROM {rejects}").fetchone()[0]
        self._collect_rejects(bf, rejects, checked=rejected_rows > 0, read=read_rejects > 0)
        if read_rejects:  # a line not in UTF-8 is one the reader rejected
            bad_encoding = self.x(
                f"SELECT count(DISTINCT line) FROM {rejects} WHERE error_type LIKE 'INVALID%'"
            ).fetchone()[0]
            if bad_encoding and bad_encoding * 2 >= accepted + rejected_rows + read_rejects:
                sf.warnings.append(M.MOSTLY_NOT_UTF8())
        for c in bf.spec.columns:
            if c.prose:
                masked = self.x(
                    f"SELECT count(*) FROM stage.chk_{name} WHERE contains({q(c.name)}, {lit(checks.IIN_MASK)})"
                ).fetchone()[0]
                if masked:
                    sf.warnings.append(M.IIN_MASKED(n=masked, column=c.name))
        sf.rows_accepted = accepted
        sf.rows_rejected = rejected_rows + read_rejects
        sf.rows_read = sf.rows_accepted + sf.rows_rejected
        return sf

    def _drop_read_rejects(self, name: str) -> None:
        self.x(f"DROP TABLE IF EXISTS temp.rej_{name}")
        self.x(f"DROP TABLE IF EXISTS temp.rej_{name}_scan")

    def drop_temp_tables(self) -> None:
        """Drop what staging keeps on the connection: the raw lines of read rejects hold IINs in clear."""
        for bf in self.batch.files:
            self._drop_read_rejects(bf.spec.name)
            for c in _lists(bf.spec):
                self.x(f"DROP TABLE IF EXISTS temp.{_list_problems_table(bf.spec, c)}")

    def _list_problems(self, spec: FileSpec, src: str) -> None:
        """A temporary table per list of BINs of the file: the first problem of each row's list (first as the
        English sentences sort), as its code and parameters."""
        for c in _lists(spec):
            employer = (
                f"WHEN k.bin IS NULL THEN {reason_sql(M.OPERATOR_NOT_AN_EMPLOYER, bin=_mask('b'))}"
                if c.employer
                else ""
            )
            self.x(f"""
CREATE OR REPLACE TEMP TABLE {_list_problems_table(spec, c)} AS
SELECT _ord, arg_min(reason, english) FILTER (WHERE english IS NOT NULL) AS reason
FROM (SELECT _ord, {english_sql("reason")} AS english, reason FROM (SELECT _ord, CASE
    WHEN b = '' THEN {reason_sql(M.EMPTY_BIN_IN_LIST)}
    WHEN m.problem IS NOT NULL THEN {reason_sql(M.OPERATOR_BIN, bin=_mask("b"), problem=Nested("m.reason"))}
    {employer}
  END AS reason
FROM (SELECT _ord, trim(unnest(string_split({q(c.name)}, ';'))) AS b FROM ({src}) WHERE {q(c.name)} IS NOT NULL) x
LEFT JOIN stage.bin_map m ON m.bin = x.b
LEFT JOIN known_employers k ON k.bin = x.b))
GROUP BY _ord""")

    def _checked_sql(self, bf: BatchFile, src: str) -> str:
        spec = bf.spec
        joins: list[str] = []
        typed: list[str] = ["s._ord", "s._nl"]
        problems: list[tuple[str, str, str]] = []  # column, problem SQL, reported value SQL
        stored: list[str] = []
        for c in spec.columns:
            v = f"s.{q(c.name)}"
            alias = ""
            if c.kind == "iin":
                alias = f"i_{c.name}"
                joins.append(f"LEFT JOIN stage.iin_map {alias} ON {alias}.iin = {v}")
                # an invalid IIN says nothing of its holder: no birth date to check other dates against
                typed += [
                    f"{alias}.person_id AS t_person_id",
                    f"CASE WHEN {alias}.problem IS NULL THEN {alias}.birth_date END AS t_birth_date",
                ]
                typed += [f"{alias}.sex AS t_sex"]
                stored.append("person_id")
                reported = f"CASE WHEN {v} IS NULL THEN NULL ELSE repeat('*', greatest(length({v}) - 4, 0)) || right({v}, 4) END"  # noqa: E501
            else:
                if c.kind == "bin":
                    alias = f"b_{c.name}"
                    joins.append(f"LEFT JOIN stage.bin_map {alias} ON {alias}.bin = {v}")
                    if c.employer:
                        joins.append(f"LEFT JOIN known_employers k_{c.name} ON k_{c.name}.bin = {v}")
                elif c.kind == "bins":
                    alias = f"o_{c.name}"
                    joins.append(
                        f"LEFT JOIN {_list_problems_table(spec, c)} {alias} ON {alias}._ord = s._ord"
                    )
                typed.append(f"{checks.typed_value(c, v)} AS {q('t_' + c.name)}")
                stored.append(c.name)
                reported = _mask(v)
            problems.append((c.name, checks.problem(c, v, alias), reported))
        stored += spec.from_iin  # t_birth_date and t_sex, from the row's IIN
        raw = [f"s.{q(c.name)} AS {q('r_' + c.name)}" for c in spec.columns]
        probs = [f"{p} AS {q('p_' + col)}" for col, p, _ in problems]
        reported_of = {col: rep for col, _, rep in problems}
        j = f"SELECT {', '.join(typed + probs + raw)} FROM ({src}) s {' '.join(joins)}"
        # reported values are computed in j (raw masked) except for IINs, masked separately
        items = [
            f"{{'c': {lit(col)}, 'r': {q('p_' + col)}, 'v': "
            + (_mask(q("r_" + col)) if spec.column(col).kind != "iin" else _iin_reported(col))
            + "}"
            for col in reported_of
        ]
        extra = checks.order_problems(spec) + checks.rule_problems(spec, coded=True)
        items += [f"{{'c': {lit(col)}, 'r': {p}, 'v': {_mask(q('r_' + col))}}}" for col, p in extra]
        flagged = " OR ".join(
            [f"{q('p_' + col)} IS NOT NULL" for col in reported_of] + [f"({p}) IS NOT NULL" for _, p in extra]
        )
        errors = f"list_filter([{', '.join(items)}], lambda e: e.r IS NOT NULL)"
        outputs = [f"{q('t_' + n)} AS {q(n)}" for n in stored]
        # the list of problems is built only for rows that have one: most rows have none
        return f"SELECT _ord, _nl, {', '.join(outputs)}, CASE WHEN {flagged} THEN {errors} END AS _errors FROM ({j})"

    def _line_map(self, bf: BatchFile, rejects: str) -> None:
        """stage.offs_<name>, stage.nls_<name>, stage.blanks_<name> and stage.reals_<name> (CSV only): what turns
        a data row number into the file's line number.

        A line is a line of the file as an editor shows it (header = 1): rows the reader rejected, line breaks
        inside quoted values and blank lines push the rows after them down. offs: one row per record the reader
        rejected, with its line in the file (real, from its byte position), off = the number of data rows
        before it and nl = its own inner line breaks; nls: data rows with inner line breaks; blanks: the blank
        lines, which the reader skips without a trace, as t = line - (blank lines up to it), so that a line
        counted without them, L0, lies after exactly those with t < L0. DuckDB numbers the records it rejects
        by record, counting blank lines but not the line breaks inside quoted values.

        Most files have neither blank lines nor records the reader rejected: blanks, reals and offs are made only
        for a file that has some (blank_files, misread_files), and line_of leaves out what is not made.
        """
        name = bf.spec.name
        if bf.format != "csv":  # a Parquet row's number is its line (line_of)
            return
        blanks = blank_lines(bf.path)
        if blanks:
            self.blank_files.add(name)
            self._table_of_lists(
                f"stage.blanks_{name}", b=blanks, t=[b - k for k, b in enumerate(blanks, start=1)]
            )
        starts = self.x(f"SELECT DISTINCT line, line_byte_position FROM {rejects} ORDER BY 2").fetchall()
        if starts:
            self.misread_files.add(name)
            reals = lines_at(bf.path, [at for _, at in starts])
            self._table_of_lists(f"stage.reals_{name}", line=[line for line, _ in starts], real=reals)
            # after \r\n the line DuckDB keeps begins with the \n
            trimmed = "trim(csv_line, chr(13) || chr(10))"
            blank_before = f"(SELECT count(*) FROM stage.blanks_{name} WHERE b < r.real)" if blanks else "0"
            self.x(
                f"CREATE TABLE stage.offs_{name} AS SELECT r.line, r.real, "
                f"(r.line - 1) - row_number() OVER (ORDER BY r.line) - {blank_before} AS off, nl "
                f"FROM (SELECT line, max({newlines_sql(trimmed)}) AS nl FROM {rejects} GROUP BY line) j "
                f"JOIN stage.reals_{name} r ON r.line = j.line"
            )
        self.x(
            f"CREATE TABLE stage.nls_{name} AS SELECT _ord AS row_ord, _nl AS row_nl FROM stage.chk_{name} "
            "WHERE _nl > 0"
        )

    def line_of(self, bf: BatchFile, ord_sql: str) -> str:
        """SQL: the line (CSV, header = 1) or row (Parquet, first = 1) of data row ord_sql."""
        if bf.format != "csv":
            return ord_sql
        name = bf.spec.name
        misread = (
            f" + (SELECT count(*) + coalesce(sum(nl), 0) FROM stage.offs_{name} WHERE off < {ord_sql})"
            if name in self.misread_files
            else ""
        )
        return self._with_blanks(
            name,
            f"({ord_sql} + 1{misread} "
            f"+ (SELECT coalesce(sum(row_nl), 0) FROM stage.nls_{name} WHERE row_ord < {ord_sql}))",
        )

    def _with_blanks(self, name: str, line_sql: str) -> str:
        """SQL: line_sql, a line counted without the file's blank lines, counted with them."""
        if name not in self.blank_files:  # most files have none: no subquery per reject
            return line_sql
        return f"({line_sql} + (SELECT count(*) FROM stage.blanks_{name} WHERE t < {line_sql}))"

    def _table_of_lists(self, table: str, **columns: list[int]) -> None:
        """CREATE TABLE table of BIGINT columns from equally long Python lists, in one statement."""
        cols = ", ".join(f"unnest(CAST(? AS BIGINT[])) AS {name}" for name in columns)
        self.duck.execute(f"CREATE TABLE {table} AS SELECT {cols}", list(columns.values()))

    def _read_line_of(self, bf: BatchFile, line_sql: str) -> str:
        """SQL: the line of the file where the record the reader rejected as line_sql (its record number) starts."""
        return f"(SELECT real FROM stage.reals_{bf.spec.name} WHERE line = {line_sql})"

    def _mark_duplicates(self, bf: BatchFile) -> None:
        name, key = bf.spec.name, bf.spec.stored_key
        keys = ", ".join(map(q, key))
        # first by a 64-bit hash of the key, which is cheap over 80M rows: equal keys have equal hashes,
        # so only rows whose hash repeats can be duplicates; those few are then grouped by the key itself
        self.x(
            f"CREATE TABLE stage.duph_{name} AS SELECT hash({keys}) AS h FROM stage.chk_{name} "
            f"WHERE _errors IS NULL GROUP BY 1 HAVING count(*) > 1"
        )
        if not self.x(f"SELECT count(*) FROM stage.duph_{name}").fetchone()[0]:
            return
        self.x(
            f"CREATE TABLE stage.dup_{name} AS SELECT {keys}, min(_ord) AS first_ord FROM stage.chk_{name} "
            f"WHERE _errors IS NULL AND hash({keys}) IN (SELECT h FROM stage.duph_{name}) "
            f"GROUP BY {keys} HAVING count(*) > 1"
        )
        if not self.x(f"SELECT count(*) FROM stage.dup_{name}").fetchone()[0]:
            return
        match = " AND ".join(f"c.{q(k)} = d.{q(k)}" for k in key)
        label = lit(",".join(bf.spec.key))
        self.x(f"""
UPDATE stage.chk_{name} AS c SET _errors = [{{'c': {label},
  'r': {reason_sql(M.DUPLICATE_KEY, line=self.line_of(bf, "d.first_ord"))},
  'v': CAST(NULL AS VARCHAR)}}]
FROM stage.dup_{name} d WHERE {match} AND c._ord > d.first_ord AND c._errors IS NULL""")

    def _collect_rejects(self, bf: BatchFile, rejects: str, *, checked: bool, read: bool) -> None:
        """The rows the checks rejected (checked: there are some) and the records the reader rejected (read: there
        are some) into stage.rejects. Most files have neither: each insert, a statement of every reason's English,
        costs more than the rest of a small file's checks."""
        label = lit(bf.path.name)
        if checked:
            self.x(f"""
INSERT INTO stage.rejects
SELECT {label}, {self.line_of(bf, "_ord")}, e.c, {english_sql("e.r")}, e.v, e.r
FROM (SELECT _ord, unnest(_errors) AS e FROM stage.chk_{bf.spec.name} WHERE _errors IS NOT NULL)""")
        if bf.format == "csv" and read:
            cases = " ".join(f"WHEN {lit(k)} THEN {reason_sql(v)}" for k, v in READ_ERRORS.items())
            said = reason_sql(M.LINE_UNREADABLE, kind="error_type")
            self.x(f"""
INSERT INTO stage.rejects
SELECT file, line, column_name, {english_sql("reason")}, value, reason
FROM (SELECT {label} AS file, {self._read_line_of(bf, "r.line")} AS line, column_name,
  CASE error_type {cases} ELSE {said} END AS reason, {_mask("csv_line")} AS value
FROM (SELECT DISTINCT ON (line) * FROM {rejects} ORDER BY line) r)""")

    def reject_file(self, bf: BatchFile, rows: int) -> StagedFile:
        """Record a file that cannot be read at all: one reject on its header, every row unapplied."""
        sf = self.staged[bf.spec.name] = StagedFile(
            bf, rows_read=rows, rows_rejected=rows, warnings=list(bf.warnings)
        )
        reason = M.FILE_REJECTED(problem=bf.problem, rows=rows)
        column = lit(bf.problem_column) if bf.problem_column else "NULL"
        coded = lit(json.dumps(reason.as_json()))
        self.x(
            f"INSERT INTO stage.rejects VALUES ({lit(bf.path.name)}, 1, {column}, {lit(reason)}, NULL, {coded})"
        )
        return sf


def _iin_reported(col: str) -> str:
    return f"CASE WHEN {q('r_' + col)} IS NULL THEN NULL ELSE '********' || right({q('r_' + col)}, 4) END"


def _lists(spec: FileSpec) -> list[Column]:
    return [c for c in spec.columns if c.kind == "bins"]


def _list_problems_table(spec: FileSpec, c: Column) -> str:
    return f"bins_{spec.name}_{c.name}"
