"""The SQL checks of IINs and BINs (registry/checks.py) agree exactly with the Python ones (kit)."""

import datetime as dt
import random
from collections.abc import Iterator

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jumys.kit.identifiers import bin_problem, iin_problem, make_bin, make_iin
from jumys.registry.checks import bin_map_sql, iin_map_sql

TODAY = dt.date(2025, 6, 30)
DIGITS = "0123456789"
_CON: list[duckdb.DuckDBPyConnection] = []  # one in-memory database for the module: connecting costs more


@pytest.fixture(autouse=True, scope="module")
def _connection() -> Iterator[None]:
    _CON.append(duckdb.connect())
    yield
    _CON.pop().close()


def _sql_iin_problems(values: list[str], today: dt.date = TODAY) -> dict[str, str | None]:
    con = _CON[0]
    con.execute("CREATE OR REPLACE TABLE src AS SELECT unnest(CAST($1 AS VARCHAR[])) AS iin", [values])
    rows = con.execute(iin_map_sql("src", "NULL", str(today))).fetchall()
    return {r[0]: r[1] for r in rows}


def _sql_bin_problems(values: list[str]) -> dict[str, str | None]:
    con = _CON[0]
    con.execute("CREATE OR REPLACE TABLE src AS SELECT unnest(CAST($1 AS VARCHAR[])) AS bin", [values])
    return dict(con.execute(bin_map_sql("src")).fetchall())


def _mutations(value: str) -> list[str]:
    """value with each single digit changed by one: near misses of a valid number."""
    out = []
    for i, ch in enumerate(value):
        if ch.isdigit():
            out.append(value[:i] + str((int(ch) + 1) % 10) + value[i + 1 :])
    return out


def _sample(seed: int) -> list[str]:
    rnd = random.Random(seed)
    values = ["".join(rnd.choice(DIGITS) for _ in range(12)) for _ in range(4000)]
    for _ in range(300):
        born = dt.date(1800, 1, 1) + dt.timedelta(days=rnd.randrange(0, 300 * 365))
        iin = make_iin(born, rnd.choice("MF"), rnd.randrange(10000))
        values += [iin, *_mutations(iin)]
        b = make_bin(dt.date(2000, 1, 1) + dt.timedelta(days=rnd.randrange(0, 9000)), rnd.randrange(10**5))
        values += [b, *_mutations(b)]
    # birth-date edge cases with every check digit
    for stem in ("0002295", "0002293", "9002293", "9602293", "9913316", "0101011", "2506303", "2507013"):
        values += [f"{stem}0001{d}" for d in DIGITS]
    values += ["", "12345678901", "1234567890123", "12345678901a", "١٢٣٤٥٦٧٨٩٠١٢", "90041230001 "]
    return values


def test_iin_sql_agrees_with_python_on_a_seeded_sample() -> None:
    values = _sample(20251)
    sql = _sql_iin_problems(values)
    mismatches = {v: (sql[v], iin_problem(v, TODAY)) for v in set(values) if sql[v] != iin_problem(v, TODAY)}
    assert mismatches == {}
    # the sample reaches every verdict
    assert {iin_problem(v, TODAY) for v in values} >= {
        None,
        "an IIN is 12 digits",
        "digit 7 of an IIN (century and sex) must be 1 to 6",
        "digits 1-6 of an IIN are not a valid birth date",
        "the birth date in the IIN lies in the future",
        "wrong IIN check digit",
    }


def test_bin_sql_agrees_with_python_on_a_seeded_sample() -> None:
    values = _sample(20252)
    sql = _sql_bin_problems(values)
    mismatches = {v: (sql[v], bin_problem(v)) for v in set(values) if sql[v] != bin_problem(v)}
    assert mismatches == {}
    assert {bin_problem(v) for v in values} >= {
        None,
        "a BIN is 12 digits",
        "digit 5 of a BIN must be 4, 5 or 6",
        "wrong BIN check digit",
    }


def test_iin_map_gives_birth_date_and_sex() -> None:
    iin = make_iin(dt.date(1987, 11, 3), "F", 42)
    con = duckdb.connect()
    con.execute(f"CREATE TABLE src AS SELECT '{iin}' AS iin")
    sql = iin_map_sql("src", "NULL", str(TODAY))
    row = con.execute(f"SELECT problem, birth_date, sex FROM ({sql})").fetchone()
    assert row == (None, dt.date(1987, 11, 3), "F")


def _changed(value: str, pos: int, digit: str) -> str:
    return value[:pos] + digit + value[pos + 1 :]


twelve_chars = st.one_of(
    st.text(alphabet=DIGITS, min_size=12, max_size=12),
    st.text(min_size=11, max_size=13),
    st.builds(
        lambda born, sex, serial, pos, digit: _changed(make_iin(born, sex, serial), pos, digit),
        st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2099, 12, 31)),
        st.sampled_from("MF"),
        st.integers(0, 9999),
        st.integers(0, 11),
        st.sampled_from(DIGITS),
    ),
)


@settings(derandomize=True, max_examples=40, deadline=None)
@given(st.lists(twelve_chars, min_size=1, max_size=40), st.dates(dt.date(1990, 1, 1), dt.date(2060, 1, 1)))
def test_iin_sql_and_python_agree(values: list[str], today: dt.date) -> None:
    values = [v.replace("\x00", "") for v in values]
    sql = _sql_iin_problems(values, today)
    assert {v: sql[v] for v in values} == {v: iin_problem(v, today) for v in values}


@settings(derandomize=True, max_examples=40, deadline=None)
@given(st.lists(twelve_chars, min_size=1, max_size=40))
def test_bin_sql_and_python_agree(values: list[str]) -> None:
    values = [v.replace("\x00", "") for v in values]
    sql = _sql_bin_problems(values)
    assert {v: sql[v] for v in values} == {v: bin_problem(v) for v in values}
