"""The messages of errors a page shows (a JumysError's `message`), in the page's language.

The services write their errors in English, and the API, the CLI and the audit log keep them so. Each
message that can reach a dashboard page (the error page, the upload form) is here once, as an entry of
jumys/web/reasons.py: the English pattern with a named group per value, the msgid, an example. Values
(ids, dates, codes, file names, numbers, the words of Python's zip and JSON readers) are shown as
written. Left out: the messages of Unauthorized and TooManyAttempts, which no page shows (a 401 sends
the user to sign in, and the sign-in form words its own refusal), and those only the CLI or the API
can raise.
"""

from __future__ import annotations

import re

from jumys.web.i18n import N_, Translator
from jumys.web.reasons import Reason, fixed, match_reason, translate_reason, variable

MESSAGES: tuple[Reason, ...] = (
    # jumys.web.routes and jumys.doors (the as-of date, who may write, the upload)
    variable(
        r"as_of (?P<value>.+) is not a date YYYY-MM-DD",
        N_("as_of {value} is not a date YYYY-MM-DD"),
        "as_of 'yesterday' is not a date YYYY-MM-DD",
    ),
    variable(
        r"no verification is stored for (?P<date>\S+)",
        N_("no verification is stored for {date}"),
        "no verification is stored for 2020-01-01",
    ),
    variable(
        r"no verification is stored for (?P<date>\S+): see (?P<where>.+)",
        N_("no verification is stored for {date}: see {where}"),
        "no verification is stored for 2020-01-01: see GET /api/v1/as-of-dates",
    ),
    variable(
        r"role (?P<role>\S+) may not do this: only the ministry may write",
        N_("role {role} may not do this: only the ministry may write"),
        "role investor may not do this: only the ministry may write",
    ),
    fixed(N_("sign in with a role that may see this")),
    variable(
        r"the upload is larger than (?P<n>\d+) MB \(JUMYS_UPLOAD_MAX_MB\)",
        N_("the upload is larger than {n} MB (JUMYS_UPLOAD_MAX_MB)"),
        "the upload is larger than 2048 MB (JUMYS_UPLOAD_MAX_MB)",
    ),
    fixed(N_("upload the batch as one .zip of its folder")),
    fixed(N_("another write (a batch or a verification) is running: try again when it is done")),
    variable(
        r"no rejects report of batch (?P<batch>.+)",
        N_("no rejects report of batch {batch}"),
        "no rejects report of batch 'no-such-batch'",
    ),
    # jumys.reports.scope and jumys.reports.projects
    variable(
        r"no region (?P<code>.+?): a region is one of the 20 two-digit KATO codes",
        N_("no region {code}: a region is one of the 20 two-digit KATO codes"),
        "no region '99': a region is one of the 20 two-digit KATO codes",
    ),
    variable(
        r"an akimat of region (?P<own>.+?) sees nothing of region (?P<other>.+)",
        N_("an akimat of region {own} sees nothing of region {other}"),
        "an akimat of region 75 sees nothing of region 71",
    ),
    fixed(N_("the public sees region aggregates only: sign in to see projects and employers")),
    variable(
        r"(?P<what>.+) may not contain control characters",
        N_("{what} may not contain control characters"),
        "a project id may not contain control characters",
        nested=("what",),
    ),
    fixed(N_("the search text")),  # the `what` of plain_text
    fixed(N_("a project id")),
    variable(
        r"status must be one of (?P<values>.+)",
        N_("status must be one of {values}"),
        "status must be one of pending, on_track, at_risk, fulfilled, failed",
    ),
    fixed(N_("sector is an OKED section letter, A to U")),
    variable(r"no project (?P<id>.+)", N_("no project {id}"), "no project 'NO-SUCH-PROJECT'"),
    # jumys.registry.batch: the upload itself (the web names the file as the user sent it)
    variable(
        r"(?P<file>.+?) is not a readable \.zip file: (?P<error>.*)",
        N_("{file} is not a readable .zip file: {error}"),
        "broken.zip is not a readable .zip file: File is not a zip file",
    ),
    variable(
        r"(?P<file>.+?): unsafe path in archive: (?P<path>.+)",
        N_("{file}: unsafe path in archive: {path}"),
        "batch.zip: unsafe path in archive: ../etc/passwd",
    ),
    variable(
        r"(?P<file>.+?): unpacks to (?P<size>\d+) bytes, more than the (?P<limit>\d+) allowed",
        N_("{file}: unpacks to {size} bytes, more than the {limit} allowed"),
        "batch.zip: unpacks to 70000000000 bytes, more than the 68719476736 allowed",
    ),
    variable(
        r"(?P<file>.+?): the archive is damaged: (?P<error>.*)",
        N_("{file}: the archive is damaged: {error}"),
        "batch.zip: the archive is damaged: Bad CRC-32 for file 'employers.csv'",
    ),
    variable(
        r"(?P<file>.+?): no such file or folder",
        N_("{file}: no such file or folder"),
        "batch.zip: no such file or folder",
    ),
    variable(
        r"(?P<file>.+?): a batch is a folder or a \.zip of one",
        N_("{file}: a batch is a folder or a .zip of one"),
        "batch.rar: a batch is a folder or a .zip of one",
    ),
    variable(
        r"(?P<name>\S+) is given twice \((?P<first>.+?) and (?P<second>.+)\): send one",
        N_("{name} is given twice ({first} and {second}): send one"),
        "employers is given twice (employers.csv and employers.parquet): send one",
    ),
    variable(
        r"(?P<file>.+?): no contract files found "
        r"\(expected NAME\.csv or NAME\.parquet for NAME in (?P<names>.+)\)",
        N_("{file}: no contract files found (expected NAME.csv or NAME.parquet for NAME in {names})"),
        "notes.zip: no contract files found "
        "(expected NAME.csv or NAME.parquet for NAME in employers, contracts, payroll)",
    ),
    variable(
        r"manifest\.json is not valid UTF-8 JSON: (?P<error>.*)",
        N_("manifest.json is not valid UTF-8 JSON: {error}"),
        "manifest.json is not valid UTF-8 JSON: Expecting value: line 1 column 1 (char 0)",
    ),
    fixed(N_("manifest.json must hold an object")),
    fixed(N_("manifest.json: batch_id must be a non-empty string of at most 200 characters")),
    fixed(N_("manifest.json: source must be a string")),
    fixed(N_("manifest.json: extracted_at must be an ISO 8601 date-time string")),
    variable(
        r"manifest\.json: extracted_at (?P<value>.+) is not an ISO 8601 date-time",
        N_("manifest.json: extracted_at {value} is not an ISO 8601 date-time"),
        "manifest.json: extracted_at 'yesterday' is not an ISO 8601 date-time",
    ),
    # jumys.registry.ingest: a batch that clashes with the ledger, a store built with another key
    variable(
        r"batch (?P<batch>.+) was already applied \(as batch (?P<no>\d+)\) with different contents: "
        r"a corrected batch needs a new batch_id in manifest\.json",
        N_(
            "batch {batch} was already applied (as batch {no}) with different contents: "
            "a corrected batch needs a new batch_id in manifest.json"
        ),
        "batch 2025-07-employers was already applied (as batch 3) with different contents: "
        "a corrected batch needs a new batch_id in manifest.json",
    ),
    fixed(
        N_(
            "the pseudonym key differs from the one this store was built with: the same person would get a "
            "new pseudonym. Set JUMYS_PSEUDONYM_KEY (or JUMYS_HOME) to the store's key."
        )
    ),
    # jumys.registry.pseudonym: the key is loaded when an upload is ingested
    variable(
        r"JUMYS_PSEUDONYM_KEY must be at least (?P<n>\d+) characters",
        N_("JUMYS_PSEUDONYM_KEY must be at least {n} characters"),
        "JUMYS_PSEUDONYM_KEY must be at least 32 characters",
    ),
    fixed(
        N_(
            "JUMYS_PSEUDONYM_KEY must be set when the store is PostgreSQL: every process that writes "
            "to the store must use the same key"
        )
    ),
    variable(
        r"the key in (?P<path>.+) is shorter than (?P<n>\d+) characters",
        N_("the key in {path} is shorter than {n} characters"),
        "the key in /var/lib/jumys/pseudonym.key is shorter than 32 characters",
    ),
)


def match_message(text: str) -> tuple[Reason, re.Match[str]] | None:
    """The first entry of MESSAGES that matches text whole, and the match; None when none does."""
    return match_reason(text, MESSAGES)


def translate_message(t: Translator, text: str | None) -> str:
    """An error's message in t's language; as written when no entry knows it."""
    return translate_reason(t, text, MESSAGES)
