"""Revision 0007: the verification jobs kept before it become jobs of kind verification, nothing lost."""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa

from jumys.storage.jobs import jobs
from jumys.storage.revisions import upgrade


def test_verification_jobs_become_jobs_with_their_date_and_counts(empty: sa.Engine) -> None:
    upgrade(empty, "0006")
    at = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    with empty.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO verification_jobs (run_id, as_of, status, requested_by, requested_at, finished_at, "
                "projects, regions, alerts, error, server) VALUES "
                "('done1', DATE '2026-01-01', 'done', 'ministry', :at, :at, 33, 20, 7, NULL, 'h:1:x'), "
                "('bad1', DATE '2025-10-01', 'failed', 'ministry', :at, :at, NULL, NULL, NULL, 'why', 'h:1:x')"
            ),
            {"at": at},
        )
    upgrade(empty)
    with empty.connect() as conn:
        rows = {r["job_id"]: r for r in conn.execute(sa.select(jobs)).mappings()}
        assert "verification_jobs" not in sa.inspect(conn).get_table_names()
    assert set(rows) == {"done1", "bad1"}
    done, bad = rows["done1"], rows["bad1"]
    assert done["kind"] == bad["kind"] == "verification"
    assert json.loads(done["parameters"]) == {"as_of": "2026-01-01"}
    assert json.loads(done["result"]) == {"projects": 33, "regions": 20, "alerts": 7}
    assert json.loads(bad["parameters"]) == {"as_of": "2025-10-01"}
    assert bad["result"] is None and bad["error"] == "why" and bad["status"] == "failed"
    assert done["requested_by"] == "ministry" and done["server"] == "h:1:x"
