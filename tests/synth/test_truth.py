"""truth.json agrees with the files, and with the job-creation methodology computed here independently."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from jumys.synth.projects import MAIN_SITUATIONS
from tests.synth.conftest import Batch

AS_OF = "DATE '2026-01-01'"

# The methodology of docs/methodology.md, written out in SQL for the test (not shared with synth).
_GROUPS = """
CREATE OR REPLACE TEMP TABLE ops AS
    SELECT project_id, unnest(string_split(operator_bins, ';')) AS bin FROM projects;
CREATE OR REPLACE TEMP TABLE grp AS
    WITH core AS (SELECT project_id, bin FROM ops UNION SELECT project_id, investor_bin FROM projects),
    base AS (SELECT * FROM core
             UNION SELECT c.project_id, e.parent_bin FROM core c JOIN employers e USING (bin)
                   WHERE e.parent_bin IS NOT NULL)
    SELECT * FROM base
    UNION SELECT b.project_id, e.bin FROM base b JOIN employers e ON e.parent_bin = b.bin;
"""
_CANDIDATES = f"""
CREATE OR REPLACE TEMP TABLE candidates AS
SELECT p.project_id, p.start_date AS p_start, c.*,
       -- full months up to t: months wholly inside [start_date, t)
       date_diff('month',
                 CASE WHEN day(c.start_date) = 1 THEN c.start_date
                      ELSE date_trunc('month', c.start_date) + INTERVAL 1 MONTH END,
                 {AS_OF}) AS full_months
FROM projects p JOIN ops o USING (project_id) JOIN contracts c ON c.bin = o.bin
WHERE left(c.kato, 2) = left(p.kato, 2)
  AND c.start_date BETWEEN p.start_date - 180 AND {AS_OF}
  AND NOT EXISTS (SELECT 1 FROM contracts x JOIN grp g ON g.bin = x.bin AND g.project_id = p.project_id
                  WHERE x.iin = c.iin AND x.bin <> c.bin
                    AND x.end_date BETWEEN c.start_date - 60 AND c.start_date)
"""
_VERIFY = f"""
WITH perm AS (SELECT * FROM candidates
              WHERE contract_type = 'permanent' AND (end_date IS NULL OR end_date >= {AS_OF})),
first AS (SELECT * FROM perm
          QUALIFY row_number() OVER (PARTITION BY contract_id ORDER BY p_start, project_id) = 1),
n AS (SELECT *, least(6, full_months) AS n FROM first),
paid AS (
    SELECT n.*, (SELECT count(*) FROM payroll y WHERE y.iin = n.iin AND y.bin = n.bin AND y.opv_kzt > 0
                   AND y.period >= strftime(DATE '2026-01-01' - to_months(n.n::INTEGER), '%Y-%m')
                   AND y.period < '2026-01') AS paid_months
    FROM n
),
counts AS (
    SELECT project_id,
           count(DISTINCT iin) FILTER (WHERE n >= 1 AND paid_months >= ceil(0.8 * n)) AS credited,
           count(DISTINCT iin) FILTER (WHERE n = 0) AS provisional,
           count(DISTINCT iin) FILTER (WHERE n >= 1 AND paid_months < ceil(0.8 * n)) AS unconfirmed
    FROM paid GROUP BY 1
),
heads AS (
    SELECT p.project_id,
           (SELECT count(DISTINCT c.iin) FROM contracts c
            JOIN ops o ON o.bin = c.bin AND o.project_id = p.project_id
            WHERE left(c.kato, 2) = left(p.kato, 2) AND c.contract_type = 'permanent'
              AND c.start_date <= p.start_date - 181
              AND coalesce(c.end_date, DATE '9999-12-31') >= p.start_date - 181) AS baseline,
           (SELECT count(DISTINCT c.iin) FROM contracts c
            JOIN ops o ON o.bin = c.bin AND o.project_id = p.project_id
            WHERE left(c.kato, 2) = left(p.kato, 2) AND c.contract_type = 'permanent'
              AND c.start_date <= {AS_OF}
              AND coalesce(c.end_date, DATE '9999-12-31') >= {AS_OF}) AS current
    FROM projects p
),
temps AS (
    SELECT project_id, count(DISTINCT iin) AS temporary FROM (
        SELECT * FROM candidates t
        WHERE contract_type IN ('fixed_term', 'seasonal')
          AND EXISTS (SELECT 1 FROM payroll y
                      WHERE y.iin = t.iin AND y.bin = t.bin AND y.opv_kzt > 0 AND y.period <= '2026-01')
        QUALIFY row_number() OVER (PARTITION BY contract_id ORDER BY p_start, project_id) = 1
    ) GROUP BY 1
)
SELECT p.project_id, p.promised_permanent_jobs, p.start_date, p.deadline,
       coalesce(c.credited, 0), coalesce(c.provisional, 0), coalesce(c.unconfirmed, 0),
       h.baseline, h.current,
       least(coalesce(c.credited, 0), greatest(0, h.current - h.baseline)) AS verified,
       coalesce(t.temporary, 0)
FROM projects p JOIN heads h USING (project_id)
LEFT JOIN counts c USING (project_id) LEFT JOIN temps t USING (project_id)
ORDER BY p.project_id
"""


def _status(promised: int, start: Any, deadline: Any, verified: int, as_of: Any) -> str:
    if (as_of - start).days < -180:
        return "pending"
    if deadline <= as_of:
        return "fulfilled" if verified >= promised else "failed"
    expected = math.floor(promised * min(max((as_of - start).days / (deadline - start).days, 0.0), 1.0))
    return "on_track" if verified >= expected else "at_risk"


def _methodology(batch: Batch) -> dict[str, dict[str, Any]]:
    batch.db.execute(_GROUPS)
    batch.db.execute(_CANDIDATES)
    as_of = batch.one(f"SELECT {AS_OF}")
    out = {}
    for (
        pid,
        promised,
        start,
        deadline,
        credited,
        provisional,
        unconfirmed,
        baseline,
        current,
        verified,
        temporary,
    ) in batch.all(_VERIFY):
        out[pid] = {
            "genuine_new_jobs": verified,
            "expected_status": _status(promised, start, deadline, verified, as_of),
            "credited": credited,
            "provisional": provisional,
            "unconfirmed": unconfirmed,
            "baseline_headcount": baseline,
            "current_headcount": current,
            "temporary_jobs": temporary,
        }
    return out


def test_truth_matches_the_methodology(batch: Batch) -> None:
    found = _methodology(batch)
    for project in batch.truth["projects"]:
        mine = found[project["project_id"]]
        assert {k: project[k] for k in mine} == mine, project["project_id"]


def test_every_situation_and_status_is_planted_at_least_three_times(batch: Batch) -> None:
    situations = Counter(s for p in batch.truth["projects"] for s in p["situations"])
    assert set(situations) == {*MAIN_SITUATIONS, "low_wage_share"}
    assert min(situations.values()) >= 3
    statuses = Counter(p["expected_status"] for p in batch.truth["projects"])
    assert (
        set(statuses) == {"pending", "fulfilled", "failed", "on_track", "at_risk"}
        and min(statuses.values()) >= 3
    )
    for p in batch.truth["projects"]:
        main = [s for s in p["situations"] if s != "low_wage_share"]
        assert len(main) == 1
        good = main[0] == "kept" and p["genuine_new_jobs"] >= p["promised_permanent_jobs"]
        assert good == (p["expected_status"] in ("fulfilled", "on_track")), p["project_id"]


def test_fictitious_contracts_exist_and_were_never_paid(batch: Batch) -> None:
    ids = [c for p in batch.truth["projects"] for c in p["fictitious_contract_ids"]]
    assert len(ids) >= 3
    batch.db.execute("CREATE OR REPLACE TEMP TABLE fict AS SELECT unnest(?::VARCHAR[]) AS contract_id", [ids])
    rows = batch.all(
        "SELECT c.contract_type, c.start_date, "
        "       (SELECT count(*) FROM payroll y WHERE y.iin = c.iin AND y.bin = c.bin) "
        "FROM fict JOIN contracts c USING (contract_id)"
    )
    assert len(rows) == len(ids)
    assert all(kind == "permanent" and paid == 0 and str(start) <= "2025-10-31" for kind, start, paid in rows)


def test_transfers_come_from_an_affiliate_within_60_days(batch: Batch) -> None:
    ids = [(p["project_id"], c) for p in batch.truth["projects"] for c in p["transfer_contract_ids"]]
    assert len(ids) >= 3
    batch.db.execute(_GROUPS)
    batch.db.execute(
        "CREATE OR REPLACE TEMP TABLE tr AS "
        "SELECT unnest(?::VARCHAR[]) AS project_id, unnest(?::VARCHAR[]) AS contract_id",
        [[p for p, _ in ids], [c for _, c in ids]],
    )
    missing = batch.one(
        """
        SELECT count(*) FROM tr JOIN contracts c USING (contract_id)
        WHERE NOT EXISTS (
            SELECT 1 FROM contracts x JOIN grp g ON g.bin = x.bin AND g.project_id = tr.project_id
            WHERE x.iin = c.iin AND x.bin <> c.bin AND x.end_date BETWEEN c.start_date - 60 AND c.start_date)
        """
    )
    assert missing == 0


def test_churn_dismissals_are_in_the_files(batch: Batch) -> None:
    batch.db.execute(_GROUPS)
    dismissed = dict(
        batch.all(
            "SELECT p.project_id, count(*) FROM projects p JOIN ops USING (project_id) "
            "JOIN contracts c ON c.bin = ops.bin "
            "WHERE c.contract_type = 'permanent' AND c.start_date < p.start_date - 180 "
            "AND c.end_date BETWEEN p.start_date - 180 AND DATE '2025-12-31' GROUP BY 1"
        )
    )
    for p in batch.truth["projects"]:
        assert dismissed.get(p["project_id"], 0) == p["churn_dismissed"]
        assert (p["churn_dismissed"] > 0) == ("churn" in p["situations"])


def test_wage_shares(batch: Batch) -> None:
    investment = dict(batch.all("SELECT project_id, investment_kzt FROM projects"))
    for p in batch.truth["projects"]:
        assert p["investment_kzt"] == investment[p["project_id"]]
        share = p["wage_bill_kzt"] / p["investment_kzt"]
        if "low_wage_share" in p["situations"]:
            assert share < 0.15
        elif "pending" not in p["situations"]:
            assert share > 0.35


def test_operators_are_dedicated_and_hold_only_planted_contracts(batch: Batch) -> None:
    batch.db.execute(_GROUPS)
    owners = batch.all("SELECT bin, count(DISTINCT project_id) FROM ops GROUP BY 1")
    assert all(n == 1 for _, n in owners)
    assert {b for b, _ in owners} == set(batch.truth["employers"]["operators"])
    found = {
        pid: (before, hired, temporary)
        for pid, before, hired, temporary in batch.all(
            "SELECT p.project_id, "
            "  count(*) FILTER (WHERE c.contract_type = 'permanent' AND c.start_date < p.start_date - 180), "
            "  count(*) FILTER (WHERE c.contract_type = 'permanent' AND c.start_date >= p.start_date - 180), "
            "  count(*) FILTER (WHERE c.contract_type <> 'permanent') "
            "FROM projects p JOIN ops USING (project_id) JOIN contracts c ON c.bin = ops.bin GROUP BY 1"
        )
    }
    for p in batch.truth["projects"]:
        hired = p["credited"] + p["unconfirmed"] + len(p["transfer_contract_ids"])
        assert found[p["project_id"]] == (p["baseline_headcount"], hired, p["temporary_jobs"]), p[
            "project_id"
        ]


def test_arrears_firms_of_the_year(batch: Batch) -> None:
    arrears = set(batch.truth["employers"]["arrears"])
    found = {b for (b,) in batch.all("SELECT DISTINCT bin FROM arrears WHERE year(reported_on) = 2025")}
    assert len(arrears) >= 3 and arrears == found
    assert batch.one("SELECT count(*) FROM arrears WHERE repaid_on IS NOT NULL") >= 1
    assert batch.one("SELECT count(*) FROM arrears WHERE repaid_kzt > amount_kzt") == 0


def test_fatal_incidents_end_the_contract(batch: Batch) -> None:
    alive = batch.one(
        "SELECT count(*) FROM incidents i JOIN contracts c ON c.iin = i.iin AND c.bin = i.bin "
        "AND i.occurred_on BETWEEN c.start_date AND coalesce(c.end_date, DATE '9999-12-31') "
        "WHERE i.severity = 'fatal' AND (c.end_date IS NULL OR c.end_date <> i.occurred_on)"
    )
    assert alive == 0
    later = batch.one(
        "SELECT count(*) FROM incidents i JOIN contracts c ON c.iin = i.iin "
        "WHERE i.severity = 'fatal' AND c.start_date > i.occurred_on"
    )
    assert later == 0
