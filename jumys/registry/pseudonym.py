"""Pseudonyms: IINs become person_id at the boundary, by a keyed hash, and are never kept.

person_id = the first 128 bits of HMAC-SHA256(key, iin), written as a UUID. The same function
runs in Python (`pseudonymise`) and as SQL inside DuckDB (`sql_expression`) so that millions of
IINs are hashed in bulk; a test checks that both agree.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path

from jumys.config import Settings
from jumys.errors import ConfigurationError
from jumys.registry import messages as M

KEY_FILE = "pseudonym.key"
MIN_KEY_LENGTH = 32


@dataclass(frozen=True)
class PseudonymKey:
    """The secret of the keyed hash."""

    secret: bytes

    def fingerprint(self) -> str:
        """A value that tells keys apart without revealing them (stored with the data)."""
        return hmac.new(self.secret, b"jumys pseudonym key fingerprint", hashlib.sha256).hexdigest()[:16]


def load_key(settings: Settings, *, embedded: bool) -> PseudonymKey:
    """The configured key; in embedded mode one is generated on first use (file mode 0600)."""
    if settings.pseudonym_key:
        if len(settings.pseudonym_key) < MIN_KEY_LENGTH:
            raise ConfigurationError(M.KEY_TOO_SHORT, n=MIN_KEY_LENGTH)
        return PseudonymKey(settings.pseudonym_key.encode())
    if not embedded:
        raise ConfigurationError(M.KEY_REQUIRED)
    path = Path(settings.home) / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first
        else:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32))
    secret = path.read_text().strip()
    if len(secret) < MIN_KEY_LENGTH:
        raise ConfigurationError(M.KEY_FILE_TOO_SHORT, path=str(path), n=MIN_KEY_LENGTH)
    return PseudonymKey(secret.encode())


def pseudonymise(key: PseudonymKey, iin: str) -> uuid.UUID:
    """The person_id of an IIN."""
    return uuid.UUID(hmac.new(key.secret, iin.encode(), hashlib.sha256).hexdigest()[:32])


def sql_expression(key: PseudonymKey, column: str) -> str:
    """DuckDB SQL computing the person_id (UUID) of the IIN in column: HMAC spelled out."""
    padded = (hashlib.sha256(key.secret).digest() if len(key.secret) > 64 else key.secret).ljust(64, b"\0")
    ipad = bytes(b ^ 0x36 for b in padded).hex()
    opad = bytes(b ^ 0x5C for b in padded).hex()
    inner = f"unhex(sha256(unhex('{ipad}') || encode({column})))"
    return f"CAST(substr(sha256(unhex('{opad}') || {inner}), 1, 32) AS UUID)"
