"""Rule 6: two permits never take the last unit of a quota, however many decisions run at once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from jumys.permits.schemas import Decision
from tests.permits.world import PermitWorld

APPLICATIONS = 200


def test_rule_6_200_concurrent_applications_for_the_last_10_units_issue_exactly_10(
    world: PermitWorld,
) -> None:
    """On DuckDB the door's write lock lets one decision run at a time; on PostgreSQL the row locks do (the
    write lock is not taken there, so the database alone must keep the quota)."""
    employers = [world.employer() for _ in range(4)]
    for b in employers:
        world.vacancy(b)
        for _ in range(2):
            world.permit(b)  # 8 units of 18 already taken by the registry
    world.quota(18)
    world.ingest()
    apps = [world.application(employers[i % 4], application_id=f"C{i:03d}") for i in range(APPLICATIONS)]
    start = threading.Barrier(APPLICATIONS)

    def decide(app: dict[str, str]) -> Decision:
        start.wait()
        return world.decide(app)

    with ThreadPoolExecutor(max_workers=APPLICATIONS) as pool:
        decisions = list(pool.map(decide, apps))
    issued = [d for d in decisions if d.decision == "issued"]
    refused = [d for d in decisions if d.decision == "refused"]
    assert (len(issued), len(refused)) == (10, 190)
    assert all([f.check for f in d.failed_checks] == ["quota"] for d in refused)
    assert all(d.failed_checks[0].numbers["issued"] == 18 for d in refused)
    with world.engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT count(*) FROM fact_issued_permits")).scalar_one()
    assert stored == 10
