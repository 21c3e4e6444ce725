"""One verification field list: the stored facts, `jumys verify --json`, the CLI and the API's shapes agree."""

from __future__ import annotations

import dataclasses

import pytest

from jumys.api import schemas as api
from jumys.projects.schemas import COUNTS, RESULT_FIELDS, Counts
from jumys.projects.tables import project_verification
from jumys.reports import schemas as rows


def test_the_result_record_is_the_stored_facts() -> None:
    stored = {c.name for c in project_verification.columns}
    assert set(RESULT_FIELDS) <= stored
    assert stored - set(RESULT_FIELDS) == {
        "region_avg_wage_kzt"
    }  # shown in a project's quality, not the record


def test_the_api_verification_takes_its_fields_from_the_record() -> None:
    shown = [f.name for f in dataclasses.fields(rows.Verification)]
    assert set(shown) - {"fulfilment"} <= set(RESULT_FIELDS)
    assert [f.name for f in dataclasses.fields(Counts)] == shown[: len(dataclasses.fields(Counts))]
    assert COUNTS == (
        "promised_permanent_jobs",
        "verified_permanent_jobs",
        "credited",
        "provisional",
        "unconfirmed",
        "baseline_headcount",
        "current_headcount",
        "youth_jobs",
        "temporary_jobs",
    )  # the CLI's columns, as before


def test_the_api_publishes_the_read_models_rows() -> None:
    for name in (
        "Alert",
        "Scorecard",
        "MapRegion",
        "TrendPoint",
        "ProjectRow",
        "ProjectDetail",
        "EmployerDetail",
    ):
        assert getattr(api, name) is getattr(rows, name)
    assert rows.Alert.model_config.get("frozen") is True


def test_a_row_is_read_by_name_and_refuses_a_name_it_lacks() -> None:
    party = rows.Party(bin="123456789012", name=None)
    assert party["bin"] == party.bin == "123456789012"
    with pytest.raises(KeyError):
        party["iin"]
    counts = dict.fromkeys((f.name for f in dataclasses.fields(Counts)), 0)
    v = rows.Verification(**counts, status="pending", expected_jobs=0, meets_wage_share=None, fulfilment=None)
    assert v["credited"] == 0 and v.status == "pending"
    with pytest.raises(KeyError):
        v["project_id"]
