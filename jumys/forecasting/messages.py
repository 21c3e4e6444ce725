"""The messages of forecasting (jumys/kit/messages.py)."""

from __future__ import annotations

from jumys.kit.messages import Message

BEYOND_DATA = Message(
    "forecasting.beyond_data", "{series}: the data go from {first} to {last}; {year} is beyond them"
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
UNKNOWN_REGION = Message(
    "forecasting.unknown_region",
    "unknown region {region!r}: {region} is not the 2-digit KATO code of a region",
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
# --- labour supply and demand (jumys/forecasting/labour.py) ---
LABOUR_YEARS = Message(
    "forecasting.labour_years", "the labour outlook runs from {first} to at most {last}; {year} is outside"
)
