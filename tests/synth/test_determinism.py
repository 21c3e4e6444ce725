"""The same scale, seed and format give the same bytes; Parquet files carry the contract's types."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from jumys.errors import InvalidInput
from jumys.registry.contract import BY_NAME as CONTRACT
from jumys.synth import service
from jumys.synth.service import FILE_ORDER, generate

FILES = tuple(CONTRACT[name] for name in FILE_ORDER)  # contract 1.1, every file

_ARROW = {"date": pa.date32(), "int": pa.int64(), "number": pa.float64(), "bool": pa.bool_()}


def _files(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir())}


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_same_seed_same_bytes(tmp_path: Path, fmt: str) -> None:
    first = generate(tmp_path / "a", scale=0.001, seed=7, fmt=fmt)  # type: ignore[arg-type]
    second = generate(tmp_path / "b", scale=0.001, seed=7, fmt=fmt)  # type: ignore[arg-type]
    assert first == second
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert len(a) == 23 and a == b  # 20 contract files, manifest.json, truth.json, applications.csv


def test_another_seed_another_country(tmp_path: Path) -> None:
    generate(tmp_path / "a", scale=0.001, seed=7)
    generate(tmp_path / "b", scale=0.001, seed=8)
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert a["contracts.csv"] != b["contracts.csv"]
    assert a["population.csv"] == b["population.csv"]  # the population is the real one, whatever the seed
    assert json.loads(a["truth.json"])["seed"] == 7


def test_parquet_types_follow_the_contract(tmp_path: Path) -> None:
    rows = generate(tmp_path, scale=0.001, seed=3, fmt="parquet")
    for spec in FILES:
        table = pq.read_table(tmp_path / f"{spec.name}.parquet")
        assert table.column_names == list(spec.column_names)
        assert table.num_rows == rows[spec.name] > 0
        for column in spec.columns:
            assert table.schema.field(column.name).type == _ARROW.get(column.kind, pa.string()), (
                spec.name,
                column.name,
            )


def test_minimum_scale_still_plants_everything(tmp_path: Path) -> None:
    generate(tmp_path, scale=0.0001, seed=1)
    truth = json.loads((tmp_path / "truth.json").read_text())
    assert all(n > 0 for n in truth["rows"].values())
    assert len(truth["employers"]["unsafe"]) >= 3 and len(truth["employers"]["arrears"]) >= 3


def test_bad_arguments_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput):
        generate(tmp_path, scale=0, seed=1)
    with pytest.raises(InvalidInput):
        generate(tmp_path, scale=0.001, seed=1, fmt="xlsx")  # type: ignore[arg-type]


def test_a_folder_holds_one_format(tmp_path: Path) -> None:
    generate(tmp_path, scale=0.001, seed=1, fmt="csv")
    with pytest.raises(InvalidInput, match="another batch"):
        generate(tmp_path, scale=0.001, seed=1, fmt="parquet")


def _main(files: dict[str, bytes], name: str) -> bytes:
    """A file without the rows the conditions of foreign workers append (jumys/synth/conditions.py): drawn from
    a stream of their own at employers and occupations the safe-work stream's turnover helps choose; and
    without the mobility's rows appended after them (jumys/synth/mobility.py)."""
    truth = json.loads(files["truth.json"])
    file = name.removesuffix(".csv")
    appended = truth["foreign_workers"]["appended"].get(file, 0) + truth["mobility"]["appended"].get(file, 0)
    lines = files[name].splitlines(keepends=True)
    return b"".join(lines[: len(lines) - appended])


def test_the_safe_work_stream_leaves_the_main_draws_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another safe-work stream changes the safety files and nothing drawn from the main stream."""
    generate(tmp_path / "a", scale=0.001, seed=7)
    monkeypatch.setattr(service, "SAFETY_STREAM", 11)
    generate(tmp_path / "b", scale=0.001, seed=7)
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    for name in ("employers.csv", "persons.csv", "projects.csv", "permits.csv", "resettlement.csv"):
        assert _main(a, name) == _main(b, name), name
    for name in ("incidents.csv", "inspections.csv", "labour_disputes.csv", "training.csv"):
        assert a[name] != b[name], name
    truth_a, truth_b = json.loads(a["truth.json"]), json.loads(b["truth.json"])
    assert truth_a["projects"] == truth_b["projects"]
    assert truth_a["safety"] != truth_b["safety"]


def test_the_applications_stream_leaves_every_contract_file_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another stream of the permit applications changes applications.csv and nothing else but its truth."""
    from jumys.synth import applications

    generate(tmp_path / "a", scale=0.01, seed=7)
    monkeypatch.setattr(applications, "APPLICATIONS_STREAM", 12)
    generate(tmp_path / "b", scale=0.01, seed=7)
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert a["applications.csv"] != b["applications.csv"]
    assert {n for n in a if a[n] != b[n]} == {"applications.csv", "truth.json"}
    truth_a, truth_b = json.loads(a["truth.json"]), json.loads(b["truth.json"])
    assert {k: v for k, v in truth_a.items() if k != "applications"} == {
        k: v for k, v in truth_b.items() if k != "applications"
    }
