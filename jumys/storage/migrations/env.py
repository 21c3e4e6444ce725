"""Alembic environment: runs the revisions on the connection revisions.upgrade() hands over."""

from __future__ import annotations

from alembic import context
from alembic.ddl.impl import DefaultImpl

from jumys.storage.schema import metadata


class DuckDBImpl(DefaultImpl):
    """Alembic's view of DuckDB: a PostgreSQL-like dialect with transactional DDL."""

    __dialect__ = "duckdb"
    transactional_ddl = True


config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when alembic is called by hand
    from jumys.storage.engine import make_engine

    connection = make_engine().connect()

context.configure(connection=connection, target_metadata=metadata, render_as_batch=False)
with context.begin_transaction():
    context.run_migrations()
