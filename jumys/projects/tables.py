"""Facts of job-creation verification, kept per as-of date (re-running a date replaces it)."""

from __future__ import annotations

import sqlalchemy as sa

from jumys.storage.metadata import index, lookup_index, metadata, primary_key

verification_runs = sa.Table(
    "fact_verification_runs",
    metadata,
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("parameters", sa.Text, nullable=False),
    sa.Column("projects", sa.Integer, nullable=False),
    sa.Column("seconds", sa.Double, nullable=False),
    primary_key("as_of"),
    comment="Each verification run: its as-of date, when it ran, with which methodology parameters.",
)

project_verification = sa.Table(
    "fact_project_verification",
    metadata,
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("project_id", sa.Text, nullable=False),
    sa.Column("region", sa.String(2), nullable=False),
    sa.Column("status", sa.String(9), nullable=False),
    sa.Column("promised_permanent_jobs", sa.BigInteger, nullable=False),
    sa.Column("promised_temporary_jobs", sa.BigInteger),
    sa.Column("expected_jobs", sa.BigInteger, nullable=False),
    sa.Column("verified_permanent_jobs", sa.BigInteger, nullable=False),
    sa.Column("credited", sa.BigInteger, nullable=False),
    sa.Column("provisional", sa.BigInteger, nullable=False),
    sa.Column("unconfirmed", sa.BigInteger, nullable=False),
    sa.Column("baseline_headcount", sa.BigInteger, nullable=False),
    sa.Column("current_headcount", sa.BigInteger, nullable=False),
    sa.Column("youth_jobs", sa.BigInteger, nullable=False),
    sa.Column("temporary_jobs", sa.BigInteger, nullable=False),
    sa.Column("wage_bill_kzt", sa.BigInteger, nullable=False),
    sa.Column("investment_kzt", sa.BigInteger, nullable=False),
    sa.Column("wage_share", sa.Double),
    sa.Column("meets_wage_share", sa.Boolean),
    sa.Column("mean_salary_kzt", sa.Double),
    sa.Column("region_avg_wage_kzt", sa.Double),
    sa.Column("salary_ratio", sa.Double),
    sa.Column("harmful_share", sa.Double),
    primary_key("as_of", "project_id"),
    lookup_index("ix_fact_project_verification_lookup", "project_id"),
    sa.CheckConstraint(
        "status IN ('pending', 'on_track', 'at_risk', 'fulfilled', 'failed')", name="status_allowed"
    ),
    sa.CheckConstraint("verified_permanent_jobs <= credited", name="verified_le_credited"),
    comment="Job-creation verification of every project at an as-of date (docs/methodology.md).",
)

project_jobs = sa.Table(
    "fact_project_jobs",
    metadata,
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("project_id", sa.Text, nullable=False),
    sa.Column("contract_id", sa.Text, nullable=False),
    sa.Column("person_id", sa.Uuid, nullable=False),
    sa.Column("job_kind", sa.String(9), nullable=False),
    sa.Column("status", sa.String(11)),
    sa.Column("start_date", sa.Date, nullable=False),
    sa.Column("months_checked", sa.Integer),
    sa.Column("paid_months", sa.Integer),
    sa.Column("youth", sa.Boolean),
    sa.Column("salary_kzt", sa.BigInteger, nullable=False),
    sa.Column("nkz_major", sa.String(1), nullable=False),
    sa.Column("conditions", sa.String(9), nullable=False),
    primary_key("as_of", "contract_id"),
    index("ix_fact_project_jobs_project", "as_of", "project_id"),
    lookup_index("ix_fact_project_jobs_lookup", "project_id"),
    comment="The evidence: each contract assigned to a project at an as-of date and how it was classed.",
)

region_scorecard = sa.Table(
    "fact_region_scorecard",
    metadata,
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("region", sa.String(2), nullable=False),
    sa.Column("projects", sa.Integer, nullable=False),
    sa.Column("pending", sa.Integer, nullable=False),
    sa.Column("on_track", sa.Integer, nullable=False),
    sa.Column("at_risk", sa.Integer, nullable=False),
    sa.Column("fulfilled", sa.Integer, nullable=False),
    sa.Column("failed", sa.Integer, nullable=False),
    sa.Column("promised_permanent_jobs", sa.BigInteger, nullable=False),
    sa.Column("verified_permanent_jobs", sa.BigInteger, nullable=False),
    sa.Column("fulfilment", sa.Double),
    sa.Column("credited", sa.BigInteger, nullable=False),
    sa.Column("youth_jobs", sa.BigInteger, nullable=False),
    sa.Column("youth_share", sa.Double),
    sa.Column("wage_rule_projects", sa.Integer, nullable=False),
    sa.Column("wage_rule_share", sa.Double),
    sa.Column("mean_salary_kzt", sa.Double),
    sa.Column("region_avg_wage_kzt", sa.Double),
    sa.Column("salary_ratio", sa.Double),
    sa.Column("unconfirmed", sa.BigInteger, nullable=False),
    sa.Column("temporary_jobs", sa.BigInteger, nullable=False),
    sa.Column("rank", sa.Integer, nullable=False),
    primary_key("as_of", "region"),
    comment="Each region's scorecard at an as-of date, ranked by verified / promised permanent jobs.",
)

alerts = sa.Table(
    "fact_alerts",
    metadata,
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("project_id", sa.Text, nullable=False),
    sa.Column("region", sa.String(2), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("severity", sa.String(8), nullable=False),
    sa.Column("message_ru", sa.Text, nullable=False),
    sa.Column("message_kk", sa.Text, nullable=False),
    sa.Column("message_en", sa.Text, nullable=False),
    sa.Column("numbers", sa.Text, nullable=False),
    primary_key("as_of", "project_id", "kind"),
    sa.CheckConstraint("kind IN ('failed', 'at_risk', 'unconfirmed', 'low_wage_share')", name="kind_allowed"),
    sa.CheckConstraint("severity IN ('high', 'medium')", name="severity_allowed"),
    comment="Alerts at an as-of date: each says why in a sentence, with the numbers behind it (JSON).",
)

project_freshness = sa.Table(
    "fact_project_freshness",
    metadata,
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("project_id", sa.Text, nullable=False),
    sa.Column("data_batch_no", sa.Integer, nullable=False, comment="The newest batch in the store then."),
    sa.Column("verified_at", sa.DateTime(timezone=True), nullable=False),
    primary_key("as_of", "project_id"),
    comment="When each project was last verified at an as-of date, and the newest batch its figures include.",
)
