"""Facts of foreign labour: every decided permit application, and the permits issued by the decisions."""

from __future__ import annotations

import sqlalchemy as sa

from jumys.storage.metadata import index, metadata, primary_key

permit_decisions = sa.Table(
    "fact_permit_decisions",
    metadata,
    sa.Column("application_id", sa.String(64), nullable=False),
    sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("decided_by", sa.String(64), nullable=False),
    sa.Column("bin", sa.String(12)),
    sa.Column("category", sa.String(14), nullable=False),
    sa.Column("nkz", sa.String(4), nullable=False),
    sa.Column("kato", sa.String(9), nullable=False),
    sa.Column("region", sa.String(2), nullable=False),
    sa.Column("person_id", sa.Uuid, nullable=False),
    sa.Column("citizenship", sa.String(3), nullable=False),
    sa.Column("submitted_on", sa.Date, nullable=False),
    sa.Column("valid_from", sa.Date, nullable=False),
    sa.Column("valid_until", sa.Date, nullable=False),
    sa.Column("decision", sa.String(7), nullable=False),
    sa.Column("permit_id", sa.String(80)),
    sa.Column("failed_checks", sa.Text, nullable=False),
    primary_key("application_id"),
    index("ix_fact_permit_decisions_bin", "bin"),
    sa.CheckConstraint("decision IN ('issued', 'refused')", name="decision_allowed"),
    comment="Each permit application decided by the rules: the decision, the failed checks and their numbers (JSON).",
)

issued_permits = sa.Table(
    "fact_issued_permits",
    metadata,
    sa.Column("permit_id", sa.String(80), nullable=False),
    sa.Column("application_id", sa.String(64), nullable=False),
    sa.Column("person_id", sa.Uuid, nullable=False),
    sa.Column("citizenship", sa.String(3), nullable=False),
    sa.Column("bin", sa.String(12)),
    sa.Column("category", sa.String(14), nullable=False),
    sa.Column("nkz", sa.String(4), nullable=False),
    sa.Column("kato", sa.String(9), nullable=False),
    sa.Column("issued_on", sa.Date, nullable=False),
    sa.Column("valid_until", sa.Date, nullable=False),
    primary_key("permit_id"),
    index("ix_fact_issued_permits_bin", "bin"),
    comment="Permits issued by decided applications: each takes a unit of its year's quota at once.",
)

permit_points = sa.Table(
    "fact_permit_points",
    metadata,
    sa.Column("application_id", sa.String(64), nullable=False),
    sa.Column("salary_kzt", sa.BigInteger),
    sa.Column("total", sa.Integer, nullable=False),
    sa.Column("pass_mark", sa.Integer, nullable=False),
    sa.Column("components", sa.Text, nullable=False),
    primary_key("application_id"),
    comment="The points of each decided application of a scored category: the total, the pass mark then in "
    "force and every criterion with its value, points and rule (JSON).",
)
