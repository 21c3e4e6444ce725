"""Prepared statements: built and compiled once per dialect, run with other values, the constants kept."""

from __future__ import annotations

import sqlalchemy as sa

from jumys.registry.tables import employers
from jumys.storage.prepared import Prepared, PreparedSet


def test_a_prepared_statement_is_built_once_and_runs_with_each_askers_values(engine: sa.Engine) -> None:
    e = employers.c
    with engine.begin() as conn:
        conn.execute(
            sa.insert(employers),
            [
                {"bin": f"10000000000{i}", "name": f"N{i}", "kato": "751110000", "oked": "47111",
                 "registered_on": "2015-01-01", "batch_no": 1}
                for i in range(5)
            ],
        )  # fmt: skip
    built = []

    def build() -> sa.Select[tuple[str, int]]:
        built.append(1)  # the constants 10 and 'N' become parameters SQLAlchemy names itself
        return (
            sa.select(e.name, sa.literal(10).label("ten"))
            .where(e.bin >= sa.bindparam("low"), e.name.startswith("N"))
            .order_by(e.bin)
        )

    statement = Prepared(build)
    with engine.connect() as conn:
        first = statement.execute(conn, {"low": "100000000003"}).all()
        second = statement.execute(conn, {"low": "100000000001", "unused": 1}).all()
    assert [tuple(r) for r in first] == [("N3", 10), ("N4", 10)]
    assert [r[0] for r in second] == ["N1", "N2", "N3", "N4"]
    assert len(built) == 1


def test_prepared_statements_by_shape(engine: sa.Engine) -> None:
    shapes, built = PreparedSet(), []

    def build(n: int) -> sa.Select[tuple[int]]:
        built.append(n)
        return sa.select(sa.bindparam("x", type_=sa.Integer) + n)

    with engine.connect() as conn:
        got = [
            shapes.execute(conn, n, lambda n=n: build(n), {"x": x}).scalar()
            for n in (1, 2, 1)
            for x in (5, 6)
        ]
    assert got == [6, 7, 7, 8, 6, 7]
    assert built == [1, 2]
