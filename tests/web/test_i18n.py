"""Every word of the dashboard is translated into Russian, Kazakh and English; numbers follow the locale."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from jumys.web.i18n import LANGS, Translator, extract_messages, pick_lang, read_catalogue, translator

PLACEHOLDER = re.compile(r"\{(\w+)\}")
CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
KAZAKH_ONLY = re.compile(r"[ӘәҒғҚқҢңӨөҰұҮүҺһІі]")


def test_the_code_uses_a_good_many_messages() -> None:
    """The extraction finds the templates' and the Python's msgids (a broken extractor finds none)."""
    used = extract_messages()
    assert len(used) > 150
    assert "Sign in" in used and "Manufacturing" in used and "wrong BIN check digit" in used


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_has_a_translation(lang: str) -> None:
    """Each msgid of the templates and the code has a non-empty translation in each catalogue."""
    catalogue = {m.id: m.string for m in read_catalogue(lang) if m.id}
    missing = [msgid for msgid in extract_messages() if not catalogue.get(msgid)]
    assert not missing, f"{lang}: untranslated: {missing[:10]} (run python -m jumys.web.i18n, then translate)"


@pytest.mark.parametrize("lang", LANGS)
def test_no_catalogue_keeps_unused_or_fuzzy_messages(lang: str) -> None:
    """Catalogues hold exactly the messages in use, none marked fuzzy."""
    catalogue = [m for m in read_catalogue(lang) if m.id]
    assert not [m.id for m in catalogue if m.fuzzy]
    assert {m.id for m in catalogue} == set(extract_messages())


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_their_placeholders(lang: str) -> None:
    """A translation has the same {placeholders} as its msgid, so formatting never fails."""
    for m in read_catalogue(lang):
        if m.id and isinstance(m.id, str):
            assert set(PLACEHOLDER.findall(str(m.string))) == set(PLACEHOLDER.findall(m.id)), m.id


def test_russian_and_kazakh_are_written_in_cyrillic() -> None:
    """Russian and Kazakh translations are Cyrillic (not English copied over); Kazakh uses its own letters."""
    for lang in ("ru", "kk"):
        words = [str(m.string) for m in read_catalogue(lang) if m.id and len(m.id) > 12]
        latin_only = [w for w in words if not CYRILLIC.search(w)]
        assert not latin_only, f"{lang}: {latin_only[:5]}"
    kazakh = " ".join(str(m.string) for m in read_catalogue("kk") if m.id)
    russian = " ".join(str(m.string) for m in read_catalogue("ru") if m.id)
    assert len(KAZAKH_ONLY.findall(kazakh)) > 200
    assert not KAZAKH_ONLY.findall(russian)


def test_kazakh_differs_from_russian() -> None:
    """The Kazakh catalogue is not the Russian one again."""
    ru = {m.id: m.string for m in read_catalogue("ru") if m.id}
    kk = {m.id: m.string for m in read_catalogue("kk") if m.id}
    same = [k for k in ru if ru[k] == kk[k] and len(str(k)) > 12]
    assert not same


def test_language_falls_back_to_russian() -> None:
    """An unknown or missing language is Russian; the first known candidate wins."""
    assert pick_lang(None) == "ru"
    assert pick_lang("de", "kk") == "kk"
    assert pick_lang("en", "kk") == "en"
    assert translator("xx").lang == "ru"


def test_words_and_numbers_follow_the_language() -> None:
    """The same message and numbers in each language, each locale's own digit grouping and months."""
    ru, kk, en = Translator("ru"), Translator("kk"), Translator("en")
    assert ru.gettext("Sign in") == "Войти"
    assert kk.gettext("Sign in") == "Кіру"
    assert en.gettext("Sign in") == "Sign in"
    assert ru.gettext("Projects found: {n}", n=ru.num(1234)) == "Найдено проектов: 1\xa0234"
    assert en.num(1234567) == "1,234,567"
    assert kk.num(1234567) == "1\xa0234\xa0567"
    assert en.pct(0.4567) == "45.7%"
    assert ru.pct(0.4567) == "45,7\xa0%"
    assert kk.pct(0.4567) == "45,7\xa0%"  # Kazakh typography as Russian: a non-breaking space before %
    assert (ru.signed_pct(-0.2), en.signed_pct(0.125), kk.signed_pct(0)) == (
        "−20,0\xa0%",
        "+12.5%",
        "0,0\xa0%",
    )
    day = dt.date(2026, 12, 3)
    assert ru.long_date(day) == "3 декабря 2026\u202fг."
    assert kk.long_date(day) == "2026 жылғы 3 желтоқсан"
    assert en.long_date(day) == "3 December 2026"
    assert ru.num(None) == "—"
    assert "июл" in ru.month("2025-07")
    assert kk.month(dt.date(2025, 7, 1)).lower().startswith("шіл")
    assert en.month("2025-07") == "Jul 2025"
