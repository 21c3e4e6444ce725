"""The words of the exported labour report: headings, figure names and notes, rendered per language."""

from __future__ import annotations

from jumys.kit.messages import Message

TITLE = Message("report.title", "Labour report {year}")
NATIONAL = Message("report.national", "Kazakhstan")
SUBTITLE = Message(
    "report.subtitle", "Compared with {previous}. Every figure is computed by the SQL query named beside it."
)
COL_FIGURE = Message("report.col_figure", "Figure")
COL_CHANGE = Message("report.col_change", "Change")
COL_QUERY = Message("report.col_query", "Query")
PP = Message("report.pp", "{value} pp")
SECTION_SAFETY = Message("report.section_safety", "Safety at work")
SECTION_ARREARS = Message("report.section_arrears", "Wage arrears")
SECTION_INSPECTIONS = Message("report.section_inspections", "Inspections")
SECTION_SKILLS = Message("report.section_skills", "Skills")
SECTION_MARKET = Message("report.section_market", "Employment and wages")
SECTION_FOREIGN = Message("report.section_foreign", "Foreign workers")
SECTION_PROJECTS = Message("report.section_projects", "Investment projects")
BENCHMARKS = Message(
    "report.benchmarks", "Trained at the employer's expense: Kazakhstan {kz}, OECD {oecd} (reference values)."
)
CHART_INJURIES = Message("report.chart_injuries", "Injured per 1,000 active contracts")
CHART_TRAINING = Message("report.chart_training", "Trained at the employer's expense, %")
CHART_WAGE = Message("report.chart_wage", "Average wage, thousand KZT")
CHART_BY_REGION = Message("report.chart_by_region", "{what}: by region, {year}")
KAZAKHSTAN_BENCHMARK = Message("report.kazakhstan_benchmark", "Kazakhstan (reference)")
OECD_BENCHMARK = Message("report.oecd_benchmark", "OECD")
COUNTRY = Message("report.country", "Country")
PAGE = Message("report.page", "Page {n}")
SHEET_QUERIES = Message("report.sheet_queries", "Queries")
PROJECTS_AS_OF = Message("report.projects_as_of", "Projects as verified on {date}.")

FIGURES = {
    "active_contracts": Message("report.active_contracts", "Contracts active in the year"),
    "injured": Message("report.injured", "Workers injured"),
    "injured_per_1000": Message("report.injured_per_1000", "Injured per 1,000 active contracts"),
    "fatal": Message("report.fatal", "Fatal injuries"),
    "vision_zero": Message("report.vision_zero", "Enterprises in Vision Zero"),
    "vision_zero_joined": Message("report.vision_zero_joined", "of them joined in the year"),
    "arrears_repaid_enterprises": Message(
        "report.arrears_repaid_enterprises", "Enterprises that repaid wage arrears"
    ),
    "arrears_repaid_kzt": Message("report.arrears_repaid_kzt", "Wage arrears repaid, KZT"),
    "arrears_open_enterprises": Message(
        "report.arrears_open_enterprises", "Enterprises with arrears open at year end"
    ),
    "arrears_open_kzt": Message("report.arrears_open_kzt", "Arrears open at year end, KZT"),
    "arrears_open_workers": Message("report.arrears_open_workers", "Workers owed at year end"),
    "workers_year_end": Message("report.workers_year_end", "Workers on electronic contracts at year end"),
    "inspections": Message("report.inspections", "Inspections"),
    "violations": Message("report.violations", "Violations found"),
    "fines_kzt": Message("report.fines_kzt", "Fines, KZT"),
    "employees": Message("report.employees", "Employees in the year"),
    "trained_by_employer": Message("report.trained_by_employer", "Trained at the employer's expense"),
    "trained_share": Message("report.trained_share", "Share trained at the employer's expense"),
    "employed": Message("report.employed", "Employed (official statistics)"),
    "unemployment_rate": Message("report.unemployment_rate", "Unemployment rate"),
    "avg_wage_kzt": Message("report.avg_wage_kzt", "Average monthly wage, KZT"),
    "wage_vs_country": Message("report.wage_vs_country", "Average wage against the country"),
    "foreign_workers": Message("report.foreign_workers", "Foreign workers with a valid permit at year end"),
    "permits_issued": Message("report.permits_issued", "Work permits issued"),
    "quota_units": Message("report.quota_units", "Foreign-labour quota"),
    "quota_use": Message("report.quota_use", "Quota used"),
    "projects": Message("report.projects", "Investment projects"),
    "jobs_promised": Message("report.jobs_promised", "Permanent jobs promised"),
    "jobs_verified": Message("report.jobs_verified", "Permanent jobs verified"),
}
