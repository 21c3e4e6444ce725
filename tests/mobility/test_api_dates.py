"""A date asked of the mobility API is a date written YYYY-MM-DD: a number or an impossible day is refused."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from jumys.config import Settings
from jumys.server import create_app

API = "/api/v1"


@pytest.fixture
def client(engine: sa.Engine, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, engine=engine)) as c:
        yield c


def test_the_compatriots_plan_refuses_what_is_not_a_date(client: TestClient) -> None:
    assert (
        client.get(f"{API}/mobility/compatriots", params={"as_of": "0"}).status_code == 422
    )  # not 1970-01-01
    impossible = client.get(f"{API}/mobility/compatriots", params={"as_of": "2025-02-30"})
    assert impossible.status_code == 422 and impossible.json()["code"] == "reports.as_of"
    assert client.get(f"{API}/mobility/compatriots", params={"as_of": "2025-02-28"}).status_code == 200
