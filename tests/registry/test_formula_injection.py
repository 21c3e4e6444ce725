"""Formula injection: no cell of a CSV the product writes can start a spreadsheet formula (OWASP)."""

import csv
import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from jumys.config import Settings
from jumys.kit.spreadsheet import safe_cell
from tests import factories as f
from tests.factories import ingest

ATTACKS = ('=HYPERLINK("http://x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)")


@pytest.mark.parametrize("value", ["=1+1", "+1", "-5", "@x", "\tx", "\rx"])
def test_a_cell_that_could_start_a_formula_gets_a_leading_quote(value: str) -> None:
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["1", "Алматы", "a=b", "", None, -5, 3.5])
def test_other_cells_are_written_as_they_are(value: object) -> None:
    assert safe_cell(value) == value


def test_rejected_values_that_start_a_formula_are_neutralised_in_rejects_csv(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    bosses = [f.employer(kato=a) for a in ATTACKS]
    report = ingest(engine, f.write_batch(tmp_path / "b", {"employers": bosses}), settings)
    assert report.rejects_csv and report.rejects_json
    with report.rejects_csv.open(newline="", encoding="utf-8") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    values = {r["value"] for r in csv.DictReader(report.rejects_csv.open(newline="", encoding="utf-8"))}
    assert values == {"'" + a for a in ATTACKS}
    # the JSON report is not opened by spreadsheets: it keeps the value as delivered
    assert {r["value"] for r in json.loads(report.rejects_json.read_text())} == set(ATTACKS)
