"""References between files and keys inside a batch: employers before their contracts, operators of a
project, duplicate keys (the first is kept), and values on the boundary of a rule."""

import datetime as dt
from pathlib import Path

import sqlalchemy as sa

from jumys.config import Settings
from jumys.kit.identifiers import make_iin
from tests import factories as f
from tests.factories import column, ingest, rejects, rows

NOT_AMONG = "BIN is not among the employers (stored or in this batch)"


def _masked(value: str) -> str:
    return "********" + value[-4:]


def test_employer_given_in_the_same_batch_counts(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    boss = f.employer()
    c = f.contract(boss["bin"])
    report = ingest(engine, f.write_batch(tmp_path / "b", {"employers": [boss], "contracts": [c]}), settings)
    assert rejects(report) == []
    assert column(engine, "contracts", "contract_id") == [c["contract_id"]]


def test_employer_stored_by_an_earlier_batch_counts(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    boss = f.employer()
    ingest(engine, f.write_batch(tmp_path / "b1", {"employers": [boss]}), settings)
    c, p = f.contract(boss["bin"]), f.payroll(f.new_iin(), boss["bin"])
    report = ingest(engine, f.write_batch(tmp_path / "b2", {"contracts": [c], "payroll": [p]}), settings)
    assert rejects(report) == []
    assert column(engine, "contracts", "contract_id") == [c["contract_id"]]
    assert len(rows(engine, "payroll")) == 1


def test_contracts_of_a_rejected_employer_are_rejected(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    good, bad = f.employer(), f.employer(kato="511010000")
    c_good, c_bad = f.contract(good["bin"]), f.contract(bad["bin"])
    report = ingest(
        engine,
        f.write_batch(tmp_path / "b", {"employers": [good, bad], "contracts": [c_good, c_bad]}),
        settings,
    )
    assert [r[:4] for r in rejects(report)] == [
        ("contracts.csv", 3, "bin", NOT_AMONG),
        ("employers.csv", 3, "kato", "unknown region 51 (the first two digits of a KATO code)"),
    ]
    assert column(engine, "employers", "bin") == [good["bin"]]
    assert column(engine, "contracts", "contract_id") == [c_good["contract_id"]]


def test_operators_of_a_project_must_all_be_employers(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    a, b = f.employer(), f.employer()
    stranger = f.new_bin()
    bad_digit = b["bin"][:11] + str((int(b["bin"][11]) + 1) % 10)
    ok = f.project(a["bin"], f"{a['bin']}; {b['bin']}")  # spaces around BINs are allowed
    one_bad = f.project(a["bin"], f"{a['bin']};{bad_digit}")
    unknown = f.project(a["bin"], f"{stranger};{b['bin']}")
    empty_item = f.project(a["bin"], f"{a['bin']};;{b['bin']}")
    report = ingest(
        engine,
        f.write_batch(tmp_path / "b", {"employers": [a, b], "projects": [ok, one_bad, unknown, empty_item]}),
        settings,
    )
    assert [r[:4] for r in rejects(report)] == [
        ("projects.csv", 3, "operator_bins", f"{_masked(bad_digit)}: wrong BIN check digit"),
        (
            "projects.csv",
            4,
            "operator_bins",
            f"{_masked(stranger)} is not among the employers (stored or in this batch)",
        ),
        ("projects.csv", 5, "operator_bins", "an empty BIN in the list"),
    ]
    assert column(engine, "projects", "project_id") == [ok["project_id"]]
    assert sorted(column(engine, "project_operators", "bin")) == sorted([a["bin"], b["bin"]])


def test_duplicate_key_keeps_the_first_row(engine: sa.Engine, settings: Settings, tmp_path: Path) -> None:
    boss = f.employer()
    first = f.contract(boss["bin"], salary_kzt="100")
    again = f.contract(boss["bin"], contract_id=first["contract_id"], salary_kzt="200")
    other = f.contract(boss["bin"])
    third = f.contract(boss["bin"], contract_id=first["contract_id"], salary_kzt="300")
    report = ingest(
        engine,
        f.write_batch(tmp_path / "b", {"employers": [boss], "contracts": [first, again, other, third]}),
        settings,
    )
    assert rejects(report) == [
        ("contracts.csv", 3, "contract_id", "duplicate key inside the batch (first on line 2)", None),
        ("contracts.csv", 5, "contract_id", "duplicate key inside the batch (first on line 2)", None),
    ]
    assert column(engine, "contracts", "salary_kzt") == sorted([100, int(other["salary_kzt"])])


def test_duplicate_key_of_several_columns(engine: sa.Engine, settings: Settings, tmp_path: Path) -> None:
    boss = f.employer()
    iin = f.new_iin()
    rows_ = [
        f.payroll(iin, boss["bin"], "2024-02"),
        f.payroll(iin, boss["bin"], "2024-03"),
        f.payroll(iin, boss["bin"], "2024-02", wage_kzt="1"),
    ]
    report = ingest(engine, f.write_batch(tmp_path / "b", {"employers": [boss], "payroll": rows_}), settings)
    assert rejects(report) == [
        ("payroll.csv", 4, "iin,bin,period", "duplicate key inside the batch (first on line 2)", None),
    ]
    assert column(engine, "payroll", "wage_kzt") == [400000, 400000]


def test_duplicate_of_a_rejected_row_is_kept(engine: sa.Engine, settings: Settings, tmp_path: Path) -> None:
    """Only valid rows claim a key: when the first row is rejected for its own fault, the next one stands."""
    boss = f.employer()
    broken = f.contract(boss["bin"], salary_kzt="abc")
    fixed = f.contract(boss["bin"], contract_id=broken["contract_id"])
    report = ingest(
        engine, f.write_batch(tmp_path / "b", {"employers": [boss], "contracts": [broken, fixed]}), settings
    )
    assert [r[:4] for r in rejects(report)] == [("contracts.csv", 2, "salary_kzt", "not a whole number")]
    assert column(engine, "contracts", "contract_id") == [broken["contract_id"]]


def test_a_row_breaking_two_rules_is_one_rejected_row_with_two_reasons(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    boss = f.employer()
    c = f.contract(boss["bin"], nkz="24", conditions="dusty")
    report = ingest(engine, f.write_batch(tmp_path / "b", {"employers": [boss], "contracts": [c]}), settings)
    assert sorted(r[:4] for r in rejects(report)) == [
        ("contracts.csv", 2, "conditions", "must be one of: normal, harmful, hazardous"),
        ("contracts.csv", 2, "nkz", "an NKZ code is 4 digits"),
    ]
    assert report.rejects_total == 2
    assert [(r.rows_read, r.rows_accepted, r.rows_rejected) for r in report.files] == [(1, 1, 0), (1, 0, 1)]


def test_values_on_the_boundary_of_a_rule_are_accepted(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    boss = f.employer(lat="90", lon="-180", oked="01111")
    born = dt.date(2000, 5, 10)
    files = {
        "employers": [boss],
        "contracts": [
            f.contract(boss["bin"], start_date="2024-03-01", end_date="2024-03-01", salary_kzt="0"),
            f.contract(
                boss["bin"], iin=make_iin(born, "F", 1), start_date="2000-05-10"
            ),  # starts on the birth day
        ],
        "projects": [
            f.project(
                boss["bin"],
                boss["bin"],
                start_date="2024-01-01",
                deadline="2024-01-02",
                promised_temporary_jobs="",
            )
        ],
        "permits": [
            f.permit(f.new_iin(), "", category="household", issued_on="2024-01-01", valid_until="2024-01-01")
        ],
        "population": [
            {"kato": "750000000", "year": "2024", "sex": "M", "age": a, "persons": "0"} for a in ("0", "100")
        ],
        "quotas": [f.quota(year="1991"), f.quota(year="2100")],
        "region_stats": [f.region_stat(period="2024"), f.region_stat(period="2024-12", value="-3")],
        "payroll": [f.payroll(make_iin(f.TODAY, "M", 5), boss["bin"])],  # born today
    }
    report = ingest(engine, f.write_batch(tmp_path / "b", files), settings)
    assert rejects(report) == []
    assert {r.file: r.rows_accepted for r in report.files} == {f"{k}.csv": len(v) for k, v in files.items()}


def test_persons_are_created_for_accepted_rows_only(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    boss = f.employer()
    kept, dropped = f.contract(boss["bin"]), f.contract(boss["bin"], salary_kzt="-5")
    seeker = f.job_seeker(f.new_iin(), kato="000000000")
    report = ingest(
        engine,
        f.write_batch(
            tmp_path / "b", {"employers": [boss], "contracts": [kept, dropped], "job_seekers": [seeker]}
        ),
        settings,
    )
    assert report.rows_rejected == 2
    assert column(engine, "persons", "person_id") == column(engine, "contracts", "person_id")
    assert len(rows(engine, "persons")) == 1


def test_persons_file_sets_citizenship_and_status(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    boss = f.employer()
    iin = make_iin(dt.date(1985, 7, 1), "F", 77)
    files = {
        "employers": [boss],
        "persons": [f.person(iin, citizenship="UZB", status="kandas")],
        "contracts": [f.contract(boss["bin"], iin=iin)],
    }
    ingest(engine, f.write_batch(tmp_path / "b", files), settings)
    [(person_id, born, sex, citizenship, status, _)] = rows(engine, "persons")
    assert (born, sex, citizenship, status) == (dt.date(1985, 7, 1), "F", "UZB", "kandas")
    assert column(engine, "contracts", "person_id") == [person_id]
