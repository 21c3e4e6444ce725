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
UNKNOWN_REGION = Message(
    "forecasting.unknown_region",
    "unknown region {region!r}: a region is its two-digit KATO code (11, 75, ...)",
)
DATA_GO_TO = Message(
    "forecasting.data_go_to",
    "the data go to 1 January {year}; the years after it are projected",
)
