"""The store a bench step measures: the bench's home folder (or PostgreSQL URL) at the newest schema."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlalchemy as sa

BENCH_KEY = "bench-key-0123456789abcdef0123456789abcdef"  # the bench's pseudonym key: synthetic data only


def bench_store(home: Path, url: str | None, *, upgraded: bool = True) -> sa.Engine:
    """The engine of the bench store in home (or at url), upgraded to the newest revision unless told not to."""
    from jumys.config import Settings
    from jumys.storage.engine import make_engine
    from jumys.storage.revisions import upgrade

    engine = make_engine(settings=Settings(home=home, database_url=url, pseudonym_key=BENCH_KEY))
    if upgraded:
        upgrade(engine)
    return engine
