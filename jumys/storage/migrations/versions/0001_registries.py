"""registries and the batch ledger

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

PG = ("postgresql",)  # index-backed constraints exist on PostgreSQL only (see storage/metadata.py)


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "batches",
        sa.Column("batch_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("batch_id", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("extracted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rows_read", sa.BigInteger(), nullable=False),
        sa.Column("rows_accepted", sa.BigInteger(), nullable=False),
        sa.Column("rows_rejected", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("batch_no", name=op.f("pk_batches")).ddl_if(dialect=PG),
        sa.UniqueConstraint("batch_id", name=op.f("uq_batches_batch_id")).ddl_if(dialect=PG),
        comment="The ledger: one row per applied batch.",
    )
    op.create_table(
        "employers",
        sa.Column("bin", sa.String(length=12), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kato", sa.String(length=9), nullable=False),
        sa.Column("oked", sa.String(length=5), nullable=False),
        sa.Column("parent_bin", sa.String(length=12), nullable=True),
        sa.Column("lat", sa.Double(), nullable=True),
        sa.Column("lon", sa.Double(), nullable=True),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("batch_no", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "lat IS NULL OR lat >= -90 AND lat <= 90",
            name=op.f("ck_employers_lat_range"),
        ),
        sa.CheckConstraint(
            "lon IS NULL OR lon >= -180 AND lon <= 180",
            name=op.f("ck_employers_lon_range"),
        ),
        sa.PrimaryKeyConstraint("bin", name=op.f("pk_employers")).ddl_if(dialect=PG),
        comment="Employers (legal entities) with their place, activity and parent company.",
    )
    if op.get_bind().dialect.name in PG:
        op.create_index("ix_employers_parent_bin", "employers", ["parent_bin"], unique=False)
    op.create_table(
        "migration",
        sa.Column("year", sa.BigInteger(), nullable=False),
        sa.Column("from_kato", sa.String(length=9), nullable=False),
        sa.Column("to_kato", sa.String(length=9), nullable=False),
        sa.Column("persons", sa.BigInteger(), nullable=False),
        sa.Column("batch_no", sa.Integer(), nullable=False),
        sa.CheckConstraint("persons >= 0", name=op.f("ck_migration_persons_range")),
        sa.CheckConstraint("year >= 1900 AND year <= 2200", name=op.f("ck_migration_year_range")),
        sa.PrimaryKeyConstraint("year", "from_kato", "to_kato", name=op.f("pk_migration")).ddl_if(dialect=PG),
        comment="Migration between regions by year.",
    )
    op.create_table(
        "persons",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=False),
        sa.Column("citizenship", sa.String(length=3), nullable=True),
        sa.Column("status", sa.String(length=9), nullable=True),
        sa.Column("batch_no", sa.Integer(), nullable=False),
        sa.CheckConstraint("sex IN ('M', 'F')", name=op.f("ck_persons_sex_allowed")),
        sa.CheckConstraint(
            "status IS NULL OR status IN ('citizen', 'kandas', 'foreigner')",
            name=op.f("ck_persons_status_allowed"),
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_persons")).ddl_if(dialect=PG),
        comment="Persons by pseudonym: birth date and sex from the IIN; citizenship and status from the persons file.",
    )
    op.create_table(
        "population",
        sa.Column("kato", sa.String(length=9), nullable=False),
        sa.Column("year", sa.BigInteger(), nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=False),
        sa.Column("age", sa.BigInteger(), nullable=False),
        sa.Column("persons", sa.BigInteger(), nullable=False),
        sa.Column("batch_no", sa.Integer(), nullable=False),
        sa.CheckConstraint("sex IN ('M', 'F')", name=op.f("ck_population_sex_allowed")),
        sa.CheckConstraint("age >= 0 AND age <= 100", name=op.f("ck_population_age_range")),
        sa.CheckConstraint("persons >= 0", name=op.f("ck_population_persons_range")),
        sa.CheckConstraint("year >= 1900 AND year <= 2200", name=op.f("ck_population_year_range")),
        sa.PrimaryKeyConstraint("kato", "year", "sex", "age", name=op.f("pk_population")).ddl_if(dialect=PG),
        comment="Population by region, year, sex and single year of age (100 = 100 and over).",
    )
    op.create_table(
        "quotas",
        sa.Column("year", sa.BigInteger(), nullable=False),
        sa.Column("kato", sa.String(length=9), nullable=False),
        sa.Column("category", sa.String(length=14), nullable=False),
        sa.Column("units", sa.BigInteger(), nullable=False),
        sa.Column("batch_no", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "category IN ('head', 'division_head', 'specialist', 'skilled_worker', 'seasonal', 'household')",
            name=op.f("ck_quotas_category_allowed"),
        ),
        sa.CheckConstraint("units >= 0", name=op.f("ck_quotas_units_range")),
        sa.CheckConstraint("year >= 1991 AND year <= 2100", name=op.f("ck_quotas_year_range")),
        sa.PrimaryKeyConstraint("year", "kato", "category", name=op.f("pk_quotas")).ddl_if(dialect=PG),
        comment="Foreign-labour quotas by year, region and category.",
    )
    op.create_table(
        "region_stats",
        sa.Column("kato", sa.String(length=9), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("indicator", sa.String(length=17), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("batch_no", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "indicator IN ('population', 'labour_force', 'employed', 'unemployment_rate', 'avg_wage_kzt', 'injuries', 'net_migration')",
            name=op.f("ck_region_stats_indicator_allowed"),
        ),
        sa.PrimaryKeyConstraint("kato", "period", "indicator", name=op.f("pk_region_stats")).ddl_if(
            dialect=PG
        ),
        comment="Official statistics per region and period.",
    )
    op.create_table(
        "registry_info",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_registry_info")).ddl_if(dialect=PG),
        comment="Facts about the store itself, e.g. the fingerprint of the pseudonym key it was built with.",
    )
    op.create_table(
        "arrears",
        sa.Column("arrear_id", sa.Text(), nullable=False),
        sa.Column("bin", sa.String(length=12), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("amount_kzt", sa.BigInteger(), nullable=False),
        sa.Column("workers", sa.BigInteger(), nullable=False),
        sa.Column("repaid_on", sa.Date(), nullable=True),
        sa.Column("repaid_kzt", sa.BigInteger(), nullable=True),
        sa.Column("batch_no", sa.Integer(), nullable=False),
        sa.CheckConstraint("amount_kzt >= 0", name=op.f("ck_arrears_amount_kzt_range")),
        sa.CheckConstraint(
            "repaid_kzt IS NULL OR repaid_kzt >= 0",
            name=op.f("ck_arrears_repaid_kzt_range"),
        ),
        sa.CheckConstraint(
            "repaid_on IS NULL OR reported_on <= repaid_on",
            name=op.f("ck_arrears_reported_on_repaid_on_order"),
        ),
        sa.CheckConstraint("workers >= 0", name=op.f("ck_arrears_workers_range")),
        sa.ForeignKeyConstraint(["bin"], ["employers.bin"], name=op.f("fk_arrears_bin_employers")).ddl_if(
            dialect=PG
        ),
        sa.PrimaryKeyConstraint("arrear_id", name=op.f("pk_arrears")).ddl_if(dialect=PG),
        comment="Wage arrears and their repayment.",
    )
    op.create_table(
        "batch_files",
        sa.Column("batch_no", sa.Integer(), nullable=False),
        sa.Column("file", sa.String(length=32), nullable=False),
        sa.Column("format", sa.String(length=8), nullable=False),
        sa.Column("rows_read", sa.BigInteger(), nullable=False),
        sa.Column("rows_accepted", sa.BigInteger(), nullable=False),
        sa.Column("rows_rejected", sa.BigInteger(), nullable=False),
        sa.Column("warnings", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_no"],
            ["batches.batch_no"],
            name=op.f("fk_batch_files_batch_no_batches"),
        ).ddl_if(dialect=PG),
        sa.PrimaryKeyConstraint("batch_no", "file", name=op.f("pk_batch_files")).ddl_if(dialect=PG),
        comment="Rows read, accepted and rejected per file of a batch.",
    )
    op.create_table(
        "batch_rejects",
        sa.Column("batch_no", sa.Integer(), nullable=False),
        sa.Column("file", sa.String(length=32), nullable=False),
        sa.Column("line", sa.BigInteger(), nullable=False),
        sa.Column("column", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_no"],
            ["batches.batch_no"],
            name=op.f("fk_batch_rejects_batch_no_batches"),
        ).ddl_if(dialect=PG),
        comment="Rejected rows of each batch (identifiers that may be IINs masked).",
    )
    if op.get_bind().dialect.name in PG:
        op.create_index("ix_batch_rejects_batch_no", "batch_rejects", ["batch_no"], unique=False)
    op.create_table(
        "contracts",
        sa.Column("contract_id", sa.Text(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("bin", sa.String(length=12), nullable=False),
        sa.Column("kato", sa.String(length=9), nullable=False),
        sa.Column("nkz", sa.String(length=4), nullable=False),
        sa.Column("contract_type", sa.String(length=10), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("salary_kzt", sa.BigInteger(), nullable=False),
        sa.Column("conditions", sa.String(length=9), nullable=False),
        sa.Column("batch_no", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "conditions IN ('normal', 'harmful', 'hazardous')",
            name=op.f("ck_contracts_conditions_allowed"),
        ),
        sa.CheckConstraint(
            "contract_type IN ('permanent', 'fixed_term', 'seasonal')",
            name=op.f("ck_contracts_contract_type_allowed"),
        ),
        sa.CheckConstraint(
            "end_date IS NULL OR start_date <= end_date",
            name=op.f("ck_contracts_start_date_end_date_order"),
        ),
        sa.CheckConstraint("salary_kzt >= 0", name=op.f("ck_contracts_salary_kzt_range")),
        sa.ForeignKeyConstraint(["bin"], ["employers.bin"], name=op.f("fk_contracts_bin_employers")).ddl_if(
            dialect=PG
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.person_id"],
            name=op.f("fk_contracts_person_id_persons"),
        ).ddl_if(dialect=PG),
        sa.PrimaryKeyConstraint("contract_id", name=op.f("pk_contracts")).ddl_if(dialect=PG),
        comment="Electronic employment contracts.",
    )
    if op.get_bind().dialect.name in PG:
        op.create_index("ix_contracts_bin", "contracts", ["bin"], unique=False)
    if op.get_bind().dialect.name in PG:
        op.create_index("ix_contracts_person_id", "contracts", ["person_id"], unique=False)
    op.create_table(
        "incidents",
        sa.Column("incident_id", sa.Text(), nullable=False),
        sa.Column("bin", sa.String(length=12), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=True),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("severity", sa.String(length=6), nullable=False),
        sa.Column("victims", sa.BigInteger(), nullable=False),
        sa.Column("batch_no", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "severity IN ('fatal', 'severe', 'light')",
            name=op.f("ck_incidents_severity_allowed"),
        ),
        sa.CheckConstraint("victims >= 0", name=op.f("ck_incidents_victims_range")),
        sa.ForeignKeyConstraint(["bin"], ["employers.bin"], name=op.f("fk_incidents_bin_employers")).ddl_if(
            dialect=PG
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.person_id"],
            name=op.f("fk_incidents_person_id_persons"),
        ).ddl_if(dialect=PG),
        sa.PrimaryKeyConstraint("incident_id", name=op.f("pk_incidents")).ddl_if(dialect=PG),
        comment="Occupational accidents.",
    )
    op.create_table(
        "inspections",
        sa.Column("inspection_id", sa.Text(), nullable=False),
        sa.Column("bin", sa.String(length=12), nullable=False),
        sa.Column("inspected_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("violations", sa.BigInteger(), nullable=False),
        sa.Column("fine_kzt", sa.BigInteger(), nullable=False),
        sa.Column("batch_no", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('planned', 'unplanned', 'preventive')",
            name=op.f("ck_inspections_kind_allowed"),
        ),
        sa.CheckConstraint("fine_kzt >= 0", name=op.f("ck_inspections_fine_kzt_range")),
        sa.CheckConstraint("violations >= 0", name=op.f("ck_inspections_violations_range")),
        sa.ForeignKeyConstraint(["bin"], ["employers.bin"], name=op.f("fk_inspections_bin_employers")).ddl_if(
            dialect=PG
        ),
        sa.PrimaryKeyConstraint("inspection_id", name=op.f("pk_inspections")).ddl_if(dialect=PG),
        comment="Labour inspections and what they found.",
    )
    op.create_table(
        "job_seekers",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("kato", sa.String(length=9), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("batch_no", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "left_on IS NULL OR registered_on <= left_on",
            name=op.f("ck_job_seekers_registered_on_left_on_order"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.person_id"],
            name=op.f("fk_job_seekers_person_id_persons"),
        ).ddl_if(dialect=PG),
        sa.PrimaryKeyConstraint("person_id", "registered_on", name=op.f("pk_job_seekers")).ddl_if(dialect=PG),
        comment="Persons registered as job seekers with the employment service.",
    )
    op.create_table(
        "payroll",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("bin", sa.String(length=12), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("wage_kzt", sa.BigInteger(), nullable=False),
        sa.Column("opv_kzt", sa.BigInteger(), nullable=False),
        sa.Column("batch_no", sa.Integer(), nullable=False),
        sa.CheckConstraint("opv_kzt >= 0", name=op.f("ck_payroll_opv_kzt_range")),
        sa.CheckConstraint("wage_kzt >= 0", name=op.f("ck_payroll_wage_kzt_range")),
        sa.ForeignKeyConstraint(["bin"], ["employers.bin"], name=op.f("fk_payroll_bin_employers")).ddl_if(
            dialect=PG
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.person_id"],
            name=op.f("fk_payroll_person_id_persons"),
        ).ddl_if(dialect=PG),
        sa.PrimaryKeyConstraint("person_id", "bin", "period", name=op.f("pk_payroll")).ddl_if(dialect=PG),
        comment="Monthly wages and mandatory pension contributions (OPV) per person and employer.",
    )
    if op.get_bind().dialect.name in PG:
        op.create_index("ix_payroll_bin_period", "payroll", ["bin", "period"], unique=False)
    op.create_table(
        "permits",
        sa.Column("permit_id", sa.Text(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("citizenship", sa.String(length=3), nullable=False),
        sa.Column("bin", sa.String(length=12), nullable=True),
        sa.Column("category", sa.String(length=14), nullable=False),
        sa.Column("nkz", sa.String(length=4), nullable=False),
        sa.Column("kato", sa.String(length=9), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("revoked_on", sa.Date(), nullable=True),
        sa.Column("batch_no", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "category IN ('head', 'division_head', 'specialist', 'skilled_worker', 'seasonal', 'household')",
            name=op.f("ck_permits_category_allowed"),
        ),
        sa.CheckConstraint(
            "revoked_on IS NULL OR issued_on <= revoked_on",
            name=op.f("ck_permits_issued_on_revoked_on_order"),
        ),
        sa.CheckConstraint(
            "valid_until IS NULL OR issued_on <= valid_until",
            name=op.f("ck_permits_issued_on_valid_until_order"),
        ),
        sa.ForeignKeyConstraint(["bin"], ["employers.bin"], name=op.f("fk_permits_bin_employers")).ddl_if(
            dialect=PG
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.person_id"],
            name=op.f("fk_permits_person_id_persons"),
        ).ddl_if(dialect=PG),
        sa.PrimaryKeyConstraint("permit_id", name=op.f("pk_permits")).ddl_if(dialect=PG),
        comment="Work permits of foreign workers.",
    )
    op.create_table(
        "projects",
        sa.Column("project_id", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("investor_bin", sa.String(length=12), nullable=False),
        sa.Column("kato", sa.String(length=9), nullable=False),
        sa.Column("oked", sa.String(length=5), nullable=False),
        sa.Column("investment_kzt", sa.BigInteger(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("promised_permanent_jobs", sa.BigInteger(), nullable=False),
        sa.Column("promised_temporary_jobs", sa.BigInteger(), nullable=True),
        sa.Column("batch_no", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "deadline IS NULL OR start_date < deadline",
            name=op.f("ck_projects_start_date_deadline_order"),
        ),
        sa.CheckConstraint("investment_kzt >= 0", name=op.f("ck_projects_investment_kzt_range")),
        sa.CheckConstraint(
            "promised_permanent_jobs >= 0",
            name=op.f("ck_projects_promised_permanent_jobs_range"),
        ),
        sa.CheckConstraint(
            "promised_temporary_jobs IS NULL OR promised_temporary_jobs >= 0",
            name=op.f("ck_projects_promised_temporary_jobs_range"),
        ),
        sa.ForeignKeyConstraint(
            ["investor_bin"],
            ["employers.bin"],
            name=op.f("fk_projects_investor_bin_employers"),
        ).ddl_if(dialect=PG),
        sa.PrimaryKeyConstraint("project_id", name=op.f("pk_projects")).ddl_if(dialect=PG),
        comment="Investment projects and the jobs their investors promised.",
    )
    op.create_table(
        "resettlement",
        sa.Column("case_id", sa.Text(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("program", sa.String(length=9), nullable=False),
        sa.Column("from_kato", sa.String(length=9), nullable=False),
        sa.Column("to_kato", sa.String(length=9), nullable=False),
        sa.Column("family_size", sa.BigInteger(), nullable=False),
        sa.Column("moved_on", sa.Date(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("batch_no", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "program IN ('resettler', 'kandas')",
            name=op.f("ck_resettlement_program_allowed"),
        ),
        sa.CheckConstraint("family_size >= 1", name=op.f("ck_resettlement_family_size_range")),
        sa.CheckConstraint(
            "left_on IS NULL OR moved_on <= left_on",
            name=op.f("ck_resettlement_moved_on_left_on_order"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.person_id"],
            name=op.f("fk_resettlement_person_id_persons"),
        ).ddl_if(dialect=PG),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_resettlement")).ddl_if(dialect=PG),
        comment="Internal resettlement and ethnic repatriates (kandas).",
    )
    op.create_table(
        "vacancies",
        sa.Column("vacancy_id", sa.Text(), nullable=False),
        sa.Column("bin", sa.String(length=12), nullable=False),
        sa.Column("kato", sa.String(length=9), nullable=False),
        sa.Column("nkz", sa.String(length=4), nullable=False),
        sa.Column("salary_kzt", sa.BigInteger(), nullable=False),
        sa.Column("posted_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("filled", sa.Boolean(), nullable=False),
        sa.Column("batch_no", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "closed_on IS NULL OR posted_on <= closed_on",
            name=op.f("ck_vacancies_posted_on_closed_on_order"),
        ),
        sa.CheckConstraint("salary_kzt >= 0", name=op.f("ck_vacancies_salary_kzt_range")),
        sa.ForeignKeyConstraint(["bin"], ["employers.bin"], name=op.f("fk_vacancies_bin_employers")).ddl_if(
            dialect=PG
        ),
        sa.PrimaryKeyConstraint("vacancy_id", name=op.f("pk_vacancies")).ddl_if(dialect=PG),
        comment="Vacancies advertised by employers.",
    )
    op.create_table(
        "vision_zero",
        sa.Column("bin", sa.String(length=12), nullable=False),
        sa.Column("joined_on", sa.Date(), nullable=False),
        sa.Column("batch_no", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["bin"], ["employers.bin"], name=op.f("fk_vision_zero_bin_employers")).ddl_if(
            dialect=PG
        ),
        sa.PrimaryKeyConstraint("bin", name=op.f("pk_vision_zero")).ddl_if(dialect=PG),
        comment="Employers that joined the Vision Zero programme.",
    )
    op.create_table(
        "project_operators",
        sa.Column("project_id", sa.Text(), nullable=False),
        sa.Column("bin", sa.String(length=12), nullable=False),
        sa.Column("batch_no", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bin"], ["employers.bin"], name=op.f("fk_project_operators_bin_employers")
        ).ddl_if(dialect=PG),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.project_id"],
            name=op.f("fk_project_operators_project_id_projects"),
        ).ddl_if(dialect=PG),
        sa.PrimaryKeyConstraint("project_id", "bin", name=op.f("pk_project_operators")).ddl_if(dialect=PG),
        comment="The operators of each project (the contract's operator_bins, one row each).",
    )


def downgrade() -> None:
    """Undo this revision."""
    op.drop_table("project_operators")
    op.drop_table("vision_zero")
    op.drop_table("vacancies")
    op.drop_table("resettlement")
    op.drop_table("projects")
    op.drop_table("permits")
    if op.get_bind().dialect.name in PG:
        op.drop_index("ix_payroll_bin_period", table_name="payroll")
    op.drop_table("payroll")
    op.drop_table("job_seekers")
    op.drop_table("inspections")
    op.drop_table("incidents")
    if op.get_bind().dialect.name in PG:
        op.drop_index("ix_contracts_person_id", table_name="contracts")
    if op.get_bind().dialect.name in PG:
        op.drop_index("ix_contracts_bin", table_name="contracts")
    op.drop_table("contracts")
    if op.get_bind().dialect.name in PG:
        op.drop_index("ix_batch_rejects_batch_no", table_name="batch_rejects")
    op.drop_table("batch_rejects")
    op.drop_table("batch_files")
    op.drop_table("arrears")
    op.drop_table("registry_info")
    op.drop_table("region_stats")
    op.drop_table("quotas")
    op.drop_table("population")
    op.drop_table("persons")
    op.drop_table("migration")
    if op.get_bind().dialect.name in PG:
        op.drop_index("ix_employers_parent_bin", table_name="employers")
    op.drop_table("employers")
    op.drop_table("batches")
