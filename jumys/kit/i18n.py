"""Languages: one gettext catalogue per language (read with Babel), numbers and dates per locale.

Russian is the default; Kazakh (Cyrillic) and English are a switch away. The catalogue of a language
(`jumys/kit/locale/<lang>/LC_MESSAGES/messages.po`) holds two kinds of entry: the words of the pages
(msgid: the English text, no context) and the messages with a stable code (msgctxt: the code, msgid:
the English sentence of its declaration, jumys/kit/messages.py). The .po files are read at first use,
so there is no compile step; `python -m jumys.web.i18n` adds what is missing to them.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from babel import Locale
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

import jumys
from jumys.kit.messages import Message, Month, Named, Param, Share, Text, declared, fill

Lang = Literal["ru", "kk", "en"]
LANGS: tuple[Lang, ...] = ("ru", "kk", "en")
DEFAULT_LANG: Lang = "ru"
LOCALE_DIR = Path(__file__).parent / "locale"
LANG_NAMES: dict[Lang, str] = {"ru": "Русский", "kk": "Қазақша", "en": "English"}
# Russian and Kazakh typography put a non-breaking space before % ("12,3 %"); CLDR writes Kazakh without
# it ("12,3%"), unlike the catalogue's own sentences ("30 % ережесі") and Russian: so Kazakh is set here
PERCENT_PATTERNS: dict[str, str] = {"kk": "#,##0\u00a0%"}
# a date written out in full, as each language writes it in a sentence or a footnote: «3 декабря 2026 г.»,
# «2026 жылғы 3 желтоқсан» (CLDR's long form has the abbreviation «2026 ж.»), «3 December 2026»
LONG_DATE_PATTERNS: dict[str, str] = {"ru": "long", "kk": "y 'жылғы' d MMMM", "en": "d MMMM y"}


def pick_lang(*candidates: str | None) -> Lang:
    """The first candidate that is a known language, else Russian."""
    for c in candidates:
        for lang in LANGS:
            if c == lang:
                return lang
    return DEFAULT_LANG


def po_path(lang: str) -> Path:
    """The catalogue file of a language."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"


def read_catalogue(lang: str) -> Catalog:
    """The catalogue of a language as Babel reads it (empty when the file is missing)."""
    if not po_path(lang).exists():
        return Catalog(locale=lang)
    with po_path(lang).open("rb") as f:
        return read_po(f, locale=lang)


@lru_cache(maxsize=len(LANGS))
def catalogue_strings(lang: str) -> dict[tuple[str | None, str], str]:
    """The translated entries of a language's catalogue: (msgctxt, msgid) -> msgstr, fuzzy ones left out."""
    return {
        (m.context, str(m.id)): str(m.string)
        for m in read_catalogue(lang)
        if m.id and isinstance(m.id, str) and m.string and not m.fuzzy
    }


def all_messages() -> dict[str, Message]:
    """Every declared message by code: imports each `jumys.<layer>.messages` module, then lists them."""
    for info in pkgutil.walk_packages(jumys.__path__, "jumys."):
        if info.name.endswith(".messages"):
            importlib.import_module(info.name)
    return declared()


@dataclass(frozen=True)
class Translator:
    """Translation and number, date and percent formatting in one language."""

    lang: Lang

    def gettext(self, msgid: str, **values: object) -> str:
        """The translation of msgid (msgid itself when missing), with {name} placeholders filled."""
        text = catalogue_strings(self.lang).get((None, msgid), msgid)
        return text.format(**values) if values else text

    def render(self, text: Text) -> str:
        """A coded message in this language: the catalogue's sentence for its code, numbers per locale."""
        return self.render_code(text.code, text.params)

    def render_code(self, code: str, params: Mapping[str, Param]) -> str:
        """The message of code with params in this language (English sentence when untranslated)."""
        message = declared().get(code)
        english = message.english if message is not None else code
        template = catalogue_strings(self.lang).get((code, english), english)
        values = {k: self._value(v) for k, v in params.items()}
        for k, v in values.items():  # "12 дек. 2025 г." ending a sentence: its own full stop ends it
            if isinstance(v, str) and v.endswith("."):
                template = template.replace(f"{{{k}}}.", f"{{{k}}}")
        return fill(template, values, self.render)

    def _value(self, value: Param) -> Param:
        if isinstance(value, Named):
            return value.names.get(self.lang, str(value))
        if isinstance(value, Share):
            return self.pct(float(value))
        if isinstance(value, Month):
            return self.month(value, full=True)
        if isinstance(value, bool) or not isinstance(value, int | float | dt.date):
            return value
        if isinstance(value, dt.date):
            return self.date(value)
        return self.num(value, 0 if isinstance(value, int) else 1)

    def num(self, value: float | int | None, digits: int = 0) -> str:
        """A number with the locale's grouping; a dash for None."""
        if value is None:
            return "—"
        fmt = "#,##0" + ("." + "0" * digits if digits else "")
        return str(format_decimal(value, format=fmt, locale=self.lang))

    def pct(self, value: float | None, digits: int = 1) -> str:
        """A share as a percent; a dash for None."""
        if value is None:
            return "—"
        pattern = PERCENT_PATTERNS.get(self.lang) or str(
            Locale.parse(self.lang).percent_formats[None].pattern
        )
        fmt = pattern.replace("#,##0", "#,##0" + ("." + "0" * digits if digits else ""), 1)
        return str(format_percent(value, format=fmt, locale=self.lang))

    def signed_pct(self, value: float | None, digits: int = 1) -> str:
        """A change as a signed percent (+12,3 %, −4,0 %, 0,0 %); a dash for None."""
        if value is None:
            return "—"
        sign = "+" if value > 0 else ("−" if value < 0 else "")
        return sign + self.pct(abs(value), digits)

    def date(self, value: dt.date | None) -> str:
        """A date in the locale's medium form; a dash for None."""
        return "—" if value is None else str(format_date(value, "medium", locale=self.lang))

    def long_date(self, value: dt.date | None) -> str:
        """A date written out in full: «3 декабря 2026 г.», «2026 жылғы 3 желтоқсан», «3 December 2026»."""
        return (
            "—" if value is None else str(format_date(value, LONG_DATE_PATTERNS[self.lang], locale=self.lang))
        )

    def month(self, value: dt.date | str | None, full: bool = False) -> str:
        """A month (a date or YYYY-MM) as the locale writes it, e.g. «июль 2025» (full: its whole name,
        «сентябрь 2024» where the short form is «сент. 2024»)."""
        if value is None:
            return "—"
        day = dt.date.fromisoformat(value[:7] + "-01") if isinstance(value, str) else value
        return str(format_date(day, "LLLL y" if full else "LLL y", locale=self.lang))


def translator(lang: str | None) -> Translator:
    """The translator of lang (Russian when lang is not one of ours)."""
    return Translator(pick_lang(lang))


def render(code: str, params: Mapping[str, Param], lang: str | None) -> str:
    """The message of code with params in lang (ru, kk or en; Russian for any other)."""
    return translator(lang).render_code(code, params)
