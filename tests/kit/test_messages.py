"""Coded messages: every declared code reads in Russian and Kazakh from the catalogue, every raise site passes a
declared message (never an English sentence), numbers follow the language, nested messages are rendered too."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pytest

import jumys
from jumys import errors
from jumys.errors import InvalidInput, JumysError, NotFound
from jumys.kit.i18n import Translator, all_messages, catalogue_strings, render
from jumys.kit.messages import Message, Named, Text, fields_of, from_json

CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
KAZAKH_ONLY = re.compile(r"[ӘәҒғҚқҢңӨөҰұҮүҺһІі]")
CODE = re.compile(r"[a-z]+\.[a-z0-9_]+")
MESSAGES = all_messages()
ERRORS = {name for name, cls in vars(errors).items() if isinstance(cls, type) and issubclass(cls, JumysError)}
SOURCE = Path(jumys.__file__).parent


def test_the_layers_declare_a_good_many_codes() -> None:
    """The declarations are found (a broken discovery would find none to check), each code well formed."""
    assert len(MESSAGES) > 60
    assert {
        "access.sign_in_first",
        "reports.no_project",
        "registry.batch_clash",
        "id.bin_check_digit",
    } <= set(MESSAGES)
    assert not [code for code in MESSAGES if not CODE.fullmatch(code)]


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_every_code_reads_in_russian_and_kazakh(lang: str) -> None:
    """Each declared code has a translation in the catalogue, in Cyrillic (Kazakh letters in Kazakh, none in
    Russian), with exactly the placeholders of its English sentence: a new code fails here until translated."""
    strings = catalogue_strings(lang)
    missing = sorted(code for code, m in MESSAGES.items() if (code, m.english) not in strings)
    assert not missing, f"{lang}: no translation for {missing} (run python -m jumys.web.i18n, then translate)"
    for code, m in MESSAGES.items():
        text = strings[(code, m.english)]
        assert sorted(fields_of(text)) == sorted(m.fields()), (lang, code, text)
        words = re.sub(r"\{[^}]*\}", "", m.english)
        if re.search(r"[a-z]{3}", words):  # a sentence with words of its own is not left in English
            assert CYRILLIC.search(text) and text != m.english, (lang, code, text)
    kazakh = " ".join(catalogue_strings("kk")[(c, m.english)] for c, m in MESSAGES.items())
    russian = " ".join(catalogue_strings("ru")[(c, m.english)] for c, m in MESSAGES.items())
    assert KAZAKH_ONLY.search(kazakh) and not KAZAKH_ONLY.search(russian)


def test_english_renders_as_declared() -> None:
    """The English catalogue gives each code its declared sentence back."""
    strings = catalogue_strings("en")
    assert [c for c, m in MESSAGES.items() if strings.get((c, m.english)) != m.english] == []


def _error_calls(tree: ast.AST) -> list[ast.Call]:
    """Calls of a JumysError class (also `(A if c else B)(...)`)."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        names = [
            ast.unparse(n).rsplit(".", 1)[-1]
            for n in ast.walk(node.func)
            if isinstance(n, ast.Name | ast.Attribute)
        ]
        if any(n in ERRORS for n in names):
            found.append(node)
    return found


def _is_english(node: ast.expr) -> bool:
    """A sentence written at the raise site: a string literal, an f-string, a join or a sum of them."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return True
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _is_english(node.left) or _is_english(node.right)
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("join", "format")
    )


def test_no_raise_site_passes_an_english_sentence() -> None:
    """Every JumysError in jumys/ is raised with a declared message and its parameters, never a sentence."""
    calls = 0
    offenders = []
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for call in _error_calls(ast.parse(path.read_text(encoding="utf-8"))):
            calls += 1
            if not call.args or _is_english(call.args[0]):
                offenders.append(f"{path.relative_to(SOURCE)}:{call.lineno}: {ast.unparse(call)}")
    assert calls > 60
    assert not offenders, offenders


def test_an_error_refuses_a_sentence_and_keeps_code_and_params() -> None:
    """A bare string is refused at run time too; the message, code and params of an error."""
    with pytest.raises(TypeError):
        InvalidInput("some sentence")  # type: ignore[arg-type]
    e = NotFound(MESSAGES["reports.no_project"], id="P-1")
    assert (e.message, e.code, e.params, e.status) == (
        "no project 'P-1'",
        "reports.no_project",
        {"id": "P-1"},
        404,
    )
    assert str(e) == "no project 'P-1'"
    with pytest.raises(TypeError):
        MESSAGES["reports.no_project"]()  # a missing parameter


def test_a_server_path_is_redacted_in_the_message_and_its_params() -> None:
    """What the doors hide of a server's folders is hidden in the parameters too (the pages render those)."""
    e = InvalidInput(MESSAGES["registry.no_such_path"], file="/srv/tmp/upload-1/b.zip")
    e.redact("/srv/tmp/upload-1/b.zip", "b.zip")
    assert e.message == "b.zip: no such file or folder" and e.params == {"file": "b.zip"}
    assert "/srv" not in Translator("ru").render(e.text)


def test_numbers_follow_the_language_and_values_stay_as_written() -> None:
    """Numbers are grouped per locale by Babel; strings (ids, dates given as typed) are shown as written."""
    params = {"file": "b.zip", "size": 70_000_000_000, "limit": 68_719_476_736}
    assert "70,000,000,000" in render("registry.zip_too_large", params, "en")
    assert "70\xa0000\xa0000\xa0000" in render("registry.zip_too_large", params, "ru")
    assert "70000000000 bytes" in MESSAGES["registry.zip_too_large"](**params)  # the English text as before
    assert "2020-01-01" in render("doors.not_verified", {"date": "2020-01-01"}, "kk")


def test_a_message_inside_a_message_is_rendered_in_the_same_language() -> None:
    """A nested message (what may not contain control characters) is translated too, and survives JSON."""
    outer = MESSAGES["reports.control_characters"](what=MESSAGES["reports.search_text"]())
    assert outer == "the search text may not contain control characters"
    assert Translator("ru").render(outer) == "текст поиска: управляющие символы недопустимы"
    again = from_json(outer.as_json())
    assert (
        isinstance(again, Text)
        and again == outer
        and Translator("kk").render(again) == Translator("kk").render(outer)
    )


def test_a_name_is_written_in_each_language_and_in_english_text() -> None:
    """A Named parameter (a region's name) is its English name in the Text and its own name per language."""
    name = Named({"ru": "г. Алматы", "kk": "Алматы қаласы", "en": "Almaty"})
    text = MESSAGES["permits.reference_region"](region=name)
    assert text == "every occupation in region Almaty"
    assert "г. Алматы" in Translator("ru").render(text)
    assert "Алматы қаласы" in Translator("kk").render(text)
    assert text.as_json()["params"]["region"] == "Almaty"


def test_a_code_is_declared_once() -> None:
    """Declaring a code again with another sentence is refused (codes are stable: never reused)."""
    with pytest.raises(ValueError):
        Message("reports.no_project", "another sentence")


def test_an_alert_is_a_code_with_its_numbers_rendered_per_locale() -> None:
    """An alert's sentence comes from the catalogue by its code; amounts, shares and dates follow the locale."""
    from jumys.projects.alerts import alert_text, render

    numbers = {"wage_bill": 27_466_555, "investment": 38_671_000, "share": 0.71026, "target": 0.8}
    text = alert_text("low_wage_share", "P-1", dt.date(2026, 1, 1), numbers)
    assert text.code == "alert.low_wage_share" and text.params["wage_bill"] == 27_466_555
    en = render("low_wage_share", "en", "P-1", dt.date(2026, 1, 1), numbers)
    assert (
        en
        == "Project P-1 paid wages of 71.0% of its investment (27,466,555 of 38,671,000 KZT); the target is 80.0%."
    )
    ru = render("low_wage_share", "ru", "P-1", dt.date(2026, 1, 1), numbers)
    assert "27\xa0466\xa0555" in ru and "71,0\xa0%" in ru and ru.startswith("По проекту P-1")
    late = {"verified": 4, "promised": 20, "expected": 18, "deadline": "2026-06-01"}
    assert "by Jan 1, 2026 (20 promised by Jun 1, 2026)" in render(
        "at_risk", "en", "P-1", dt.date(2026, 1, 1), late
    )
    assert "янв. 2026" in render("at_risk", "ru", "P-1", dt.date(2026, 1, 1), late)


def test_an_alert_in_kazakh_writes_numbers_and_dates_as_kazakh_does() -> None:
    """Issue 9: the alert sentences, like the cards, write dates and numbers by the locale, in Kazakh too."""
    from jumys.projects.alerts import render

    late = {"verified": 4000, "promised": 20000, "expected": 18000, "deadline": "2026-06-01"}
    kk = render("at_risk", "kk", "P-1", dt.date(2026, 1, 1), late)
    assert "2026\u202fж. 01 қаң." in kk and "18\xa0000" in kk and "2026-" not in kk
    en = render("at_risk", "en", "P-1", dt.date(2026, 1, 1), late)
    assert "18,000" in en and "Jan 1, 2026" in en


def test_no_message_passes_on_a_librarys_words() -> None:
    """A message whose sentence is a library's text ({error}, {detail}, {summary}) would reach a Russian or
    Kazakh reader in English (issue 9): each refusal is a code of ours with values, never prose passed on."""
    from jumys.kit.i18n import all_messages

    passed_on = {"error", "detail", "summary", "exception", "message"}
    for code, m in all_messages().items():
        assert not set(m.fields()) & passed_on, (code, m.english)
        assert m.english.strip("{} ") not in m.fields(), (code, m.english)  # a sentence that is only a value


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_a_sentence_ending_on_an_abbreviated_date_has_one_full_stop(lang: str) -> None:
    """The date's own full stop ends the sentence: once "последний — 12 дек. 2025 г.." was shown."""
    params = {"incidents": 1, "victims": 1, "occurred_on": dt.date(2025, 12, 12)}
    sentence = render("warning.fatal_incident", params, lang)
    assert sentence.endswith(".") and not sentence.endswith(".."), sentence
