"""Batches made to hurt: zip bombs, headers too long to read, links to files outside the batch, manifests
with fields nobody reads. Each is a clear refusal or reject by code, never an internal error."""

from __future__ import annotations

import json
import os
import stat
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from jumys.config import Settings
from jumys.errors import InvalidInput
from jumys.registry.batch import open_batch
from jumys.registry.contract import BY_NAME
from tests import factories as f
from tests.factories import ingest, rejects, rows

MB = 1 << 20


def _zeros_zip(archive: Path, name: str, size: int) -> Path:
    """A zip bomb: one member of `size` zero bytes, deflated (about a thousandth of it on disk)."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z, z.open(name, "w", force_zip64=True) as out:
        chunk = bytes(MB)
        for _ in range(size // MB):
            out.write(chunk)
    return archive


def _unpacked_bytes(workdir: Path) -> int:
    return sum(p.stat().st_size for p in workdir.rglob("*") if p.is_file())


# -- zip bombs ----------------------------------------------------------------------------------------
def test_a_zip_bomb_is_refused_by_its_compression_ratio_before_it_is_unpacked(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    bomb = _zeros_zip(tmp_path / "bomb.zip", "employers.csv", 64 * MB)
    assert bomb.stat().st_size < MB  # small on disk
    with pytest.raises(InvalidInput) as e:
        ingest(engine, bomb, settings)
    assert e.value.code == "registry.zip_ratio" and e.value.params["member"] == "employers.csv"
    assert "more than 100 times" in str(e.value)
    assert rows(engine, "employers") == []


def test_a_bomb_is_stopped_while_streaming_not_after(tmp_path: Path) -> None:
    """Reading stops soon after the limit is passed: not the whole member is written to disk."""
    bomb = _zeros_zip(tmp_path / "bomb.zip", "employers.csv", 64 * MB)
    work = tmp_path / "work"
    with pytest.raises(InvalidInput) as e:
        open_batch(bomb, work, max_unpacked=1 << 40, max_ratio=100)
    assert e.value.code == "registry.zip_ratio"
    assert _unpacked_bytes(work) <= 4 * MB


def test_a_zip_unpacking_to_more_than_the_setting_is_refused(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    """Stored (not compressed) members, each small, together over JUMYS_UNPACK_MAX_MB."""
    folder = f.write_batch(tmp_path / "b", {"employers": [f.employer()]})
    archive = tmp_path / "big.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as z:
        z.write(folder / "employers.csv", "employers.csv")
        for i in range(3):
            z.writestr(f"notes-{i}.txt", os.urandom(MB // 2))
    small = settings.model_copy(update={"unpack_max_mb": 1})
    with pytest.raises(InvalidInput) as e:
        ingest(engine, archive, small)
    assert e.value.code == "registry.zip_too_large" and e.value.params["limit"] == MB
    assert "more than the 1048576 allowed" in str(e.value)
    assert rows(engine, "employers") == []
    # the same archive under the default limit is a batch (the notes are ignored with a warning)
    assert ingest(engine, archive, settings).rows_accepted == 1


def test_an_archive_declaring_more_than_the_limit_is_refused_before_writing(tmp_path: Path) -> None:
    """Declared sizes over the limit are refused before a byte is written (the bytes written are counted too:
    registry.zip_unpacked_too_large)."""
    archive = tmp_path / "big.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as z:
        z.writestr("employers.csv", os.urandom(6 * MB))
    work = tmp_path / "work"
    with pytest.raises(InvalidInput) as e:
        open_batch(archive, work, max_unpacked=2 * MB, max_ratio=100)
    assert e.value.code == "registry.zip_too_large"
    assert _unpacked_bytes(work) == 0


# -- headers too long to read ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "extra",
    [
        ["x" * 200_000],  # one name over the CSV reader's 128 KiB field limit
        [f"y{i}" for i in range(30_000)],  # 200 KB of short names
        [f"z{i}" for i in range(1_200)],  # short, but more columns than any contract file could use
    ],
    ids=["long-name", "long-header", "many-columns"],
)
def test_a_header_too_long_rejects_the_file_and_the_rest_is_applied(
    extra: list[str], engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    boss = f.employer()
    folder = f.write_batch(tmp_path / "b", {"employers": [boss], "contracts": [f.contract(boss["bin"])]})
    columns = ",".join([*BY_NAME["contracts"].column_names, *extra])
    (folder / "contracts.csv").write_text(columns + "\n" + "1,2,3\n" * 4, encoding="utf-8")
    report = ingest(engine, folder, settings)
    assert report.status == "applied" and report.rows_accepted == 1
    [(file, line, column, reason, value)] = rejects(report)
    assert (file, line, column, value) == ("contracts.csv", 1, None, None)
    assert reason.startswith("the header row is too long") and "none of the file's 4 rows" in reason
    [first] = report.rejects
    assert first["reason"].params["problem"].code == "reject.header_too_long"
    assert len(rows(engine, "employers")) == 1 and rows(engine, "contracts") == []


# -- links ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["employers.csv", "manifest.json"])
def test_a_link_in_a_batch_folder_is_refused(
    name: str, engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    folder = f.write_batch(tmp_path / "b", {"employers": [f.employer()]}, {"batch_id": "b1"})
    (folder / name).unlink()
    (folder / name).symlink_to(secret)
    with pytest.raises(InvalidInput) as e:
        ingest(engine, folder, settings)
    assert e.value.code == "registry.link_refused" and e.value.params == {"file": name}
    assert "root:" not in str(e.value)
    assert rows(engine, "employers") == []


def test_a_link_inside_a_zip_is_refused(engine: sa.Engine, settings: Settings, tmp_path: Path) -> None:
    folder = f.write_batch(tmp_path / "b", {"employers": [f.employer()]})
    archive = tmp_path / "links.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(folder / "employers.csv", "batch/employers.csv")
        link = zipfile.ZipInfo("batch/contracts.csv")
        link.create_system = 3  # Unix: the mode bits below are read
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        z.writestr(link, "/etc/passwd")
    with pytest.raises(InvalidInput) as e:
        ingest(engine, archive, settings)
    assert e.value.code == "registry.zip_link"
    assert e.value.params == {"file": "links.zip", "path": "batch/contracts.csv"}
    assert rows(engine, "employers") == []


# -- the manifest ---------------------------------------------------------------------------------------
def test_unknown_manifest_fields_are_a_warning(engine: sa.Engine, settings: Settings, tmp_path: Path) -> None:
    manifest = {"batch_id": "b1", "sourse": "typo of source", "rows": 1, "source": "test"}
    folder = f.write_batch(tmp_path / "b", {"employers": [f.employer()]}, manifest)
    report = ingest(engine, folder, settings)
    assert report.rows_accepted == 1 and report.batch_id == "b1"
    assert report.warnings == ["manifest.json: fields not in the contract were ignored: rows, sourse"]
    assert [w.code for w in report.warnings] == ["warning.manifest_fields_ignored"]
    assert json.loads((folder / "manifest.json").read_text()) == manifest
