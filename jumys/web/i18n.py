"""Languages of the dashboard: gettext catalogues (msgids in English) read with Babel, numbers per locale.

Russian is the default; Kazakh (Cyrillic) and English are a switch away. The catalogues are read
from the .po files at first use, so there is no compile step. `python -m jumys.web.i18n` adds every
msgid found in the templates and the Python code to the three catalogues (untranslated), and a test
fails while any of them lacks a translation.
"""

from __future__ import annotations

import ast
import datetime as dt
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from babel import Locale
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from babel.numbers import format_decimal, format_percent
from jinja2 import Environment
from jinja2.ext import extract_from_ast

Lang = Literal["ru", "kk", "en"]
LANGS: tuple[Lang, ...] = ("ru", "kk", "en")
DEFAULT_LANG: Lang = "ru"
LANG_COOKIE = "jumys_lang"
HERE = Path(__file__).parent
LOCALE_DIR = HERE / "locale"
TEMPLATE_DIR = HERE / "templates"
GETTEXT_NAMES = ("_", "gettext", "N_")
LANG_NAMES: dict[Lang, str] = {"ru": "Русский", "kk": "Қазақша", "en": "English"}


def N_(msgid: str) -> str:
    """Mark a msgid for the catalogues where it is written down; it is translated where it is shown."""
    return msgid


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
def _messages(lang: str) -> dict[str, str]:
    return {
        str(m.id): str(m.string)
        for m in read_catalogue(lang)
        if m.id and isinstance(m.id, str) and m.string and not m.fuzzy
    }


@dataclass(frozen=True)
class Translator:
    """Translation and number, date and percent formatting in one language."""

    lang: Lang

    def gettext(self, msgid: str, **values: object) -> str:
        """The translation of msgid (msgid itself when missing), with {name} placeholders filled."""
        text = _messages(self.lang).get(msgid, msgid)
        return text.format(**values) if values else text

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
        pattern = str(Locale.parse(self.lang).percent_formats[None].pattern)
        fmt = pattern.replace("#,##0", "#,##0" + ("." + "0" * digits if digits else ""), 1)
        return str(format_percent(value, format=fmt, locale=self.lang))

    def date(self, value: dt.date | None) -> str:
        """A date in the locale's medium form; a dash for None."""
        return "—" if value is None else str(format_date(value, "medium", locale=self.lang))

    def month(self, value: dt.date | str | None) -> str:
        """A month (a date or YYYY-MM) as the locale writes it, e.g. «июль 2025»."""
        if value is None:
            return "—"
        day = dt.date.fromisoformat(value[:7] + "-01") if isinstance(value, str) else value
        return str(format_date(day, "LLL y", locale=self.lang))


def translator(lang: str | None) -> Translator:
    """The translator of lang (Russian when lang is not one of ours)."""
    return Translator(pick_lang(lang))


# --- extraction: what must be translated ---------------------------------------------------------


def _python_msgids(path: Path) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
            if name in GETTEXT_NAMES:
                yield node.args[0].value


def _template_msgids(path: Path, env: Environment) -> Iterator[str]:
    tree = env.parse(path.read_text(encoding="utf-8"))
    for _line, _func, message in extract_from_ast(tree, GETTEXT_NAMES):
        first = message[0] if isinstance(message, tuple) else message
        if isinstance(first, str):
            yield first


def extract_messages() -> dict[str, list[str]]:
    """Every msgid used by the web layer, with the files that use it."""
    found: dict[str, list[str]] = {}
    env = Environment()
    for path in sorted(TEMPLATE_DIR.rglob("*.html")):
        for msgid in _template_msgids(path, env):
            found.setdefault(msgid, []).append(str(path.relative_to(HERE)))
    for path in sorted(HERE.rglob("*.py")):
        for msgid in _python_msgids(path):
            found.setdefault(msgid, []).append(str(path.relative_to(HERE)))
    return found


def update_catalogues() -> dict[str, int]:
    """Add missing msgids to each catalogue (untranslated) and drop unused ones; new msgids per language."""
    used = extract_messages()
    added: dict[str, int] = {}
    for lang in LANGS:
        old = read_catalogue(lang)
        new = Catalog(
            locale=lang,
            header_comment=f"# The dashboard in {LANG_NAMES[lang]}: msgids are English (jumys/web/i18n.py).",
            project="jumys",
            version="1",
            copyright_holder="Jumys",
            creation_date=old.creation_date,
            revision_date=old.revision_date,
            last_translator="Jumys",
            language_team=LANG_NAMES[lang],
            charset="utf-8",
            fuzzy=False,
        )
        added[lang] = 0
        for msgid, where in sorted(used.items()):
            message = old.get(msgid)
            string = message.string if message is not None else ""
            added[lang] += message is None
            new.add(msgid, string, locations=[(w, 0) for w in sorted(set(where))])
        po_path(lang).parent.mkdir(parents=True, exist_ok=True)
        with po_path(lang).open("wb") as f:
            write_po(f, new, width=110, omit_header=False, sort_output=True)
        _messages.cache_clear()
    return added


if __name__ == "__main__":  # pragma: no cover
    print(update_catalogues(), file=sys.stderr)
