"""IIN and BIN: the check digit of the data contract, the century/sex digit and the birth date."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jumys.kit.identifiers import (
    bin_problem,
    check_digit,
    complete,
    has_valid_check_digit,
    iin_problem,
    make_bin,
    make_iin,
    mask_identifier,
    parse_iin,
)

TODAY = dt.date(2025, 6, 30)

# 9*1 + 4*4 + 1*5 + 2*6 + 3*7 + 1*11 = 74; 74 mod 11 = 8
PLAIN = "900412300018"
# 9*1 + 4*4 + 1*5 + 2*6 + 3*7 + 9*10 = 153 = 10 (mod 11): second weights 27+24+7+16+27+9 = 110 = 0 (mod 11)
SECOND_WEIGHTS = "900412300900"
# first 11 digits whose sums are 10 under both weightings: no check digit exists
BOTH_TEN = "90041230095"


def test_check_digit_is_the_weighted_sum_mod_11() -> None:
    assert check_digit(PLAIN[:11]) == 8
    assert has_valid_check_digit(PLAIN)
    assert iin_problem(PLAIN, TODAY) is None


@pytest.mark.parametrize("last", [d for d in "0123456789" if d != "8"])
def test_any_other_last_digit_is_a_wrong_check_digit(last: str) -> None:
    assert iin_problem(PLAIN[:11] + last, TODAY) == "wrong IIN check digit"


def test_a_sum_of_10_falls_back_to_the_second_weights() -> None:
    assert check_digit(SECOND_WEIGHTS[:11]) == 0
    assert iin_problem(SECOND_WEIGHTS, TODAY) is None
    # the digit the first weighting would give (10 -> invalid as a digit) is not accepted either
    assert iin_problem(SECOND_WEIGHTS[:11] + "1", TODAY) == "wrong IIN check digit"


@pytest.mark.parametrize("last", list("0123456789"))
def test_both_sums_10_make_the_number_invalid(last: str) -> None:
    assert check_digit(BOTH_TEN) is None
    assert complete(BOTH_TEN) is None
    assert not has_valid_check_digit(BOTH_TEN + last)
    assert iin_problem(BOTH_TEN + last, TODAY) == "wrong IIN check digit"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("90041230001", "an IIN is 12 digits"),
        ("9004123000188", "an IIN is 12 digits"),
        ("90041230001a", "an IIN is 12 digits"),
        ("９００４１２３０００１８", "an IIN is 12 digits"),  # full-width digits are not ASCII digits
        (" 90041230001", "an IIN is 12 digits"),
        ("", "an IIN is 12 digits"),
    ],
)
def test_an_iin_is_twelve_ascii_digits(value: str, reason: str) -> None:
    assert iin_problem(value, TODAY) == reason


@pytest.mark.parametrize("digit7", ["0", "7", "8", "9"])
def test_digit_7_outside_1_to_6_is_refused(digit7: str) -> None:
    value = complete(f"900412{digit7}0001") or complete(f"900412{digit7}0002")
    assert value is not None
    assert iin_problem(value, TODAY) == "digit 7 of an IIN (century and sex) must be 1 to 6"


@pytest.mark.parametrize(
    ("digit7", "born", "sex"),
    [
        ("1", dt.date(1890, 4, 12), "M"),
        ("2", dt.date(1890, 4, 12), "F"),
        ("3", dt.date(1990, 4, 12), "M"),
        ("4", dt.date(1990, 4, 12), "F"),
        ("5", dt.date(2090, 4, 12), "M"),
        ("6", dt.date(2090, 4, 12), "F"),
    ],
)
def test_digit_7_gives_century_and_sex(digit7: str, born: dt.date, sex: str) -> None:
    value = complete(f"900412{digit7}0001") or complete(f"900412{digit7}0002")
    assert value is not None
    if born > TODAY:
        assert iin_problem(value, TODAY) == "the birth date in the IIN lies in the future"
        assert iin_problem(value, dt.date(2100, 1, 1)) is None
    else:
        facts = parse_iin(value)
        assert (facts.birth_date, facts.sex) == (born, sex)


@pytest.mark.parametrize(
    "yymmdd",
    ["900230", "900229", "901301", "900001", "900400", "900431", "000229"],
)
def test_impossible_birth_dates_are_refused(yymmdd: str) -> None:
    # 1900-02-29 (digit 3: 1900s, yy 00) does not exist: 1900 is not a leap year
    value = complete(f"{yymmdd}30001") or complete(f"{yymmdd}30002")
    assert value is not None
    assert iin_problem(value, TODAY) == "digits 1-6 of an IIN are not a valid birth date"


def test_leap_day_of_a_leap_year_is_a_birth_date() -> None:
    value = complete("000229" + "50001") or complete("000229" + "50002")  # 2000-02-29
    assert value is not None
    assert parse_iin(value).birth_date == dt.date(2000, 2, 29)


def test_birth_date_today_is_allowed_tomorrow_is_not() -> None:
    today = make_iin(TODAY, "F", 1)
    tomorrow = make_iin(TODAY + dt.timedelta(days=1), "F", 1)
    assert iin_problem(today, TODAY) is None
    assert iin_problem(tomorrow, TODAY) == "the birth date in the IIN lies in the future"


def test_parse_iin_refuses_an_invalid_number() -> None:
    with pytest.raises(ValueError, match="check digit"):
        parse_iin(PLAIN[:11] + "9")


@pytest.mark.parametrize(
    ("digit5", "ok"), [("4", True), ("5", True), ("6", True), ("3", False), ("7", False)]
)
def test_bin_digit_5_is_the_entity_type(digit5: str, ok: bool) -> None:
    value = complete(f"1504{digit5}000001") or complete(f"1504{digit5}000002")
    assert value is not None
    expected = None if ok else "digit 5 of a BIN must be 4, 5 or 6"
    assert bin_problem(value) == expected


def test_bin_check_digit_uses_the_same_rule() -> None:
    assert bin_problem("150440000402") is None  # first sum 10, second weights give 2
    assert bin_problem("150440000403") == "wrong BIN check digit"
    assert all(
        bin_problem("15044000044" + d) == "wrong BIN check digit" for d in "0123456789"
    )  # both sums 10
    assert bin_problem("15044000040") == "a BIN is 12 digits"


def test_mask_identifier_keeps_the_last_four() -> None:
    assert mask_identifier(PLAIN) == "********0018"
    assert mask_identifier("123") == "123"


@settings(derandomize=True)
@given(
    born=st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2099, 12, 31)),
    sex=st.sampled_from(["M", "F"]),
    serial=st.integers(min_value=0, max_value=10**6),
)
def test_make_iin_is_always_valid(born: dt.date, sex: str, serial: int) -> None:
    value = make_iin(born, sex, serial)
    assert iin_problem(value, dt.date(2100, 1, 1)) is None
    facts = parse_iin(value) if born <= dt.date.today() else None
    if facts:
        assert (facts.birth_date, facts.sex) == (born, sex)


@settings(derandomize=True)
@given(
    registered=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2089, 12, 31)),
    serial=st.integers(min_value=0, max_value=10**7),
    entity_type=st.sampled_from(["4", "5", "6"]),
)
def test_make_bin_is_always_valid(registered: dt.date, serial: int, entity_type: str) -> None:
    value = make_bin(registered, serial, entity_type)
    assert bin_problem(value) is None
    assert value[4] == entity_type


@settings(derandomize=True)
@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_complete_gives_a_valid_check_digit_or_none(first11: str) -> None:
    value = complete(first11)
    if value is None:
        assert not any(has_valid_check_digit(first11 + d) for d in "0123456789")
    else:
        assert [has_valid_check_digit(first11 + d) for d in "0123456789"].count(True) == 1
        assert has_valid_check_digit(value)
