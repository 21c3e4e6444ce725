"""The data contract (shared/spec/data-contract.md, version 1) as data.

One FileSpec a file: its key, its columns with their kinds, the date orders it must respect.
Validation, the rejects report, the storage tables and the docs are all derived from this
table, so the contract is written down once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal[
    "text",  # free text
    "iin",  # personal identifier: pseudonymised at the boundary, stored as person_id
    "bin",  # business identifier with check digit
    "bins",  # ;-separated BINs
    "kato",  # 9-digit place code, region = first two digits
    "oked",  # 5-digit activity code
    "nkz",  # 4-digit occupation code
    "citizenship",  # ISO 3166-1 alpha-3
    "date",  # YYYY-MM-DD
    "period",  # YYYY-MM
    "stat_period",  # YYYY or YYYY-MM
    "int",  # whole number
    "number",  # decimal number
    "bool",  # true / false
    "enum",  # one of values
]


@dataclass(frozen=True)
class Column:
    """A column of a contract file."""

    name: str
    kind: Kind
    required: bool = True
    values: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    employer: bool = False  # a BIN that must be among the employers (stored or in the batch)
    prose: bool = False  # words people write: an IIN found in them is masked before it is stored

    @property
    def stored_name(self) -> str:
        """The column's name in storage: IINs are kept only as person_id."""
        return "person_id" if self.kind == "iin" else self.name


@dataclass(frozen=True)
class DateOrder:
    """earlier must not lie after later (strict: must lie before)."""

    earlier: str
    later: str
    strict: bool = False


@dataclass(frozen=True)
class FileSpec:
    """A file of the contract."""

    name: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    orders: tuple[DateOrder, ...] = field(default=())
    description: str = ""

    @property
    def column_names(self) -> tuple[str, ...]:
        """The contract's column names, in the contract's order."""
        return tuple(c.name for c in self.columns)

    @property
    def required_names(self) -> tuple[str, ...]:
        """Columns that must be present in the header (optional ones may be absent or empty)."""
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        """The column called name."""
        return next(c for c in self.columns if c.name == name)

    @property
    def stored_key(self) -> tuple[str, ...]:
        """The key as stored (person_id for iin)."""
        return tuple(self.column(k).stored_name for k in self.key)


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

FILES: tuple[FileSpec, ...] = (
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
        ),
        orders=(DateOrder("registered_on", "left_on"),),
        description="Persons registered as job seekers with the employment service.",
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
    ),
    FileSpec(
        "vision_zero",
        ("bin",),
        (_c("bin", "bin", employer=True), _c("joined_on", "date")),
        description="Employers that joined the Vision Zero programme.",
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
)

BY_NAME = {f.name: f for f in FILES}
