"""The messages of forecasting (jumys/kit/messages.py)."""

from __future__ import annotations

from jumys.kit.messages import Message

BEYOND_DATA = Message(
    "forecasting.beyond_data", "{series}: the data go from {first} to {last}; {year} is beyond them"
)
# --- scenarios of new growth points (jumys scenario run FILE, docs/scenarios.md) ---
SCENARIO_REFUSED = Message(
    "forecasting.scenario_refused", "the scenario file {file} is refused; problems found: {count}: {problems}"
)
SCENARIO_NEXT = Message("forecasting.scenario_next", "; ")
SCENARIO_UNREADABLE = Message("forecasting.scenario_unreadable", "the file cannot be read ({reason})")
SCENARIO_NOT_UTF8 = Message("forecasting.scenario_not_utf8", "the file is not UTF-8 text")
SCENARIO_TOO_LARGE = Message(
    "forecasting.scenario_too_large", "the file has {size} bytes; a scenario file has at most {limit}"
)
SCENARIO_EMPTY = Message("forecasting.scenario_empty", "the file holds no change (jobs, resettle or wage)")
SCENARIO_HEADER = Message(
    "forecasting.scenario_header", "line {line}: the header must be {expected}; it is {found}"
)
SCENARIO_FIELDS = Message(
    "forecasting.scenario_fields", "line {line}: {found} fields where the header has {expected}"
)
SCENARIO_KIND = Message("forecasting.scenario_kind", "line {line}: {value} is not a kind of line ({kinds})")
SCENARIO_REGION = Message(
    "forecasting.scenario_region", "line {line}: {value} is not the 2-digit KATO code of a region"
)
SCENARIO_SAME_REGION = Message(
    "forecasting.scenario_same_region", "line {line}: persons are resettled from {region} to the same region"
)
SCENARIO_YEAR = Message(
    "forecasting.scenario_year", "line {line}: year {value} is not between {first} and {last}"
)
SCENARIO_NUMBER = Message("forecasting.scenario_number", "line {line}: {value} is not a number")
SCENARIO_WHOLE = Message(
    "forecasting.scenario_whole", "line {line}: {value} is not a whole number of {what} of 0 or more"
)
SCENARIO_WAGE = Message(
    "forecasting.scenario_wage", "line {line}: a wage change of {value} % is not between -90 and 500"
)
SCENARIO_PARAMETER = Message(
    "forecasting.scenario_parameter", "line {line}: {name} {value} is not between {low} and {high}"
)
SCENARIO_UNUSED = Message("forecasting.scenario_unused", "line {line}: a {kind} line takes no {column}")
SCENARIO_MISSING = Message("forecasting.scenario_missing", "line {line}: a {kind} line needs its {column}")
SCENARIO_TWICE = Message("forecasting.scenario_twice", "line {line}: the same as line {first}")
SCENARIO_TEXT = Message("forecasting.scenario_text", "line {line}: a {kind} is at most {limit} characters")
# --- running and reading scenarios ---
SCENARIO_TO = Message("forecasting.scenario_to", "the horizon {value} is not between {first} and {last}")
SCENARIO_NOT_FOUND = Message("forecasting.scenario_not_found", "no scenario run {run_id}")
SCENARIO_COMPARE = Message(
    "forecasting.scenario_compare", "compare takes 2 to {limit} runs; {count} were given"
)
# --- migration flows (jumys/forecasting/gravity.py) ---
MIGRATION_EMPTY = Message(
    "forecasting.migration_empty",
    "the migration table has no flows between regions: load a migration file first",
)
MIGRATION_NO_YEAR = Message(
    "forecasting.migration_no_year", "the migration table has no flows of {year}: it has {first} to {last}"
)
MIGRATION_ONE_YEAR = Message(
    "forecasting.migration_one_year",
    "the holdout needs at least two years of flows; the migration table has only {year}",
)
COVARIATE_MISSING = Message(
    "forecasting.covariate_missing", "region {region} has no {what} in the store in any year"
)
COVARIATES_BEYOND = Message(
    "forecasting.covariates_beyond",
    "the store's population goes from {first} to {last}; {year} is beyond it (change the covariates instead)",
)
GRAVITY_REGIONS = Message(
    "forecasting.gravity_regions", "the covariates are not of the regions the model was fitted on"
)
WAGE_CHANGE_RANGE = Message(
    "forecasting.wage_change_range",
    "the wage change of region {region}, {change} %, is outside -90 % to +500 %",
)
UNEMPLOYMENT_CHANGE_RANGE = Message(
    "forecasting.unemployment_change_range",
    "the unemployment change of region {region}, {change} points, is outside -50 to +50 points "
    "or takes the rate outside 0 to 100 %",
)
CHANGE_FORMAT = Message(
    "forecasting.change_format",
    "{value} is not a change of the form KATO=+10% (a region's code and a percent)",
)
NO_POPULATION = Message(
    "forecasting.no_population",
    "the store holds no population (the population file of a batch); load a batch or use the shipped statistics",
)
NO_POPULATION_YEAR = Message(
    "forecasting.no_population_year",
    "the store holds no population for {year}; its years are {first} to {last}",
)
YEAR_OUT_OF_RANGE = Message(
    "forecasting.year_out_of_range",
    "the forecast runs to a year from {first} to {last}, not {year}",
)
UNKNOWN_REGION = Message(
    "forecasting.unknown_region",
    "unknown region {region}: {region} is not the 2-digit KATO code of a region",
)
DATA_GO_TO = Message(
    "forecasting.data_go_to",
    "the data go to 1 January {year}; the years after it are projected",
)
UNKNOWN_FAMILY = Message("forecasting.unknown_family", "unknown series family {family}: one of {families}")
NATIONAL_FAMILY = Message(
    "forecasting.national_family", "{family} is published for the whole country only: ask without a region"
)
HORIZON = Message("forecasting.horizon", "the horizon is 1 to {most} years, not {horizon}")
STORE_EMPTY = Message(
    "forecasting.store_empty",
    "the store's region_stats hold no yearly series of at least {least} years for the family and region asked"
    " (family {family}, region {region})",
)
# --- labour supply and demand (jumys/forecasting/labour.py) ---
LABOUR_YEARS = Message(
    "forecasting.labour_years", "the labour outlook runs from {first} to at most {last}; {year} is outside"
)
