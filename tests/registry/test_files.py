"""Files of a batch: headers, encodings, line ends, truncation, line numbers, archives, manifest, Parquet."""

import datetime as dt
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa

from jumys.config import Settings
from jumys.errors import InvalidInput
from jumys.kit.identifiers import make_iin
from jumys.registry.contract import BY_NAME, FILES
from tests import factories as f
from tests.factories import column, ingest, rejects, rows

NOT_UTF8 = "not valid UTF-8: the contract requires UTF-8 (was the file saved as Windows-1251?)"
TRUNCATED = "the line has fewer fields than the header: truncated or malformed line"


@pytest.fixture
def engine(duckdb_engine: sa.Engine) -> sa.Engine:
    """The embedded store: a batch's files are read and checked in the DuckDB stage whichever the store is, so
    these tests would read them the same way twice. Applying to PostgreSQL is tested by test_batches,
    test_all_or_nothing and test_row_checks' batch of every rule, on both stores."""
    return duckdb_engine


def _line(row: dict[str, Any], columns: tuple[str, ...]) -> str:
    return ",".join(str(row.get(c, "")) for c in columns)


def _employers_text(rows_: list[dict[str, Any]]) -> str:
    cols = BY_NAME["employers"].column_names
    return ",".join(cols) + "\n" + "".join(_line(r, cols) + "\n" for r in rows_)


def _report_of(report: Any, name: str) -> tuple[int, int, int]:
    [r] = [r for r in report.files if r.file == name]
    return r.rows_read, r.rows_accepted, r.rows_rejected


# -- header -----------------------------------------------------------------------------------------
def test_optional_columns_may_be_absent_from_the_header(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    boss = f.employer()
    cols = [c for c in BY_NAME["employers"].column_names if c not in ("parent_bin", "lat", "lon")]
    f.write_csv(tmp_path / "b" / "employers.csv", cols, [boss])
    c = f.contract(boss["bin"], end_date="2025-01-01")
    f.write_csv(tmp_path / "b" / "contracts.csv", [k for k in c if k != "end_date"][::-1], [c])  # any order
    report = ingest(engine, tmp_path / "b", settings)
    assert rejects(report) == [] and report.warnings == []
    assert [r[4:7] for r in rows(engine, "employers")] == [(None, None, None)]
    assert column(engine, "contracts", "end_date") == [None]


def test_a_missing_required_column_rejects_the_whole_file(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    boss = f.employer()
    cols = [c for c in BY_NAME["contracts"].column_names if c != "nkz"]
    f.write_batch(tmp_path / "b", {"employers": [boss]})
    f.write_csv(tmp_path / "b" / "contracts.csv", cols, [f.contract(boss["bin"]) for _ in range(3)])
    report = ingest(engine, tmp_path / "b", settings)
    assert rejects(report) == [
        (
            "contracts.csv",
            1,
            "nkz",
            "missing required column nkz; none of the file's 3 rows were applied",
            None,
        )
    ]
    assert _report_of(report, "contracts.csv") == (3, 0, 3)
    assert len(rows(engine, "employers")) == 1 and rows(engine, "contracts") == []


@pytest.mark.parametrize("file", [spec.name for spec in FILES])
def test_any_file_missing_a_required_column_is_rejected_whole_and_the_rest_applied(
    file: str, engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    """Every file, persons too (whose rows are applied first and on their own path)."""
    spec = BY_NAME[file]
    missing = spec.required_names[-1]
    cols = [c for c in spec.column_names if c != missing]
    other = "region_stats" if file != "region_stats" else "employers"
    folder = f.write_batch(
        tmp_path / "b", {other: [f.region_stat() if other == "region_stats" else f.employer()]}
    )
    (folder / f"{file}.csv").write_text(",".join(cols) + "\n" + ",".join("x" for _ in cols) + "\n")
    report = ingest(engine, folder, settings)
    assert [r[:3] for r in rejects(report)] == [(f"{file}.csv", 1, missing)]
    assert _report_of(report, f"{file}.csv") == (1, 0, 1)
    assert len(rows(engine, other)) == 1 and rows(engine, file) == []


def test_column_names_are_case_sensitive_with_a_hint(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    cols = ["BIN" if c == "bin" else c for c in BY_NAME["employers"].column_names]
    f.write_csv(tmp_path / "b" / "employers.csv", cols, [f.employer()])
    [(file, line, col, reason, _)] = rejects(ingest(engine, tmp_path / "b", settings))
    assert (file, line, col) == ("employers.csv", 1, "bin")
    assert reason.startswith("missing required column bin (found 'BIN': names are case-sensitive)")


def test_a_column_given_twice_rejects_the_file(engine: sa.Engine, settings: Settings, tmp_path: Path) -> None:
    cols = [*BY_NAME["employers"].column_names, "kato"]
    f.write_csv(tmp_path / "b" / "employers.csv", cols, [f.employer()])
    report = ingest(engine, tmp_path / "b", settings)
    assert [r[:3] for r in rejects(report)] == [("employers.csv", 1, "kato")]
    assert rows(engine, "employers") == []


def test_extra_columns_are_ignored_with_a_warning(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    cols = ["note", *BY_NAME["employers"].column_names, "source_id"]
    f.write_csv(tmp_path / "b" / "employers.csv", cols, [f.employer(note="x", source_id="7")])
    report = ingest(engine, tmp_path / "b", settings)
    assert rejects(report) == []
    assert report.files[0].warnings == ["columns not in the contract were ignored: note, source_id"]
    assert len(rows(engine, "employers")) == 1


def test_an_empty_file_is_reported_and_nothing_applied(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    boss = f.employer()
    f.write_batch(tmp_path / "b", {"employers": [boss]})
    (tmp_path / "b" / "contracts.csv").write_bytes(b"")
    report = ingest(engine, tmp_path / "b", settings)
    assert rejects(report) == [
        ("contracts.csv", 1, None, "empty file: no header row; none of the file's 0 rows were applied", None)
    ]
    assert _report_of(report, "contracts.csv") == (0, 0, 0)
    assert len(rows(engine, "employers")) == 1


@pytest.mark.parametrize("end", ["\n", ""])
def test_a_header_only_file_has_no_rows(
    end: str, engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "employers.csv").write_text(",".join(BY_NAME["employers"].column_names) + end)
    report = ingest(engine, tmp_path / "b", settings)
    assert rejects(report) == [] and _report_of(report, "employers.csv") == (0, 0, 0)
    assert report.status == "applied"


# -- encodings and line ends ----------------------------------------------------------------------
def test_windows_1251_rows_are_rejected_as_not_utf8(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    cyr1, latin, cyr2 = f.employer(name="ТОО Жұмыс"), f.employer(name="Jumys LLP"), f.employer(name="АО Ещё")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "employers.csv").write_bytes(
        _employers_text([cyr1, latin, cyr2]).encode("cp1251", "replace")
    )
    report = ingest(engine, tmp_path / "b", settings)
    assert [r[:4] for r in rejects(report)] == [
        ("employers.csv", 2, "name", NOT_UTF8),
        ("employers.csv", 4, "name", NOT_UTF8),
    ]
    assert _report_of(report, "employers.csv") == (3, 1, 2)
    assert report.files[0].warnings == [
        "most lines are not UTF-8: the file looks saved in another encoding (Windows-1251?)"
    ]
    assert column(engine, "employers", "bin") == [latin["bin"]]


def test_a_utf16_file_is_rejected_whole(engine: sa.Engine, settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "employers.csv").write_bytes(
        _employers_text([f.employer(), f.employer()]).encode("utf-16")
    )
    report = ingest(engine, tmp_path / "b", settings)
    assert rejects(report) == [
        (
            "employers.csv",
            1,
            None,
            "the file is UTF-16 encoded; the contract requires UTF-8; none of the file's 2 rows were applied",
            None,
        )
    ]
    assert _report_of(report, "employers.csv") == (2, 0, 2)
    assert rows(engine, "employers") == []


def test_a_utf8_byte_order_mark_is_accepted(engine: sa.Engine, settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "employers.csv").write_bytes(_employers_text([f.employer()]).encode("utf-8-sig"))
    report = ingest(engine, tmp_path / "b", settings)
    assert rejects(report) == [] and len(rows(engine, "employers")) == 1


def test_crlf_line_ends_are_accepted(engine: sa.Engine, settings: Settings, tmp_path: Path) -> None:
    boss = f.employer()
    contracts = [f.contract(boss["bin"]), f.contract(boss["bin"], salary_kzt="x")]
    f.write_csv(tmp_path / "b" / "employers.csv", list(boss), [boss], newline="\r\n")
    f.write_csv(tmp_path / "b" / "contracts.csv", list(contracts[0]), contracts, newline="\r\n")
    report = ingest(engine, tmp_path / "b", settings)
    assert rejects(report) == [("contracts.csv", 3, "salary_kzt", "not a whole number", "x")]
    assert column(engine, "contracts", "conditions") == [
        "normal"
    ]  # no carriage return left on the last column
    assert column(engine, "employers", "registered_on") == [dt.date(2015, 6, 1)]


# -- truncation and line numbers --------------------------------------------------------------------
def test_a_file_cut_mid_row_rejects_the_last_line(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    rows_ = [f.employer() for _ in range(3)]
    text = _employers_text(rows_)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "employers.csv").write_text(text[: text.rindex(",", 0, len(text) - 20)])
    report = ingest(engine, tmp_path / "b", settings)
    assert [r[:2] + r[3:4] for r in rejects(report)] == [("employers.csv", 4, TRUNCATED)]
    assert column(engine, "employers", "bin") == sorted(r["bin"] for r in rows_[:2])


def test_a_file_cut_inside_a_quoted_field_rejects_the_last_line(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    rows_ = [f.employer() for _ in range(3)]
    text = _employers_text(rows_[:2]) + f'{rows_[2]["bin"]},"ТОО Незаконч'
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "employers.csv").write_text(text)
    report = ingest(engine, tmp_path / "b", settings)
    [(file, line, _, reason, value)] = rejects(report)
    assert (file, line) == ("employers.csv", 4)
    assert reason.startswith("malformed quoting: a quote is not closed (truncated file?)")
    assert value == "********" + rows_[2]["bin"][-4:] + ',"ТОО Незаконч'
    assert _report_of(report, "employers.csv") == (3, 2, 1)


def test_line_numbers_count_line_breaks_inside_quoted_values(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    """A line is a line of the file as an editor shows it: a quoted value spanning two lines pushes every
    row after it one line down, in every kind of reject."""
    e = [f.employer() for _ in range(6)]
    cols = BY_NAME["employers"].column_names
    two_lines = f.employer(name="ТОО «Север»\r\nфилиал")
    lines = [
        ",".join(cols),  # line 1
        _line(e[0], cols),  # 2
        ",".join(f'"{v}"' for v in two_lines.values()),  # 3-4
        _line(e[1] | {"oked": "99999"}, cols),  # 5: a rule broken
        _line(e[2], cols)[:30],  # 6: truncated
        f'{e[3]["bin"]},"АО\nЮг",751110000',  # 7-8: a rejected record spanning two lines
        _line(e[4], cols),  # 9
        _line(e[4] | {"name": "again"}, cols),  # 10: duplicate of line 9
        _line(e[5] | {"kato": "x"}, cols),  # 11
    ]
    text = "\n".join(lines) + "\n"
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "employers.csv").write_text(text)
    report = ingest(engine, tmp_path / "b", settings)
    assert [r[:2] + r[3:4] for r in rejects(report)] == [
        ("employers.csv", 5, "unknown OKED code"),
        ("employers.csv", 6, TRUNCATED),
        ("employers.csv", 7, TRUNCATED),
        ("employers.csv", 10, "duplicate key inside the batch (first on line 9)"),
        ("employers.csv", 11, "a KATO code is 9 digits"),
    ]
    assert sorted(column(engine, "employers", "name")) == sorted(
        [e[0]["name"], "ТОО «Север»\r\nфилиал", e[4]["name"]]
    )


# -- the batch folder -------------------------------------------------------------------------------
def _zip(folder: Path, archive: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(archive, "w") as z:
        for p in sorted(folder.iterdir()):
            z.write(p, prefix + p.name)
    return archive


@pytest.mark.parametrize("prefix", ["", "export-2025-06/"])
def test_a_zip_of_the_folder_is_a_batch(
    prefix: str, engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    boss = f.employer()
    folder = f.write_batch(tmp_path / "b", {"employers": [boss], "contracts": [f.contract(boss["bin"])]})
    from_zip = ingest(engine, _zip(folder, tmp_path / "b.zip", prefix), settings)
    assert from_zip.status == "applied" and from_zip.rows_accepted == 2
    assert len(rows(engine, "contracts")) == 1
    # the same files, unpacked: the same batch
    assert ingest(engine, folder, settings).status == "already_applied"


@pytest.mark.parametrize("entry", ["../../escaped.csv", "b/../../escaped.csv", "/tmp/escaped.csv"])
def test_a_zip_with_paths_outside_the_folder_is_refused(
    entry: str, engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("employers.csv", _employers_text([f.employer()]))
        z.writestr(entry, "x")
    with pytest.raises(InvalidInput, match=f"unsafe path in archive: {re.escape(entry)}$"):
        ingest(engine, archive, settings)
    assert not list(tmp_path.rglob("escaped.csv"))
    assert rows(engine, "employers") == []


def test_a_damaged_zip_is_refused(engine: sa.Engine, settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "b.zip").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(InvalidInput, match=r"not a readable \.zip file"):
        ingest(engine, tmp_path / "b.zip", settings)


def test_an_empty_zip_is_refused_with_a_clear_message(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    with zipfile.ZipFile(tmp_path / "empty.zip", "w"):
        pass
    with pytest.raises(InvalidInput, match="no contract files found"):
        ingest(engine, tmp_path / "empty.zip", settings)


def test_csv_and_parquet_of_the_same_file_are_refused(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    folder = f.write_batch(tmp_path / "b", {"employers": [f.employer()]})
    (folder / "employers.parquet").write_bytes(b"")
    with pytest.raises(InvalidInput, match="employers is given twice"):
        ingest(engine, folder, settings)


def test_files_outside_the_contract_are_ignored_with_a_warning(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    folder = f.write_batch(tmp_path / "b", {"employers": [f.employer()]})
    (folder / "readme.txt").write_text("hello")
    (folder / "employees.csv").write_text("a,b\n")
    report = ingest(engine, folder, settings)
    assert report.warnings == [
        "employees.csv is not a file of the data contract and was ignored",
        "readme.txt is not a file of the data contract and was ignored",
    ]
    assert len(rows(engine, "employers")) == 1


def test_a_folder_without_contract_files_is_refused(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "notes.csv").write_text("a\n")
    with pytest.raises(InvalidInput, match="no contract files found"):
        ingest(engine, tmp_path / "b", settings)
    with pytest.raises(InvalidInput, match="no such file or folder"):
        ingest(engine, tmp_path / "missing", settings)
    with pytest.raises(InvalidInput, match=r"a batch is a folder or a \.zip of one"):
        ingest(engine, tmp_path / "b" / "notes.csv", settings)


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("{not json", "manifest.json is not valid JSON"),
        ('["batch_id"]', "manifest.json must hold an object"),
        ('{"source": "ENBEK"}', "batch_id must be a non-empty string"),
        ('{"batch_id": "  "}', "batch_id must be a non-empty string"),
        ('{"batch_id": 7}', "batch_id must be a non-empty string"),
        (
            '{"batch_id": "b1", "extracted_at": "yesterday"}',
            "extracted_at 'yesterday' is not an ISO 8601 date-time",
        ),
        ('{"batch_id": "b1", "extracted_at": 20251001}', "extracted_at must be an ISO 8601 date-time string"),
        ('{"batch_id": "b1", "source": 5}', "source must be a string"),
    ],
)
def test_a_bad_manifest_is_refused(
    manifest: str, message: str, engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    folder = f.write_batch(tmp_path / "b", {"employers": [f.employer()]})
    (folder / "manifest.json").write_text(manifest)
    with pytest.raises(InvalidInput, match=message):
        ingest(engine, folder, settings)
    assert rows(engine, "batches") == [] and rows(engine, "employers") == []


def test_the_manifest_is_recorded_in_the_ledger(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    manifest = {"batch_id": "enbek-2025-10-01", "source": "ENBEK", "extracted_at": "2025-10-01T06:30:00Z"}
    report = ingest(engine, f.write_batch(tmp_path / "b", {"employers": [f.employer()]}, manifest), settings)
    assert report.batch_id == "enbek-2025-10-01"
    [ledger] = rows(engine, "batches")
    assert ledger[1:3] == ("enbek-2025-10-01", "ENBEK")
    assert ledger[3] == dt.datetime(2025, 10, 1, 6, 30, tzinfo=dt.UTC)


# -- Parquet ----------------------------------------------------------------------------------------
def _parquet(path: Path, columns: dict[str, pa.Array]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table(columns), path)
    return path


def test_parquet_files_are_read_by_the_same_contract(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    boss = f.employer()
    _parquet(
        tmp_path / "b" / "employers.parquet",
        {
            "bin": pa.array([boss["bin"]]),
            "name": pa.array(["ТОО Тест"]),
            "kato": pa.array(["751110000"]),
            "oked": pa.array(["47111"]),
            "lat": pa.array([43.25]),
            "registered_on": pa.array([dt.date(2015, 6, 1)], pa.date32()),
        },
    )
    good, bad = f.contract(boss["bin"]), f.contract(boss["bin"], nkz="24")
    _parquet(
        tmp_path / "b" / "contracts.parquet",
        {
            k: pa.array([dt.date.fromisoformat(good[k]), dt.date.fromisoformat(bad[k])], pa.date32())
            if k == "start_date"
            else pa.array([None, None], pa.date32())
            if k == "end_date"
            else pa.array([int(good[k]), int(bad[k])], pa.int64())
            if k == "salary_kzt"
            else pa.array([good[k], bad[k]])
            for k in good
        },
    )
    report = ingest(engine, tmp_path / "b", settings)
    # a Parquet file has no lines: its rows are numbered from 1
    assert rejects(report) == [("contracts.parquet", 2, "nkz", "an NKZ code is 4 digits", "24")]
    assert [r[:2] for r in rows(engine, "contracts")] == [
        (good["contract_id"], column(engine, "persons", "person_id")[0])
    ]
    assert column(engine, "employers", "lat") == [43.25]


def test_parquet_identifiers_stored_as_integers_get_their_leading_zeros_back(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    boss = f.employer()
    iin = make_iin(dt.date(2003, 1, 9), "F", 11)  # born in 2003: the IIN starts with 0
    assert iin.startswith("0")
    f.write_batch(tmp_path / "b", {"employers": [boss]})
    _parquet(
        tmp_path / "b" / "payroll.parquet",
        {
            "iin": pa.array([int(iin)], pa.int64()),
            "bin": pa.array([int(boss["bin"])], pa.int64()),
            "period": pa.array(["2024-02"]),
            "wage_kzt": pa.array([300000], pa.int64()),
            "opv_kzt": pa.array([30000], pa.int64()),
        },
    )
    report = ingest(engine, tmp_path / "b", settings)
    assert rejects(report) == []
    assert [r[1:3] for r in rows(engine, "persons")] == [(dt.date(2003, 1, 9), "F")]


def test_a_damaged_parquet_file_is_rejected_whole(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    boss = f.employer()
    f.write_batch(tmp_path / "b", {"employers": [boss]})
    good = _parquet(
        tmp_path / "b" / "contracts.parquet", {k: pa.array([v]) for k, v in f.contract(boss["bin"]).items()}
    )
    good.write_bytes(good.read_bytes()[:-40])  # the footer is cut off
    report = ingest(engine, tmp_path / "b", settings)
    [(file, line, col, reason, value)] = rejects(report)
    assert (file, line, col, value) == ("contracts.parquet", 1, None, None)
    assert reason.startswith("not a readable Parquet file (truncated or damaged?)")
    assert len(rows(engine, "employers")) == 1 and rows(engine, "contracts") == []


def test_a_parquet_file_without_a_required_column_rejects_all_its_rows(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    boss = f.employer()
    f.write_batch(tmp_path / "b", {"employers": [boss]})
    contracts = [f.contract(boss["bin"]) for _ in range(4)]
    _parquet(
        tmp_path / "b" / "contracts.parquet",
        {k: pa.array([c[k] for c in contracts]) for k in contracts[0] if k != "iin"},
    )
    report = ingest(engine, tmp_path / "b", settings)
    assert rejects(report) == [
        (
            "contracts.parquet",
            1,
            "iin",
            "missing required column iin; none of the file's 4 rows were applied",
            None,
        )
    ]
    assert _report_of(report, "contracts.parquet") == (4, 0, 4)


def test_report_files_are_written_when_rows_are_rejected(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    boss = f.employer(kato="1")
    report = ingest(engine, f.write_batch(tmp_path / "b", {"employers": [boss]}), settings)
    assert report.rejects_csv and report.rejects_json
    assert report.rejects_csv.read_text().splitlines()[0] == "file,line,column,reason,value"
    assert json.loads(report.rejects_json.read_text()) == [
        {
            "file": "employers.csv",
            "line": 2,
            "column": "kato",
            "reason": "a KATO code is 9 digits",
            "value": "1",
        }
    ]


def test_a_broken_line_of_the_projects_file_is_reported_once(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    """The projects file is read twice (its operator lists, then its rows): its reader rejects count once."""
    boss = f.employer()
    folder = f.write_batch(
        tmp_path / "b", {"employers": [boss], "projects": [f.project(boss["bin"], boss["bin"])]}
    )
    with (folder / "projects.csv").open("a") as out:
        out.write(f"P-cut,Завод,{boss['bin']}\n")
    report = ingest(engine, folder, settings)
    assert [r[:2] + r[3:4] for r in rejects(report)] == [("projects.csv", 3, TRUNCATED)]
    assert _report_of(report, "projects.csv") == (2, 1, 1)


def test_blank_lines_count_in_line_numbers(engine: sa.Engine, settings: Settings, tmp_path: Path) -> None:
    """DuckDB's reader skips blank lines without a trace: the ingest counts them itself."""
    good, bad = f.employer(), f.employer(oked="99999")
    cols = BY_NAME["employers"].column_names
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "employers.csv").write_text(
        "\n".join([",".join(cols), _line(good, cols), "", _line(bad, cols)])
    )
    assert [r[1] for r in rejects(ingest(engine, tmp_path / "b", settings))] == [4]


@pytest.mark.parametrize(("newline", "bom"), [("\n", False), ("\r\n", False), ("\r\n", True)])
def test_line_numbers_hold_with_blank_lines_quoted_breaks_and_unreadable_lines_together(
    newline: str, bom: bool, engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    """Blank lines (two in a row, one at the end), a blank line inside a quoted value (part of the value,
    not skipped), a truncated line the reader rejects and a duplicate key: each reported at its own line."""
    cols = BY_NAME["employers"].column_names
    a, b, c, d = f.employer(), f.employer(oked="99999"), f.employer(), f.employer(oked="99999")
    quoted = f'"ТОО{newline}{newline}Ромашка"'
    lines = [
        ",".join(cols),  # 1
        _line(a, cols),  # 2
        "",  # 3
        "",  # 4
        _line(b, cols),  # 5: unknown OKED
        _line(c, cols).replace(c["name"], quoted, 1),  # 6-8: a value over three lines, one of them empty
        f"{f.new_bin()},ТОО",  # 9: truncated
        "",  # 10
        _line(d, cols),  # 11: unknown OKED
        _line(a, cols),  # 12: duplicate of line 2
        "",  # 13
    ]
    (tmp_path / "b").mkdir()
    text = newline.join(lines).encode() + newline.encode()
    (tmp_path / "b" / "employers.csv").write_bytes((b"\xef\xbb\xbf" if bom else b"") + text)
    got = [(r[1], r[3]) for r in rejects(ingest(engine, tmp_path / "b", settings))]
    assert [line for line, _ in got] == [5, 9, 11, 12]
    assert "first on line 2" in got[-1][1]
    assert "Ромашка" in str(f.column(engine, "employers", "name"))  # the quoted value kept its lines


UNREADABLE_CSV = "the CSV reader cannot get past malformed text (a carriage return inside an unquoted value?)"


@pytest.mark.parametrize("file", ["contracts", "region_stats"])  # with identifiers to map first, and without
def test_a_file_the_reader_cannot_get_through_is_rejected_whole(
    file: str, engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    """A carriage return alone inside an unquoted value stops DuckDB's reader: the file is rejected, the
    other files of the batch are applied."""
    boss = f.employer()
    rows_ = (
        [f.contract(boss["bin"]) for _ in range(3)]
        if file == "contracts"
        else [f.region_stat(), f.region_stat()]
    )
    cols = BY_NAME[file].column_names
    folder = f.write_batch(tmp_path / "b", {"employers": [boss]})
    text = ",".join(cols) + "\n" + "".join(_line(r, cols).replace(",", "\r,", 1) + "\n" for r in rows_)
    (folder / f"{file}.csv").write_text(text, newline="")
    report = ingest(engine, folder, settings)
    assert rejects(report) == [
        (f"{file}.csv", 1, None, f"{UNREADABLE_CSV}; none of the file's {len(rows_)} rows were applied", None)
    ]
    assert _report_of(report, f"{file}.csv") == (len(rows_), 0, len(rows_))
    assert len(rows(engine, "employers")) == 1 and rows(engine, file) == []
