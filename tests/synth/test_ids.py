"""The vectorized IIN and BIN generators agree with jumys.kit.identifiers."""

from __future__ import annotations

import datetime as dt

import numpy as np

from jumys.kit.identifiers import bin_problem, check_digit, iin_problem, parse_iin
from jumys.synth.days import day, to_date
from jumys.synth.ids import check_digits, digit_strings, make_bins, make_iins


def test_check_digits_match_the_kit() -> None:
    rng = np.random.default_rng(1)
    stems = rng.integers(0, 10**11, 20_000, dtype=np.int64)
    ours = check_digits(stems)
    theirs = [check_digit(f"{s:011d}") for s in stems.tolist()]
    assert [None if d < 0 else int(d) for d in ours] == theirs
    assert (ours < 0).any()  # some stems admit no check digit, and are reported so


def test_iins_are_valid_unique_and_encode_birth_and_sex() -> None:
    rng = np.random.default_rng(2)
    n = 30_000
    birth = rng.integers(day(1899, 1, 1), day(2024, 12, 31), n).astype(np.int32)
    birth[:500] = day(2000, 2, 29)  # many people sharing a birthday, a leap day among them
    female = rng.random(n) < 0.5
    values = digit_strings(make_iins(birth, female), 12).to_pylist()
    assert len(set(values)) == n
    for value, born, fem in zip(values, birth.tolist(), female.tolist(), strict=True):
        assert iin_problem(value, today=dt.date(2026, 1, 1)) is None, value
        facts = parse_iin(value)
        assert facts.birth_date == to_date(born)
        assert facts.sex == ("F" if fem else "M")


def test_bins_are_valid_and_unique() -> None:
    rng = np.random.default_rng(3)
    n = 30_000
    registered = rng.integers(day(1995), day(2025), n).astype(np.int32)
    registered[:3000] = day(2010, 5, 17)
    entity = rng.choice(np.array([4, 5, 6]), n)
    values = digit_strings(make_bins(registered, entity), 12).to_pylist()
    assert len(set(values)) == n
    for value, reg, kind in zip(values, registered.tolist(), entity.tolist(), strict=True):
        assert bin_problem(value) is None, value
        assert value[:4] == to_date(reg).strftime("%y%m") and value[4] == str(kind)


def test_digit_strings_pad_and_refuse_overflow() -> None:
    assert digit_strings(np.array([7, 123]), 4, "TD").to_pylist() == ["TD0007", "TD0123"]
    try:
        digit_strings(np.array([12345]), 4)
    except ValueError:
        return
    raise AssertionError("a 5-digit value must not fit in 4 digits")
