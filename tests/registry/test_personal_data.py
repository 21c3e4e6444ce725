"""IINs are personal data: after a batch, no IIN of it is to be found in clear anywhere, whether in the
store's files or tables, the rejects report, the temporary tables left on a connection, or what the command
line prints."""

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from jumys.cli.main import app
from jumys.config import Settings, get_settings
from jumys.kit.identifiers import make_iin
from jumys.registry.contract import BY_NAME
from jumys.storage.schema import metadata
from tests import factories as f
from tests.factories import ingest

TWELVE_DIGITS = re.compile(r"(?<![0-9])[0-9]{12}(?![0-9])")


def _batch(folder: Path) -> tuple[Path, list[str]]:
    """A batch with IINs in every place one may hide: valid and invalid, in accepted and rejected rows, in
    columns meant for other codes, in an ignored column, in lines the reader cannot parse."""
    iins = [
        make_iin(dt.date(1960, 1, 1) + dt.timedelta(days=97 * i), "MF"[i % 2], 100 + i) for i in range(40)
    ]
    wrong = [
        i[:11] + str((int(i[11]) + 1) % 10) for i in iins[30:33]
    ]  # wrong check digit: still personal data
    boss = f.employer()
    contracts = [f.contract(boss["bin"], iin=iin) for iin in iins[:10]]
    contracts += [
        f.contract(boss["bin"], iin=iins[10], salary_kzt="abc"),  # a rejected row with a valid IIN
        f.contract(boss["bin"], iin=wrong[0]),
        f.contract(iins[11], iin=iins[12]),  # an IIN given as the employer's BIN
        f.contract(boss["bin"], iin=iins[13], kato=iins[14], nkz=iins[15], salary_kzt=iins[16]),
        # ... and as the id of rejected contracts (an accepted id is the source's own business)
        f.contract(boss["bin"], iin=iins[17], contract_id=iins[17], salary_kzt="-1"),
        f.contract(boss["bin"], iin=iins[18], contract_id=iins[17], end_date="2000-01-01"),
    ]
    folder = f.write_batch(
        folder,
        {
            "employers": [
                boss,
                f.employer(bin=iins[19], name=f"ИП {iins[20]}"),
                f.employer(name=f"ИП Иванов (ИИН {iins[33]})"),  # accepted: the name is stored masked
            ],
            "persons": [f.person(iins[0]), f.person(wrong[1]), f.person(iins[21], citizenship="XXX")],
            "payroll": [f.payroll(iins[1], boss["bin"]), f.payroll(iins[22], boss["bin"], period="2024-13")],
            "projects": [
                f.project(boss["bin"], f"{boss['bin']};{iins[23]}"),
                f.project(boss["bin"], boss["bin"], name=f"Цех ИП {iins[34]}"),
            ],
            "job_seekers": [
                f.job_seeker(iins[2]),
                f.job_seeker(wrong[2]),
                f.job_seeker(iins[6], reason=f"уволен, ИИН {iins[35]}", left_on="2024-03-01"),
            ],
            "incidents": [
                f.incident(boss["bin"], iin=iins[3]),
                f.incident(boss["bin"], iin=iins[24], victims="x"),
            ],
            "permits": [f.permit(iins[4], boss["bin"])],
            "resettlement": [f.resettlement(iins[5])],
        },
    )
    # contracts with an ignored column holding IINs, a truncated line and a line with a field too many
    cols = [*BY_NAME["contracts"].column_names, "iin_copy"]
    lines = [",".join(cols)] + [",".join([*(c[k] for k in cols[:-1]), c["iin"]]) for c in contracts]
    lines.append(f"K-cut,{iins[25]},{boss['bin']},7511")
    lines.append(
        ",".join([*(f.contract(boss["bin"], iin=iins[26])[k] for k in cols[:-1]), iins[27], iins[28]])
    )
    (folder / "contracts.csv").write_text("\n".join(lines) + "\n")
    # a file delivered without its header: its first row is taken for one
    (folder / "vacancies.csv").write_text(f"{iins[29]},{boss['bin']}\n")
    return folder, iins + wrong


def _assert_no_iin(text: str, iins: list[str], where: str) -> None:
    found = [i for i in iins if i in text]
    assert not found, f"IINs in clear in {where}: {len(found)}"


def _store_text(engine: sa.Engine) -> str:
    """Every value of every table, as text."""
    parts = []
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            for row in conn.execute(sa.select(table)):
                parts.append(" ".join(map(str, row)))
    return "\n".join(parts)


def test_no_iin_is_kept_in_clear(engine: sa.Engine, settings: Settings, tmp_path: Path) -> None:
    folder, iins = _batch(tmp_path / "b")
    report = ingest(engine, folder, settings)
    assert report.rows_accepted > 10 and report.rejects_total > 10

    _assert_no_iin(_store_text(engine), iins, "the store's tables")
    assert report.rejects_csv and report.rejects_json
    for path in (report.rejects_csv, report.rejects_json):
        assert not TWELVE_DIGITS.findall(path.read_text()), f"a 12-digit number in clear in {path.name}"
    _assert_no_iin(json.dumps(report.rejects, ensure_ascii=False), iins, "the report")
    _assert_no_iin(repr(report), iins, "the report")
    if engine.dialect.name == "duckdb":
        with engine.connect() as conn:
            conn.exec_driver_sql("CHECKPOINT")
            temporary = (
                conn.exec_driver_sql("SELECT table_name FROM duckdb_tables() WHERE temporary").scalars().all()
            )
        assert not [t for t in temporary if t.startswith(("rej_", "ops_"))]
        engine.dispose()
        files = [p for p in settings.home.rglob("*") if p.is_file()]
        assert settings.duckdb_path in files
        for path in files:
            _assert_no_iin(path.read_bytes().decode("latin-1"), iins, str(path.relative_to(settings.home)))


def test_no_iin_in_what_the_command_line_prints(
    engine: sa.Engine,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    folder, iins = _batch(tmp_path / "b")
    monkeypatch.setenv("JUMYS_HOME", str(settings.home))
    monkeypatch.setenv("JUMYS_PSEUDONYM_KEY", str(settings.pseudonym_key))
    monkeypatch.setenv("JUMYS_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    engine.dispose()  # the embedded store admits one writer: the command opens its own
    caplog.set_level("DEBUG")
    runner = CliRunner()
    try:
        results = [
            runner.invoke(app, ["ingest", str(folder), "--rejects", str(tmp_path / "rejects")]),
            runner.invoke(app, ["ingest", str(folder), "--json"]),  # already applied
            runner.invoke(app, ["batches"]),
        ]
        zipped = tmp_path / "evil.zip"
        zipped.write_bytes(b"not a zip " + iins[0].encode())
        results.append(runner.invoke(app, ["ingest", str(zipped)]))
    finally:
        get_settings.cache_clear()
    assert [r.exit_code for r in results] == [0, 0, 0, 2]
    for r in results:
        _assert_no_iin(r.stdout + r.stderr, iins, "the output of the command line")
    _assert_no_iin(caplog.text, iins, "the log")
    _assert_no_iin((tmp_path / "rejects" / "rejects.csv").read_text(), iins, "the rejects report")


def test_an_iin_written_into_a_name_is_stored_masked_and_the_report_says_so(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    iin = make_iin(dt.date(1988, 1, 1), "M", 7)
    boss = f.employer(name=f"ИП Иванов,ИИН{iin}; БИН партнёра {f.new_bin()}")
    other = f.employer(name=f"ТОО {iin[:11]} и {iin}0")  # 11 and 13 digits: not an IIN
    folder = f.write_batch(
        tmp_path / "b",
        {"employers": [boss, other], "projects": [f.project(boss["bin"], boss["bin"], name=iin)]},
    )
    report = ingest(engine, folder, settings)
    assert report.rows_rejected == 0
    names = dict(
        zip(f.column(engine, "employers", "bin"), f.column(engine, "employers", "name"), strict=True)
    )
    assert names[boss["bin"]] == boss["name"].replace(iin, "*" * 12)
    assert names[other["bin"]] == other["name"]
    assert f.column(engine, "projects", "name") == ["*" * 12]
    warned = {r.file: r.warnings for r in report.files}
    assert any("1 values of name held an IIN" in w for w in warned["employers.csv"])
    assert any("1 values of name held an IIN" in w for w in warned["projects.csv"])
