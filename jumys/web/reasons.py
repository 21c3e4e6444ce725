"""Why a row or a file of a batch was rejected, and the batch's warnings, in the page's language.

The ingest writes every reason and warning in English, and the API, the CLI and the stored rejects
keep them so. Each sentence it can write is here once: a regular expression over the English text
(matched whole, a named group per variable part), the msgid with a {placeholder} per group, and an
example. Groups named in `nested` are reasons themselves (the problem of an operator's BIN, a file's
problem before "; none of the file's N rows were applied") and are translated in turn; the other
groups (values, column and file names, the words of DuckDB or pyarrow) are shown as written. The
first entry that matches wins, so a fixed sentence comes before a pattern that would also take it.
The same machinery, over a table of its own, translates the error messages a page shows
(jumys/web/messages.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from jumys.web.i18n import N_, Translator


@dataclass(frozen=True)
class Reason:
    """A sentence of the ingest: its English pattern, its msgid and an example of it.

    msgid None: the sentence has no words of its own; its nested reasons are translated in place.
    """

    pattern: re.Pattern[str]
    msgid: str | None
    example: str
    nested: tuple[str, ...] = ()


def fixed(msgid: str) -> Reason:
    """An entry for a sentence without variable parts: it is its own pattern and example."""
    return Reason(re.compile(re.escape(msgid)), msgid, msgid)


def variable(pattern: str, msgid: str | None, example: str, nested: tuple[str, ...] = ()) -> Reason:
    """An entry for a sentence with variable parts: a named group of pattern per {placeholder} of msgid."""
    return Reason(re.compile(pattern, re.DOTALL), msgid, example, nested)


# jumys.registry.checks.bin_map_sql; also the problems of a BIN in a project's list of operators
BIN_PROBLEMS = (
    fixed(N_("a BIN is 12 digits")),
    fixed(N_("digit 5 of a BIN must be 4, 5 or 6")),
    fixed(N_("wrong BIN check digit")),
)
_HINT = r" \(found .+?: names are case-sensitive\)"
_NUMBER = r"-?\d+(?:\.\d+)?(?:e[+-]?\d+)?"

REASONS: tuple[Reason, ...] = (
    # jumys.registry.checks.iin_map_sql
    fixed(N_("an IIN is 12 digits")),
    fixed(N_("digit 7 of an IIN (century and sex) must be 1 to 6")),
    fixed(N_("digits 1-6 of an IIN are not a valid birth date")),
    fixed(N_("the birth date in the IIN lies in the future")),
    fixed(N_("wrong IIN check digit")),
    *BIN_PROBLEMS,
    # jumys.registry.checks.problem, _range and order_problems
    fixed(N_("required value missing")),
    fixed(N_("BIN is not among the employers (stored or in this batch)")),
    fixed(N_("a KATO code is 9 digits")),
    variable(
        r"unknown region (?P<code>.+?) \(the first two digits of a KATO code\)",
        N_("unknown region {code} (the first two digits of a KATO code)"),
        "unknown region 99 (the first two digits of a KATO code)",
    ),
    fixed(N_("an OKED code is 5 digits")),
    fixed(N_("unknown OKED code")),
    fixed(N_("an NKZ code is 4 digits")),
    fixed(N_("unknown country code (ISO 3166-1 alpha-3, e.g. KAZ)")),
    fixed(N_("not a date YYYY-MM-DD")),
    fixed(N_("not a period YYYY-MM")),
    fixed(N_("not a period YYYY or YYYY-MM")),
    fixed(N_("not a whole number")),
    fixed(N_("not a number")),
    variable(rf"must be at least (?P<n>{_NUMBER})", N_("must be at least {n}"), "must be at least 0"),
    variable(rf"must be at most (?P<n>{_NUMBER})", N_("must be at most {n}"), "must be at most 2100"),
    fixed(N_("must be true or false")),
    variable(
        r"must be one of: (?P<values>.+)",
        N_("must be one of: {values}"),
        "must be one of: permanent, fixed_term, seasonal",
    ),
    variable(
        r"(?P<later>\w+) must be after (?P<earlier>\w+)",
        N_("{later} must be after {earlier}"),
        "deadline must be after start_date",
    ),
    variable(
        r"(?P<later>\w+) is before (?P<earlier>\w+)",
        N_("{later} is before {earlier}"),
        "end_date is before start_date",
    ),
    # jumys.registry.staging: rules beyond single columns, operators, duplicates
    fixed(N_("start_date is before the birth date in the IIN")),
    fixed(N_("household workers are hired by a household: bin must be empty")),
    fixed(N_("bin is required except for household workers")),
    fixed(N_("an empty BIN in the list")),
    variable(
        rf"(?P<bin>.*?): (?P<problem>{'|'.join(r.pattern.pattern for r in BIN_PROBLEMS)})",
        None,
        "********1234: wrong BIN check digit",
        nested=("problem",),
    ),
    variable(
        r"(?P<bin>.+) is not among the employers \(stored or in this batch\)",
        N_("{bin} is not among the employers (stored or in this batch)"),
        "********1234 is not among the employers (stored or in this batch)",
    ),
    variable(
        r"duplicate key inside the batch \(first on line (?P<line>\d+)\)",
        N_("duplicate key inside the batch (first on line {line})"),
        "duplicate key inside the batch (first on line 2)",
    ),
    # jumys.registry.staging.READ_ERRORS: lines the CSV reader rejects (other errors keep DuckDB's words)
    fixed(N_("the line has fewer fields than the header: truncated or malformed line")),
    fixed(N_("the line has more fields than the header")),
    fixed(N_("not valid UTF-8: the contract requires UTF-8 (was the file saved as Windows-1251?)")),
    fixed(N_("malformed quoting: a quote is not closed (truncated file?) or text follows a closing quote")),
    fixed(N_("the line is too long")),
    # a file rejected whole: jumys.registry.staging.UNREADABLE and reject_file, jumys.registry.batch
    fixed(N_("the CSV reader cannot get past malformed text (a carriage return inside an unquoted value?)")),
    fixed(N_("not a readable Parquet file (truncated or damaged?)")),
    variable(
        r"not a readable Parquet file \(truncated or damaged\?\): (?P<error>.+)",
        N_("not a readable Parquet file (truncated or damaged?): {error}"),
        "not a readable Parquet file (truncated or damaged?): Parquet magic bytes not found in footer",
    ),
    fixed(N_("empty file: no header row")),
    fixed(N_("the file is UTF-16 encoded; the contract requires UTF-8")),
    fixed(N_("the header row is not UTF-8; the contract requires UTF-8 (Windows-1251?)")),
    variable(
        r"column (?P<column>.+) appears twice in the header",
        N_("column {column} appears twice in the header"),
        "column bin appears twice in the header",
    ),
    variable(
        rf"missing required column (?P<columns>\S+)(?P<hints>(?:{_HINT})*)",
        N_("missing required column {columns}{hints}"),
        "missing required column status",
        nested=("hints",),
    ),
    variable(
        rf"missing required columns (?P<columns>\S+(?:, \S+)+)(?P<hints>(?:{_HINT})*)",
        N_("missing required columns {columns}{hints}"),
        "missing required columns bin, kato (found 'BIN': names are case-sensitive)",
        nested=("hints",),
    ),
    variable(
        rf"\(found (?P<found>.+?): names are case-sensitive\)(?P<more>(?:{_HINT})*)",
        N_("(found {found}: names are case-sensitive){more}"),
        "(found 'BIN': names are case-sensitive) (found 'Kato': names are case-sensitive)",
        nested=("more",),
    ),
    variable(
        r"(?P<problem>.+); none of the file's (?P<rows>\d+) rows were applied",
        N_("{problem}; none of the file's {rows} rows were applied"),
        "empty file: no header row; none of the file's 0 rows were applied",
        nested=("problem",),
    ),
    # warnings of a file (jumys.registry.batch, jumys.registry.staging) and of a batch
    variable(
        r"columns not in the contract were ignored: (?P<columns>.+)",
        N_("columns not in the contract were ignored: {columns}"),
        "columns not in the contract were ignored: note, phone",
    ),
    fixed(N_("most lines are not UTF-8: the file looks saved in another encoding (Windows-1251?)")),
    variable(
        r"(?P<n>\d+) values of (?P<column>\S+) held an IIN: stored with it masked \(\*{12}\)",
        N_("{n} values of {column} held an IIN: stored with it masked (************)"),
        "3 values of name held an IIN: stored with it masked (************)",
    ),
    variable(
        r"(?P<file>.+) is not a file of the data contract and was ignored",
        N_("{file} is not a file of the data contract and was ignored"),
        "notes.txt is not a file of the data contract and was ignored",
    ),
    fixed(N_("already applied: nothing changed")),
)


def match_reason(text: str, table: Sequence[Reason] = REASONS) -> tuple[Reason, re.Match[str]] | None:
    """The first entry of table whose pattern matches text whole, and the match; None when none does."""
    for reason in table:
        if m := reason.pattern.fullmatch(text):
            return reason, m
    return None


def translate_reason(t: Translator, text: str | None, table: Sequence[Reason] = REASONS) -> str:
    """A reason or warning of the ingest (a sentence of table) in t's language; as written when no entry knows it."""
    if not text or not text.strip():
        return text or ""
    core = text.strip()
    if core != text:  # a nested part may start with the space that joins it on
        start = text.index(core)
        return text[:start] + translate_reason(t, core, table) + text[start + len(core) :]
    found = match_reason(text, table)
    if found is None:
        return text
    reason, m = found
    if reason.msgid is None:
        out, end = [], 0
        for name in sorted(reason.nested, key=m.start):
            out += [text[end : m.start(name)], translate_reason(t, m.group(name), table)]
            end = m.end(name)
        return "".join(out) + text[end:]
    values = {
        name: translate_reason(t, value, table) if name in reason.nested else value
        for name, value in m.groupdict(default="").items()
    }
    return t.gettext(reason.msgid, **values)
