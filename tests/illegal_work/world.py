"""A tiny world for the illegal-work scenarios: the warning scenarios' world with persons and permits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from jumys.illegal_work.signals import IllegalWorkRules, run_illegal_work, stored
from tests.factories import permit
from tests.safety.warn_world import WarnWorld


@dataclass
class IllegalWorld(WarnWorld):
    """Rows of a batch built up by a scenario, then ingested and scored at a date."""

    def __post_init__(self) -> None:
        self.rows.setdefault("persons", [])
        self.rows.setdefault("permits", [])

    def foreigner(self, iin: str, status: str = "foreigner", citizenship: str = "UZB") -> None:
        """A persons row: iin is a foreigner (or another status)."""
        self.rows["persons"].append({"iin": iin, "citizenship": citizenship, "status": status})

    def permit(self, iin: str, bin: str, issued: str, until: str, **over: Any) -> None:
        """A permits row of iin for bin."""
        self.rows["permits"].append(permit(iin, bin, issued_on=issued, valid_until=until, **over))

    def flag(self, as_of: str, rules: IllegalWorkRules | None = None) -> dict[str, dict[str, Any]]:
        """Ingest, then the signals at as_of by BIN: by code, each {persons, person_ids, evidence}."""
        self.ingest()
        day = dt.date.fromisoformat(as_of)
        with self.engine.begin() as conn:
            run_illegal_work(conn, day, rules)
        with self.engine.connect() as conn:
            rows = stored(conn, day)
        return {r["bin"]: {s["signal"]: s for s in r["signals"]} | {"_row": r} for r in rows}
