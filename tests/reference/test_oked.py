import re

import pytest

from jumys.reference.oked import oked_codes, oked_name, oked_section, oked_sections


def test_1102_subclass_codes_of_five_digits() -> None:
    codes = oked_codes()
    assert len(codes) == 1102
    assert all(re.fullmatch(r"\d{5}", code) for code in codes)


def test_subclass_without_parent_is_valid_and_in_section_c() -> None:
    assert "27120" in oked_codes()
    assert oked_section("27120") == "C"


def test_sections_of_known_codes() -> None:
    assert oked_section("01111") == "A"
    assert oked_section("62011") == "J"
    assert oked_section("85") == "P"
    assert oked_section("F") == "F"


def test_every_subclass_is_in_the_section_of_its_division() -> None:
    for code in oked_codes():
        assert oked_section(code) == oked_section(code[:2]), code


def test_unknown_code() -> None:
    assert oked_name("99999") is None
    with pytest.raises(ValueError):
        oked_section("99999")
    assert "2712" not in oked_codes()


def test_21_sections_a_to_u() -> None:
    sections = oked_sections()
    assert [letter for letter, _ in sections] == [chr(c) for c in range(ord("A"), ord("U") + 1)]
    assert dict(sections)["F"] == "СТРОИТЕЛЬСТВО"


def test_names() -> None:
    assert oked_name("01111") == "Выращивание зерновых и зернобобовых культур, включая семеноводство"
    assert oked_name("0111") == "Выращивание зерновых (кроме риса), бобовых и масличных культур"
    for code in oked_codes():
        name = oked_name(code)
        assert name and name == name.strip(), code


def test_names_have_no_glued_punctuation() -> None:
    for letter, name in oked_sections():
        assert not re.search(r"[,;]\S", name), letter
    assert oked_name("U") == "ДЕЯТЕЛЬНОСТЬ ЭКСТЕРРИТОРИАЛЬНЫХ ОРГАНИЗАЦИЙ И ОРГАНОВ"
