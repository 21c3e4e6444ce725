"""Facts of safe work, kept per as-of date (re-running a date replaces it): enterprise risk and conflict warnings."""

from __future__ import annotations

import sqlalchemy as sa

from jumys.storage.metadata import index, lookup_index, metadata, primary_key

risk_runs = sa.Table(
    "fact_risk_runs",
    metadata,
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("model", sa.Text, nullable=False),
    sa.Column("employers", sa.Integer, nullable=False),
    sa.Column("seconds", sa.Double, nullable=False),
    primary_key("as_of"),
    comment="Each enterprise-risk run: its date and the fitted model (weights, scaling, training dates) as JSON.",
)

risk_scores = sa.Table(
    "fact_risk_scores",
    metadata,
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("bin", sa.String(12), nullable=False),
    sa.Column("region", sa.String(2), nullable=False),
    sa.Column("section", sa.String(1), nullable=False),
    sa.Column("score", sa.SmallInteger, nullable=False),
    sa.Column("class", sa.String(6), nullable=False),
    sa.Column("rank", sa.Integer, nullable=False),
    sa.Column("headcount", sa.Integer, nullable=False),
    sa.Column("vision_zero", sa.Boolean, nullable=False),
    sa.Column("open_arrears_kzt", sa.BigInteger, nullable=False),
    sa.Column("factors", sa.Text, nullable=False),
    # where the enterprise was when scored (employers.lat, .lon; NULL: not placed), for the map's boxes:
    # a date's rows are written in the order of a grid key, so DuckDB skips the row groups outside a box
    sa.Column("lat", sa.Double, nullable=True),
    sa.Column("lon", sa.Double, nullable=True),
    primary_key("as_of", "bin"),
    index("ix_fact_risk_scores_region", "as_of", "region"),
    index("ix_fact_risk_scores_place", "as_of", "lon", "lat"),
    # the enterprise card's row: without it DuckDB scanned every score for one BIN (27 of a cold card's 45 ms)
    lookup_index("ix_fact_risk_scores_lookup", "bin"),
    sa.CheckConstraint("score BETWEEN 0 AND 100", name="score_range"),
    sa.CheckConstraint("class IN ('high', 'medium', 'low')", name="class_allowed"),
    comment="Enterprise risk at an as-of date: score 0-100, class, and the factors with their points as JSON.",
)

warnings = sa.Table(
    "fact_warnings",
    metadata,
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("bin", sa.String(12), nullable=False),
    sa.Column("region", sa.String(2), nullable=False),
    sa.Column("level", sa.String(5), nullable=False),
    sa.Column("signals", sa.Text, nullable=False),
    primary_key("as_of", "bin"),
    index("ix_fact_warnings_region", "as_of", "region"),
    sa.CheckConstraint("level IN ('watch', 'high')", name="level_allowed"),
    comment="Labour-conflict early warnings at an as-of date: level and the signals with their evidence as JSON.",
)

warning_runs = sa.Table(
    "fact_warning_runs",
    metadata,
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("employers", sa.Integer, nullable=False),
    sa.Column("seconds", sa.Double, nullable=False),
    primary_key("as_of"),
    comment="Each labour-conflict warning run: its date, when it ran, the employers warned, how long it took.",
)
