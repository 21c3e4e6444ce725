"""PostgreSQL's path for a large load (storage/bulk.py, PostgresTarget._bare): the table's keys, indexes and
references are dropped while it loads and built again after. A batch applied that way gives the same rows,
leaves every key, index and reference as it found them, and a batch that fails after it leaves the store, its
structure included, as it was."""

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from jumys.config import Settings
from jumys.registry.ingest import ingest_batch
from jumys.registry.service import check_integrity
from jumys.storage import bulk
from tests import factories as f
from tests.factories import TODAY, ingest, rows, snapshot


@pytest.fixture
def pg(engine: sa.Engine, monkeypatch: pytest.MonkeyPatch) -> sa.Engine:
    """A PostgreSQL store on which every load takes the large path."""
    if engine.dialect.name != "postgresql":
        pytest.skip("the large-load path is PostgreSQL's")
    monkeypatch.setattr(bulk.PostgresTarget, "large_rows", 1)
    return engine


def structure(engine: sa.Engine) -> list[tuple[Any, ...]]:
    """Every key, reference and index of the store, as PostgreSQL would create it again."""
    with engine.connect() as conn:
        return sorted(
            conn.exec_driver_sql(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), convalidated "
                "FROM pg_constraint WHERE connamespace = 'public'::regnamespace "
                "UNION ALL SELECT tablename, indexname, indexdef, true FROM pg_indexes WHERE schemaname = 'public'"
            ).all()
        )


def _batches(tmp_path: Path) -> tuple[Path, Path, dict[str, Any]]:
    boss, other = f.employer(), f.employer()
    kept, replaced = f.contract(boss["bin"]), f.contract(boss["bin"], salary_kzt="250000")
    first = f.write_batch(
        tmp_path / "b1",
        {
            "employers": [boss, other],
            "persons": [f.person(kept["iin"])],
            "contracts": [kept, replaced],
            "payroll": [f.payroll(c["iin"], c["bin"]) for c in (kept, replaced)],
        },
        {"batch_id": "large-1"},
    )
    newcomer = f.contract(other["bin"])
    second = f.write_batch(
        tmp_path / "b2",
        {
            "contracts": [replaced | {"salary_kzt": "300000"}, newcomer],
            "payroll": [
                f.payroll(replaced["iin"], boss["bin"], wage_kzt="500000"),
                f.payroll(newcomer["iin"], other["bin"]),
            ],
        },
        {"batch_id": "large-2"},
    )
    return first, second, {"replaced": replaced["contract_id"]}


def test_a_large_load_replaces_by_key_and_builds_every_key_index_and_reference_again(
    pg: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    before = structure(pg)
    first, second, ids = _batches(tmp_path)
    ingest(pg, first, settings)
    ingest(pg, second, settings)
    contracts = {r[0]: r for r in rows(pg, "contracts")}
    assert len(contracts) == 3
    assert contracts[ids["replaced"]][8:] == (300000, "normal", 2)  # salary, conditions, batch_no
    assert sorted(r[3] for r in rows(pg, "payroll")) == [400000, 400000, 500000]
    assert len(rows(pg, "persons")) == 3  # the newcomer's person added, the others kept
    with pg.connect() as conn:
        assert check_integrity(conn) == []
    assert structure(pg) == before


def test_a_batch_failing_after_a_large_load_leaves_the_store_and_its_structure_as_they_were(
    pg: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    first, second, _ = _batches(tmp_path)
    ingest(pg, first, settings)
    before, keys = snapshot(pg), structure(pg)

    def fail(_target: bulk.Target, _batch_no: int) -> None:
        raise RuntimeError("failed after every table was loaded")

    with pytest.raises(RuntimeError):
        ingest_batch(pg, second, settings=settings, rejects_dir=tmp_path / "r", today=TODAY, also=fail)
    assert snapshot(pg) == before
    assert structure(pg) == keys
    assert ingest(pg, second, settings).status == "applied"
