import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jumys.reference.nkz import is_valid_nkz, nkz_major_group, nkz_major_groups


def test_ten_major_groups() -> None:
    groups = nkz_major_groups()
    assert [g.code for g in groups] == [str(d) for d in range(10)]
    for g in groups:
        assert g.name_en and g.name_ru and g.name_kk
        assert not re.search(r"[A-Za-z]", g.name_ru + g.name_kk), g
    by_code = {g.code: g for g in groups}
    assert by_code["1"].name_en == "Managers"
    assert by_code["9"].name_en == "Elementary Occupations"
    assert by_code["2"].name_ru == "Специалисты-профессионалы"


@pytest.mark.parametrize("code", ["2411", "0110", "9629"])
def test_valid_codes(code: str) -> None:
    assert is_valid_nkz(code)


@pytest.mark.parametrize("code", ["241", "24111", "24a1", "", " 241", "２４１１", "24.1"])
def test_invalid_codes(code: str) -> None:
    assert not is_valid_nkz(code)
    with pytest.raises(ValueError):
        nkz_major_group(code)


@given(st.from_regex(r"\A[0-9]{4}\Z"))
def test_major_group_is_the_first_digit(code: str) -> None:
    assert is_valid_nkz(code)
    assert nkz_major_group(code) == code[0]
    assert nkz_major_group(code) in {g.code for g in nkz_major_groups()}
