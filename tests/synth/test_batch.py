"""Every row of a synthetic batch is valid under the data contract."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest

from jumys.kit.identifiers import bin_problem, iin_problem, parse_iin
from jumys.reference.countries import country_codes
from jumys.reference.oked import oked_codes
from jumys.reference.regions import region_codes, region_shapes
from jumys.registry.contract import BY_NAME as CONTRACT
from jumys.synth.service import FILE_ORDER
from tests.synth.conftest import SCALE, SEED, Batch

FILES = tuple(CONTRACT[name] for name in FILE_ORDER)  # contract 1.1, every file
BY_NAME = CONTRACT

AS_OF = dt.date(2026, 1, 1)
IIN_COLUMNS = [(f.name, c.name) for f in FILES for c in f.columns if c.kind == "iin"]
BIN_COLUMNS = [(f.name, c.name) for f in FILES for c in f.columns if c.kind == "bin"]
KATO_COLUMNS = [(f.name, c.name) for f in FILES for c in f.columns if c.kind == "kato"]
ENUM_COLUMNS = [(f.name, c.name, c.values) for f in FILES for c in f.columns if c.kind == "enum"]


def test_every_file_is_there_with_the_contract_header(batch: Batch) -> None:
    for spec in FILES:
        raw = (batch.path / f"{spec.name}.csv").read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
        assert raw.split(b"\n", 1)[0].decode() == ",".join(spec.column_names)
        lines = raw.count(b"\n") - 1
        assert lines == batch.rows[spec.name] == batch.truth["rows"][spec.name] > 0, spec.name
    manifest = json.loads((batch.path / "manifest.json").read_text())
    assert manifest == {
        "batch_id": f"synth-s{SCALE:g}-seed{SEED}",
        "source": "jumys synth",
        "extracted_at": "2026-01-01T00:00:00Z",
    }


@pytest.mark.parametrize("spec", FILES, ids=lambda s: s.name)
def test_keys_are_unique(batch: Batch, spec: object) -> None:
    key = ", ".join(BY_NAME[spec.name].key)  # type: ignore[attr-defined]
    name = spec.name  # type: ignore[attr-defined]
    assert batch.one(f"SELECT count(*) FROM (SELECT {key} FROM {name} GROUP BY ALL HAVING count(*) > 1)") == 0


def test_required_cells_are_filled(batch: Batch) -> None:
    for spec in FILES:
        for column in spec.required_names:
            assert (
                batch.one(
                    f"SELECT count(*) FROM {spec.name} WHERE {column} IS NULL OR {column}::VARCHAR = ''"
                )
                == 0
            )


def test_every_iin_is_valid_and_in_persons(batch: Batch) -> None:
    values: set[str] = set()
    for table, column in IIN_COLUMNS:
        values |= {
            r[0] for r in batch.all(f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL")
        }
    assert all(iin_problem(v, today=AS_OF) is None for v in values)
    persons = {r[0] for r in batch.all("SELECT iin FROM persons")}
    assert values == persons


def test_every_bin_is_valid_and_an_employer(batch: Batch) -> None:
    employers = {r[0] for r in batch.all("SELECT bin FROM employers")}
    assert all(bin_problem(v) is None for v in employers)
    for table, column in BIN_COLUMNS:
        values = {
            r[0] for r in batch.all(f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL")
        }
        assert values <= employers, (table, column)
    operators = {b for (s,) in batch.all("SELECT operator_bins FROM projects") for b in s.split(";")}
    assert operators <= employers


def test_codes(batch: Batch) -> None:
    regions = region_codes()
    for table, column in KATO_COLUMNS:
        values = {
            r[0] for r in batch.all(f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL")
        }
        assert values and all(len(v) == 9 and v.isdigit() and v[:2] in regions for v in values), (
            table,
            column,
        )
    okeds = {r[0] for r in batch.all("SELECT oked FROM employers UNION SELECT oked FROM projects")}
    assert okeds <= oked_codes()
    nkz = {
        r[0]
        for r in batch.all(
            "SELECT nkz FROM contracts UNION SELECT nkz FROM vacancies UNION SELECT nkz FROM permits "
            "UNION SELECT nkz FROM job_seekers WHERE nkz IS NOT NULL "
            "UNION SELECT nkz FROM compatriots WHERE nkz IS NOT NULL"
        )
    }
    assert all(len(v) == 4 and v.isdigit() and v[0] in "123456789" for v in nkz)
    countries = {
        r[0]
        for r in batch.all(
            "SELECT citizenship FROM persons UNION SELECT citizenship FROM permits "
            "UNION SELECT country FROM compatriots"
        )
    }
    assert countries <= country_codes()
    for table, column, allowed in ENUM_COLUMNS:
        assert {r[0] for r in batch.all(f"SELECT DISTINCT {column} FROM {table}")} <= set(allowed), (
            table,
            column,
        )
    assert batch.one("SELECT count(*) FROM permits WHERE (bin IS NULL) <> (category = 'household')") == 0
    periods = {r[0] for r in batch.all("SELECT DISTINCT period FROM payroll")}
    assert periods == {f"2025-{m:02d}" for m in range(1, 13)}


@pytest.mark.parametrize(
    ("table", "earlier", "later", "strict"),
    [
        ("contracts", "start_date", "end_date", False),
        ("projects", "start_date", "deadline", True),
        ("vacancies", "posted_on", "closed_on", False),
        ("arrears", "reported_on", "repaid_on", False),
        ("permits", "issued_on", "valid_until", False),
        ("permits", "issued_on", "revoked_on", False),
        ("permits", "revoked_on", "valid_until", False),
        ("resettlement", "moved_on", "left_on", False),
        ("job_seekers", "registered_on", "left_on", False),
    ],
)
def test_date_orders(batch: Batch, table: str, earlier: str, later: str, strict: bool) -> None:
    op = ">=" if strict else ">"
    assert batch.one(f"SELECT count(*) FROM {table} WHERE {earlier} {op} {later}") == 0


def test_nothing_happens_after_the_extract(batch: Batch) -> None:
    dated = [
        ("contracts", "start_date"),
        ("incidents", "occurred_on"),
        ("inspections", "inspected_on"),
        ("arrears", "repaid_on"),
        ("vacancies", "posted_on"),
        ("job_seekers", "left_on"),
        ("permits", "issued_on"),
        ("resettlement", "left_on"),
        ("employers", "registered_on"),
    ]
    for table, column in dated:
        assert batch.one(f"SELECT count(*) FROM {table} WHERE {column} >= DATE '2026-01-01'") == 0, (
            table,
            column,
        )


def test_workers_are_at_least_16_when_their_contract_starts(batch: Batch) -> None:
    rows = batch.all("SELECT DISTINCT iin, min(start_date) FROM contracts GROUP BY iin")
    young = [iin for iin, start in rows if (start - parse_iin(iin).birth_date).days < 16 * 365]
    assert young == []


def test_no_person_holds_two_contracts_at_once(batch: Batch) -> None:
    # but where illegal work plants it: contracts at many employers (and two jobs, a legal look-alike),
    # and foreigners working for another employer than their permit's
    planted = batch.truth["illegal_work"]
    bins = {*planted["signals"]["multi_employer"], *planted["look_alikes"]["multi_employer"]}
    bins |= set(planted["signals"]["foreign_no_permit"])
    listed = ", ".join(f"'{b}'" for b in sorted(bins))
    overlaps = batch.one(
        "SELECT count(*) FROM contracts a "
        "JOIN contracts b ON a.iin = b.iin AND a.contract_id < b.contract_id "
        "WHERE a.start_date <= coalesce(b.end_date, DATE '9999-12-31') "
        "AND b.start_date <= coalesce(a.end_date, DATE '9999-12-31') "
        f"AND a.bin NOT IN ({listed}) AND b.bin NOT IN ({listed})"
    )
    assert overlaps == 0


def payroll_signal_bins(batch: Batch) -> list[str]:
    """Employers where a planted wage cut or missing contributions change the payroll."""
    safety = batch.truth["safety"]
    cases = [d for d in safety["disputes"] if d["signalled"]] + safety["decoys"]
    return sorted(
        {
            c["bin"]
            for c in cases
            for s in c["signals"]
            if s["signal"] in ("wage_cut", "missing_contributions")
        }
    )


def test_payroll_is_the_pro_rata_salary_of_an_active_contract(batch: Batch) -> None:
    changed = payroll_signal_bins(batch)
    assert changed  # the batch has planted payroll signals; their rows are tested in test_safety_truth
    batch.db.execute("CREATE OR REPLACE TEMP TABLE changed AS SELECT unnest(?::VARCHAR[]) AS bin", [changed])
    bad = batch.one(
        """
        WITH p AS (SELECT *, strptime(period || '-01', '%Y-%m-%d')::DATE AS m0 FROM payroll),
        j AS (
            SELECT p.*, c.salary_kzt,
                   least(coalesce(c.end_date, DATE '9999-12-31'), last_day(p.m0))
                   - greatest(c.start_date, p.m0) + 1 AS worked,
                   day(last_day(p.m0)) AS dim
            FROM p JOIN contracts c ON c.iin = p.iin AND c.bin = p.bin
             AND c.start_date <= last_day(p.m0) AND coalesce(c.end_date, DATE '9999-12-31') >= p.m0
        )
        SELECT count(*) FROM j
        WHERE (wage_kzt <> (salary_kzt * worked + dim // 2) // dim
               OR opv_kzt <> (wage_kzt + 5) // 10 OR opv_kzt <= 0)
          AND bin NOT IN (SELECT bin FROM changed)
        """
    )
    assert bad == 0
    joined = batch.one(
        "SELECT count(*) FROM payroll p JOIN contracts c ON c.iin = p.iin AND c.bin = p.bin "
        "AND c.start_date <= last_day(strptime(p.period || '-01', '%Y-%m-%d')::DATE) "
        "AND coalesce(c.end_date, DATE '9999-12-31') >= strptime(p.period || '-01', '%Y-%m-%d')::DATE"
    )
    # every payroll row has exactly one active contract behind it, but the pay planted without one
    pay_only = batch.all(
        "SELECT DISTINCT bin FROM payroll p WHERE NOT EXISTS "
        "(SELECT 1 FROM contracts c WHERE c.iin = p.iin AND c.bin = p.bin)"
    )
    assert {b for (b,) in pay_only} <= set(batch.truth["illegal_work"]["signals"]["unregistered"])
    unmatched = batch.one(
        "SELECT count(*) FROM payroll p WHERE NOT EXISTS "
        "(SELECT 1 FROM contracts c WHERE c.iin = p.iin AND c.bin = p.bin)"
    )
    assert joined + unmatched == batch.rows["payroll"]


def test_every_active_paid_contract_has_its_payroll_months(batch: Batch) -> None:
    fictitious = {c for p in batch.truth["projects"] for c in p["fictitious_contract_ids"]}
    fictitious |= set(batch.truth["illegal_work"]["unpaid_contract_ids"])  # planted illegal work
    expected = batch.all(
        """
        SELECT contract_id,
               date_diff('month', greatest(start_date, DATE '2025-01-01'),
                         least(coalesce(end_date, DATE '2025-12-31'), DATE '2025-12-31')) + 1 AS months,
               (SELECT count(*) FROM payroll p WHERE p.iin = c.iin AND p.bin = c.bin
                  AND p.period BETWEEN strftime(c.start_date, '%Y-%m')
                                   AND strftime(coalesce(c.end_date, DATE '2025-12-31'), '%Y-%m')) AS rows
        FROM contracts c
        WHERE start_date <= DATE '2025-12-31' AND coalesce(end_date, DATE '2025-12-31') >= DATE '2025-01-01'
        """
    )
    wrong = [cid for cid, months, rows in expected if rows != (0 if cid in fictitious else months)]
    assert wrong == []


def test_employer_groups_and_places(batch: Batch) -> None:
    assert batch.one("SELECT count(*) FROM employers WHERE parent_bin = bin") == 0
    parents = batch.one("SELECT count(DISTINCT parent_bin) FROM employers WHERE parent_bin IS NOT NULL")
    assert parents >= 3
    nested = batch.one(
        "SELECT count(*) FROM employers e JOIN employers p ON p.bin = e.parent_bin "
        "WHERE p.parent_bin IS NOT NULL"
    )
    assert nested == 0
    assert (
        batch.one(
            "SELECT count(*) FROM employers WHERE lat NOT BETWEEN 40 AND 56 OR lon NOT BETWEEN 46 AND 88"
        )
        == 0
    )


def _inside(rings: list[np.ndarray], lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Even-odd ray casting, point by edge (slow and simple: the reference for synth's fast version)."""
    inside = np.zeros(lon.size, dtype=bool)
    for ring in rings:
        x1, y1, x2, y2 = ring[:-1, 0], ring[:-1, 1], ring[1:, 0], ring[1:, 1]
        crosses = (y1[None, :] > lat[:, None]) != (y2[None, :] > lat[:, None])
        with np.errstate(divide="ignore", invalid="ignore"):
            x = x1[None, :] + (lat[:, None] - y1[None, :]) * (x2 - x1)[None, :] / (y2 - y1)[None, :]
        inside ^= (crosses & (lon[:, None] < x)).sum(axis=1) % 2 == 1
    return inside


def test_employers_lie_inside_their_region(batch: Batch) -> None:
    shapes = {f["properties"]["kato2"]: f["geometry"] for f in region_shapes()["features"]}
    for kato2, geometry in shapes.items():
        polygons = (
            geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        )
        rings = [np.asarray(ring, dtype=float)[:, :2] for polygon in polygons for ring in polygon]
        points = np.array(batch.all(f"SELECT lon, lat FROM employers WHERE left(kato, 2) = '{kato2}'"))
        assert len(points) > 0
        assert _inside(rings, points[:, 0], points[:, 1]).all(), kato2


def test_nothing_happens_at_an_employer_before_it_was_registered(batch: Batch) -> None:
    for table, column in [
        ("contracts", "start_date"),
        ("vacancies", "posted_on"),
        ("vision_zero", "joined_on"),
    ]:
        early = batch.one(
            f"SELECT count(*) FROM {table} t JOIN employers e USING (bin) WHERE t.{column} <= e.registered_on"
        )
        assert early == 0, table
