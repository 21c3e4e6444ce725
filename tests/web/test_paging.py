"""The pages' paging: a page number beyond any list is a clear 4xx page, never a 500."""

from __future__ import annotations

import pytest
from fastapi import FastAPI

from tests.web.conftest import signed_in_client


@pytest.mark.parametrize("page", ["999999999999999999999", "100000000"])
@pytest.mark.parametrize("path", ["/regions/75", "/regions/75/projects"])
def test_a_huge_page_number_is_a_422_page(
    page: str, path: str, app: FastAPI, sessions: dict[str, str]
) -> None:
    client = signed_in_client(app, sessions, "ministry")
    r = client.get(f"{path}?page={page}", headers={"HX-Request": "true"})
    assert r.status_code == 422 and "Traceback" not in r.text


@pytest.mark.parametrize("page", ["0", "-5", "40000"])
def test_a_page_number_within_bounds_is_a_page(page: str, app: FastAPI, sessions: dict[str, str]) -> None:
    """Below the first page is the first page (as before); a page past the list's end is an empty list."""
    client = signed_in_client(app, sessions, "ministry")
    assert client.get(f"/regions/75?page={page}").status_code == 200
