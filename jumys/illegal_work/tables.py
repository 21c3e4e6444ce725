"""Facts of illegal work, kept per as-of date (re-running a date replaces it): employers scored by the signals."""

from __future__ import annotations

import sqlalchemy as sa

from jumys.storage.metadata import index, metadata, primary_key

findings = sa.Table(
    "fact_illegal_work",
    metadata,
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("bin", sa.String(12), nullable=False),
    sa.Column("region", sa.String(2), nullable=False),
    sa.Column("score", sa.SmallInteger, nullable=False),
    sa.Column("persons", sa.Integer, nullable=False),
    sa.Column("amount_kzt", sa.BigInteger, nullable=False),
    sa.Column("signals", sa.Text, nullable=False),
    primary_key("as_of", "bin"),
    index("ix_fact_illegal_work_region", "as_of", "region"),
    sa.CheckConstraint("score BETWEEN 1 AND 7", name="score_range"),
    comment="Employers with illegal-work signals at an as-of date: score (signals shown), persons, amounts, "
    "and the signals with their evidence as JSON.",
)

runs = sa.Table(
    "fact_illegal_work_runs",
    metadata,
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("employers", sa.Integer, nullable=False),
    sa.Column("seconds", sa.Double, nullable=False),
    primary_key("as_of"),
    comment="Each illegal-work run: its date, when it ran, the employers flagged, how long it took.",
)
