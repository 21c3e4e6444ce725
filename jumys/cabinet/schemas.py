"""The typed records of the personal cabinet: a status of a case, a case with its history, a notification."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic import BaseModel

CASE_KINDS = ("application", "permit", "resettlement")
# the order of the statuses of one day: a case is submitted before it is decided, moved before it is left
STATUS_ORDER = ("submitted", "moved", "issued", "refused", "revoked", "expired", "left")


@dataclass(frozen=True)
class Status:
    """A status a case of a person with an account has: the key of a notification."""

    account_id: int
    case_kind: str
    case_id: str
    status: str
    status_on: dt.date


class CaseStatus(BaseModel):
    """One step of a case's history."""

    status: str
    on: dt.date


class PersonCase(BaseModel):
    """A case of the person asking, with its status now and its history (oldest first)."""

    kind: str
    case_id: str
    about: str  # the permit's category, or the resettlement programme
    region: str | None  # 2-digit KATO: where the permit is for, or where the person moved to
    status: str
    history: list[CaseStatus]


class Notification(BaseModel):
    """A new status of a case of the person asking, and whether its e-mail went."""

    case_kind: str
    case_id: str
    status: str
    status_on: dt.date
    noticed_at: dt.datetime
    email: str  # the outbox's state: pending, sending, sent, failed, unsure
