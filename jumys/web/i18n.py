"""Languages of the dashboard: the words of the templates and the pages' Python, and the catalogues' upkeep.

The catalogues, the translator and the rendering of coded messages live in jumys/kit/i18n.py (the API and
the CLI render messages too). `python -m jumys.web.i18n` adds every msgid found in the templates and the
Python code, and every declared message (msgctxt: its code), to the three catalogues (untranslated), and
a test fails while any of them lacks a translation.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from jinja2 import Environment
from jinja2.ext import extract_from_ast

from jumys.kit.i18n import (
    DEFAULT_LANG,
    LANG_NAMES,
    LANGS,
    Lang,
    Translator,
    all_messages,
    catalogue_strings,
    pick_lang,
    po_path,
    read_catalogue,
    translator,
)

__all__ = [
    "DEFAULT_LANG",
    "LANGS",
    "LANG_NAMES",
    "Lang",
    "Translator",
    "pick_lang",
    "read_catalogue",
    "translator",
]

LANG_COOKIE = "jumys_lang"
HERE = Path(__file__).parent
TEMPLATE_DIR = HERE / "templates"
GETTEXT_NAMES = ("_", "gettext", "N_")


def N_(msgid: str) -> str:
    """Mark a msgid for the catalogues where it is written down; it is translated where it is shown."""
    return msgid


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


def extract_words() -> dict[str, list[str]]:
    """Every msgid of the pages' own words (templates and the web layer's Python), with the files that use it."""
    found: dict[str, list[str]] = {}
    env = Environment()
    for path in sorted(TEMPLATE_DIR.rglob("*.html")):
        for msgid in _template_msgids(path, env):
            found.setdefault(msgid, []).append(str(path.relative_to(HERE)))
    for path in sorted(HERE.rglob("*.py")):
        for msgid in _python_msgids(path):
            found.setdefault(msgid, []).append(str(path.relative_to(HERE)))
    return found


def extract_messages() -> dict[str, list[str]]:
    """Every msgid of the catalogues: the pages' words, and the English sentence of each declared message."""
    found = extract_words()
    for code, message in sorted(all_messages().items()):
        found.setdefault(message.english, []).append(f"code {code}")
    return found


def _new_catalogue(old: Catalog, lang: Lang) -> Catalog:
    return Catalog(
        locale=lang,
        header_comment=(
            f"# Jumys in {LANG_NAMES[lang]}: msgids are English; msgctxt is a message's code (jumys/kit/i18n.py)."
        ),
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


def update_catalogues() -> dict[str, int]:
    """Add missing entries to each catalogue (untranslated) and drop unused ones; new entries per language."""
    words, coded = extract_words(), all_messages()
    added: dict[str, int] = {}
    for lang in LANGS:
        old = read_catalogue(lang)
        new = _new_catalogue(old, lang)
        added[lang] = 0
        for msgid, where in sorted(words.items()):
            message = old.get(msgid)
            added[lang] += message is None
            new.add(msgid, message.string if message else "", locations=[(w, 0) for w in sorted(set(where))])
        for code, declared in sorted(coded.items()):
            message = old.get(declared.english, context=code) or old.get(declared.english)
            added[lang] += message is None
            new.add(declared.english, message.string if message else "", context=code)
        po_path(lang).parent.mkdir(parents=True, exist_ok=True)
        with po_path(lang).open("wb") as f:
            write_po(f, new, width=110, omit_header=False, sort_output=True)
        catalogue_strings.cache_clear()
    return added


if __name__ == "__main__":  # pragma: no cover
    print(update_catalogues(), file=sys.stderr)
