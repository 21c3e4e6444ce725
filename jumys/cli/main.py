"""`jumys`: the command line of Jumys. Each command is one transaction over the domain services.

The commands live in a module per domain (registry, projects, synthetic, access); importing them
registers them on the one app of jumys.cli.common.
"""

from __future__ import annotations

import sys

from jumys.cli import (
    access,
    cabinet,
    forecast,
    forecast_migration,
    forecast_population,
    forecast_series,
    foreign_workers,
    illegal_work,
    matching,
    mobility,
    permits,
    projects,
    registry,
    report,
    resettle,
    safety,
    scenario,
    synthetic,
    warnings,
)
from jumys.cli.common import app

__all__ = [
    "access",
    "app",
    "cabinet",
    "forecast",
    "forecast_migration",
    "forecast_population",
    "forecast_series",
    "foreign_workers",
    "illegal_work",
    "matching",
    "mobility",
    "permits",
    "projects",
    "registry",
    "report",
    "resettle",
    "safety",
    "scenario",
    "synthetic",
    "warnings",
]


def main() -> None:  # pragma: no cover
    """Entry point."""
    app()
    sys.exit(0)
