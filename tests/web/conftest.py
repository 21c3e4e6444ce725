"""Fixtures of the dashboard tests: one small country per test session and the app serving it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from jumys.access.principal import Role
from jumys.access.service import add_user
from jumys.config import Settings
from jumys.reference.regions import region_codes
from jumys.server import create_app
from jumys.storage.engine import make_engine
from jumys.storage.revisions import upgrade
from tests.conftest import ENGINES, TEST_KEY
from tests.pg import pg_database
from tests.web.world import PASSWORD, Country, load_country


class Site:
    """The store, its settings and the country in it."""

    def __init__(self, engine: sa.Engine, settings: Settings, country: Country) -> None:
        self.engine, self.settings, self.country = engine, settings, country


@pytest.fixture(scope="session", params=ENGINES)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A store holding the small country, verified at three dates, with a user per role: DuckDB, and
    PostgreSQL too when JUMYS_TEST_DATABASE_URL is set."""
    tmp = tmp_path_factory.mktemp("web")
    settings = Settings(home=tmp / "home", pseudonym_key=TEST_KEY)
    with ExitStack() as stack:
        url = stack.enter_context(pg_database("jumys_web")) if request.param == "postgresql" else None
        engine = make_engine(url, settings=settings)
        upgrade(engine)
        country = load_country(engine, settings, tmp / "batch")
        yield Site(engine, settings, country)
        engine.dispose()


@pytest.fixture(scope="session")
def app(site: Site) -> FastAPI:
    """The app serving the small country."""
    return create_app(settings=site.settings, engine=site.engine)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A browser-like client without a session."""
    with TestClient(app, follow_redirects=False) as c:
        yield c


def client_as(
    app: FastAPI, username: str | None, role: Role = "public", region: str | None = None
) -> TestClient:
    """A client of app signed in as a new user of role (and region), or anonymous when username is None."""
    client = TestClient(app, follow_redirects=False)
    if username is None:
        return client
    with app.state.door.engine.begin() as conn:
        add_user(conn, username, role, known_regions=region_codes(), region=region, password=PASSWORD)
    return sign_in(client, username)


def sign_in(client: TestClient, username: str) -> TestClient:
    """Sign the client in as username (every test user has the same password)."""
    r = client.post("/login", data={"username": username, "password": PASSWORD, "next": "/"})
    assert r.status_code == 303, r.text
    return client


@pytest.fixture(scope="session")
def sessions(app: FastAPI) -> dict[str, str]:
    """Session cookies by username, each signed in once per test session (argon2 is slow on purpose)."""
    return {}


def signed_in_client(app: FastAPI, sessions: dict[str, str], username: str) -> TestClient:
    """A client carrying username's session (signing in the first time it is asked for)."""
    client = TestClient(app, follow_redirects=False)
    if username not in sessions:
        sign_in(client, username)
        sessions[username] = client.cookies["jumys_session"]
    client.cookies.set("jumys_session", sessions[username])
    return client
