"""OKED (ОКЭД, NK RK 03-2019 with amendments 1-3): the classifier of economic activities.

Batches carry 5-digit subclass codes. The section letter of any code comes from the source's
`section` column rather than from walking up the parents, because the source lacks class 2712:
subclass 27120 has no parent there and is still a valid code in section C.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from jumys.reference._data import read_csv


@dataclass(frozen=True, slots=True)
class _Entry:
    level: str
    section: str
    name_ru: str


@lru_cache(maxsize=1)
def _entries() -> dict[str, _Entry]:
    return {
        row["code"]: _Entry(level=row["level"], section=row["section"], name_ru=row["name_ru"])
        for row in read_csv("oked_nk_rk_03-2019.csv")
    }


@lru_cache(maxsize=1)
def oked_codes() -> frozenset[str]:
    """Return the 5-digit subclass codes: the codes a batch may carry."""
    return frozenset(code for code, entry in _entries().items() if entry.level == "subclass")


def oked_section(code: str) -> str:
    """Return the section letter (A-U) of an OKED code of any level; raise ValueError for an unknown code."""
    entry = _entries().get(code)
    if entry is None:
        raise ValueError(f"unknown OKED code {code!r}")
    return entry.section


@lru_cache(maxsize=1)
def oked_sections() -> tuple[tuple[str, str], ...]:
    """Return the 21 sections as (letter, Russian name), sorted by letter."""
    return tuple(
        sorted((code, entry.name_ru) for code, entry in _entries().items() if entry.level == "section")
    )


def oked_name(code: str) -> str | None:
    """Return the Russian name of an OKED code of any level, or None when there is no such code."""
    entry = _entries().get(code)
    return entry.name_ru if entry is not None else None
