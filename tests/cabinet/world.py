"""A tiny world for the cabinet: persons with permits, applications and resettlement cases, and their accounts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from jumys.cabinet.accounts import Person
from jumys.doors.cabinet import add_person, notice_changes
from jumys.registry.pseudonym import pseudonymise
from tests.factories import new_iin, resettlement
from tests.permits.world import MINISTRY, REGION_KATO, PermitWorld

TODAY = dt.date(2025, 12, 31)  # the day the statuses are derived at, unless a test says otherwise


@dataclass
class CabinetWorld(PermitWorld):
    """A PermitWorld with resettlement cases and persons' accounts."""

    def person(self, status: str = "foreigner") -> str:
        """A person of the persons file; returns their IIN."""
        iin = new_iin()
        self.rows["persons"].append(
            {"iin": iin, "citizenship": "KAZ" if status != "foreigner" else "UZB", "status": status}
        )
        return iin

    def resettle(self, iin: str, **over: Any) -> str:
        """A resettlement case of the person (kandas, moved 2024-04-01 to region 55); returns its id."""
        row = resettlement(iin, **over)
        self.rows.setdefault("resettlement", []).append(row)
        return str(row["case_id"])

    def ready(self, units: int = 5) -> str:
        """An employer with an unfilled vacancy for 2142 and a specialist quota in region 75; returns its BIN."""
        b = self.employer()
        self.vacancy(b)
        self.quota(units)
        return b

    def account(self, iin: str, email: str = "person@example.kz", lang: str = "en") -> tuple[Person, str]:
        """An account made by the ministry for the person of iin: (the person, the one-time password)."""
        return add_person(self.engine, self.key, MINISTRY, iin, email, lang)

    def notice(self, today: dt.date = TODAY) -> int:
        """Notice the statuses changed since the last time, as after a write."""
        return notice_changes(self.engine, today)

    def person_id(self, iin: str) -> Any:
        """The pseudonym of an IIN."""
        return pseudonymise(self.key, iin)

    def table(self, name: str) -> list[dict[str, Any]]:
        """Every row of a table."""
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(sa.text(f"SELECT * FROM {name}")).mappings()]


__all__ = ["REGION_KATO", "TODAY", "CabinetWorld"]
