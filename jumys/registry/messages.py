"""The messages of the registries' ingest (jumys/kit/messages.py): errors of a batch as a whole."""

from __future__ import annotations

from jumys.kit import identifiers as ids
from jumys.kit.messages import Message

# the pseudonym key (jumys.registry.pseudonym, jumys.registry.ingest)
KEY_TOO_SHORT = Message("registry.key_too_short", "JUMYS_PSEUDONYM_KEY must be at least {n} characters")
KEY_REQUIRED = Message(
    "registry.key_required",
    "JUMYS_PSEUDONYM_KEY must be set when the store is PostgreSQL: every process that writes "
    "to the store must use the same key",
)
KEY_FILE_TOO_SHORT = Message(
    "registry.key_file_too_short", "the key in {path} is shorter than {n} characters"
)
KEY_DIFFERS = Message(
    "registry.key_differs",
    "the pseudonym key differs from the one this store was built with: the same person would get a "
    "new pseudonym. Set JUMYS_PSEUDONYM_KEY (or JUMYS_HOME) to the store's key.",
)
BATCH_CLASH = Message(
    "registry.batch_clash",
    "batch {batch} was already applied (as batch {no}) with different contents: "
    "a corrected batch needs a new batch_id in manifest.json",
)
# the archive, the folder and the manifest (jumys.registry.batch)
# the words of a library (zipfile's "File is not a zip file", json's "Expecting value") are never passed on:
# a reader of Russian or Kazakh would get an English tail
ZIP_UNREADABLE = Message("registry.zip_unreadable", "{file} is not a readable .zip file")
ZIP_UNSAFE_PATH = Message("registry.zip_unsafe_path", "{file}: unsafe path in archive: {path}")
ZIP_TOO_LARGE = Message(
    "registry.zip_too_large", "{file}: unpacks to {size} bytes, more than the {limit} allowed"
)
ZIP_UNPACKED_TOO_LARGE = Message(
    "registry.zip_unpacked_too_large",
    "{file}: unpacks to more than {limit} MB, the most allowed (JUMYS_UNPACK_MAX_MB)",
)
ZIP_RATIO = Message(
    "registry.zip_ratio",
    "{file}: {member} unpacks to more than {ratio} times its compressed size (a zip bomb?) and was refused "
    "(JUMYS_ZIP_MAX_RATIO)",
)
ZIP_LINK = Message("registry.zip_link", "{file}: {path} is a symbolic link: a batch holds files only")
LINK_REFUSED = Message(
    "registry.link_refused", "{file} is a symbolic link: a batch holds files only, not links to them"
)
ZIP_DAMAGED = Message(
    "registry.zip_damaged", "{file}: the archive is damaged (a file in it fails its check or ends early)"
)
ZIP_ENCRYPTED = Message(
    "registry.zip_encrypted", "{file}: {member} is encrypted: a batch's files are sent unencrypted"
)
ZIP_METHOD = Message(
    "registry.zip_method",
    "{file}: {member} is compressed by a method that cannot be unpacked (method {method}); "
    "use deflate, the usual .zip compression",
)
NO_SUCH_PATH = Message("registry.no_such_path", "{file}: no such file or folder")
NOT_A_BATCH = Message("registry.not_a_batch", "{file}: a batch is a folder or a .zip of one")
GIVEN_TWICE = Message("registry.given_twice", "{name} is given twice ({first} and {second}): send one")
NO_CONTRACT_FILES = Message(
    "registry.no_contract_files",
    "{file}: no contract files found (expected NAME.csv or NAME.parquet for NAME in {names})",
)
MANIFEST_NOT_UTF8 = Message(
    "registry.manifest_not_utf8", "manifest.json is not UTF-8 text (was it saved as Windows-1251?)"
)
MANIFEST_NOT_JSON = Message(
    "registry.manifest_not_json", "manifest.json is not valid JSON: see line {line}, column {column}"
)
MANIFEST_NOT_OBJECT = Message("registry.manifest_not_object", "manifest.json must hold an object")
MANIFEST_BATCH_ID = Message(
    "registry.manifest_batch_id",
    "manifest.json: batch_id must be a non-empty string of at most 200 characters",
)
MANIFEST_SOURCE = Message("registry.manifest_source", "manifest.json: source must be a string")
MANIFEST_EXTRACTED_AT_TYPE = Message(
    "registry.manifest_extracted_at_type", "manifest.json: extracted_at must be an ISO 8601 date-time string"
)
MANIFEST_EXTRACTED_AT = Message(
    "registry.manifest_extracted_at", "manifest.json: extracted_at {value!r} is not an ISO 8601 date-time"
)

# --- reasons of a rejected row or file, and warnings (stored and reported in English; pages render the code)
# an IIN's or a BIN's problem (declared with the identifiers, jumys.kit.identifiers)
IIN_DIGITS = ids.IIN_DIGITS
IIN_CENTURY = ids.IIN_CENTURY
IIN_BIRTH_DATE = ids.IIN_BIRTH_DATE
IIN_FUTURE = ids.IIN_FUTURE
IIN_CHECK_DIGIT = ids.IIN_CHECK_DIGIT
BIN_DIGITS = ids.BIN_DIGITS
BIN_TYPE = ids.BIN_TYPE
BIN_CHECK_DIGIT = ids.BIN_CHECK_DIGIT
# a column's value (jumys.registry.checks)
REQUIRED = Message("reject.required", "required value missing")
NOT_AN_EMPLOYER = Message(
    "reject.not_an_employer", "BIN is not among the employers (stored or in this batch)"
)
KATO_DIGITS = Message("reject.kato_digits", "a KATO code is 9 digits")
REGION_UNKNOWN = Message(
    "reject.region_unknown", "unknown region {code} (the first two digits of a KATO code)"
)
OKED_DIGITS = Message("reject.oked_digits", "an OKED code is 5 digits")
OKED_UNKNOWN = Message("reject.oked_unknown", "unknown OKED code")
NKZ_DIGITS = Message("reject.nkz_digits", "an NKZ code is 4 digits")
COUNTRY_UNKNOWN = Message("reject.country_unknown", "unknown country code (ISO 3166-1 alpha-3, e.g. KAZ)")
NOT_A_DATE = Message("reject.not_a_date", "not a date YYYY-MM-DD")
NOT_A_PERIOD = Message("reject.not_a_period", "not a period YYYY-MM")
NOT_A_STAT_PERIOD = Message("reject.not_a_stat_period", "not a period YYYY or YYYY-MM")
NOT_WHOLE = Message("reject.not_whole", "not a whole number")
NOT_A_NUMBER = Message("reject.not_a_number", "not a number")
AT_LEAST = Message("reject.at_least", "must be at least {n}")
AT_MOST = Message("reject.at_most", "must be at most {n}")
NOT_BOOL = Message("reject.not_bool", "must be true or false")
NOT_ONE_OF = Message("reject.not_one_of", "must be one of: {values}")
MUST_BE_AFTER = Message("reject.must_be_after", "{later} must be after {earlier}")
IS_BEFORE = Message("reject.is_before", "{later} is before {earlier}")
# rules beyond single columns, operators, duplicates (jumys.registry.staging)
START_BEFORE_BIRTH = Message("reject.start_before_birth", "start_date is before the birth date in the IIN")
HOUSEHOLD_NO_BIN = Message(
    "reject.household_no_bin", "household workers are hired by a household: bin must be empty"
)
BIN_REQUIRED = Message("reject.bin_required", "bin is required except for household workers")
EMPTY_BIN_IN_LIST = Message("reject.empty_bin_in_list", "an empty BIN in the list")
OPERATOR_BIN = Message("reject.operator_bin", "{bin}: {problem}")
OPERATOR_NOT_AN_EMPLOYER = Message(
    "reject.operator_not_an_employer", "{bin} is not among the employers (stored or in this batch)"
)
DUPLICATE_KEY = Message("reject.duplicate_key", "duplicate key inside the batch (first on line {line})")
# lines the CSV reader rejects (other errors keep DuckDB's words)
FEWER_FIELDS = Message(
    "reject.fewer_fields", "the line has fewer fields than the header: truncated or malformed line"
)
MORE_FIELDS = Message("reject.more_fields", "the line has more fields than the header")
NOT_UTF8 = Message(
    "reject.not_utf8", "not valid UTF-8: the contract requires UTF-8 (was the file saved as Windows-1251?)"
)
BAD_QUOTING = Message(
    "reject.bad_quoting",
    "malformed quoting: a quote is not closed (truncated file?) or text follows a closing quote",
)
LINE_TOO_LONG = Message("reject.line_too_long", "the line is too long")
LINE_UNREADABLE = Message(
    "reject.line_unreadable", "the CSV reader cannot read this line (its error type: {kind})"
)
# a file rejected whole
CSV_UNREADABLE = Message(
    "reject.csv_unreadable",
    "the CSV reader cannot get past malformed text (a carriage return inside an unquoted value?)",
)
PARQUET_UNREADABLE = Message(
    "reject.parquet_unreadable", "not a readable Parquet file (truncated or damaged?)"
)
EMPTY_FILE = Message("reject.empty_file", "empty file: no header row")
UTF16 = Message("reject.utf16", "the file is UTF-16 encoded; the contract requires UTF-8")
HEADER_NOT_UTF8 = Message(
    "reject.header_not_utf8", "the header row is not UTF-8; the contract requires UTF-8 (Windows-1251?)"
)
HEADER_TOO_LONG = Message(
    "reject.header_too_long",
    "the header row is too long: at most {columns} columns and {kib} KiB are read",
)
COLUMN_TWICE = Message("reject.column_twice", "column {column} appears twice in the header")
MISSING_COLUMN = Message("reject.missing_column", "missing required column {columns}{hints}")
MISSING_COLUMNS = Message("reject.missing_columns", "missing required columns {columns}{hints}")
CASE_HINT = Message(
    "reject.case_hint", " (found {found!r}: names are case-sensitive)"
)  # a list of them: hints
FILE_REJECTED = Message("reject.file_rejected", "{problem}; none of the file's {rows} rows were applied")
# warnings of a file and of a batch
COLUMNS_IGNORED = Message("warning.columns_ignored", "columns not in the contract were ignored: {columns}")
MOSTLY_NOT_UTF8 = Message(
    "warning.mostly_not_utf8",
    "most lines are not UTF-8: the file looks saved in another encoding (Windows-1251?)",
)
IIN_MASKED = Message(
    "warning.iin_masked", "{n} values of {column} held an IIN: stored with it masked (************)"
)
NOT_A_CONTRACT_FILE = Message(
    "warning.not_a_contract_file", "{file} is not a file of the data contract and was ignored"
)
MANIFEST_FIELDS_IGNORED = Message(
    "warning.manifest_fields_ignored", "manifest.json: fields not in the contract were ignored: {fields}"
)
ALREADY_APPLIED = Message("warning.already_applied", "already applied: nothing changed")
# events (jumys.registry.events): the reasons an event is refused that a batch row cannot have
EVENT_ID_CLASH = Message(
    "events.id_clash",
    "event {event_id} was already applied (in batch {no}) with different contents: "
    "a corrected event needs a new event_id",
)
EVENT_ID_TWICE = Message(
    "events.id_twice",
    "event {event_id} is sent twice in the request with different contents (first as event {index})",
)
EVENT_KEY_TWICE = Message("events.duplicate_key", "duplicate key inside the request (first as event {index})")
