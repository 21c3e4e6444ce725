"""The parameters of a scenario: each norm of the needs and each assumption of the chain, with its default,
the range a scenario file may set it to, and where the default comes from (docs/scenarios.md)."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

LAST_YEAR = 2050  # the furthest year a scenario reaches


@dataclass(frozen=True)
class Parameter:
    """One parameter: its default, the values a scenario file may give it, its unit and source."""

    name: str
    default: float
    low: float
    high: float
    unit: str
    source: str


PARAMETERS: tuple[Parameter, ...] = (
    Parameter(
        "school_places_per_child",
        1.0,
        0.0,
        2.0,
        "places per resident aged 6-17",
        "Assumption: every child of school age (6-17) has a place, in one shift.",
    ),
    Parameter(
        "kindergarten_coverage",
        0.91,
        0.0,
        1.0,
        "places per resident aged 1-5",
        "91 % of children aged 2-6 attended a kindergarten in early 2024 (Ministry of Enlightenment, "
        "reported by Kazinform, 16 February 2024); the national target is 100 % by 2028.",
    ),
    Parameter(
        "beds_per_10000",
        53.0,
        0.0,
        500.0,
        "hospital beds per 10,000 residents",
        "About 106,300 hospital beds at the start of 2024 (BNS, reported by the press) for about 20.0 million "
        "residents: 53 per 10,000.",
    ),
    Parameter(
        "m2_per_person",
        21.0,
        0.0,
        200.0,
        "m2 of housing per resident",
        "The housing stock per resident, about 21 m2 in 2016-2017 (Ministry of National Economy, reported by "
        "Kazinform, 27 September 2016): today's level, not a target (30 m2 is the international norm often cited).",
    ),
    Parameter(
        "local_hire_share",
        0.5,
        0.0,
        1.0,
        "share of new jobs taken by a region's own unemployed",
        "Assumption: half of the new jobs go to the region's own people (its unemployed and those entering work); "
        "the other half are filled by workers who move in from other regions.",
    ),
    Parameter(
        "movers_per_job",
        1.0,
        0.0,
        10.0,
        "persons who move per job filled from elsewhere",
        "Assumption: the worker alone. A planner who expects families to follow sets the size of the household "
        "that moves.",
    ),
)
BY_NAME = {p.name: p for p in PARAMETERS}


@dataclass(frozen=True)
class Parameters:
    """The values a scenario runs with: the defaults, unless its file sets them."""

    horizon: int = LAST_YEAR
    school_places_per_child: float = BY_NAME["school_places_per_child"].default
    kindergarten_coverage: float = BY_NAME["kindergarten_coverage"].default
    beds_per_10000: float = BY_NAME["beds_per_10000"].default
    m2_per_person: float = BY_NAME["m2_per_person"].default
    local_hire_share: float = BY_NAME["local_hire_share"].default
    movers_per_job: float = BY_NAME["movers_per_job"].default

    def with_values(self, values: dict[str, Any]) -> Parameters:
        """These parameters with some replaced."""
        return replace(self, **values)

    def as_json(self) -> dict[str, Any]:
        """The parameters by name."""
        return {f.name: getattr(self, f.name) for f in fields(self)}
