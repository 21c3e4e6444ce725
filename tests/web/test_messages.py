"""Errors a page shows, in the page's language: each message of a JumysError that can reach a dashboard page
has an entry of jumys/web/messages.py, each entry reads in Russian and Kazakh, and the pages show them so."""

from __future__ import annotations

import ast
import html
import importlib.util
import io
import json
import pkgutil
import re
import uuid
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

import jumys
from jumys import errors
from jumys.web.messages import MESSAGES, match_message, translate_message
from jumys.web.reasons import Reason
from tests.web.conftest import Site, signed_in_client
from tests.web.test_reasons import CYRILLIC, KK, RU, _python_text, assert_entry_reads_in_each_language
from tests.web.world import columns_of


@pytest.mark.parametrize("entry", MESSAGES, ids=lambda r: r.example[:60])
def test_each_entry_matches_its_example_and_reads_in_each_language(entry: Reason) -> None:
    """Each message a page may show, as each reason of the ingest (values: ids, dates, codes, file names)."""
    assert entry.msgid is not None
    assert_entry_reads_in_each_language(entry, MESSAGES)


def test_a_message_no_entry_knows_is_shown_as_written() -> None:
    """A message added to a service later stays as written rather than vanish; the known part of a message
    with a nested phrase is translated, the phrase too."""
    assert translate_message(RU, "some new error") == "some new error"
    assert translate_message(KK, None) == ""
    assert translate_message(RU, "the search text may not contain control characters") == (
        "текст поиска: управляющие символы недопустимы"
    )
    assert translate_message(KK, "no project 'P-1'") == "'P-1' жобасы жоқ"


# --- every message a page can show has an entry --------------------------------------------------------

# Modules whose errors can reach a page: what the pages call, and what that calls. The errors a page shows
# come from these; of jumys.access.service, only the functions the door core's sessions import.
SHOWN = (
    "jumys.web.routes",
    "jumys.web.writes",
    "jumys.doors.asof",  # the as-of date of every page
    "jumys.doors.identity",  # who may write
    "jumys.doors.uploads",  # the upload: its name, size, the write lock
    "jumys.reports.scope",
    "jumys.reports.projects",
    "jumys.reports.regions",
    "jumys.registry.batch",  # the upload: the archive, the manifest, the files
    "jumys.registry.ingest",  # the upload: a batch clashing with the ledger, the store's key
    "jumys.registry.pseudonym",  # the upload: ingest_batch loads the key
)
ACCESS = "jumys.access.service"
# Modules that raise errors no page shows, and why.
NOT_SHOWN = {
    "jumys.api.writes": "API-only routes (the API's runs and ledger)",
    "jumys.doors.core": "a server without a store: a set-up error (500), which a page says only is logged",
    "jumys.doors.runs": "background jobs are started through the API only",
    "jumys.cli.common": "the CLI's options",
    "jumys.cli.projects": "the CLI's options",
    "jumys.cli.synthetic": "the CLI's options",
    "jumys.synth.calibration": "the synthetic country, made from the CLI",
    "jumys.synth.service": "the synthetic country, made from the CLI",
    "jumys.reference.stats": "published statistics, read by jumys.synth only",
    "jumys.reports.employers": "employers are read through the API only: the dashboard has no employer page",
}
# Classes whose messages no page shows: a 401 sends the user to sign in, the sign-in form words its own refusal.
SILENT = {"Unauthorized", "TooManyAttempts"}
ERRORS = {
    name
    for name, cls in vars(errors).items()
    if isinstance(cls, type) and issubclass(cls, errors.JumysError) and name not in SILENT
}


def _tree(module: str) -> ast.Module:
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None
    return ast.parse(Path(spec.origin).read_text(encoding="utf-8"))


def _raises(tree: ast.AST, names: set[str]) -> Iterator[ast.Call]:
    """The JumysError calls of the raise statements in tree (names: the classes to look for)."""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Raise)
            and isinstance(node.exc, ast.Call)
            and ast.unparse(node.exc.func).rsplit(".", 1)[-1] in names
        ):
            yield node.exc


def _pages_call(module: str) -> set[str]:
    """The names the door core's sessions (which the pages call to sign in and out) import from module."""
    return {
        alias.name
        for node in ast.walk(_tree("jumys.doors.sessions"))
        if isinstance(node, ast.ImportFrom) and node.module == module
        for alias in node.names
    }


def shown_trees() -> Iterator[tuple[str, ast.AST]]:
    """Each in-scope module's code, and the code of each function of jumys.access.service the pages call."""
    for module in SHOWN:
        yield module, _tree(module)
    called = _pages_call(ACCESS)
    for node in _tree(ACCESS).body:
        if isinstance(node, ast.FunctionDef) and node.name in called:
            yield f"{ACCESS}.{node.name}", node


def page_messages() -> dict[str, str]:
    """Every message a page can show, read off the code (each {value} replaced by a sample), with where it is
    raised; plus the phrases given to plain_text as what may not contain control characters."""
    found: dict[str, str] = {}
    for where, tree in shown_trees():
        for call in _raises(tree, ERRORS):
            text = _python_text(call.args[0]) if call.args else None
            assert text is not None, f"{where}: {ast.unparse(call)}: a message the test cannot read"
            found[text] = where
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and ast.unparse(node.func) == "plain_text":
                what = _python_text(node.args[1])
                assert what is not None, f"{where}: {ast.unparse(node)}"
                found[what] = where
    return found


def test_the_messages_are_read_off_the_code() -> None:
    """The reading finds the kinds of message it should (a broken reading would find nothing to check)."""
    found = page_messages()
    assert len(found) > 30
    for text in (
        "no project 12",
        "no verification is stored for 12",
        "status must be one of x, y",
        "an akimat of region 12 sees nothing of region 12",
        "12 may not contain control characters",
        "the search text",
        "a project id",
        "12: no contract files found (expected NAME.csv or NAME.parquet for NAME in 12)",
        "manifest.json must hold an object",
        "batch 12 was already applied (as batch 12) with different contents: "
        "a corrected batch needs a new batch_id in manifest.json",
        "JUMYS_PSEUDONYM_KEY must be at least 12 characters",
    ):
        assert text in found, text
    assert "sign in first" not in found and "wrong username or password" not in found  # never on a page


def test_every_message_a_page_can_show_has_an_entry() -> None:
    """Each message a page can show matches an entry and reads in Russian: a new message in a service the pages
    call fails here until it is added to jumys/web/messages.py and translated."""
    found = page_messages()
    missing = sorted(f"{text!r} ({where})" for text, where in found.items() if match_message(text) is None)
    assert not missing, f"no entry in jumys/web/messages.py for: {missing}"
    untranslated = sorted(text for text in found if translate_message(RU, text) == text)
    assert not untranslated, untranslated


def test_every_module_raising_errors_is_in_scope_or_left_out_for_a_reason() -> None:
    """A module that starts raising JumysError is either one whose errors a page can show, or named with the
    reason no page shows them: a new service is not left out by accident."""
    raising = {
        info.name
        for info in pkgutil.walk_packages(jumys.__path__, "jumys.")
        if any(_raises(_tree(info.name), ERRORS | SILENT))
    }
    unknown = raising - set(SHOWN) - set(NOT_SHOWN) - {ACCESS, "jumys.errors"}
    assert not unknown, f"decide whether a page can show their errors: {sorted(unknown)}"
    assert not set(NOT_SHOWN) - raising, "a module left out no longer raises: drop it from NOT_SHOWN"


# --- the pages --------------------------------------------------------------------------------------

ALERT = re.compile(r'role="alert">(?:<strong>[^<]*</strong>\s*)?(.*?)</p>', re.S)


def shown(page: str) -> str:
    """The message of an error page or of the upload form's error."""
    m = ALERT.search(page)
    assert m, page
    return html.unescape(m.group(1)).strip()


def _check(english: str, translated: dict[str, str], values: tuple[str, ...]) -> None:
    """Each translation is Cyrillic, not the English sentence, and keeps each value (as English shows it)."""
    for value in values:
        assert value in english, (value, english)
    for lang, text in translated.items():
        assert CYRILLIC.search(text) and text != english, (lang, text)
        for value in values:
            assert value in text, (lang, value, text)


ERROR_PAGES = [
    ("ministry", "/projects/NO-SUCH-PROJECT", 404, ("'NO-SUCH-PROJECT'",)),
    ("ministry", "/?as_of=2020-01-01", 404, ("2020-01-01",)),
    ("ministry", "/regions/75?as_of=yesterday", 422, ("'yesterday'",)),
    ("ministry", "/regions/99", 404, ("'99'",)),
    ("ministry", "/regions/75?status=bogus", 422, ("pending, on_track, at_risk, fulfilled, failed",)),
    ("ministry", "/regions/75?sector=Z", 422, ("A", "U")),
    ("ministry", "/regions/75?q=%01", 422, ()),
    ("ministry", "/projects/%01", 422, ()),
    ("ministry", "/upload/rejects/no-such-batch.csv", 404, ("'no-such-batch'",)),
    ("akimat", "/regions/71", 403, ("75", "71")),
    ("citizen", "/projects/{on_track}", 403, ()),
    ("investor", "/upload", 403, ()),
]


@pytest.mark.parametrize(("user", "url", "status", "values"), ERROR_PAGES, ids=[p[1] for p in ERROR_PAGES])
def test_an_error_page_reads_in_the_page_language(
    app: FastAPI,
    sessions: dict[str, str],
    site: Site,
    user: str,
    url: str,
    status: int,
    values: tuple[str, ...],
) -> None:
    """The message under the error page's title is in Russian and in Kazakh, its values kept as written."""
    client = signed_in_client(app, sessions, user)
    url = url.format(**site.country.project_ids)
    joiner = "&" if "?" in url else "?"
    pages = {lang: client.get(f"{url}{joiner}lang={lang}") for lang in ("en", "ru", "kk")}
    assert {r.status_code for r in pages.values()} == {status}, {k: r.text for k, r in pages.items()}
    english = shown(pages["en"].text)
    assert not CYRILLIC.search(english)
    _check(english, {lang: shown(pages[lang].text) for lang in ("ru", "kk")}, values)
    assert english not in html.unescape(pages["ru"].text)


def _zip(files: dict[str, str | bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, content in files.items():
            z.writestr(name, content)
    return buf.getvalue()


def _employers_header() -> str:
    return ",".join(columns_of("employers")) + "\n"


UPLOADS: list[tuple[str, Callable[[], bytes], tuple[str, ...]]] = [
    ("notes.zip", lambda: _zip({"notes.txt": "no contract files here"}), ("notes.zip", "employers")),
    ("broken.zip", lambda: b"not a zip archive", ("broken.zip", "File is not a zip file")),
    ("list.zip", lambda: _zip({"manifest.json": "[]", "employers.csv": _employers_header()}), ()),
    (
        "when.zip",
        lambda: _zip(
            {
                "manifest.json": json.dumps({"batch_id": "b-1", "extracted_at": "yesterday"}),
                "employers.csv": _employers_header(),
            }
        ),
        ("'yesterday'",),
    ),
]


@pytest.mark.parametrize(("name", "content", "values"), UPLOADS, ids=[u[0] for u in UPLOADS])
def test_an_upload_that_cannot_be_read_says_why_in_the_page_language(
    app: FastAPI, sessions: dict[str, str], name: str, content: Callable[[], bytes], values: tuple[str, ...]
) -> None:
    """Not a batch, not a .zip, a manifest that is not an object or has a bad date: the upload form says so in
    Russian and in Kazakh, with the file's name and the zip reader's words as written."""
    client = signed_in_client(app, sessions, "ministry")
    pages = {
        lang: client.post(f"/upload?lang={lang}", files={"batch": (name, content(), "application/zip")})
        for lang in ("en", "ru", "kk")
    }
    assert {r.status_code for r in pages.values()} == {422}
    english = shown(pages["en"].text)
    _check(english, {lang: shown(pages[lang].text) for lang in ("ru", "kk")}, values)


def test_a_too_large_upload_says_so_in_the_page_language(
    app: FastAPI, sessions: dict[str, str], site: Site
) -> None:
    """An upload over JUMYS_UPLOAD_MAX_MB is refused with the limit in the page's language."""
    client = signed_in_client(app, sessions, "ministry")
    big = b"0" * ((1 << 20) + 1)
    # not monkeypatch: it looks for the old value in the instance __dict__, where Starlette's State keeps none,
    # and so deletes the setting on undo
    app.state.door.settings = site.settings.model_copy(update={"upload_max_mb": 1})
    try:
        pages = {
            lang: client.post(f"/upload?lang={lang}", files={"batch": ("big.zip", big, "application/zip")})
            for lang in ("en", "ru", "kk")
        }
    finally:
        app.state.door.settings = site.settings
    assert {r.status_code for r in pages.values()} == {413}
    _check(shown(pages["en"].text), {lang: shown(pages[lang].text) for lang in ("ru", "kk")}, ("1",))


def test_a_batch_applied_before_with_other_contents_is_a_conflict_in_the_page_language(
    app: FastAPI, sessions: dict[str, str]
) -> None:
    """The same batch_id again with other contents: the upload form names the batch and its number, in Russian
    and in Kazakh. (The batch holds a header alone: nothing is added to the store but its ledger entry.)"""
    client = signed_in_client(app, sessions, "ministry")
    batch_id = f"clash-{uuid.uuid4().hex[:8]}"

    def batch(source: str) -> bytes:
        manifest = json.dumps({"batch_id": batch_id, "source": source})
        return _zip({"manifest.json": manifest, "employers.csv": _employers_header()})

    first = client.post("/upload", files={"batch": ("a.zip", batch("first"), "application/zip")})
    assert first.status_code == 200, shown(first.text)
    pages = {
        lang: client.post(
            f"/upload?lang={lang}", files={"batch": ("b.zip", batch("second"), "application/zip")}
        )
        for lang in ("en", "ru", "kk")
    }
    assert {r.status_code for r in pages.values()} == {409}
    english = shown(pages["en"].text)
    number = re.search(r"as batch (\d+)", english)
    assert number, english
    _check(english, {lang: shown(pages[lang].text) for lang in ("ru", "kk")}, (batch_id, number.group(1)))
