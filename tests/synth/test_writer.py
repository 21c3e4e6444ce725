"""The batch writer checks columns against the contract and reports what goes wrong in its thread."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pytest

from jumys.synth.writer import BatchWriter


def _vision_zero(bins: list[str]) -> dict[str, pa.Array]:
    return {"bin": pa.array(bins), "joined_on": pa.array([dt.date(2025, 1, 2)] * len(bins), type=pa.date32())}


def test_a_file_is_written_with_the_contract_header(tmp_path: Path) -> None:
    with BatchWriter(tmp_path, "csv") as writer:
        assert writer.write("vision_zero", _vision_zero(["111140000017", "111140000025"])) == 2
    assert (
        tmp_path / "vision_zero.csv"
    ).read_text() == "bin,joined_on\n111140000017,2025-01-02\n111140000025,2025-01-02\n"


def test_columns_must_be_the_contracts(tmp_path: Path) -> None:
    with BatchWriter(tmp_path, "csv") as writer:
        columns = _vision_zero(["111140000017"])
        with pytest.raises(ValueError, match="not the contract's"):
            writer.write("vision_zero", dict(reversed(columns.items())))
        with pytest.raises(TypeError, match="contract wants date32"):
            writer.write("vision_zero", {"bin": columns["bin"], "joined_on": pa.array(["2025-01-02"])})


def test_a_failure_in_the_writing_thread_reaches_the_caller(tmp_path: Path) -> None:
    with pytest.raises(pa.ArrowInvalid), BatchWriter(tmp_path, "csv") as writer:
        writer.write("vision_zero", _vision_zero(['needs,"quoting"']))  # CSV values are never quoted
