"""The contract is declared, not programmed: the order files are applied in, the rules of each file and what
it writes are read off its FileSpec, the ingest names no file, and a file of contract 1.1 is applied like any
other on both engines."""

import ast
import datetime as dt
import inspect
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from jumys.config import Settings
from jumys.registry import batch, checks, ingest, reading, staging
from jumys.registry.contract import BY_NAME, FILES, VERSION_1
from jumys.registry.service import check_integrity
from jumys.registry.spec import Column, FileSpec, files_of_version, in_dependency_order
from jumys.registry.tables import TABLES
from tests import factories as f
from tests.factories import column, rejects, rows
from tests.factories import ingest as ingest_batch

DOCS = Path(__file__).parents[2] / "docs" / "data-contract.md"


def _spec(name: str, *after: str) -> FileSpec:
    return FileSpec(name, ("id",), (Column("id", "text"),), after=after)


def test_a_file_is_applied_after_the_files_it_names_whatever_the_order_listed() -> None:
    listed = (_spec("b", "a"), _spec("c"), _spec("a"), _spec("d", "b", "c"))
    assert [s.name for s in in_dependency_order(listed)] == ["c", "a", "b", "d"]


def test_files_waiting_for_each_other_are_refused() -> None:
    with pytest.raises(ValueError, match="wait for each other"):
        in_dependency_order((_spec("a", "b"), _spec("b", "a")))


def test_every_file_comes_after_the_files_its_references_point_to() -> None:
    """An employer column needs the file of employers before it; an IIN the file of persons (which sets a
    person's citizenship before the other files create the persons they name)."""
    position = {spec.name: i for i, spec in enumerate(FILES)}
    employers = [s.name for s in FILES if s.provides_employers]
    persons = [s.name for s in FILES if s.table == "persons"]
    assert len(employers) == len(persons) == 1
    for spec in FILES:
        assert all(position[name] < position[spec.name] for name in spec.after), spec.name
        if any(c.employer for c in spec.columns):
            assert employers[0] in spec.after, spec.name
        if not spec.table and any(c.kind == "iin" for c in spec.columns):
            assert persons[0] in spec.after, spec.name


def test_the_declarations_name_columns_of_their_file() -> None:
    for spec in FILES:
        names = set(spec.column_names)
        assert {r.column for r in spec.rules} <= names, spec.name
        assert {lst.column for lst in spec.lists} <= names, spec.name
        assert all(spec.column(lst.column).kind == "bins" for lst in spec.lists), spec.name
        assert set(spec.key) <= names, spec.name


def test_a_rule_is_its_reason_where_its_condition_holds() -> None:
    (rule,) = checks.rule_problems(BY_NAME["contracts"])
    assert rule == (
        "start_date",
        "CASE WHEN t_start_date < t_birth_date THEN 'start_date is before the birth date in the IIN' END",
    )


def test_version_1_is_the_contract_without_the_additions_of_1_1() -> None:
    assert files_of_version(FILES, "1") == VERSION_1
    assert [s.name for s in VERSION_1] == [s.name for s in FILES if s.since == "1"]
    assert len(VERSION_1) == 17 and len(FILES) == 20
    v1 = {s.name: s for s in VERSION_1}
    assert "nkz" not in v1["job_seekers"].column_names and "nkz" in BY_NAME["job_seekers"].column_names
    for spec in VERSION_1:  # 1.1 adds; it changes nothing of version 1
        assert BY_NAME[spec.name].columns[: len(spec.columns)] == spec.columns


def _names_of_files(module: object) -> set[str]:
    tree = ast.parse(inspect.getsource(module))  # type: ignore[arg-type]
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in BY_NAME
    }


@pytest.mark.parametrize("module", [batch, checks, ingest, reading, staging], ids=lambda m: m.__name__)
def test_the_ingest_names_no_file_of_the_contract(module: object) -> None:
    assert _names_of_files(module) == set()


def _doc_row(spec: FileSpec) -> str:
    columns = ", ".join(c.name + ("" if c.required else "?") for c in spec.columns)
    return f"| {spec.name} | {', '.join(spec.key)} | {columns} |"


def test_the_docs_list_every_file_with_its_key_and_columns() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for spec in FILES:
        assert _doc_row(spec) in text, _doc_row(spec)
        for c in spec.columns:
            if c.kind == "enum":
                assert ", ".join(c.values) in text, (spec.name, c.name)
    assert "shared" + "/spec" not in text  # the docs stand alone (split: the before-stop check greps for it)


def test_a_batch_of_contract_1_1_is_applied(engine: sa.Engine, settings: Settings, tmp_path: Path) -> None:
    boss = f.employer()
    trainee, returning, seeker = f.new_iin(), f.new_iin(), f.new_iin()
    dispute = f.labour_dispute(boss["bin"], ended_on="")
    course = f.training(trainee, boss["bin"])
    abroad = [f.compatriot(), f.compatriot(iin=returning, kato_of_interest="", nkz="")]
    files = {
        "employers": [boss],
        "labour_disputes": [dispute],
        "training": [course],
        "compatriots": abroad,
        "job_seekers": [f.job_seeker(seeker, nkz="7212")],
    }
    report = ingest_batch(engine, f.write_batch(tmp_path / "b", files), settings)
    assert rejects(report) == []
    assert [(r.file, r.rows_accepted) for r in report.files] == [
        ("employers.csv", 1),
        ("job_seekers.csv", 1),
        ("labour_disputes.csv", 1),
        ("training.csv", 1),
        ("compatriots.csv", 2),
    ]
    assert rows(engine, "labour_disputes") == [
        (dispute["dispute_id"], boss["bin"], dt.date(2024, 3, 1), None, "collective_dispute", 40, 1)
    ]
    assert column(engine, "training", "hours") == [320]
    assert column(engine, "job_seekers", "nkz") == ["7212"]
    assert sorted(column(engine, "compatriots", "country")) == ["MNG", "MNG"]
    assert [p is None for p in column(engine, "compatriots", "person_id")].count(True) == 1
    assert len(rows(engine, "persons")) == 3  # the trainee, the compatriot with an IIN, the job seeker
    with engine.connect() as conn:
        assert check_integrity(conn) == []

    later = f.write_batch(
        tmp_path / "c",
        {"training": [course | {"finished_on": "2024-05-31", "hours": "400"}], "labour_disputes": [dispute]},
    )
    again = ingest_batch(engine, later, settings)
    assert rejects(again) == []
    assert column(engine, "training", "hours") == [400]  # replaced by its key
    assert len(rows(engine, "labour_disputes")) == 1


def test_a_file_of_contract_1_1_breaking_its_rules_is_rejected_row_by_row(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    boss = f.employer()
    good, bad = f.training(f.new_iin(), boss["bin"]), f.training(f.new_iin(), f.new_bin(), hours="-3")
    report = ingest_batch(
        engine, f.write_batch(tmp_path / "b", {"employers": [boss], "training": [good, bad]}), settings
    )
    assert [r[:4] for r in rejects(report)] == [
        ("training.csv", 3, "bin", "BIN is not among the employers (stored or in this batch)"),
        ("training.csv", 3, "hours", "must be at least 0"),
    ]
    assert column(engine, "training", "training_id") == [good["training_id"]]


def test_every_file_has_its_table() -> None:
    assert set(TABLES) == set(BY_NAME)
    for spec in FILES:
        stored = {c.name for c in TABLES[spec.name].columns}
        assert {c.stored_name for c in spec.columns if c.kind != "bins"} <= stored, spec.name
        assert re.fullmatch(r"[a-z_]+", TABLES[spec.name].name)
