"""`jumys forecast population`: 80 columns, --json, bad input, and the check's table in docs/forecasting.md."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from jumys.cli.forecast_population import CHECK_BEGIN, CHECK_END
from jumys.cli.main import app
from jumys.config import Settings
from jumys.forecasting.population_check import markdown, run_check
from jumys.forecasting.report import block_of

DOCS = Path(__file__).resolve().parents[2] / "docs" / "forecasting.md"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["forecast", "population", *args], env={"COLUMNS": "80"})
    return result.exit_code, result.stdout, result.stderr


def test_the_forecast_from_the_shipped_statistics_fits_80_columns_and_says_where_the_data_end() -> None:
    code, stdout, _ = _run("--data", "shipped", "--to", "2050")
    assert code == 0, stdout
    lines = stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    header = next(line for line in lines if line.startswith("region"))
    assert header.split()[1:] == ["2023", "2030", "2035", "2040", "2045", "2050"]
    assert sum(bool(re.match(r"\d\d [A-Z]", line)) for line in lines) == 20 and any(
        line.startswith("Kazakhstan") for line in lines
    )
    assert [
        line.split()[0]
        for line in lines
        if line.split() and line.split()[0] in ("0-5", "6-17", "18-62", "63+")
    ] == [
        "0-5",
        "6-17",
        "18-62",
        "63+",
    ]
    assert "the data go to 1 January 2023" in " ".join(stdout.split())


def test_one_region_as_json() -> None:
    code, stdout, _ = _run("--data", "shipped", "--region", "59", "--json")
    assert code == 0
    body = json.loads(stdout)
    assert [r["kato2"] for r in body["regions"]] == ["59"]
    assert body["years"][0] == 2023 and body["years"][-1] == 2035 and body["to"] == 2035
    assert body["age_groups"]["scope"] == "59" and len(body["pyramid"]["men"][0]) == 101
    assert body["data"] | {"note": ""} == {
        "source": "shipped",
        "base_year": 2023,
        "batch_no": None,
        "batch_id": None,
        "migration_years": [2022, 2022],
        "note": "",
    }
    assert body["parameters"]["tfr"] == pytest.approx(2.96)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--region", "99"), "unknown region 99"),
        (("--to", "2023"), "from 2024 to 2100, not 2023"),
        (("--to", "2101"), "not 2101"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: tuple[str, ...], says: str) -> None:
    code, _, stderr = _run("--data", "shipped", *args)
    assert code == 2 and says in stderr and "Traceback" not in stderr


def test_an_empty_store_says_so(cli_store: tuple[Settings, sa.Engine]) -> None:
    cli_store[1].dispose()
    code, _, stderr = _run()
    assert code == 2 and "the store holds no population" in stderr


def test_the_check_fits_80_columns() -> None:
    code, stdout, _ = _run("--check")
    assert code == 0
    assert max(len(line) for line in stdout.splitlines()) <= 80
    assert "Kazakhstan" in stdout and "mean absolute error of the regions" in stdout


def test_the_docs_check_table_is_what_the_command_computes() -> None:
    """Run `jumys forecast population --check --write-docs` when this fails."""
    assert block_of(DOCS.read_text(encoding="utf-8"), CHECK_BEGIN, CHECK_END) == markdown(run_check())


def test_the_check_stays_within_what_the_docs_say() -> None:
    check = run_check()
    assert abs(check.nation.error_middle) < 1.0  # 2021, before the census rebasing
    assert all(abs(r.error_middle) < 2.5 for r in check.regions)
    assert abs(check.nation.error) < 2.0 and check.mean_absolute_error < 3.0
    assert {r.kato2 for r in check.regions} == {
        "11", "15", "19", "23", "27", "31", "35", "39", "43", "47", "55", "59", "61", "63", "71", "75", "79"
    }  # fmt: skip
