"""Fuzzing from the OpenAPI schema (schemathesis): no 500 and no answer that breaks the schema, as the ministry.

Bounded: a few dozen examples per operation, so the whole run stays well under a minute per engine.
The schema is read from an app over an empty in-memory store at collection; the cases are sent to
the app over the world, on each engine.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
import sqlalchemy as sa
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from jumys.config import Settings
from jumys.server import create_app
from tests.conftest import ENGINES, template_of
from tests.reports.world import world_store

EXAMPLES = 15


def _published_schema() -> dict[str, Any]:
    app = create_app(Settings(home=Path("unused")), engine=sa.create_engine("duckdb:///:memory:"))
    return app.openapi()


schema = schemathesis.openapi.from_dict(_published_schema())
schema.config.update(base_url="http://localhost")


@pytest.fixture(scope="module", params=ENGINES)
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    """The app over the world, on each engine, shared by the module's fuzzing."""
    template = template_of(request, request.param)
    with world_store(request.param, tmp_path_factory.mktemp("fuzz"), template) as (engine, config, world):
        app = create_app(config, engine=engine)
        with TestClient(app):  # runs the lifespan: background runs are waited for at the end
            yield {"app": app, "token": world.tokens["ministry"]}


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_schema(case: Any, served: dict[str, Any]) -> None:
    case.operation.schema.app = served["app"]  # the checks that send again go to the same app
    # a .zip's content is checked by the data contract, which no schema can say: an empty or
    # non-zip file that fits the schema is rightly refused (422), so that check does not apply there;
    # nor to the date of a verification, a risk run or a warnings run, which may not be after today: no schema
    # can say when today is; nor to a permit application, whose employer must be in the store; nor to next
    # year's quota proposed, whose as-of date must fall in the year before the one asked for; nor to a person's
    # account, whose IIN has a check digit and whose e-mail must be an address, which no schema says whole; nor to
    # the forecasts of a series, whose family, region and horizon the service checks so as to say why one is wrong;
    # nor to a population forecast, whose last year must come after the data's last, which depends on the store
    refused = (
        "/api/v1/batches",
        "/api/v1/verification-runs",
        "/api/v1/risk-runs",
        "/api/v1/warnings/runs",
        "/api/v1/permit-applications",
        "/api/v1/quotas/proposal",
        "/api/v1/cabinet/persons",
        "/api/v1/forecasts/population",
        "/api/v1/forecasts/series",
    )
    skip = [positive_data_acceptance] if case.operation.path in refused else []
    case.call_and_validate(
        app=served["app"], headers={"Authorization": f"Bearer {served['token']}"}, excluded_checks=skip
    )
