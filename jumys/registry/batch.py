"""A delivered batch: its folder (or .zip), manifest, files and their headers, before any row is read."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from jumys.errors import InvalidInput
from jumys.kit.messages import Text
from jumys.registry import messages as M
from jumys.registry.archive import unpack
from jumys.registry.contract import BY_NAME, FILES
from jumys.registry.spec import FileSpec

# a contract file's header is a few hundred bytes (the CSV module's own limit for a field is 128 KiB)
MAX_HEADER_BYTES = 64 << 10
MAX_COLUMNS = 500  # each column is a term of the reading SQL, whose expressions may nest 1000 deep
MANIFEST_FIELDS = ("batch_id", "source", "extracted_at")


@dataclass(frozen=True)
class Manifest:
    """manifest.json of a batch."""

    batch_id: str
    source: str | None
    extracted_at: dt.datetime | None
    unknown: tuple[str, ...] = ()  # fields the contract does not know, ignored with a warning


@dataclass
class BatchFile:
    """One contract file of a batch and what its header says."""

    spec: FileSpec
    path: Path
    format: str  # csv or parquet
    columns: list[str] = field(default_factory=list)  # as found in the file, in file order
    problem: Text | None = None  # why the whole file cannot be read (its rows are all rejected)
    problem_column: str | None = None
    types: dict[str, str] = field(default_factory=dict)  # Parquet: column -> Arrow type name
    warnings: list[Text] = field(default_factory=list)

    @property
    def present(self) -> set[str]:
        """The contract columns the file has."""
        return set(self.columns) & set(self.spec.column_names)


@dataclass
class Batch:
    """A batch ready to be read: its files in dependency order."""

    root: Path
    batch_id: str
    source: str | None
    extracted_at: dt.datetime | None
    content_sha256: str
    files: list[BatchFile]
    warnings: list[Text]


def _read_manifest(path: Path) -> Manifest:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as e:
        raise InvalidInput(M.MANIFEST_NOT_UTF8) from e
    except json.JSONDecodeError as e:
        raise InvalidInput(M.MANIFEST_NOT_JSON, line=e.lineno, column=e.colno) from e
    if not isinstance(data, dict):
        raise InvalidInput(M.MANIFEST_NOT_OBJECT)
    batch_id = data.get("batch_id")
    if not isinstance(batch_id, str) or not batch_id.strip() or len(batch_id) > 200:
        raise InvalidInput(M.MANIFEST_BATCH_ID)
    source = data.get("source")
    if source is not None and not isinstance(source, str):
        raise InvalidInput(M.MANIFEST_SOURCE)
    extracted_at = data.get("extracted_at")
    when = None
    if extracted_at is not None:
        if not isinstance(extracted_at, str):
            raise InvalidInput(M.MANIFEST_EXTRACTED_AT_TYPE)
        try:
            when = dt.datetime.fromisoformat(extracted_at.replace("Z", "+00:00"))
        except ValueError as e:
            raise InvalidInput(M.MANIFEST_EXTRACTED_AT, value=extracted_at) from e
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
    return Manifest(batch_id.strip(), source, when, tuple(sorted(set(data) - set(MANIFEST_FIELDS))))


def _header_too_long() -> Text:
    return M.HEADER_TOO_LONG(columns=MAX_COLUMNS, kib=MAX_HEADER_BYTES >> 10)


def _csv_header(bf: BatchFile) -> None:
    """Read and check a CSV header; sets bf.columns or bf.problem."""
    with bf.path.open("rb") as f:
        head = f.read(MAX_HEADER_BYTES + 1)
    if not head.strip():
        bf.problem = M.EMPTY_FILE()
        return
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        bf.problem = M.UTF16()
        return
    first = head.split(b"\n", 1)[0]
    if len(first) > MAX_HEADER_BYTES:
        bf.problem = _header_too_long()
        return
    try:
        text = first.decode("utf-8-sig").rstrip("\r")
    except UnicodeDecodeError:
        bf.problem = M.HEADER_NOT_UTF8()
        return
    names = next(csv.reader(io.StringIO(text)), [])
    if len(names) > MAX_COLUMNS:
        bf.problem = _header_too_long()
        return
    bf.columns = [n.strip() for n in names]
    _check_columns(bf)


def _check_columns(bf: BatchFile) -> None:
    seen: set[str] = set()
    for name in bf.columns:
        if name in seen and name in bf.spec.column_names:
            bf.problem, bf.problem_column = M.COLUMN_TWICE(column=name), name
            return
        seen.add(name)
    missing = [c for c in bf.spec.required_names if c not in seen]
    if missing:
        lower = {c.lower(): c for c in bf.columns}
        hints = [M.CASE_HINT(found=lower[m.lower()]) for m in missing if m.lower() in lower]
        message = M.MISSING_COLUMNS if len(missing) > 1 else M.MISSING_COLUMN
        bf.problem = message(columns=", ".join(missing), hints=hints)
        bf.problem_column = missing[0]
        return
    extra = [c for c in bf.columns if c not in bf.spec.column_names]
    if extra:
        bf.warnings.append(M.COLUMNS_IGNORED(columns=", ".join(extra)))


def _parquet_header(bf: BatchFile) -> None:
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(bf.path)
    except Exception:  # pyarrow raises several types for damaged files, each in English words of its own
        bf.problem = M.PARQUET_UNREADABLE()
        return
    if len(schema.names) > MAX_COLUMNS:
        bf.problem = _header_too_long()
        return
    bf.columns = list(schema.names)
    bf.types = {f.name: str(f.type) for f in schema}
    _check_columns(bf)


def content_hash(paths: list[Path]) -> str:
    """SHA-256 over the names and bytes of the given files, in name order."""
    h = hashlib.sha256()
    for p in sorted(paths, key=lambda p: p.name):
        h.update(p.name.encode() + b"\0")
        with p.open("rb") as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
        h.update(b"\0")
    return h.hexdigest()


def open_batch(path: Path, workdir: Path, *, max_unpacked: int, max_ratio: int) -> Batch:
    """Find the contract files of the batch at path (folder or .zip) and check their headers."""
    if not path.exists():
        raise InvalidInput(M.NO_SUCH_PATH, file=str(path))
    root = path
    if path.is_file():
        if path.suffix.lower() != ".zip":
            raise InvalidInput(M.NOT_A_BATCH, file=str(path))
        root = unpack(path, workdir / "unpacked", max_unpacked=max_unpacked, max_ratio=max_ratio)
    warnings: list[Text] = []
    found: dict[str, BatchFile] = {}
    manifest_path = None
    for p in sorted(root.iterdir()):
        stem, suffix = p.stem, p.suffix.lower()
        read = p.name == "manifest.json" or (stem in BY_NAME and suffix in (".csv", ".parquet"))
        if read and p.is_symlink():  # it could name any file the reader may read (/etc/passwd)
            raise InvalidInput(M.LINK_REFUSED, file=p.name)
        if p.name == "manifest.json":
            manifest_path = p
            continue
        if p.is_file() and stem in BY_NAME and suffix in (".csv", ".parquet"):
            if stem in found:
                raise InvalidInput(M.GIVEN_TWICE, name=stem, first=found[stem].path.name, second=p.name)
            found[stem] = BatchFile(BY_NAME[stem], p, suffix[1:])
        elif not p.name.startswith("."):
            warnings.append(M.NOT_A_CONTRACT_FILE(file=p.name))
    if not found:
        names = ", ".join(f.name for f in FILES)
        raise InvalidInput(M.NO_CONTRACT_FILES, file=str(path), names=names)
    manifest = _read_manifest(manifest_path) if manifest_path else None
    if manifest and manifest.unknown:
        more = ", …" if len(manifest.unknown) > 20 else ""
        warnings.append(M.MANIFEST_FIELDS_IGNORED(fields=", ".join(manifest.unknown[:20]) + more))
    files = [found[f.name] for f in FILES if f.name in found]
    for bf in files:
        _csv_header(bf) if bf.format == "csv" else _parquet_header(bf)
    digest = content_hash([bf.path for bf in files] + ([manifest_path] if manifest_path else []))
    return Batch(
        root=root,
        batch_id=manifest.batch_id if manifest else f"sha256-{digest[:16]}",
        source=manifest.source if manifest else None,
        extracted_at=manifest.extracted_at if manifest else None,
        content_sha256=digest,
        files=files,
        warnings=warnings,
    )
