"""Alphabetical order per language: the Kazakh alphabet, Russian with Ё as Е, English without accents."""

from __future__ import annotations

import random

import pytest

from jumys.kit.collation import sort_by_name, sort_key, sorted_names
from jumys.reference.regions import regions

# the 42 letters in the order of the Kazakh Cyrillic alphabet, written out here rather than imported
KAZAKH_ALPHABET = list("АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ")


def shuffled(items: list[str], seed: int = 9) -> list[str]:
    out = list(items)
    random.Random(seed).shuffle(out)
    return out


def test_the_kazakh_alphabet_has_42_letters_in_order() -> None:
    assert len(KAZAKH_ALPHABET) == 42
    assert sorted_names(shuffled(KAZAKH_ALPHABET), "kk") == KAZAKH_ALPHABET
    lower = [letter.lower() for letter in KAZAKH_ALPHABET]
    assert sorted_names(shuffled(lower), "kk") == lower


def test_kazakh_words_follow_the_alphabet_not_code_points() -> None:
    words = ["Шығыс", "Ақтөбе", "Ұлытау", "Абай", "Әлия", "Қостанай", "Қарағанды", "Кентау", "Үржар", "Іле"]
    words += ["Ыбырай", "Өскемен", "Орал", "Алматы", "Ащысай", "Жетісу", "Ғабит", "Гүл", "Һ", "Хан"]
    expected = ["Абай", "Ақтөбе", "Алматы", "Ащысай", "Әлия", "Гүл", "Ғабит", "Жетісу", "Кентау", "Қарағанды"]
    expected += ["Қостанай", "Орал", "Өскемен", "Ұлытау", "Үржар", "Хан", "Һ", "Шығыс", "Ыбырай", "Іле"]
    assert sorted_names(words, "kk") == expected
    assert sorted(words) != expected  # code points put Ә, Қ, Ұ, Ү, Ө, Һ, І after every Russian letter


def test_case_and_spaces() -> None:
    assert sorted_names(["ақбота", "Ақ жол", "АҚСУ", "ақсай"], "kk") == ["Ақ жол", "ақбота", "ақсай", "АҚСУ"]
    assert sorted_names(["Б", "а", "А"], "ru") == ["а", "А", "Б"]


def test_russian_sorts_yo_as_ye_and_kazakh_letters_after_their_base() -> None:
    assert sorted_names(["ёж", "ель", "еда"], "ru") == ["еда", "ёж", "ель"]
    assert sorted_names(["Ёлка", "Елка"], "ru") == ["Елка", "Ёлка"]
    assert sorted_names(["область Ұлытау", "область Уил", "область Ф"], "ru") == [
        "область Уил",
        "область Ұлытау",
        "область Ф",
    ]
    assert sorted_names(["Иван", "Йошкар", "Жетісу", "Жетиген"], "ru") == [
        "Жетиген",
        "Жетісу",
        "Иван",
        "Йошкар",
    ]


def test_english_ignores_accents_and_puts_cyrillic_after_latin() -> None:
    assert sorted_names(["Zhetisu", "Ålborg", "Abay", "Астана", "Oral"], "en") == [
        "Abay",
        "Ålborg",
        "Oral",
        "Zhetisu",
        "Астана",
    ]
    assert sorted_names(["Астана", "Abay"], "ru") == ["Астана", "Abay"]
    assert sorted_names(["Астана", "Abay"], "kk") == ["Астана", "Abay"]


def test_an_unknown_language_sorts_as_russian_and_none_is_empty() -> None:
    assert sort_key("Ёж", "de") == sort_key("Ёж", "ru")
    assert sort_key(None, "kk") == sort_key("", "kk")
    assert sorted_names(["b", "", "a"], "en") == ["", "a", "b"]


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_the_20_regions_sort_in_every_language(lang: str) -> None:
    names = [getattr(r, f"name_{lang}") for r in regions()]
    ordered = [
        getattr(r, f"name_{lang}")
        for r in sort_by_name(regions(), lang, lambda r: getattr(r, f"name_{lang}"))
    ]
    assert sorted(ordered) == sorted(names)
    if lang == "kk":  # Ақмола before Алматы, Қарағанды after Кызыл... (none), Ұлытау before Шығыс
        assert ordered.index("Ақмола облысы") < ordered.index("Алматы облысы")
        assert ordered.index("Ұлытау облысы") < ordered.index("Шығыс Қазақстан облысы")
        assert ordered.index("Қарағанды облысы") < ordered.index("Маңғыстау облысы")
