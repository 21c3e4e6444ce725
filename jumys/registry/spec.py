"""The shapes the data contract is declared in (jumys/registry/contract.py): files, columns and rules.

Everything the ingest does with a file is read off its FileSpec: the checks of its columns, its date
orders and other rules, the order files are applied in, the table its rows land in and what else it
writes. docs/data-contract.md describes the contract in words.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from jumys.kit.messages import Message

Kind = Literal[
    "text",  # free text
    "iin",  # personal identifier: pseudonymised at the boundary, stored as person_id
    "bin",  # business identifier with check digit
    "bins",  # ;-separated BINs
    "kato",  # 9-digit place code, region = first two digits
    "oked",  # 5-digit activity code
    "nkz",  # 4-digit occupation code
    "citizenship",  # ISO 3166-1 alpha-3
    "date",  # YYYY-MM-DD
    "period",  # YYYY-MM
    "stat_period",  # YYYY or YYYY-MM
    "int",  # whole number
    "number",  # decimal number
    "bool",  # true / false
    "enum",  # one of values
]


@dataclass(frozen=True)
class Column:
    """A column of a contract file."""

    name: str
    kind: Kind
    required: bool = True
    values: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    employer: bool = False  # a BIN that must be among the employers (stored or in the batch)
    prose: bool = False  # words people write: an IIN found in them is masked before it is stored
    since: str = "1"  # the contract version that added the column

    @property
    def stored_name(self) -> str:
        """The column's name in storage: IINs are kept only as person_id."""
        return "person_id" if self.kind == "iin" else self.name


@dataclass(frozen=True)
class DateOrder:
    """earlier must not lie after later (strict: must lie before)."""

    earlier: str
    later: str
    strict: bool = False


@dataclass(frozen=True)
class Rule:
    """A rule of a row beyond its columns' kinds and date orders: where `when` holds, the row is rejected on
    `column` for `reason`.

    `when` is SQL over the checked row: t_<column> is a column's typed value, r_<column> its raw text and
    t_birth_date the birth date in the row's IIN (NULL when the IIN is invalid).
    """

    column: str
    when: str
    reason: Message  # a declared reason without parameters (jumys/registry/messages.py)


@dataclass(frozen=True)
class ListTable:
    """A `bins` column also written as rows of a table of its own: the file's key and one item per row.

    The rows of a record are replaced with the record, so a record delivered again with a shorter list
    loses the items it no longer names.
    """

    column: str  # the ;-separated column of the file
    table: str  # the table of its items
    item: str  # the item's column in that table
    owner: str  # what a record of the file is called, for the store's integrity check
    description: str


@dataclass(frozen=True)
class FileSpec:
    """A file of the contract."""

    name: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    orders: tuple[DateOrder, ...] = field(default=())
    description: str = ""
    rules: tuple[Rule, ...] = ()
    after: tuple[str, ...] = ()  # files applied before this one (those its references point to)
    table: str | None = None  # a table shared with the registry that its rows land in; None: its own table
    from_iin: tuple[str, ...] = ()  # what the IIN tells (birth_date, sex), stored with the row
    lists: tuple[ListTable, ...] = ()  # what the file writes besides its table
    provides_employers: bool = False  # its accepted keys are the employers that `employer` columns name
    since: str = "1"  # the contract version that added the file

    @property
    def column_names(self) -> tuple[str, ...]:
        """The contract's column names, in the contract's order."""
        return tuple(c.name for c in self.columns)

    @property
    def required_names(self) -> tuple[str, ...]:
        """Columns that must be present in the header (optional ones may be absent or empty)."""
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        """The column called name."""
        return next(c for c in self.columns if c.name == name)

    @property
    def stored_key(self) -> tuple[str, ...]:
        """The key as stored (person_id for iin)."""
        return tuple(self.column(k).stored_name for k in self.key)


def in_dependency_order(files: tuple[FileSpec, ...]) -> tuple[FileSpec, ...]:
    """The files, each after those it names in `after`, otherwise in the order listed."""
    done: list[FileSpec] = []
    waiting = list(files)
    while waiting:
        names = {f.name for f in done}
        ready = next((f for f in waiting if set(f.after) <= names), None)
        if ready is None:
            raise ValueError(f"the files {[f.name for f in waiting]} wait for each other or for no file")
        done.append(ready)
        waiting.remove(ready)
    return tuple(done)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def files_of_version(files: tuple[FileSpec, ...], version: str) -> tuple[FileSpec, ...]:
    """The files and columns of a contract as they were in an earlier version."""
    upto = _version_key(version)
    return tuple(
        replace(f, columns=tuple(c for c in f.columns if _version_key(c.since) <= upto))
        for f in files
        if _version_key(f.since) <= upto
    )
