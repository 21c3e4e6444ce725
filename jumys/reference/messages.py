"""The messages of the published statistics (jumys/kit/messages.py)."""

from __future__ import annotations

from jumys.kit.messages import Message

NO_FIGURE_FOR_YEAR = Message("reference.no_figure_for_year", "no {what} for {year}; published years: {years}")
NO_POPULATION_FOR_YEAR = Message(
    "reference.no_population_for_year", "no population for {year}; published years: {first}-{last}"
)
