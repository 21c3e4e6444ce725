"""No library's English reaches the reader: a broken archive, manifest or Parquet file is refused with a code
of ours whose sentence reads whole in Russian and Kazakh ("File is not a zip file" was its English tail)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa

from jumys.config import Settings
from jumys.errors import InvalidInput
from jumys.kit.i18n import Translator
from jumys.kit.messages import Text
from tests import factories as f
from tests.factories import ingest, rejects

RU, KK = Translator("ru"), Translator("kk")
ENGLISH_WORD = re.compile(r"\b[A-Za-z]{3,}\b")
KNOWN = {
    "zip",
    "json",
    "manifest",
    "utf",
    "parquet",
    "csv",
    "windows",
    "deflate",
}  # names of formats and files, in every language


def english_words(shown: str, text: Text) -> set[str]:
    """The English words of a rendered sentence that are not one of its own values (a file name, a member)."""
    values = " ".join(str(v) for v in text.params.values())
    return {w for w in ENGLISH_WORD.findall(shown) if w not in values and w.lower() not in KNOWN}


def refusal(engine: sa.Engine, path: Path, settings: Settings) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        ingest(engine, path, settings)
    err = caught.value
    for t in (RU, KK):
        shown = t.render(err.text)
        assert not english_words(shown, err.text), (t.lang, err.code, shown)
    return err


def zipped(path: Path, members: dict[str, str], method: int = zipfile.ZIP_STORED) -> bytes:
    with zipfile.ZipFile(path, "w", compression=method) as z:
        for name, text in members.items():
            z.writestr(name, text)
    return path.read_bytes()


def patch_headers(data: bytes, local_at: int, central_at: int, value: int) -> bytes:
    """Set a 2-byte field of every local file header (at local_at) and central directory entry (at central_at)."""
    out = bytearray(data)
    for sig, at in ((b"PK\x03\x04", local_at), (b"PK\x01\x02", central_at)):
        for m in re.finditer(re.escape(sig), bytes(out)):
            out[m.start() + at : m.start() + at + 2] = value.to_bytes(2, "little")
    return bytes(out)


def test_a_file_that_is_not_a_zip(engine: sa.Engine, settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "b.zip").write_bytes(b"PK\x03\x04 not really")
    err = refusal(engine, tmp_path / "b.zip", settings)
    assert err.code == "registry.zip_unreadable" and err.params == {"file": "b.zip"}
    assert "File is not a zip file" not in err.message


def test_an_encrypted_member(engine: sa.Engine, settings: Settings, tmp_path: Path) -> None:
    data = zipped(tmp_path / "plain.zip", {"employers.csv": "bin\n"})
    (tmp_path / "b.zip").write_bytes(patch_headers(data, 6, 8, 0x1))  # general purpose flag: encrypted
    err = refusal(engine, tmp_path / "b.zip", settings)
    assert err.code == "registry.zip_encrypted" and err.params == {"file": "b.zip", "member": "employers.csv"}


def test_a_compression_method_python_cannot_unpack(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    data = zipped(tmp_path / "plain.zip", {"employers.csv": "bin\n"})
    (tmp_path / "b.zip").write_bytes(patch_headers(data, 8, 10, 99))  # 99: AES, which zipfile cannot read
    err = refusal(engine, tmp_path / "b.zip", settings)
    assert err.code == "registry.zip_method"
    assert err.params == {"file": "b.zip", "member": "employers.csv", "method": 99}


def test_a_member_that_fails_its_check(engine: sa.Engine, settings: Settings, tmp_path: Path) -> None:
    body = "bin,name\n" + "x" * 200 + "\n"
    data = zipped(tmp_path / "plain.zip", {"employers.csv": body})
    spoiled = data.replace(b"x" * 200, b"x" * 199 + b"y", 1)  # stored: the CRC-32 no longer matches
    (tmp_path / "b.zip").write_bytes(spoiled)
    err = refusal(engine, tmp_path / "b.zip", settings)
    assert err.code == "registry.zip_damaged" and err.params == {"file": "b.zip"}
    assert "CRC" not in err.message


def test_a_manifest_that_is_not_utf8(engine: sa.Engine, settings: Settings, tmp_path: Path) -> None:
    folder = f.write_batch(tmp_path / "b", {"employers": [f.employer()]})
    (folder / "manifest.json").write_bytes(b'{"batch_id": "\xc1\xe0\xf2\xf7"}')  # Windows-1251
    err = refusal(engine, folder, settings)
    assert err.code == "registry.manifest_not_utf8" and err.params == {}


def test_a_manifest_that_is_not_json(engine: sa.Engine, settings: Settings, tmp_path: Path) -> None:
    folder = f.write_batch(tmp_path / "b", {"employers": [f.employer()]})
    (folder / "manifest.json").write_text('{\n  "batch_id": b1\n}')
    err = refusal(engine, folder, settings)
    assert err.code == "registry.manifest_not_json" and err.params == {"line": 2, "column": 15}
    assert "Expecting value" not in err.message


def test_a_damaged_parquet_file_has_no_library_tail(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    boss = f.employer()
    f.write_batch(tmp_path / "b", {"employers": [boss]})
    path = tmp_path / "b" / "contracts.parquet"
    pq.write_table(pa.table({k: pa.array([v]) for k, v in f.contract(boss["bin"]).items()}), path)
    path.write_bytes(path.read_bytes()[:-40])
    [(_, _, _, reason, _)] = rejects(ingest(engine, tmp_path / "b", settings))
    assert reason.split(";")[0] == "not a readable Parquet file (truncated or damaged?)"  # no pyarrow words
