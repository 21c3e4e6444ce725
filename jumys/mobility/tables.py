"""The mobility domain's stored data: the government's list of regions, as last loaded (docs/mobility.md), and the
matching of job seekers to vacancies across regions, per as-of date (docs/matching.md)."""

from __future__ import annotations

import sqlalchemy as sa

from jumys.storage.metadata import metadata, primary_key

region_list = sa.Table(
    "mobility_region_list",
    metadata,
    sa.Column("from_year", sa.Integer, nullable=False),
    sa.Column("kato2", sa.String(2), nullable=False),
    sa.Column("labour_class", sa.String(8), nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    primary_key("from_year", "kato2"),
    sa.CheckConstraint("labour_class IN ('surplus', 'deficit', 'balanced')", name="labour_class_allowed"),
    comment="The government's list of labour-surplus and labour-deficit regions, as last loaded "
    "(jumys regions override): it replaces the list shipped in jumys/reference/data.",
)

resettlement_matches = sa.Table(
    "fact_resettlement_matches",
    metadata,
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("person_id", sa.Uuid, nullable=False),
    sa.Column("vacancy_id", sa.String(64), nullable=False),
    sa.Column("nkz", sa.String(4), nullable=False),
    sa.Column("from_region", sa.String(2), nullable=False),
    sa.Column("to_region", sa.String(2), nullable=False),
    sa.Column("kandas", sa.Boolean, nullable=False),
    sa.Column("registered_on", sa.Date, nullable=False),
    sa.Column("salary_kzt", sa.BigInteger, nullable=False),
    sa.Column("reference_wage_kzt", sa.BigInteger, nullable=False),
    sa.Column("distance_km", sa.Integer, nullable=False),
    sa.Column("value", sa.Float, nullable=False),
    primary_key("as_of", "person_id"),
    comment="Job seekers of labour-surplus regions matched to open vacancies of labour-deficit regions at a date: "
    "the optimal assignment, each match with what explains it (occupation, wage against the seeker's region, "
    "distance).",
)

resettlement_match_runs = sa.Table(
    "fact_resettlement_match_runs",
    metadata,
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("classes_year", sa.Integer, nullable=False),
    sa.Column("seekers", sa.Integer, nullable=False),
    sa.Column("vacancies", sa.Integer, nullable=False),
    sa.Column("matched", sa.Integer, nullable=False),
    sa.Column("seconds", sa.Float, nullable=False),
    sa.Column("details", sa.Text, nullable=False),
    primary_key("as_of"),
    comment="One matching run a date: the regions' classes it used, the counts, and why seekers and vacancies "
    "were left unmatched (JSON).",
)
