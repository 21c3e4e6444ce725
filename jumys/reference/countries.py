"""ISO 3166-1 alpha-3 country codes with their English short names (Debian iso-codes); names in ru/kk/en (CLDR)."""

from __future__ import annotations

from functools import lru_cache

from jumys.reference._data import read_csv


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    return {row["alpha3"]: row["name_en"] for row in read_csv("countries.csv")}


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """Return every ISO 3166-1 alpha-3 code (KAZ among them)."""
    return frozenset(_names())


def country_name(a3: str) -> str | None:
    """Return the English short name of an alpha-3 code, or None when the code is unknown."""
    return _names().get(a3)


def country_label(a3: str, lang: str) -> str:
    """The name of a country in lang (ru, kk, en) from CLDR by way of Babel; the code itself when unknown."""
    from babel.core import Locale, get_global  # deferred: CLI start-up time

    alpha2 = get_global("territory_aliases").get(a3, [a3])[0]
    return str(Locale.parse(lang).territories.get(alpha2, a3))
