"""Rules of the data contract for single rows: a row that breaks one is rejected with file, line, column
and reason, and the valid rows of the same file are applied."""

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from jumys.config import Settings
from jumys.kit.identifiers import complete, make_iin
from jumys.registry.contract import BY_NAME, FILES
from tests import factories as f
from tests.factories import TODAY, ingest, rejects, rows


def _wrong_check_digit(value: str) -> str:
    return value[:11] + str((int(value[11]) + 1) % 10)


def _iin_with(digits1to7: str) -> str:
    value = complete(f"{digits1to7}0001") or complete(f"{digits1to7}0002")
    assert value
    return value


def shown(kind: str, value: str) -> str | None:
    """A value as the rejects report shows it: IINs and 12-digit runs masked but for the last 4 digits."""
    if not value:
        return None
    if kind == "iin":
        return "********" + value[-4:]
    return re.sub(r"[0-9]{8}([0-9]{4})", r"********\1", value)


def good_row(file: str, bin: str) -> dict[str, Any]:
    """A valid row of file, at employer bin."""
    iin = f.new_iin()
    return {
        "employers": lambda: f.employer(),
        "persons": lambda: f.person(iin),
        "projects": lambda: f.project(bin, bin),
        "contracts": lambda: f.contract(bin),
        "payroll": lambda: f.payroll(iin, bin),
        "vacancies": lambda: f.vacancy(bin),
        "job_seekers": lambda: f.job_seeker(iin),
        "incidents": lambda: f.incident(bin),
        "inspections": lambda: f.inspection(bin),
        "arrears": lambda: f.arrear(bin),
        "vision_zero": lambda: {"bin": bin, "joined_on": "2024-01-01"},
        "quotas": lambda: f.quota(),
        "permits": lambda: f.permit(iin, bin),
        "resettlement": lambda: f.resettlement(iin),
        "region_stats": lambda: f.region_stat(),
        "population": lambda: {
            "kato": "750000000",
            "year": "2024",
            "sex": "F",
            "age": "30",
            "persons": "1200",
        },
        "migration": lambda: {
            "year": "2024",
            "from_kato": "611010000",
            "to_kato": "751110000",
            "persons": "90",
        },
        "labour_disputes": lambda: f.labour_dispute(bin),
        "training": lambda: f.training(iin, bin),
        "compatriots": lambda: f.compatriot(iin=iin),
    }[file]()


VALID_IIN = f.new_iin()
OTHER_BIN = f.new_bin()  # valid, but never delivered as an employer

# (file, bad values, column, reason)
CASES: dict[str, tuple[str, dict[str, str], str, str]] = {
    # types
    "int_not_a_whole_number": ("contracts", {"salary_kzt": "400000.50"}, "salary_kzt", "not a whole number"),
    "int_with_letters": ("inspections", {"violations": "two"}, "violations", "not a whole number"),
    "int_below_minimum": ("contracts", {"salary_kzt": "-1"}, "salary_kzt", "must be at least 0"),
    "int_above_maximum": ("population", {"age": "101"}, "age", "must be at most 100"),
    "int_minimum_of_family_size": ("resettlement", {"family_size": "0"}, "family_size", "must be at least 1"),
    "date_impossible_day": ("contracts", {"start_date": "2024-02-30"}, "start_date", "not a date YYYY-MM-DD"),
    "date_other_format": ("contracts", {"start_date": "10.01.2024"}, "start_date", "not a date YYYY-MM-DD"),
    "period_month_13": ("payroll", {"period": "2024-13"}, "period", "not a period YYYY-MM"),
    "period_given_as_date": ("payroll", {"period": "2024-02-01"}, "period", "not a period YYYY-MM"),
    "stat_period_month_00": ("region_stats", {"period": "2024-00"}, "period", "not a period YYYY or YYYY-MM"),
    "bool_yes": ("vacancies", {"filled": "yes"}, "filled", "must be true or false"),
    "bool_is_lower_case": ("vacancies", {"filled": "TRUE"}, "filled", "must be true or false"),
    "enum_unknown_value": (
        "contracts",
        {"contract_type": "temporary"},
        "contract_type",
        "must be one of: permanent, fixed_term, seasonal",
    ),
    "enum_is_case_sensitive": ("population", {"sex": "f"}, "sex", "must be one of: M, F"),
    "number_decimal_comma": ("employers", {"lat": "43,25"}, "lat", "not a number"),
    "number_above_maximum": ("employers", {"lon": "180.5"}, "lon", "must be at most 180"),
    "required_value_missing": ("contracts", {"nkz": ""}, "nkz", "required value missing"),
    # identifiers
    "iin_wrong_check_digit": (
        "contracts",
        {"iin": _wrong_check_digit(VALID_IIN)},
        "iin",
        "wrong IIN check digit",
    ),
    "iin_not_12_digits": ("payroll", {"iin": "90041230001"}, "iin", "an IIN is 12 digits"),
    "iin_with_letters": ("contracts", {"iin": "AB0412300018"}, "iin", "an IIN is 12 digits"),
    "iin_digit_7": (
        "job_seekers",
        {"iin": _iin_with("9004127")},
        "iin",
        "digit 7 of an IIN (century and sex) must be 1 to 6",
    ),
    "iin_impossible_birth_date": (
        "persons",
        {"iin": _iin_with("9002303")},
        "iin",
        "digits 1-6 of an IIN are not a valid birth date",
    ),
    "iin_birth_date_in_the_future": (
        "contracts",
        {"iin": make_iin(TODAY + dt.timedelta(days=1), "F", 7)},
        "iin",
        "the birth date in the IIN lies in the future",
    ),
    "bin_wrong_check_digit": (
        "employers",
        {"bin": _wrong_check_digit(OTHER_BIN)},
        "bin",
        "wrong BIN check digit",
    ),
    "bin_digit_5": (
        "contracts",
        {"bin": complete("15043000001") or ""},
        "bin",
        "digit 5 of a BIN must be 4, 5 or 6",
    ),
    "parent_bin_wrong_check_digit": (
        "employers",
        {"parent_bin": _wrong_check_digit(OTHER_BIN)},
        "parent_bin",
        "wrong BIN check digit",
    ),
    # codes
    "kato_unknown_region": (
        "contracts",
        {"kato": "511010000"},
        "kato",
        "unknown region 51 (the first two digits of a KATO code)",
    ),
    "kato_not_9_digits": ("vacancies", {"kato": "75111000"}, "kato", "a KATO code is 9 digits"),
    "kato_of_migration_destination": (
        "migration",
        {"to_kato": "991010000"},
        "to_kato",
        "unknown region 99 (the first two digits of a KATO code)",
    ),
    "oked_unknown": ("employers", {"oked": "99999"}, "oked", "unknown OKED code"),
    "oked_not_5_digits": ("projects", {"oked": "4711"}, "oked", "an OKED code is 5 digits"),
    "nkz_not_4_digits": ("contracts", {"nkz": "241"}, "nkz", "an NKZ code is 4 digits"),
    "nkz_with_letters": ("vacancies", {"nkz": "24A1"}, "nkz", "an NKZ code is 4 digits"),
    "country_unknown": (
        "persons",
        {"citizenship": "XKX"},
        "citizenship",
        "unknown country code (ISO 3166-1 alpha-3, e.g. KAZ)",
    ),
    "country_lower_case": (
        "permits",
        {"citizenship": "uzb"},
        "citizenship",
        "unknown country code (ISO 3166-1 alpha-3, e.g. KAZ)",
    ),
    "person_status_unknown": (
        "persons",
        {"status": "resident"},
        "status",
        "must be one of: citizen, kandas, foreigner",
    ),
    # references
    "bin_not_among_employers": (
        "contracts",
        {"bin": OTHER_BIN},
        "bin",
        "BIN is not among the employers (stored or in this batch)",
    ),
    "payroll_bin_not_among_employers": (
        "payroll",
        {"bin": OTHER_BIN},
        "bin",
        "BIN is not among the employers (stored or in this batch)",
    ),
    "vision_zero_bin_not_among_employers": (
        "vision_zero",
        {"bin": OTHER_BIN},
        "bin",
        "BIN is not among the employers (stored or in this batch)",
    ),
    "investor_not_among_employers": (
        "projects",
        {"investor_bin": OTHER_BIN},
        "investor_bin",
        "BIN is not among the employers (stored or in this batch)",
    ),
    # date orders
    "contract_ends_before_it_starts": (
        "contracts",
        {"start_date": "2024-03-01", "end_date": "2024-02-29"},
        "end_date",
        "end_date is before start_date",
    ),
    "vacancy_closed_before_posted": (
        "vacancies",
        {"posted_on": "2024-03-01", "closed_on": "2024-02-01"},
        "closed_on",
        "closed_on is before posted_on",
    ),
    "job_seeker_left_before_registering": (
        "job_seekers",
        {"registered_on": "2024-02-01", "left_on": "2024-01-31"},
        "left_on",
        "left_on is before registered_on",
    ),
    "arrear_repaid_before_reported": (
        "arrears",
        {"reported_on": "2024-04-01", "repaid_on": "2024-03-01", "repaid_kzt": "100"},
        "repaid_on",
        "repaid_on is before reported_on",
    ),
    "permit_valid_until_before_issue": (
        "permits",
        {"issued_on": "2024-01-15", "valid_until": "2024-01-14"},
        "valid_until",
        "valid_until is before issued_on",
    ),
    "permit_revoked_before_issue": (
        "permits",
        {"issued_on": "2024-01-15", "revoked_on": "2023-12-31"},
        "revoked_on",
        "revoked_on is before issued_on",
    ),
    "resettler_left_before_moving": (
        "resettlement",
        {"moved_on": "2024-04-01", "left_on": "2024-03-31"},
        "left_on",
        "left_on is before moved_on",
    ),
    "project_deadline_on_its_start_date": (
        "projects",
        {"start_date": "2024-01-01", "deadline": "2024-01-01"},
        "deadline",
        "deadline must be after start_date",
    ),
    "project_deadline_before_start": (
        "projects",
        {"start_date": "2024-01-01", "deadline": "2023-12-31"},
        "deadline",
        "deadline must be after start_date",
    ),
    "contract_starts_before_birth": (
        "contracts",
        {"iin": make_iin(dt.date(2000, 5, 10), "M", 3), "start_date": "2000-05-09"},
        "start_date",
        "start_date is before the birth date in the IIN",
    ),
    # permits: household workers have no employer
    "household_permit_with_bin": (
        "permits",
        {"category": "household"},
        "bin",
        "household workers are hired by a household: bin must be empty",
    ),
    "permit_without_bin": ("permits", {"bin": ""}, "bin", "bin is required except for household workers"),
    # contract 1.1: the same kinds of rule, declared with the new files
    "dispute_ended_before_it_started": (
        "labour_disputes",
        {"started_on": "2024-03-01", "ended_on": "2024-02-28"},
        "ended_on",
        "ended_on is before started_on",
    ),
    "dispute_of_no_employer": (
        "labour_disputes",
        {"bin": OTHER_BIN},
        "bin",
        "BIN is not among the employers (stored or in this batch)",
    ),
    "dispute_kind_unknown": (
        "labour_disputes",
        {"kind": "lockout"},
        "kind",
        "must be one of: strike, collective_dispute, complaint",
    ),
    "training_finished_before_it_started": (
        "training",
        {"started_on": "2024-02-01", "finished_on": "2024-01-31"},
        "finished_on",
        "finished_on is before started_on",
    ),
    "training_paid_by_unknown": (
        "training",
        {"paid_by": "akimat"},
        "paid_by",
        "must be one of: employer, state, self",
    ),
    "training_occupation_not_4_digits": ("training", {"nkz": "72121"}, "nkz", "an NKZ code is 4 digits"),
    "compatriot_country_unknown": (
        "compatriots",
        {"country": "MN"},
        "country",
        "unknown country code (ISO 3166-1 alpha-3, e.g. KAZ)",
    ),
    "compatriot_return_year_too_late": (
        "compatriots",
        {"intends_return_year": "2101"},
        "intends_return_year",
        "must be at most 2100",
    ),
    "compatriot_iin_wrong_check_digit": (
        "compatriots",
        {"iin": _wrong_check_digit(VALID_IIN)},
        "iin",
        "wrong IIN check digit",
    ),
    "job_seeker_occupation_not_4_digits": ("job_seekers", {"nkz": "24"}, "nkz", "an NKZ code is 4 digits"),
}


@pytest.mark.parametrize("rule", list(CASES))
def test_row_breaking_a_rule_is_rejected_and_valid_rows_applied(
    rule: str, duckdb_engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    """Each rule alone, on the embedded store: a row's checks run in the DuckDB stage whichever the store, so
    PostgreSQL is given every rule at once below."""
    engine = duckdb_engine
    file, bad_values, column, reason = CASES[rule]
    boss = f.employer()
    good, bad = good_row(file, boss["bin"]), good_row(file, boss["bin"]) | bad_values
    files = (
        {"employers": [boss, good, bad]} if file == "employers" else {"employers": [boss], file: [good, bad]}
    )
    line = 4 if file == "employers" else 3
    report = ingest(engine, f.write_batch(tmp_path / "b", files), settings)

    got = rejects(report)
    assert [r[:4] for r in got] == [(f"{file}.csv", line, column, reason)]
    assert got[0][4] == shown(BY_NAME[file].column(column).kind, bad[column])
    by_file = {r.file: r for r in report.files}
    assert (by_file[f"{file}.csv"].rows_accepted, by_file[f"{file}.csv"].rows_rejected) == (
        (2, 1) if file == "employers" else (1, 1)
    )
    assert len(rows(engine, file)) == (2 if file == "employers" else 1)


def test_every_rule_broken_in_one_batch_is_rejected_at_its_line_on_each_store(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    boss = f.employer()
    files: dict[str, list[dict[str, Any]]] = {"employers": [boss]}
    expected = []
    for file, bad_values, column, reason in CASES.values():
        rows_ = files.setdefault(file, [])
        if len(rows_) < (2 if file == "employers" else 1):
            rows_.append(good_row(file, boss["bin"]))
        bad = good_row(file, boss["bin"]) | bad_values
        rows_.append(bad)
        value = shown(BY_NAME[file].column(column).kind, bad[column])
        expected.append((f"{file}.csv", len(rows_) + 1, column, reason, value))
    report = ingest(engine, f.write_batch(tmp_path / "b", files), settings)

    assert sorted(rejects(report)) == sorted(expected)
    counts = {r.file: (r.rows_accepted, r.rows_rejected) for r in report.files}
    assert counts == {
        f"{file}.csv": (2 if file == "employers" else 1, sum(c[0] == file for c in CASES.values()))
        for file in files
    }
    assert len(rows(engine, "contracts")) == 1 and len(rows(engine, "payroll")) == 1


def test_every_date_order_of_the_contract_has_its_case() -> None:
    orders = {(spec.name, o.later, o.earlier) for spec in FILES for o in spec.orders}
    covered = {
        (file, column, next(c for c in bad if c != column))
        for file, bad, column, reason in CASES.values()
        if reason.startswith(f"{column} is before") or reason.startswith(f"{column} must be after")
    }
    assert orders <= covered
