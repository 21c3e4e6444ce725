"""The words of the mobility domain as messages (jumys/kit/messages.py): errors, refusals, what is missing."""

from __future__ import annotations

from jumys.kit.messages import Message

NO_CLASSES = Message(
    "mobility.no_classes",
    "the regions of {year} are not classed so that seekers can be matched: {surplus} labour-surplus and "
    "{deficit} labour-deficit regions (the labour index needs that year's figures, or the government's list "
    "must name them)",
)
# --- loading the government's list of regions (jumys regions override FILE) ---
LIST_HEADER = Message(
    "mobility.list_header",
    "the list of regions needs the columns from_year, kato2 and class (and may have note); it has {columns}",
)
LIST_EMPTY = Message("mobility.list_empty", "the list of regions has no rows")
LIST_YEAR = Message(
    "mobility.list_year", "line {line}: from_year {value} is not a year between 1991 and 2100"
)
LIST_REGION = Message("mobility.list_region", "line {line}: {value} is not the 2-digit KATO code of a region")
LIST_CLASS = Message(
    "mobility.list_class", "line {line}: class {value} is not one of surplus, deficit, balanced"
)
LIST_TWICE = Message("mobility.list_twice", "line {line}: region {region} is listed twice from {year}")
LIST_UNREADABLE = Message("mobility.list_unreadable", "the list of regions cannot be read: {reason}")
# --- the years asked for ---
YEAR_RANGE = Message("mobility.year_range", "the year {year} is not between 1991 and 2100")
# --- what a region's index or demographic test lacks (RegionIndex.missing) ---
MISSING_UNEMPLOYMENT = Message(
    "mobility.missing_unemployment", "no unemployment rate for {year} or the years just before it"
)
MISSING_POPULATION = Message("mobility.missing_population", "no population for {year}")
MISSING_NET_MIGRATION = Message(
    "mobility.missing_net_migration", "no migration between regions and no official net migration for {year}"
)
MISSING_JOB_SEEKERS = Message("mobility.missing_job_seekers", "no job seekers registered by the year's end")
MISSING_VACANCIES = Message("mobility.missing_vacancies", "no vacancies posted by the year's end")
