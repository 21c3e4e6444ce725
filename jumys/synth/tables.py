"""Column stores for persons and contracts: numpy arrays appended block by block, indexed globally."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
from numpy.typing import NDArray

from jumys.synth.days import NO_END

CITIZEN, KANDAS, FOREIGNER = 0, 1, 2
STATUSES = ("citizen", "kandas", "foreigner")
PERMANENT, FIXED_TERM, SEASONAL = 0, 1, 2
CONTRACT_TYPES = ("permanent", "fixed_term", "seasonal")
NORMAL, HARMFUL, HAZARDOUS = 0, 1, 2
CONDITIONS = ("normal", "harmful", "hazardous")
# countries the synthetic persons come from (ISO 3166-1 alpha-3; checked against jumys.reference)
COUNTRIES = (
    "KAZ",
    "UZB",
    "CHN",
    "TUR",
    "RUS",
    "KGZ",
    "IND",
    "TJK",
    "MNG",
    "TKM",
    "AZE",
    "BLR",
    "UKR",
    "KOR",
    "DEU",
    "GBR",
    "USA",
    "ITA",
    "IRN",
    "PAK",
    "VNM",
    "PHL",
    "GEO",
    "ARM",
    "AFG",
)
KAZ = 0


@dataclass
class Persons:
    """Persons: birth date (day number), sex, status and citizenship (index into COUNTRIES)."""

    birth: NDArray[np.int32]
    female: NDArray[np.bool_]
    status: NDArray[np.int8]
    citizenship: NDArray[np.int16]

    def __len__(self) -> int:
        return int(self.birth.size)


@dataclass
class Contracts:
    """Employment contracts; person and employer are global indices, end is NO_END when open."""

    person: NDArray[np.int64]
    employer: NDArray[np.int64]
    nkz: NDArray[np.int16]
    kind: NDArray[np.int8]
    conditions: NDArray[np.int8]
    start: NDArray[np.int32]
    end: NDArray[np.int32]
    salary: NDArray[np.int64]
    paid: NDArray[np.bool_]  # False: a fictitious contract, with no payroll at all
    planted: NDArray[np.bool_]  # part of a planted project situation: left alone by later steps
    successor: NDArray[np.bool_]  # the person has a later contract

    def __len__(self) -> int:
        return int(self.person.size)


def _concat_dataclass(cls: type, blocks: Sequence[object]) -> object:
    return cls(**{f.name: np.concatenate([getattr(b, f.name) for b in blocks]) for f in fields(cls)})


def concat_contracts(*blocks: Contracts) -> Contracts:
    """Contracts one after another (the first block's indices unchanged)."""
    result = _concat_dataclass(Contracts, blocks)
    assert isinstance(result, Contracts)
    return result


class PersonStore:
    """Persons appended block by block."""

    def __init__(self) -> None:
        self.blocks: list[Persons] = []
        self.size = 0

    def add(
        self,
        birth: NDArray[np.int32],
        female: NDArray[np.bool_],
        status: int | NDArray[np.int8] = CITIZEN,
        citizenship: int | NDArray[np.int16] = KAZ,
    ) -> NDArray[np.int64]:
        """Append persons; return their global indices."""
        n = birth.size
        block = Persons(
            birth=birth.astype(np.int32),
            female=female.astype(np.bool_),
            status=np.broadcast_to(np.asarray(status, dtype=np.int8), (n,)).copy(),
            citizenship=np.broadcast_to(np.asarray(citizenship, dtype=np.int16), (n,)).copy(),
        )
        self.blocks.append(block)
        first = self.size
        self.size += n
        return np.arange(first, first + n, dtype=np.int64)

    def build(self) -> Persons:
        """All persons in one table."""
        result = _concat_dataclass(Persons, self.blocks)
        assert isinstance(result, Persons)
        return result


class ContractStore:
    """Contracts appended block by block."""

    def __init__(self) -> None:
        self.blocks: list[Contracts] = []
        self.size = 0
        self._successors: list[NDArray[np.int64]] = []

    def mark_successor(self, index: NDArray[np.int64]) -> None:
        """Note that the persons of these contracts have a later contract."""
        self._successors.append(index)

    def add(
        self,
        person: NDArray[np.int64],
        employer: NDArray[np.int64],
        nkz: NDArray[np.int64],
        kind: NDArray[np.int64] | int,
        conditions: NDArray[np.int64] | int,
        start: NDArray[np.int32],
        end: NDArray[np.int32] | None,
        salary: NDArray[np.int64],
        *,
        paid: bool = True,
        planted: bool = False,
        successor: NDArray[np.bool_] | None = None,
    ) -> NDArray[np.int64]:
        """Append contracts (end None: all open); return their global indices."""
        n = person.size

        def full(value: object, dtype: type) -> Any:
            return np.broadcast_to(np.asarray(value, dtype=dtype), (n,)).copy()

        block = Contracts(
            person=person.astype(np.int64),
            employer=employer.astype(np.int64),
            nkz=nkz.astype(np.int16),
            kind=full(kind, np.int8),
            conditions=full(conditions, np.int8),
            start=start.astype(np.int32),
            end=full(NO_END, np.int32) if end is None else end.astype(np.int32),
            salary=salary.astype(np.int64),
            paid=full(paid, np.bool_),
            planted=full(planted, np.bool_),
            successor=full(False, np.bool_) if successor is None else successor.astype(np.bool_),
        )
        if (block.end < block.start).any():
            raise ValueError("a contract ends before it starts")
        self.blocks.append(block)
        first = self.size
        self.size += n
        return np.arange(first, first + n, dtype=np.int64)

    def build(self) -> Contracts:
        """All contracts in one table."""
        result = _concat_dataclass(Contracts, self.blocks)
        assert isinstance(result, Contracts)
        for index in self._successors:
            result.successor[index] = True
        return result
