"""Cross-domain read models: every function takes the Principal asking and filters in its SQL.

The API and the dashboard call these and nothing below them, so who sees what is decided here once.
"""

from __future__ import annotations

from jumys.reports.employers import get_employer, search_employers
from jumys.reports.mobility import balance, compatriots_plan, region_index
from jumys.reports.projects import facts_version, list_alerts, list_projects, project_detail
from jumys.reports.regions import (
    as_of_dates,
    latest_as_of,
    national_map,
    national_totals,
    region_overview,
    region_scorecards,
    region_trend,
)
from jumys.reports.safety import list_risk, resolve_risk_date, risk_counts, risk_dates, risk_of

__all__ = [
    "as_of_dates",
    "balance",
    "compatriots_plan",
    "facts_version",
    "get_employer",
    "latest_as_of",
    "list_alerts",
    "list_projects",
    "list_risk",
    "national_map",
    "national_totals",
    "project_detail",
    "region_index",
    "region_overview",
    "region_scorecards",
    "region_trend",
    "resolve_risk_date",
    "risk_counts",
    "risk_dates",
    "risk_of",
    "search_employers",
]
