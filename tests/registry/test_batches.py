"""Batches over time: the same batch twice changes nothing, a later batch replaces records by key, the ledger
knows every batch, and the store's keys and references hold after any sequence of batches."""

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from jumys.config import Settings
from jumys.errors import Conflict
from jumys.kit.identifiers import make_iin
from jumys.registry import ingest as ingest_module
from jumys.registry.service import check_integrity, list_batches, row_counts
from tests import factories as f
from tests.factories import column, ingest, rejects, rows, snapshot


def _integrity(engine: sa.Engine) -> list[str]:
    with engine.connect() as conn:
        return check_integrity(conn)


def test_the_same_batch_twice_changes_nothing(engine: sa.Engine, settings: Settings, tmp_path: Path) -> None:
    boss = f.employer()
    folder = f.write_batch(
        tmp_path / "b",
        {"employers": [boss], "contracts": [f.contract(boss["bin"]), f.contract(boss["bin"], nkz="1")]},
        {"batch_id": "enbek-1", "source": "ENBEK"},
    )
    first = ingest(engine, folder, settings)
    before = snapshot(engine)
    again = ingest(engine, folder, settings)
    assert (first.status, again.status) == ("applied", "already_applied")
    assert again.batch_no == first.batch_no == 1
    assert again.warnings == ["already applied: nothing changed"]
    assert snapshot(engine) == before


def test_a_batch_applied_by_another_ingest_while_this_one_checked_it_is_not_applied_twice(
    engine: sa.Engine, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two ingests of one batch at once: the second finds it applied once it holds the store's write lock."""
    boss = f.employer()
    folder = f.write_batch(
        tmp_path / "b", {"employers": [boss], "contracts": [f.contract(boss["bin"])]}, {"batch_id": "twice"}
    )
    first = ingest(engine, folder, settings)
    before = snapshot(engine)
    looks: list[str] = []
    real = ingest_module._already_applied

    def look(target: Any, batch: Any) -> Any:
        looks.append(batch.batch_id)  # the first look, before checking the rows, saw nothing: the other
        return None if len(looks) == 1 else real(target, batch)  # ingest was not done yet

    monkeypatch.setattr(ingest_module, "_already_applied", look)
    again = ingest(engine, folder, settings)
    assert (again.status, again.batch_no) == ("already_applied", first.batch_no)
    assert looks == ["twice", "twice"]
    assert snapshot(engine) == before


def test_a_later_batch_replaces_a_record_with_the_same_key(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    boss = f.employer()
    c = f.contract(boss["bin"], start_date="2024-01-10", end_date="")
    a = f.arrear(boss["bin"], repaid_on="", repaid_kzt="")
    other = f.contract(boss["bin"])
    ingest(
        engine,
        f.write_batch(tmp_path / "b1", {"employers": [boss], "contracts": [c, other], "arrears": [a]}),
        settings,
    )
    ended = c | {"end_date": "2025-03-31"}
    repaid = a | {"repaid_on": "2024-09-01", "repaid_kzt": a["amount_kzt"]}
    report = ingest(
        engine, f.write_batch(tmp_path / "b2", {"contracts": [ended], "arrears": [repaid]}), settings
    )
    assert report.batch_no == 2 and rejects(report) == []
    stored = {r[0]: r for r in rows(engine, "contracts")}
    assert len(stored) == 2
    assert (stored[c["contract_id"]][7], stored[c["contract_id"]][-1]) == (dt.date(2025, 3, 31), 2)
    assert stored[other["contract_id"]][-1] == 1  # untouched, still from batch 1
    [arrear] = rows(engine, "arrears")
    assert arrear[5:] == (dt.date(2024, 9, 1), int(a["amount_kzt"]), 2)
    assert _integrity(engine) == []


def test_a_rejected_correction_leaves_the_stored_record(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    boss = f.employer()
    c = f.contract(boss["bin"])
    ingest(engine, f.write_batch(tmp_path / "b1", {"employers": [boss], "contracts": [c]}), settings)
    before = rows(engine, "contracts")
    bad = c | {"end_date": "2020-01-01"}  # before its start
    report = ingest(engine, f.write_batch(tmp_path / "b2", {"contracts": [bad]}), settings)
    assert [r[3] for r in rejects(report)] == ["end_date is before start_date"]
    assert rows(engine, "contracts") == before


def test_a_project_whose_operators_change_gets_the_new_operators(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    a, b, c = f.employer(), f.employer(), f.employer()
    p = f.project(a["bin"], f"{a['bin']};{b['bin']}")
    keep = f.project(a["bin"], b["bin"])
    ingest(engine, f.write_batch(tmp_path / "b1", {"employers": [a, b, c], "projects": [p, keep]}), settings)
    ingest(engine, f.write_batch(tmp_path / "b2", {"projects": [p | {"operator_bins": c["bin"]}]}), settings)
    assert sorted(r[:2] for r in rows(engine, "project_operators")) == sorted(
        [(p["project_id"], c["bin"]), (keep["project_id"], b["bin"])]
    )
    assert _integrity(engine) == []


def test_the_same_batch_id_with_other_contents_is_a_conflict(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    boss = f.employer()
    ingest(engine, f.write_batch(tmp_path / "b1", {"employers": [boss]}, {"batch_id": "enbek-7"}), settings)
    before = snapshot(engine)
    changed = f.write_batch(
        tmp_path / "b2", {"employers": [boss | {"name": "ТОО Другое"}]}, {"batch_id": "enbek-7"}
    )
    with pytest.raises(
        Conflict, match=r"batch enbek-7 was already applied \(as batch 1\) with different contents"
    ):
        ingest(engine, changed, settings)
    assert snapshot(engine) == before


def test_without_a_manifest_the_batch_id_is_a_hash_of_the_contents(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    folder = f.write_batch(tmp_path / "b1", {"employers": [f.employer()]})
    copy = shutil.copytree(folder, tmp_path / "elsewhere")
    first = ingest(engine, folder, settings)
    assert first.batch_id.startswith("sha256-")
    assert ingest(engine, copy, settings).status == "already_applied"  # same contents, another folder
    (copy / "employers.csv").write_text(
        (copy / "employers.csv").read_text().replace("ТОО Тест", "ТОО Тест 2")
    )
    second = ingest(engine, copy, settings)
    assert second.status == "applied" and second.batch_id != first.batch_id
    assert [b["batch_id"] for b in rows_of_ledger(engine)] == [second.batch_id, first.batch_id]


def rows_of_ledger(engine: sa.Engine) -> list[dict[str, object]]:
    with engine.connect() as conn:
        return list_batches(conn)


def test_the_ledger_counts_rows_per_file(engine: sa.Engine, settings: Settings, tmp_path: Path) -> None:
    boss = f.employer()
    folder = f.write_batch(
        tmp_path / "b",
        {"employers": [boss], "contracts": [f.contract(boss["bin"]), f.contract(boss["bin"], kato="1")]},
        {"batch_id": "b-1", "source": "ENBEK", "extracted_at": "2025-10-01T00:00:00+05:00"},
    )
    report = ingest(engine, folder, settings)
    [batch] = rows_of_ledger(engine)
    assert (
        batch["batch_id"],
        batch["source"],
        batch["rows_read"],
        batch["rows_accepted"],
        batch["rows_rejected"],
    ) == (
        "b-1",
        "ENBEK",
        3,
        2,
        1,
    )
    assert batch["extracted_at"] == dt.datetime(2025, 9, 30, 19, 0, tzinfo=dt.UTC)
    assert [(x["file"], x["rows_read"], x["rows_accepted"], x["rows_rejected"]) for x in batch["files"]] == [
        ("contracts", 2, 1, 1),
        ("employers", 1, 1, 0),
    ]
    stored_rejects = rows(engine, "batch_rejects")
    assert [r[:5] for r in stored_rejects] == [(1, "contracts.csv", 3, "kato", "a KATO code is 9 digits")]
    assert report.rejects_total == 1


def test_a_stored_reject_keeps_its_code_and_parameters(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    """Beside the English reason, the stored reject names the reason's code and its values, nested ones too."""
    boss = f.employer()
    batch = {
        "employers": [boss],
        "contracts": [f.contract(boss["bin"], kato="7510")],
        "projects": [f.project(boss["bin"], f"{boss['bin']};123")],
    }
    report = ingest(engine, f.write_batch(tmp_path / "b", batch), settings)
    assert report.rows_rejected == 2
    with engine.connect() as conn:
        stored = {
            r.file: r
            for r in conn.execute(
                sa.text("SELECT file, reason, code, params FROM batch_rejects ORDER BY file")
            )
        }
    assert (
        stored["contracts.csv"].code == "reject.kato_digits"
        and json.loads(stored["contracts.csv"].params) == {}
    )
    nested = json.loads(stored["projects.csv"].params)
    assert stored["projects.csv"].code.startswith("reject.") and "123" in stored["projects.csv"].reason
    assert any(isinstance(v, dict) and v.get("code") == "id.bin_digits" for v in nested.values()), nested


def test_keys_and_references_hold_after_many_batches(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    bosses = [f.employer() for _ in range(3)]
    iins = [f.new_iin() for _ in range(4)]
    batches = [
        {
            "employers": bosses[:2],
            "persons": [f.person(iins[0])],
            "contracts": [
                f.contract(bosses[0]["bin"], iin=iins[0]),
                f.contract(bosses[1]["bin"], iin=iins[1]),
            ],
            "payroll": [f.payroll(iins[0], bosses[0]["bin"]), f.payroll(iins[1], bosses[1]["bin"])],
            "projects": [f.project(bosses[0]["bin"], bosses[1]["bin"])],
        },
        {
            "employers": [bosses[2], bosses[0] | {"name": "renamed"}],
            "contracts": [f.contract(bosses[2]["bin"], iin=iins[2]), f.contract(f.new_bin(), iin=iins[3])],
            "incidents": [f.incident(bosses[2]["bin"], iin=iins[3])],
            "permits": [f.permit(iins[3], bosses[2]["bin"])],
            "job_seekers": [f.job_seeker(iins[1])],
            "vision_zero": [{"bin": bosses[1]["bin"], "joined_on": "2024-01-01"}],
        },
        {
            "payroll": [
                f.payroll(iins[0], bosses[0]["bin"]),
                f.payroll(iins[2], bosses[2]["bin"], "2024-03"),
            ],
            "persons": [f.person(iins[1], status="kandas")],
        },
    ]
    for i, files in enumerate(batches):
        ingest(engine, f.write_batch(tmp_path / f"b{i}", files), settings)
        assert _integrity(engine) == []
    with engine.connect() as conn:
        counts = row_counts(conn)
    assert (counts["employers"], counts["contracts"], counts["payroll"], counts["persons"]) == (3, 3, 3, 4)


def test_a_persons_file_later_sets_citizenship_of_a_known_person(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    boss = f.employer()
    iin = make_iin(dt.date(1979, 2, 3), "M", 5)
    ingest(
        engine,
        f.write_batch(
            tmp_path / "b1", {"employers": [boss], "contracts": [f.contract(boss["bin"], iin=iin)]}
        ),
        settings,
    )
    assert [r[3:5] for r in rows(engine, "persons")] == [(None, None)]
    ingest(
        engine,
        f.write_batch(tmp_path / "b2", {"persons": [f.person(iin, citizenship="RUS", status="foreigner")]}),
        settings,
    )
    ingest(engine, f.write_batch(tmp_path / "b3", {"payroll": [f.payroll(iin, boss["bin"])]}), settings)
    [person] = rows(engine, "persons")
    assert person[1:5] == (dt.date(1979, 2, 3), "M", "RUS", "foreigner")
    assert column(engine, "contracts", "person_id") == [person[0]]


def test_an_employer_delivered_again_with_new_contracts(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    boss = f.employer()
    ingest(engine, f.write_batch(tmp_path / "b1", {"employers": [boss]}), settings)
    contracts = [f.contract(boss["bin"]) for _ in range(3)]
    report = ingest(
        engine,
        f.write_batch(
            tmp_path / "b2", {"employers": [boss | {"name": "ТОО Новое имя"}], "contracts": contracts}
        ),
        settings,
    )
    assert [(r.file, r.rows_accepted) for r in report.files] == [("employers.csv", 1), ("contracts.csv", 3)]
    assert column(engine, "contracts", "contract_id") == sorted(c["contract_id"] for c in contracts)
    assert column(engine, "employers", "name") == ["ТОО Новое имя"]
    assert _integrity(engine) == []
