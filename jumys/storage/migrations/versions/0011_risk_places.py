"""where each scored enterprise was: fact_risk_scores.lat and .lon, so the map reads one table

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03

Scores stored before this revision take the employers' coordinates as they are at the upgrade (what
the map drew for them until now). On DuckDB their rows are written again in the order of the grid
key the risk scoring writes them in (jumys/safety/service.py, `place_order`), so a box of the map
skips the row groups outside it; PostgreSQL finds a box by the index on (as_of, lon, lat).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

PG = ("postgresql",)  # secondary indexes exist on PostgreSQL only (see storage/metadata.py)
BITS = 16  # as place_order in jumys/safety/service.py: 16 bits of longitude and of latitude, interleaved


def _spread(v: str) -> str:
    """SQL spreading the 16 low bits of integer v to the even bits (a Morton code's half)."""
    for shift, mask in ((8, 0x00FF00FF), (4, 0x0F0F0F0F), (2, 0x33333333), (1, 0x55555555)):
        v = f"((({v}) | (({v}) << {shift})) & {mask})"
    return v


def _quantised(value: str, low: float, span: float) -> str:
    top = (1 << BITS) - 1
    return f"CAST(LEAST(GREATEST(FLOOR(({value} - ({low})) / {span} * {1 << BITS}), 0), {top}) AS BIGINT)"


def morton_sql(lat: str, lon: str) -> str:
    """The grid key of jumys/safety/service.py's place_order as DuckDB SQL (for rows with both coordinates)."""
    return f"({_spread(_quantised(lon, -180.0, 360.0))} | ({_spread(_quantised(lat, -90.0, 180.0))} << 1))"


def upgrade() -> None:
    """Apply this revision: the columns, the coordinates of the scores already stored, and their order."""
    op.add_column("fact_risk_scores", sa.Column("lat", sa.Double(), nullable=True))
    op.add_column("fact_risk_scores", sa.Column("lon", sa.Double(), nullable=True))
    if op.get_bind().dialect.name in PG:
        op.execute(
            "UPDATE fact_risk_scores AS s SET lat = e.lat, lon = e.lon FROM employers AS e WHERE e.bin = s.bin"
        )
        op.create_index("ix_fact_risk_scores_place", "fact_risk_scores", ["as_of", "lon", "lat"], unique=False)
        return
    op.execute(
        "CREATE TEMP TABLE risk_placed AS SELECT s.* EXCLUDE (lat, lon), e.lat, e.lon "
        "FROM fact_risk_scores AS s LEFT JOIN employers AS e ON e.bin = s.bin"
    )
    op.execute("DELETE FROM fact_risk_scores")
    op.execute(
        "INSERT INTO fact_risk_scores SELECT * FROM risk_placed "
        f"ORDER BY as_of, lat IS NULL OR lon IS NULL, {morton_sql('lat', 'lon')}, bin"
    )
    op.execute("DROP TABLE risk_placed")


def downgrade() -> None:
    """Undo this revision."""
    if op.get_bind().dialect.name in PG:
        op.drop_index("ix_fact_risk_scores_place", table_name="fact_risk_scores")
    op.drop_column("fact_risk_scores", "lon")
    op.drop_column("fact_risk_scores", "lat")
