"""The forecasting domain's stored data: scenario runs and their results (docs/scenarios.md)."""

from __future__ import annotations

import sqlalchemy as sa

from jumys.storage.metadata import metadata, primary_key

scenario_runs = sa.Table(
    "scenario_runs",
    metadata,
    sa.Column("run_id", sa.Integer, nullable=False, autoincrement=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("file_sha256", sa.String(64), nullable=False),
    sa.Column("base_year", sa.Integer, nullable=False),
    sa.Column("horizon", sa.Integer, nullable=False),
    sa.Column("parameters", sa.Text, nullable=False),  # JSON: the parameters and the changes
    sa.Column("provenance", sa.Text, nullable=False),  # JSON: the store's base year, batches, models
    sa.Column("ran_by", sa.String(64), nullable=False),
    sa.Column("ran_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("seconds", sa.Float, nullable=False),
    primary_key("run_id"),
    comment="Scenario runs of new growth points: the file they came from (its SHA-256), their parameters and "
    "changes, the data they used, who ran them and when.",
)

scenario_results = sa.Table(
    "scenario_results",
    metadata,
    sa.Column("run_id", sa.Integer, nullable=False),
    sa.Column("variant", sa.String(8), nullable=False),
    sa.Column("kato2", sa.String(2), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("measure", sa.String(24), nullable=False),
    sa.Column("value", sa.Float, nullable=False),
    primary_key("run_id", "variant", "kato2", "year", "measure"),
    sa.CheckConstraint("variant IN ('scenario', 'baseline')", name="variant_allowed"),
    comment="What a scenario run computed, and its baseline beside it: population, age groups, net migration "
    "and needs by region and year.",
)
