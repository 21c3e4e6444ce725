"""Uploads and paging made to hurt: a clear 4xx or a reject, never a 500."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from fastapi.testclient import TestClient

from jumys.registry.contract import BY_NAME
from tests.api.conftest import API, bearer, zipped
from tests.factories import employer, write_batch
from tests.reports.world import World


def test_a_header_too_long_is_a_reject_of_its_file_not_a_500(
    client: TestClient, world: World, tmp_path: Path
) -> None:
    folder = write_batch(tmp_path / "b", {"employers": [employer()]}, {"batch_id": "long-header"})
    header = ",".join([*BY_NAME["contracts"].column_names, "x" * 200_000])
    (folder / "contracts.csv").write_text(header + "\n1,2\n", encoding="utf-8")
    files = {"file": ("b.zip", zipped(folder), "application/zip")}
    r = client.post(f"{API}/batches", files=files, headers=bearer(world, "ministry"))
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["status"], body["rows_accepted"], body["rows_rejected"]) == ("applied", 1, 1)
    [reject] = body["rejects"]
    assert reject["file"] == "contracts.csv" and reject["code"] == "reject.file_rejected"
    assert reject["params"]["problem"]["code"] == "reject.header_too_long"


def test_a_zip_bomb_upload_is_422_by_code(client: TestClient, world: World) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z, z.open("employers.csv", "w") as out:
        for _ in range(32):
            out.write(bytes(1 << 20))
    files = {"file": ("bomb.zip", buf.getvalue(), "application/zip")}
    r = client.post(f"{API}/batches", files=files, headers=bearer(world, "ministry"))
    assert r.status_code == 422 and r.json()["code"] == "registry.zip_ratio"


def test_paging_beyond_any_list_is_422_not_a_500(client: TestClient, world: World) -> None:
    ministry = bearer(world, "ministry")
    for query in ("offset=999999999999999999999", "limit=999999999999999999999", "offset=-1", "limit=0"):
        r = client.get(f"{API}/projects?{query}", headers=ministry)
        assert r.status_code == 422, (query, r.text)
    assert client.get(f"{API}/projects?offset=1000000", headers=ministry).json()["items"] == []
