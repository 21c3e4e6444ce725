"""An ingest's scratch folder under JUMYS_HOME/tmp: private, locked while in use, removed when stale.

The folder holds what an ingest must keep on disk: an unpacked archive, DuckDB's spill files
(encrypted, see ingest._open_staging) and the files the bulk load to PostgreSQL copies. It is made
0700 and holds a lock for as long as its ingest runs; an ingest that was killed leaves it unlocked,
and the next ingest or `jumys serve` removes it.
"""

from __future__ import annotations

import fcntl
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jumys.config import Settings

PREFIX = "ingest-"
LOCK = ".lock"
UNLOCKED_GRACE_S = 60  # a folder without its lock file may be one being made this instant


def encrypted_spill(duck: Any, folder: Path) -> None:
    """Let DuckDB spill into folder, encrypted (AES under a key it draws per process and never writes).

    DuckDB writes encrypted files with OpenSSL (its httpfs extension) and refuses its built-in mbedtls
    unless forced; httpfs is not shipped offline, so mbedtls is forced: these files live only as long
    as the ingest, and without encryption they would hold IINs in clear.
    """
    duck.execute(f"SET temp_directory = '{str(folder).replace(chr(39), chr(39) * 2)}'")
    duck.execute("SET temp_file_encryption = true")
    duck.execute("SET force_mbedtls_unsafe = true")


def attach_encrypted(duck: Any, path: Path, name: str) -> None:
    """Attach a database file encrypted under a key drawn now and kept only in this process's memory.

    The stage of an ingest holds IINs in clear and is as large as the batch (tens of GB at national
    scale), so it must be able to live on disk; a file of it left by a killed ingest cannot be read by
    anyone, the key having died with the process. Call encrypted_spill first (it forces mbedtls).
    """
    key = secrets.token_hex(32)
    duck.execute(f"ATTACH '{str(path).replace(chr(39), chr(39) * 2)}' AS {name} (ENCRYPTION_KEY '{key}')")


def scratch_root(settings: Settings) -> Path:
    """The folder the ingests' scratch folders live in."""
    return settings.home / "tmp"


def open_scratch(settings: Settings) -> tuple[Path, Callable[[], None]]:
    """A private (0700) folder for one ingest, locked until the function returned is called, which removes it.

    Stale folders (their ingest killed) are removed first.
    """
    root = scratch_root(settings)
    root.mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o700)
    remove_stale(settings)
    work = Path(tempfile.mkdtemp(prefix=PREFIX, dir=root))  # mode 0700
    fd = os.open(work / LOCK, os.O_CREAT | os.O_RDWR, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)

    def release() -> None:
        shutil.rmtree(work, ignore_errors=True)
        os.close(fd)

    return work, release


def remove_stale(settings: Settings) -> list[Path]:
    """Remove the scratch folders no running ingest holds (left by a killed one); the folders removed."""
    root = scratch_root(settings)
    if not root.is_dir():
        return []
    removed = []
    for work in sorted(root.glob(PREFIX + "*")):
        if work.is_dir() and _remove_if_unheld(work):
            removed.append(work)
    return removed


def _remove_if_unheld(work: Path) -> bool:
    try:
        fd = os.open(work / LOCK, os.O_RDWR)
    except FileNotFoundError:
        if time.time() - work.stat().st_mtime < UNLOCKED_GRACE_S:
            return False
        shutil.rmtree(work, ignore_errors=True)  # left by a version without locks, or killed before locking
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return False  # a running ingest holds it
    try:
        shutil.rmtree(work, ignore_errors=True)
    finally:
        os.close(fd)
    return True
