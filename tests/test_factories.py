"""The test factories: fresh identifiers never run out, and say so rather than loop when one birth date does."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import new_iin


def test_iins_of_the_default_birth_date_do_not_run_out() -> None:
    iins = {new_iin() for _ in range(12_000)}  # more than one birth date's 10,000 serials
    assert len(iins) == 12_000


def test_a_birth_date_whose_iins_ran_out_is_an_error_not_a_hang() -> None:
    born = dt.date(1901, 2, 3)
    issued = set()
    with pytest.raises(RuntimeError, match="vary the birth date"):
        for _ in range(10_001):
            issued.add(new_iin(born))
    assert len(issued) > 8_000
