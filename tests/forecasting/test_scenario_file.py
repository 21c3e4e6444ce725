"""The scenario file: read whole or refused whole, every bad line named with its reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jumys.errors import InvalidInput
from jumys.forecasting import messages as M
from jumys.forecasting.scenario_file import HEADER, MAX_BYTES, read_scenario
from jumys.forecasting.scenario_params import BY_NAME, LAST_YEAR

BASE = 2024
HEAD = ",".join(HEADER) + "\n"
EXAMPLE = Path(__file__).resolve().parents[2] / "jumys" / "forecasting" / "data" / "scenario_example.csv"


def refusal(text: str | bytes) -> InvalidInput:
    data = text.encode() if isinstance(text, str) else text
    with pytest.raises(InvalidInput) as e:
        read_scenario(data, BASE, "s.csv")
    return e.value


def problems(e: InvalidInput) -> list[tuple[str, int | None]]:
    """(code, line) of each problem listed."""
    listed = [p for p in e.text.params["problems"] if p.code != M.SCENARIO_NEXT.code]
    return [(p.code, p.params.get("line")) for p in listed]


def test_the_shipped_example_is_read() -> None:
    s = read_scenario(EXAMPLE.read_bytes(), BASE, EXAMPLE.name)
    assert s.name == "Growth points of the south and west"
    assert {c.kind for c in s.changes} == {"jobs", "resettle", "wage"}
    assert s.parameters.kindergarten_coverage == 1.0
    assert s.parameters.beds_per_10000 == BY_NAME["beds_per_10000"].default
    assert s.parameters.horizon == LAST_YEAR and len(s.sha256) == 64


def test_comments_blank_lines_and_a_byte_order_mark_are_allowed() -> None:
    text = (
        "\ufeff# a comment\n\n"
        + HEAD
        + "jobs,11,2030,500,  # Astana\n  # indented comment\nwage,75,2026,-5,\n"
    )
    s = read_scenario(text.encode(), BASE)
    assert [(c.kind, c.region, c.year, c.value) for c in s.changes] == [
        ("wage", "75", 2026, -5.0),
        ("jobs", "11", 2030, 500.0),
    ]
    assert s.name == "scenario"  # the file's name when no name line


def test_every_bad_line_is_listed_with_its_line_and_reason() -> None:
    text = HEAD + (
        "jobs,99,2030,5,\n"  # line 2: unknown region
        "jobs,11,2030,-5,\n"  # line 3: negative job count
        f"jobs,11,{BASE},5,\n"  # line 4: the base year is no year of the scenario
        "jobs,11,2051,5,\n"  # line 5: beyond 2050
        "wage,11,2030,ten,\n"  # line 6: bad number
        "hiring,11,2030,5,\n"  # line 7: unknown kind
        "jobs,75,2030,5,\n"
        "jobs,75,2030,7,\n"  # line 9: duplicate of line 8
        "resettle,61,2030,100,\n"  # line 10: no destination
        "resettle,61,2030,100,61\n"  # line 11: to the same region
        "beds_per_10000,,,900,\n"  # line 12: out of its range
        "jobs,11,2030\n"  # line 13: too few fields
    )
    e = refusal(text)
    assert problems(e) == [
        (M.SCENARIO_REGION.code, 2),
        (M.SCENARIO_WHOLE.code, 3),
        (M.SCENARIO_YEAR.code, 4),
        (M.SCENARIO_YEAR.code, 5),
        (M.SCENARIO_NUMBER.code, 6),
        (M.SCENARIO_KIND.code, 7),
        (M.SCENARIO_TWICE.code, 9),
        (M.SCENARIO_MISSING.code, 10),
        (M.SCENARIO_SAME_REGION.code, 11),
        (M.SCENARIO_PARAMETER.code, 12),
        (M.SCENARIO_FIELDS.code, 13),
    ]
    assert e.status == 422 and e.text.params["count"] == 11
    assert "line 4: year 2024 is not between 2025 and 2050" in e.message


def test_the_horizon_bounds_the_years() -> None:
    e = refusal(HEAD + "horizon,,,2035,\njobs,11,2036,5,\n")
    assert "line 3: year 2036 is not between 2025 and 2035" in e.message
    s = read_scenario((HEAD + "horizon,,,2035,\njobs,11,2035,5,\n").encode(), BASE)
    assert s.parameters.horizon == 2035 and s.set_parameters == ("horizon",)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", M.SCENARIO_EMPTY.code),
        (b"# only a comment\n", M.SCENARIO_EMPTY.code),
        (HEAD.encode() + b"name,,,Nothing happens,\n", M.SCENARIO_EMPTY.code),
        (HEAD.encode() + b"name,,,\xff\xfe,\n", M.SCENARIO_NOT_UTF8.code),
        (b"kind,region,year,jobs\n", M.SCENARIO_HEADER.code),
        (HEAD.encode() + b"#" * (MAX_BYTES + 1), M.SCENARIO_TOO_LARGE.code),
    ],
)
def test_a_file_that_cannot_be_a_scenario_is_refused(data: bytes, code: str) -> None:
    assert [c for c, _ in problems(refusal(data))] == [code]


def test_a_region_a_year_or_a_destination_where_none_belongs_is_refused() -> None:
    e = refusal(HEAD + "name,11,,A name,\njobs,11,2030,5,75\nkindergarten_coverage,,2030,0.5,\n")
    assert problems(e) == [
        (M.SCENARIO_UNUSED.code, 2),
        (M.SCENARIO_UNUSED.code, 3),
        (M.SCENARIO_UNUSED.code, 4),
    ]


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_are_read_or_refused_with_a_reason(data: bytes) -> None:
    try:
        read_scenario(HEAD.encode() + data, BASE)
    except InvalidInput as e:
        assert e.text.params["count"] >= 1 and problems(e)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["jobs", "wage", "resettle"]),
            st.sampled_from(["11", "75", "61", "00"]),
            st.integers(2020, 2055),
            st.integers(-200, 5000),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_a_line_is_kept_exactly_when_no_rule_refuses_it(lines: list[tuple[str, str, int, int]]) -> None:
    text = HEAD + "".join(f"{k},{r},{y},{v},{'59' if k == 'resettle' else ''}\n" for k, r, y, v in lines)
    keys = [(k, r, y) for k, r, y, _ in lines]
    good = all(
        r != "00" and BASE < y <= LAST_YEAR and (v >= 0 or k == "wage") and (k != "wage" or -90 <= v <= 500)
        for k, r, y, v in lines
    ) and len(set(keys)) == len(keys)
    try:
        s = read_scenario(text.encode(), BASE)
    except InvalidInput:
        assert not good
    else:
        assert good and len(s.changes) == len(lines)


def test_a_horizon_asked_for_wins_over_the_files_and_must_be_in_range() -> None:
    s = read_scenario((HEAD + "horizon,,,2040,\njobs,11,2030,5,\n").encode(), BASE, to=2032)
    assert s.parameters.horizon == 2032
    for to in (BASE, LAST_YEAR + 1):
        with pytest.raises(InvalidInput) as bad:
            read_scenario((HEAD + "jobs,11,2030,5,\n").encode(), BASE, to=to)
        assert bad.value.code == M.SCENARIO_TO.code
    with pytest.raises(InvalidInput) as late:
        read_scenario((HEAD + "jobs,11,2030,5,\n").encode(), BASE, to=2029)
    assert "line 2: year 2030 is not between 2025 and 2029" in late.value.message


def test_a_refusal_with_one_problem_reads_well_in_english() -> None:
    e = refusal(HEAD + "jobs,99,2030,5,\n")
    assert "1 problems" not in e.message and "problems found: 1: line 2:" in e.message, e.message
