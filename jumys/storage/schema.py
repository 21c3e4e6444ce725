"""The whole schema: importing this module registers every domain's tables on the one MetaData."""

from __future__ import annotations

import jumys.access.tables  # registers users, sessions, tokens, the audit log
import jumys.cabinet.tables  # registers persons' accounts, sessions, notifications and the outbox
import jumys.forecasting.tables  # registers the scenario runs and their results
import jumys.illegal_work.tables  # registers the illegal-work facts
import jumys.mobility.tables  # registers the government's list of regions and the resettlement matching
import jumys.permits.tables  # registers the permit decisions, issued permits and points
import jumys.projects.tables  # registers the verification facts
import jumys.registry.tables  # registers the registry tables
import jumys.safety.tables  # registers the safe-work facts
import jumys.storage.jobs  # noqa: F401  (registers the background jobs)
from jumys.storage.metadata import metadata

__all__ = ["metadata"]
