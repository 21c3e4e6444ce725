"""Alphabetical order per language: Kazakh, Russian and English names sorted as their readers expect.

Python sorts strings by code point, which puts the Kazakh letters (Ә U+04D8, Қ U+049A, Ұ U+04B0 ...) after
every Russian letter and Ё before А. A sort key of this module ranks letters by the alphabet of the
page's language instead:

- Kazakh: the 42 letters of the Cyrillic alphabet of 1940 as amended (the order taught in school and
  printed in dictionaries): А Ә Б В Г Ғ Д Е Ё Ж З И Й К Қ Л М Н Ң О Ө П Р С Т У Ұ Ү Ф Х Һ Ц Ч Ш Щ Ъ Ы
  І Ь Э Ю Я; Latin letters after them.
- Russian: the 33 letters, Ё sorted as Е (as Russian dictionaries do; Ё after Е only on a tie); a
  Kazakh letter in a Russian name (область Ұлытау, Жетісу) follows the Russian letter it is built on
  (Ұ and Ү after У, І after И); Latin letters after them.
- English: A to Z with accents ignored; Cyrillic after Latin, in Russian order.

In every language case is ignored (only a tie is broken by it), and spaces, digits and punctuation sort
before letters, so "Ақ жол" comes before "Ақбота".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

KAZAKH = "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ"
RUSSIAN = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Russian order with the Kazakh letters after the Russian letter each is built on
RUSSIAN_WITH_KAZAKH = "АӘБВГҒДЕЁЖЗИІЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫЬЭЮЯ"

T = TypeVar("T")
SortKey = tuple[tuple[int, ...], tuple[int, ...], str]


@lru_cache(maxsize=4)
def _ranks(lang: str) -> dict[str, int]:
    """Letter -> primary rank (upper case letters; lower case looked up by upper)."""
    if lang == "kk":
        order = [KAZAKH, LATIN]
    elif lang == "en":
        order = [LATIN, RUSSIAN_WITH_KAZAKH]
    else:
        order = [RUSSIAN_WITH_KAZAKH, LATIN]
    ranks: dict[str, int] = {}
    rank = 1000  # below 1000: spaces, digits, punctuation
    for alphabet in order:
        for letter in alphabet:
            rank += 1
            ranks[letter] = rank
    if lang != "kk":
        ranks["Ё"] = ranks["Е"]  # ё = е at the first level; the tie is broken by the code point below
    return ranks


def _other(ch: str) -> int:
    """The rank of a character that is not a letter of the alphabets above."""
    if ch.isspace():
        return 1
    if ch.isdigit():
        return 100 + (unicodedata.digit(ch, 0))
    if not ch.isalpha():
        return 10  # punctuation: before digits and letters
    return 10_000 + ord(ch)  # letters of other scripts: after ours, by code point


def sort_key(text: str | None, lang: str) -> SortKey:
    """A key that sorts text alphabetically for readers of lang (ru, kk or en; Russian for any other)."""
    text = unicodedata.normalize("NFC", (text or "").strip())
    ranks = _ranks(lang)
    primary: list[int] = []
    for ch in text:
        upper = ch.upper()
        rank = ranks.get(upper) if len(upper) == 1 else None
        if rank is None and lang == "en":  # é, ü, ... sort as e, u in English
            base = unicodedata.normalize("NFD", upper)[0]
            rank = ranks.get(base)
        primary.append(rank if rank is not None else _other(ch))
    # ties: Ё after Е (ru, en), accented after plain (en), then lower case before upper case
    secondary = tuple(len(unicodedata.normalize("NFD", ch)) + (ch in "Ёё") for ch in text)
    secondary += tuple(0 if ch.islower() else 1 for ch in text)
    return tuple(primary), secondary, text


def sort_by_name(items: Iterable[T], lang: str, name: Callable[[T], str | None]) -> list[T]:
    """Items sorted by the alphabet of lang on name(item)."""
    return sorted(items, key=lambda item: sort_key(name(item), lang))


def sorted_names(names: Iterable[str], lang: str) -> list[str]:
    """Names sorted by the alphabet of lang."""
    return sort_by_name(names, lang, lambda n: n)
