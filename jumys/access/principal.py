"""Who is asking: the principal every read model and every door takes, so scoping lives in the queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Role = Literal["ministry", "akimat", "inspector", "investor", "employer", "public"]
ROLES: tuple[Role, ...] = ("ministry", "akimat", "inspector", "investor", "employer", "public")
SUPPRESS_BELOW = 5  # public cells built from fewer persons than this are suppressed


@dataclass(frozen=True)
class Principal:
    """A signed-in user or machine: its role and what the role is limited to."""

    username: str
    role: Role
    region: str | None = None  # akimat: the 2-digit KATO region it answers for
    bins: frozenset[str] = field(default_factory=frozenset)  # investor, employer: its own BINs
    user_id: int | None = None
    via: Literal["session", "token", "anonymous", "cli"] = "session"
    expires_at: dt.datetime | None = field(default=None, compare=False)  # its session's or token's end

    @property
    def sees_all_regions(self) -> bool:
        """Ministry and inspectors see the whole country."""
        return self.role in ("ministry", "inspector")


PUBLIC = Principal(username="public", role="public", via="anonymous")
