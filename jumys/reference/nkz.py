"""NKZ (НКЗ, NK RK 01-2017), the occupation classifier: its major groups, the groups below them that Jumys
names, and the shape of a code.

NKZ follows the ISCO-08 structure: a 4-digit unit-group code whose first digit is the major
group. Two differences from ISCO-08 matter here. NKZ has no group 0 (armed forces); it has a
group "Х" (workers not elsewhere classified), which has no digit code and so cannot appear in
a batch. We keep 0 with its ISCO-08 meaning so that every ISCO-structured code has a major
group. No machine-readable list of the 4-digit NKZ codes was found, so a code is checked for
its shape only; the groups named below the major ones are the sub-major groups (2 digits) and the
unit groups the skills page names first (`nkz_groups.csv`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from jumys.reference._data import read_csv


@dataclass(frozen=True, slots=True)
class MajorGroup:
    """One major group: its 1-digit code and its names in English (ISCO-08), Russian and Kazakh."""

    code: str
    name_en: str
    name_ru: str
    name_kk: str


@lru_cache(maxsize=1)
def nkz_major_groups() -> tuple[MajorGroup, ...]:
    """Return the ten major groups, '0' to '9'."""
    rows = read_csv("nkz_major_groups.csv")
    groups = (MajorGroup(r["code"], r["name_en"], r["name_ru"], r["name_kk"]) for r in rows)
    return tuple(sorted(groups, key=lambda g: g.code))


@dataclass(frozen=True, slots=True)
class Group:
    """A group below the major ones: its code (2 digits: sub-major, 4: unit) and its names."""

    code: str
    level: str  # sub_major or unit
    name_en: str
    name_ru: str
    name_kk: str

    def name(self, lang: str) -> str:
        """The group's name in lang (ru, kk or en; Russian for any other)."""
        return {"en": self.name_en, "kk": self.name_kk}.get(lang, self.name_ru)


@lru_cache(maxsize=1)
def nkz_groups() -> dict[str, Group]:
    """The sub-major groups (2-digit code) and the named unit groups (4-digit code), by code."""
    rows = read_csv("nkz_groups.csv")
    return {r["code"]: Group(r["code"], r["level"], r["name_en"], r["name_ru"], r["name_kk"]) for r in rows}


def nkz_group_name(code: str, lang: str) -> str | None:
    """The name in lang of an NKZ group by its code (a sub-major or a named unit group); None if unnamed."""
    group = nkz_groups().get(code)
    return None if group is None else group.name(lang)


def is_valid_nkz(code: str) -> bool:
    """True when code has the shape of an NKZ unit-group code: 4 ASCII digits."""
    return len(code) == 4 and code.isascii() and code.isdigit()


def nkz_major_group(code4: str) -> str:
    """Return the major group (first digit) of a 4-digit NKZ code; raise ValueError if it is not 4 digits."""
    if not is_valid_nkz(code4):
        raise ValueError(f"an NKZ code is 4 digits, got {code4!r}")
    return code4[0]
