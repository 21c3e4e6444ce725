"""The messages of the read models: scope, projects, employers (jumys/kit/messages.py)."""

from __future__ import annotations

from jumys.kit.messages import Message

NO_EMPLOYER = Message("reports.no_employer", "no employer {bin!r}")
NO_REGION = Message("reports.no_region", "no region {code!r}: a region is one of the 20 two-digit KATO codes")
REGION_FORBIDDEN = Message(
    "reports.region_forbidden", "an akimat of region {own} sees nothing of region {other}"
)
DETAIL_FORBIDDEN = Message(
    "reports.detail_forbidden",
    "the public sees region aggregates only: sign in to see projects and employers",
)
CONTROL_CHARACTERS = Message("reports.control_characters", "{what} may not contain control characters")
SEARCH_TEXT = Message("reports.search_text", "the search text")
PROJECT_ID = Message("reports.project_id", "a project id")
STATUS_UNKNOWN = Message("reports.status_unknown", "status must be one of {values}")
SECTOR_UNKNOWN = Message("reports.sector_unknown", "sector is an OKED section letter, A to U")
NO_PROJECT = Message("reports.no_project", "no project {id!r}")
MAP_DETAIL_FORBIDDEN = Message(
    "reports.map_detail_forbidden",
    "the map's enterprises are for inspectors, the ministry and akimats: others see counts by region and class",
)
MAP_FILTER_FORBIDDEN = Message(
    "reports.map_filter_forbidden",
    "the public sees counts by region and class only: sign in to filter by section, Vision Zero or arrears",
)
NO_RISK_RUN = Message("reports.no_risk_run", "no risk scoring at {date}: see {where} for the dates scored")
BBOX_INVALID = Message(
    "reports.bbox_invalid",
    "bbox is west,south,east,north: four decimal numbers of degrees, not {value!r}",
)
NO_REPORT_YEAR = Message(
    "reports.no_report_year",
    "no labour report for {year}: the registries hold no contract active in that year",
)
NO_REPORT_REGION = Message(
    "reports.no_report_region",
    "no labour report for region {region} in {year}: no enterprise of the region had an active contract that year",
)
NO_SKILLS_YEAR = Message(
    "reports.no_skills_year",
    "no skills and shortages figures for {year}: the registries hold no training and no vacancy of that year",
)
REPORT_FORBIDDEN = Message(
    "reports.report_forbidden",
    "the labour report of {region} is for the ministry, inspectors and the region's own akimat",
)
REPORT_REGION = Message("reports.report_region", "region is a two-digit KATO code or 'all', got {value!r}")
REPORT_YEAR = Message("reports.report_year", "year must be between 2000 and 2100, got {value}")
REPORT_FORMAT = Message("reports.report_format", "the report's format is pdf or xlsx, got {value!r}")
REPORT_LANG = Message("reports.report_lang", "the report's language is ru, kk or en, got {value!r}")
FOREIGN_WORKERS_FORBIDDEN = Message(
    "reports.foreign_workers_forbidden",
    "foreign workers' conditions are for the ministry, inspectors and akimats: they name employers and, by "
    "pseudonym, persons",
)
FOREIGN_DAYS = Message("reports.foreign_days", "days must be between 1 and {most}, got {value}")
FOREIGN_UNDER_PCT = Message(
    "reports.foreign_under_pct", "the share of citizens' median must be 1 to 100 %, got {value}"
)
FOREIGN_AS_OF = Message("reports.foreign_as_of", "as_of {value!r} is not a date YYYY-MM-DD")
MATCHING_FORBIDDEN = Message(
    "reports.matching_forbidden",
    "the matching of job seekers to vacancies across regions is for the ministry, inspectors and akimats: it "
    "names job seekers by pseudonym and employers' vacancies",
)
AS_OF = Message("reports.as_of", "as_of {value!r} is not a date YYYY-MM-DD")
MATCHING_PAGE = Message(
    "reports.matching_page", "limit {limit} and offset {offset}: limit is 1 to {most}, offset 0 or more"
)
MATCHING_NO_RUN = Message(
    "reports.matching_no_run",
    "no matching was run at {as_of}: run `jumys resettle match --as-of {as_of}` first",
)
RESETTLEMENT_CASES_FORBIDDEN = Message(
    "reports.resettlement_cases_forbidden",
    "the resettlement cases are for the ministry and akimats: others see the aggregates",
)
RESETTLEMENT_PROGRAM = Message(
    "reports.resettlement_program", "program must be one of {values}, got {value!r}"
)
RESETTLEMENT_FILTER_FORBIDDEN = Message(
    "reports.resettlement_filter_forbidden",
    "the public sees the resettlement figures of every case only: sign in to narrow them to a region or a program",
)
