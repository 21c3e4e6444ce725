"""The mobility domain's stored data: the government's list of regions, as last loaded (docs/mobility.md)."""

from __future__ import annotations

import sqlalchemy as sa

from jumys.storage.metadata import metadata, primary_key

region_list = sa.Table(
    "mobility_region_list",
    metadata,
    sa.Column("from_year", sa.Integer, nullable=False),
    sa.Column("kato2", sa.String(2), nullable=False),
    sa.Column("labour_class", sa.String(8), nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    primary_key("from_year", "kato2"),
    sa.CheckConstraint("labour_class IN ('surplus', 'deficit', 'balanced')", name="labour_class_allowed"),
    comment="The government's list of labour-surplus and labour-deficit regions, as last loaded "
    "(jumys regions override): it replaces the list shipped in jumys/reference/data.",
)
