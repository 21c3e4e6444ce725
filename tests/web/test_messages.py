"""Errors a page shows, in the page's language: the page renders a JumysError's code and parameters from the
catalogue (every code reads in Russian and Kazakh: tests/kit/test_messages.py), its values as written."""

from __future__ import annotations

import html
import io
import json
import re
import uuid
import zipfile
from collections.abc import Callable

import pytest
from fastapi import FastAPI

from tests.web.conftest import Site, signed_in_client
from tests.web.world import columns_of

CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")


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
    ("broken.zip", lambda: b"not a zip archive", ("broken.zip",)),
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
    Russian and in Kazakh, with the file's name, and none of the zip reader's English ("File is not a zip file")."""
    client = signed_in_client(app, sessions, "ministry")
    pages = {
        lang: client.post(f"/upload?lang={lang}", files={"batch": (name, content(), "application/zip")})
        for lang in ("en", "ru", "kk")
    }
    assert {r.status_code for r in pages.values()} == {422}
    english = shown(pages["en"].text)
    _check(english, {lang: shown(pages[lang].text) for lang in ("ru", "kk")}, values)
    assert not any("File is not a zip file" in r.text for r in pages.values())


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
