"""The data contract (docs/data-contract.md, version 1.1) as data.

One FileSpec a file: its key, its columns with their kinds, the date orders and other rules its rows
must respect, the files it is applied after, the table its rows land in and what else it writes.
Validation, the rejects report, the storage tables and the docs are all derived from this table, so
the contract is written down once and a new file of the contract is a new entry here, not a branch
in the ingest.
"""

from __future__ import annotations

from jumys.registry import messages as M
from jumys.registry.spec import (
    Column,
    DateOrder,
    FileSpec,
    Kind,
    ListTable,
    Rule,
    files_of_version,
    in_dependency_order,
)


def _c(name: str, kind: Kind, **kw: object) -> Column:
    return Column(name, kind, **kw)  # type: ignore[arg-type]


def _opt(name: str, kind: Kind, **kw: object) -> Column:
    return Column(name, kind, required=False, **kw)  # type: ignore[arg-type]


CONTRACT_TYPES = ("permanent", "fixed_term", "seasonal")
CONDITIONS = ("normal", "harmful", "hazardous")
PERSON_STATUSES = ("citizen", "kandas", "foreigner")
SEVERITIES = ("fatal", "severe", "light")
INSPECTION_KINDS = ("planned", "unplanned", "preventive")
PERMIT_CATEGORIES = ("head", "division_head", "specialist", "skilled_worker", "seasonal", "household")
PROGRAMS = ("resettler", "kandas")
INDICATORS = (
    "population",
    "labour_force",
    "employed",
    "unemployment_rate",
    "avg_wage_kzt",
    "injuries",
    "net_migration",
)
SEXES = ("M", "F")
DISPUTE_KINDS = ("strike", "collective_dispute", "complaint")
PAYERS = ("employer", "state", "self")
EDUCATION = ("general", "vocational", "higher")

_LISTED: tuple[FileSpec, ...] = (
    FileSpec(
        "employers",
        ("bin",),
        (
            _c("bin", "bin"),
            _c("name", "text", prose=True),
            _c("kato", "kato"),
            _c("oked", "oked"),
            _opt("parent_bin", "bin"),
            _opt("lat", "number", minimum=-90, maximum=90),
            _opt("lon", "number", minimum=-180, maximum=180),
            _c("registered_on", "date"),
        ),
        description="Employers (legal entities) with their place, activity and parent company.",
        provides_employers=True,
    ),
    FileSpec(
        "persons",
        ("iin",),
        (
            _c("iin", "iin"),
            _c("citizenship", "citizenship"),
            _c("status", "enum", values=PERSON_STATUSES),
        ),
        description="Persons: citizenship and status; birth date and sex come from the IIN.",
        table="persons",
        from_iin=("birth_date", "sex"),
    ),
    FileSpec(
        "projects",
        ("project_id",),
        (
            _c("project_id", "text"),
            _c("name", "text", prose=True),
            _c("investor_bin", "bin", employer=True),
            _c("operator_bins", "bins", employer=True),
            _c("kato", "kato"),
            _c("oked", "oked"),
            _c("investment_kzt", "int", minimum=0),
            _c("start_date", "date"),
            _c("deadline", "date"),
            _c("promised_permanent_jobs", "int", minimum=0),
            _opt("promised_temporary_jobs", "int", minimum=0),
        ),
        orders=(DateOrder("start_date", "deadline", strict=True),),
        description="Investment projects and the jobs their investors promised.",
        after=("employers",),
        lists=(
            ListTable(
                "operator_bins",
                "project_operators",
                "bin",
                "project",
                "The operators of each project (the contract's operator_bins, one row each).",
            ),
        ),
    ),
    FileSpec(
        "contracts",
        ("contract_id",),
        (
            _c("contract_id", "text"),
            _c("iin", "iin"),
            _c("bin", "bin", employer=True),
            _c("kato", "kato"),
            _c("nkz", "nkz"),
            _c("contract_type", "enum", values=CONTRACT_TYPES),
            _c("start_date", "date"),
            _opt("end_date", "date"),
            _c("salary_kzt", "int", minimum=0),
            _c("conditions", "enum", values=CONDITIONS),
        ),
        orders=(DateOrder("start_date", "end_date"),),
        description="Electronic employment contracts.",
        after=("employers", "persons"),
        rules=(Rule("start_date", "t_start_date < t_birth_date", M.START_BEFORE_BIRTH),),
    ),
    FileSpec(
        "payroll",
        ("iin", "bin", "period"),
        (
            _c("iin", "iin"),
            _c("bin", "bin", employer=True),
            _c("period", "period"),
            _c("wage_kzt", "int", minimum=0),
            _c("opv_kzt", "int", minimum=0),
        ),
        description="Monthly wages and mandatory pension contributions (OPV) per person and employer.",
        after=("employers", "persons"),
    ),
    FileSpec(
        "vacancies",
        ("vacancy_id",),
        (
            _c("vacancy_id", "text"),
            _c("bin", "bin", employer=True),
            _c("kato", "kato"),
            _c("nkz", "nkz"),
            _c("salary_kzt", "int", minimum=0),
            _c("posted_on", "date"),
            _opt("closed_on", "date"),
            _c("filled", "bool"),
        ),
        orders=(DateOrder("posted_on", "closed_on"),),
        description="Vacancies advertised by employers.",
        after=("employers",),
    ),
    FileSpec(
        "job_seekers",
        ("iin", "registered_on"),
        (
            _c("iin", "iin"),
            _c("kato", "kato"),
            _c("registered_on", "date"),
            _opt("left_on", "date"),
            _opt("reason", "text", prose=True),
            _opt("nkz", "nkz", since="1.1"),  # the occupation sought
        ),
        orders=(DateOrder("registered_on", "left_on"),),
        description="Persons registered as job seekers with the employment service.",
        after=("persons",),
    ),
    FileSpec(
        "incidents",
        ("incident_id",),
        (
            _c("incident_id", "text"),
            _c("bin", "bin", employer=True),
            _opt("iin", "iin"),
            _c("occurred_on", "date"),
            _c("severity", "enum", values=SEVERITIES),
            _c("victims", "int", minimum=0),
        ),
        description="Occupational accidents.",
        after=("employers", "persons"),
    ),
    FileSpec(
        "inspections",
        ("inspection_id",),
        (
            _c("inspection_id", "text"),
            _c("bin", "bin", employer=True),
            _c("inspected_on", "date"),
            _c("kind", "enum", values=INSPECTION_KINDS),
            _c("violations", "int", minimum=0),
            _c("fine_kzt", "int", minimum=0),
        ),
        description="Labour inspections and what they found.",
        after=("employers",),
    ),
    FileSpec(
        "arrears",
        ("arrear_id",),
        (
            _c("arrear_id", "text"),
            _c("bin", "bin", employer=True),
            _c("reported_on", "date"),
            _c("amount_kzt", "int", minimum=0),
            _c("workers", "int", minimum=0),
            _opt("repaid_on", "date"),
            _opt("repaid_kzt", "int", minimum=0),
        ),
        orders=(DateOrder("reported_on", "repaid_on"),),
        description="Wage arrears and their repayment.",
        after=("employers",),
    ),
    FileSpec(
        "vision_zero",
        ("bin",),
        (_c("bin", "bin", employer=True), _c("joined_on", "date")),
        description="Employers that joined the Vision Zero programme.",
        after=("employers",),
    ),
    FileSpec(
        "quotas",
        ("year", "kato", "category"),
        (
            _c("year", "int", minimum=1991, maximum=2100),
            _c("kato", "kato"),
            _c("category", "enum", values=PERMIT_CATEGORIES),
            _c("units", "int", minimum=0),
        ),
        description="Foreign-labour quotas by year, region and category.",
    ),
    FileSpec(
        "permits",
        ("permit_id",),
        (
            _c("permit_id", "text"),
            _c("iin", "iin"),
            _c("citizenship", "citizenship"),
            _opt("bin", "bin", employer=True),
            _c("category", "enum", values=PERMIT_CATEGORIES),
            _c("nkz", "nkz"),
            _c("kato", "kato"),
            _c("issued_on", "date"),
            _c("valid_until", "date"),
            _opt("revoked_on", "date"),
        ),
        orders=(DateOrder("issued_on", "valid_until"), DateOrder("issued_on", "revoked_on")),
        description="Work permits of foreign workers.",
        after=("employers", "persons"),
        rules=(
            Rule(
                "bin",
                "r_category = 'household' AND r_bin IS NOT NULL",
                M.HOUSEHOLD_NO_BIN,
            ),
            Rule(
                "bin",
                "r_category <> 'household' AND r_bin IS NULL",
                M.BIN_REQUIRED,
            ),
        ),
    ),
    FileSpec(
        "resettlement",
        ("case_id",),
        (
            _c("case_id", "text"),
            _c("iin", "iin"),
            _c("program", "enum", values=PROGRAMS),
            _c("from_kato", "kato"),
            _c("to_kato", "kato"),
            _c("family_size", "int", minimum=1),
            _c("moved_on", "date"),
            _opt("left_on", "date"),
        ),
        orders=(DateOrder("moved_on", "left_on"),),
        description="Internal resettlement and ethnic repatriates (kandas).",
        after=("persons",),
    ),
    FileSpec(
        "region_stats",
        ("kato", "period", "indicator"),
        (
            _c("kato", "kato"),
            _c("period", "stat_period"),
            _c("indicator", "enum", values=INDICATORS),
            _c("value", "number"),
        ),
        description="Official statistics per region and period.",
    ),
    FileSpec(
        "population",
        ("kato", "year", "sex", "age"),
        (
            _c("kato", "kato"),
            _c("year", "int", minimum=1900, maximum=2200),
            _c("sex", "enum", values=SEXES),
            _c("age", "int", minimum=0, maximum=100),
            _c("persons", "int", minimum=0),
        ),
        description="Population by region, year, sex and single year of age (100 = 100 and over).",
    ),
    FileSpec(
        "migration",
        ("year", "from_kato", "to_kato"),
        (
            _c("year", "int", minimum=1900, maximum=2200),
            _c("from_kato", "kato"),
            _c("to_kato", "kato"),
            _c("persons", "int", minimum=0),
        ),
        description="Migration between regions by year.",
    ),
    FileSpec(
        "labour_disputes",
        ("dispute_id",),
        (
            _c("dispute_id", "text"),
            _c("bin", "bin", employer=True),
            _c("started_on", "date"),
            _opt("ended_on", "date"),
            _c("kind", "enum", values=DISPUTE_KINDS),
            _c("workers", "int", minimum=0),
        ),
        orders=(DateOrder("started_on", "ended_on"),),
        description="Labour disputes: strikes, collective disputes and complaints, with the workers involved.",
        after=("employers",),
        since="1.1",
    ),
    FileSpec(
        "training",
        ("training_id",),
        (
            _c("training_id", "text"),
            _c("iin", "iin"),
            _c("bin", "bin", employer=True),
            _c("started_on", "date"),
            _opt("finished_on", "date"),
            _c("paid_by", "enum", values=PAYERS),
            _opt("nkz", "nkz"),
            _c("hours", "int", minimum=0),
        ),
        orders=(DateOrder("started_on", "finished_on"),),
        description="Training of workers: where, for which occupation, how long and who paid.",
        after=("employers", "persons"),
        since="1.1",
    ),
    FileSpec(
        "compatriots",
        ("record_id",),
        (
            _c("record_id", "text"),
            _opt("iin", "iin"),
            _c("country", "citizenship"),
            _opt("kato_of_interest", "kato"),
            _opt("nkz", "nkz"),
            _c("education", "enum", values=EDUCATION),
            _opt("intends_return_year", "int", minimum=1991, maximum=2100),
            _c("registered_on", "date"),
        ),
        description="Compatriots abroad who registered an interest in returning: where to, for which work.",
        after=("persons",),
        since="1.1",
    ),
)


FILES = in_dependency_order(_LISTED)
"""Every file of the contract, in the order a batch's files are staged and applied."""
BY_NAME = {f.name: f for f in FILES}
VERSION = "1.1"


VERSION_1 = files_of_version(FILES, "1")
"""The contract's first version (the synthetic country writes all of 1.1)."""
VERSION_1_BY_NAME = {f.name: f for f in VERSION_1}
