"""A batch delivered as a .zip: unpacked with its limits checked on the bytes as they stream, not on what the
archive declares.

A zip bomb (a megabyte that unpacks to a gigabyte of zeros) is stopped by two limits: the bytes unpacked in
all (JUMYS_UNPACK_MAX_MB) and the ratio of each member's unpacked bytes to the compressed bytes actually read
from the archive for it (JUMYS_ZIP_MAX_RATIO). Both are counted while writing: reading stops as soon as one
is passed, so little more than the limit reaches the disk.
"""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path, PurePosixPath
from typing import IO, Any

from jumys.errors import InvalidInput
from jumys.registry import messages as M

# the reader decompresses ahead of what it returns by at most about one chunk of compressed bytes, which the count
# of bytes read includes: a small chunk keeps that error, and so the bytes written past a limit, small
CHUNK = 16 << 10
# the methods Python's zipfile unpacks; another (AES, PPMd, ...) is refused by name before anything is written
UNPACKABLE = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA})
RATIO_AFTER = 1 << 20  # a member's ratio counts once it has unpacked this much: small files compress unevenly


class _CountingFile:
    """The archive file, counting the bytes read from it: the compressed bytes a member really used."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.read_bytes = 0

    def read(self, n: int = -1) -> bytes:
        """Read and count."""
        data = self.raw.read(n)
        self.read_bytes += len(data)
        return data

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


def _is_link(info: zipfile.ZipInfo) -> bool:
    return info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16)


def _check_entries(zf: zipfile.ZipFile, archive: Path, max_unpacked: int) -> None:
    """Refuse unsafe paths and links before anything is written, and a declared size over the limit."""
    declared = 0
    for info in zf.infolist():
        name = PurePosixPath(info.filename)
        if name.is_absolute() or ".." in name.parts:
            raise InvalidInput(M.ZIP_UNSAFE_PATH, file=archive.name, path=info.filename)
        if _is_link(info):
            raise InvalidInput(M.ZIP_LINK, file=archive.name, path=info.filename)
        if info.flag_bits & 0x1:
            raise InvalidInput(M.ZIP_ENCRYPTED, file=archive.name, member=info.filename)
        if info.compress_type not in UNPACKABLE:
            raise InvalidInput(
                M.ZIP_METHOD, file=archive.name, member=info.filename, method=info.compress_type
            )
        declared += info.file_size
    if declared > max_unpacked:  # at once, before anything is written
        raise InvalidInput(M.ZIP_TOO_LARGE, file=archive.name, size=declared, limit=max_unpacked)


def _unpack(
    zf: zipfile.ZipFile,
    counter: _CountingFile,
    archive: Path,
    into: Path,
    max_unpacked: int,
    max_ratio: int,
) -> None:
    total = 0
    for info in zf.infolist():
        target = into.joinpath(*PurePosixPath(info.filename).parts)
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with zf.open(info) as member, target.open("wb") as out:
            start, written = counter.read_bytes, 0
            while chunk := member.read(CHUNK):
                written += len(chunk)
                total += len(chunk)
                if total > max_unpacked:
                    raise InvalidInput(M.ZIP_UNPACKED_TOO_LARGE, file=archive.name, limit=max_unpacked >> 20)
                used = max(counter.read_bytes - start, 1)
                if written > RATIO_AFTER and written > max_ratio * used:
                    raise InvalidInput(M.ZIP_RATIO, file=archive.name, member=info.filename, ratio=max_ratio)
                out.write(chunk)


def unpack(archive: Path, into: Path, *, max_unpacked: int, max_ratio: int) -> Path:
    """Unpack a .zip into a folder, refusing unsafe paths, links and bombs; return the batch folder."""
    with archive.open("rb") as raw:
        counter = _CountingFile(raw)
        try:
            zf = zipfile.ZipFile(counter)
        except zipfile.BadZipFile as e:
            raise InvalidInput(M.ZIP_UNREADABLE, file=archive.name) from e
        with zf:
            _check_entries(zf, archive, max_unpacked)
            into.mkdir(parents=True, exist_ok=True)  # an empty archive still yields a (empty) batch folder
            try:
                _unpack(zf, counter, archive, into, max_unpacked, max_ratio)
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as e:
                # encryption and unknown methods were refused by name before; what is left is damage
                raise InvalidInput(M.ZIP_DAMAGED, file=archive.name) from e
    entries = [p for p in into.iterdir() if not p.name.startswith(("__MACOSX", "."))]
    if len(entries) == 1 and entries[0].is_dir():
        return entries[0]
    return into
