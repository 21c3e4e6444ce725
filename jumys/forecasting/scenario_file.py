"""The scenario file a planner writes: a CSV with the header `kind,region,year,value,to_region`, comments
after `#`, one change or setting a line (docs/scenarios.md). Read whole or refused whole, every bad line
named with its reason.

Kinds: `name` and `description` (the text in `value`); `jobs` (new jobs in `region` from `year` on),
`resettle` (persons moved in `year` from `region` to `to_region`), `wage` (the region's wage changed by
`value` % from `year` on); `horizon` (the last year, in `value`) and each parameter of
jumys/forecasting/scenario_params.py by its name (its value in `value`).
"""

from __future__ import annotations

import csv
import hashlib
import math
from dataclasses import dataclass, field
from typing import Any

from jumys.errors import InvalidInput
from jumys.forecasting import messages as M
from jumys.forecasting.scenario_params import BY_NAME, LAST_YEAR, Parameters
from jumys.kit.messages import Text
from jumys.reference.regions import region_codes

HEADER = ("kind", "region", "year", "value", "to_region")
CHANGES = ("jobs", "resettle", "wage")
TEXTS = {"name": 120, "description": 2000}
KINDS = (*TEXTS, *CHANGES, "horizon", *BY_NAME)
MAX_BYTES = 1 << 20  # a scenario of every region, year and kind is about 60 kB
MAX_PROBLEMS = 50  # listed; the count says how many there were
WAGE_RANGE = (-90.0, 500.0)


@dataclass(frozen=True)
class Change:
    """One change of a scenario: jobs or a wage change in a region from a year on, or persons resettled."""

    kind: str
    region: str
    year: int
    value: float
    to_region: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The change as JSON."""
        return {
            "kind": self.kind,
            "region": self.region,
            "year": self.year,
            "value": self.value,
            "to_region": self.to_region,
        }


@dataclass(frozen=True)
class Scenario:
    """A scenario as read from its file: its name, description, changes and parameters."""

    name: str
    description: str
    changes: tuple[Change, ...]
    parameters: Parameters
    file_name: str = ""
    sha256: str = ""
    set_parameters: tuple[str, ...] = field(default=())  # the parameters the file set


@dataclass
class _Reading:
    base_year: int
    to: int | None
    problems: list[Text] = field(default_factory=list)
    count: int = 0
    texts: dict[str, str] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    seen: dict[tuple[str, ...], int] = field(default_factory=dict)

    def refuse(self, text: Text) -> None:
        self.count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(text)


def read_scenario(
    data: bytes, base_year: int, file_name: str = "scenario.csv", to: int | None = None
) -> Scenario:
    """The scenario in data (a file's bytes), its years after base_year, to the horizon `to` when given (else
    the file's, else LAST_YEAR); InvalidInput listing every bad line."""
    if to is not None and not base_year < to <= LAST_YEAR:
        raise InvalidInput(M.SCENARIO_TO, value=to, first=base_year + 1, last=LAST_YEAR)
    reading = _Reading(base_year, to)
    if len(data) > MAX_BYTES:
        reading.refuse(M.SCENARIO_TOO_LARGE(size=len(data), limit=MAX_BYTES))
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            reading.refuse(M.SCENARIO_NOT_UTF8())
        else:
            _read_lines(reading, text)
    if not reading.count and not reading.changes:
        reading.refuse(M.SCENARIO_EMPTY())
    if reading.count:
        problems: list[Text] = []
        for p in reading.problems:
            problems += [M.SCENARIO_NEXT(), p] if problems else [p]
        raise InvalidInput(M.SCENARIO_REFUSED, file=file_name, count=reading.count, problems=problems)
    horizon = reading.to or int(reading.values.pop("horizon", LAST_YEAR))
    reading.values.pop("horizon", None)
    return Scenario(
        name=reading.texts.get("name") or file_name.rsplit(".", 1)[0],
        description=reading.texts.get("description", ""),
        changes=tuple(sorted(reading.changes, key=lambda c: (c.year, c.kind, c.region, c.to_region or ""))),
        parameters=Parameters(horizon=horizon).with_values(reading.values),
        file_name=file_name,
        sha256=hashlib.sha256(data).hexdigest(),
        set_parameters=tuple(sorted([*reading.values, *(["horizon"] if horizon != LAST_YEAR else [])])),
    )


def _read_lines(reading: _Reading, text: str) -> None:
    header_seen = False
    rows: list[tuple[int, list[str]]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            fields_ = [f.strip() for f in next(csv.reader([_uncomment(line)]))]
        except (csv.Error, StopIteration):
            fields_ = [line]
        if not header_seen:
            header_seen = True
            if tuple(f.lower() for f in fields_) != HEADER:
                reading.refuse(
                    M.SCENARIO_HEADER(line=number, expected=",".join(HEADER), found=",".join(fields_))
                )
                return
            continue
        rows.append((number, fields_))
    horizon = _horizon(reading, rows)
    for number, fields_ in rows:
        _read_row(reading, number, fields_, horizon)


def _uncomment(line: str) -> str:
    """The line without a comment after an unquoted #."""
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == "#" and not quoted:
            return line[:i].rstrip()
    return line


def _horizon(reading: _Reading, rows: list[tuple[int, list[str]]]) -> int:
    """The horizon asked for, else the one the file sets (checked where its line is read), else the last year."""
    if reading.to is not None:
        return reading.to
    for _, fields_ in rows:
        if fields_ and fields_[0] == "horizon" and len(fields_) == len(HEADER):
            value = _number(fields_[3])
            if value is not None and value.is_integer() and reading.base_year < value <= LAST_YEAR:
                return int(value)
    return LAST_YEAR


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _read_row(reading: _Reading, line: int, fields_: list[str], horizon: int) -> None:
    if len(fields_) != len(HEADER):
        reading.refuse(M.SCENARIO_FIELDS(line=line, found=len(fields_), expected=len(HEADER)))
        return
    kind, region, year, value, to_region = fields_
    if kind not in KINDS:
        reading.refuse(M.SCENARIO_KIND(line=line, value=kind, kinds=", ".join(KINDS)))
        return
    if kind in CHANGES:
        _read_change(reading, line, kind, region, year, value, to_region, horizon)
        return
    for column, given in (("region", region), ("year", year), ("to_region", to_region)):
        if given:
            reading.refuse(M.SCENARIO_UNUSED(line=line, kind=kind, column=column))
            return
    if not _first(reading, line, (kind,)):
        return
    if kind in TEXTS:
        if not value:
            reading.refuse(M.SCENARIO_MISSING(line=line, kind=kind, column="value"))
        elif len(value) > TEXTS[kind]:
            reading.refuse(M.SCENARIO_TEXT(line=line, kind=kind, limit=TEXTS[kind]))
        else:
            reading.texts[kind] = value
        return
    number = _number(value)
    if number is None:
        reading.refuse(M.SCENARIO_NUMBER(line=line, value=value))
    elif kind == "horizon":
        if number.is_integer() and reading.base_year < number <= LAST_YEAR:
            reading.values["horizon"] = int(number)
        else:
            reading.refuse(
                M.SCENARIO_YEAR(line=line, value=value, first=reading.base_year + 1, last=LAST_YEAR)
            )
    elif not BY_NAME[kind].low <= number <= BY_NAME[kind].high:
        p = BY_NAME[kind]
        reading.refuse(M.SCENARIO_PARAMETER(line=line, name=kind, value=value, low=p.low, high=p.high))
    else:
        reading.values[kind] = number


def _first(reading: _Reading, line: int, key: tuple[str, ...]) -> bool:
    """Whether this is the first line with key; refused as a duplicate otherwise."""
    if key in reading.seen:
        reading.refuse(M.SCENARIO_TWICE(line=line, first=reading.seen[key]))
        return False
    reading.seen[key] = line
    return True


def _read_change(
    reading: _Reading, line: int, kind: str, region: str, year: str, value: str, to_region: str, horizon: int
) -> None:
    bad = len(reading.problems), reading.count
    codes = region_codes()
    if not region:
        reading.refuse(M.SCENARIO_MISSING(line=line, kind=kind, column="region"))
    elif region not in codes:
        reading.refuse(M.SCENARIO_REGION(line=line, value=region))
    if kind == "resettle":
        if not to_region:
            reading.refuse(M.SCENARIO_MISSING(line=line, kind=kind, column="to_region"))
        elif to_region not in codes:
            reading.refuse(M.SCENARIO_REGION(line=line, value=to_region))
        elif to_region == region:
            reading.refuse(M.SCENARIO_SAME_REGION(line=line, region=region))
    elif to_region:
        reading.refuse(M.SCENARIO_UNUSED(line=line, kind=kind, column="to_region"))
    first = reading.base_year + 1
    if not (year.isascii() and year.isdigit() and first <= int(year) <= horizon):
        reading.refuse(M.SCENARIO_YEAR(line=line, value=year or "(none)", first=first, last=horizon))
    number = _number(value)
    if number is None:
        reading.refuse(M.SCENARIO_NUMBER(line=line, value=value or "(none)"))
    elif kind == "wage":
        if not WAGE_RANGE[0] <= number <= WAGE_RANGE[1]:
            reading.refuse(M.SCENARIO_WAGE(line=line, value=value))
    elif not (number >= 0 and number.is_integer()):
        what = "jobs" if kind == "jobs" else "persons"
        reading.refuse(M.SCENARIO_WHOLE(line=line, value=value, what=what))
    if (len(reading.problems), reading.count) != bad or number is None:
        return
    if _first(reading, line, (kind, region, year, to_region)):
        reading.changes.append(Change(kind, region, int(year), number, to_region or None))
