"""Skills and shortages on a store of their own (docs/safety.md, "Skills and shortages").

Their SQL reads every contract active in the year (7.4 M at scale 1, seconds of work); the figures change only
when a batch is applied, so a second asking of the same year and scope reads the kept rows, and a new batch
makes them be computed again. A year with vacancies but no training recorded shows no training shares (not 0 %).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from jumys.access.principal import Principal
from jumys.config import Settings
from jumys.reports.skills import skills
from tests import factories as f

MINISTRY = Principal("m", "ministry")
ALMATY = "751110000"


@contextmanager
def counting(engine: sa.Engine) -> Iterator[list[str]]:
    """The statements run on engine while inside."""
    seen: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        seen.append(statement)

    sa.event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", note)


def _batch(engine: sa.Engine, settings: Settings, folder: Path, seekers: int, trained: bool = True) -> None:
    employer = f.employer(kato=ALMATY, oked="47111")
    iin = f.new_iin()
    files = {
        "employers": [employer],
        "contracts": [f.contract(employer["bin"], iin=iin, kato=ALMATY, start_date="2025-01-10")],
        "vacancies": [f.vacancy(employer["bin"], kato=ALMATY, nkz="8311", posted_on="2025-04-01")],
        "job_seekers": [
            f.job_seeker(f.new_iin(), kato=ALMATY, nkz="8311", registered_on="2025-02-01")
            for _ in range(seekers)
        ],
    }
    if trained:
        files["training"] = [
            f.training(
                iin, employer["bin"], started_on="2025-02-01", finished_on="2025-03-01", paid_by="employer"
            )
        ]
    report = f.ingest(engine, f.write_batch(folder, files), settings)
    assert report.rows_rejected == 0, report


def test_the_figures_are_computed_once_per_batch_applied(
    duckdb_engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    _batch(duckdb_engine, settings, tmp_path / "one", seekers=1)
    with counting(duckdb_engine) as first, duckdb_engine.connect() as conn:
        before = skills(conn, MINISTRY, 2025)
    with counting(duckdb_engine) as second, duckdb_engine.connect() as conn:
        again = skills(conn, MINISTRY, 2025)
    assert again == before
    assert any("CREATE TEMP TABLE sk_people" in s for s in first)
    assert not any("sk_people" in s for s in second), second  # the kept rows, not the SQL again
    assert [s.seekers for s in before.shortages] == [1]

    _batch(duckdb_engine, settings, tmp_path / "two", seekers=2)  # a new batch: computed again
    with counting(duckdb_engine) as third, duckdb_engine.connect() as conn:
        after = skills(conn, MINISTRY, 2025)
    assert any("CREATE TEMP TABLE sk_people" in s for s in third)
    assert [s.seekers for s in after.shortages] == [3]


def test_an_akimat_and_the_country_are_kept_apart(
    duckdb_engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    _batch(duckdb_engine, settings, tmp_path / "one", seekers=1)
    with duckdb_engine.connect() as conn:
        country = skills(conn, MINISTRY, 2025)
        region = skills(conn, Principal("a", "akimat", region="11"), 2025)
    assert [s.region for s in country.shortages] == ["75"]
    assert region.shortages == [] and region.region == "11"


def test_a_year_without_training_recorded_shows_no_share(
    duckdb_engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    """The training registry holds nothing of the year: the shares are unknown, not 0 %."""
    _batch(duckdb_engine, settings, tmp_path / "one", seekers=1, trained=False)
    with duckdb_engine.connect() as conn:
        got = skills(conn, MINISTRY, 2025)
    assert got.training == [] and not got.training_recorded
    assert [s.nkz for s in got.shortages] == ["8311"]
