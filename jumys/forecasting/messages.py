"""The messages of forecasting (jumys/kit/messages.py)."""

from __future__ import annotations

from jumys.kit.messages import Message

BEYOND_DATA = Message(
    "forecasting.beyond_data", "{series}: the data go from {first} to {last}; {year} is beyond them"
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
DATA_GO_TO = Message(
    "forecasting.data_go_to",
    "the data go to 1 January {year}; the years after it are projected",
)
UNKNOWN_FAMILY = Message("forecasting.unknown_family", "unknown series family {family}: one of {families}")
UNKNOWN_REGION = Message(
    "forecasting.unknown_region", "unknown region {region}: the 2-digit KATO code of a region, such as 75"
)
NATIONAL_FAMILY = Message(
    "forecasting.national_family", "{family} is published for the whole country only: ask without a region"
)
HORIZON = Message("forecasting.horizon", "the horizon is 1 to {most} years, not {horizon}")
STORE_EMPTY = Message(
    "forecasting.store_empty",
    "the store's region_stats hold no yearly series of at least {least} years for the family and region asked"
    " (family {family}, region {region})",
)
