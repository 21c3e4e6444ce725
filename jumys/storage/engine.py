"""Engines: the embedded DuckDB file or PostgreSQL, behind one SQLAlchemy interface."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from jumys.config import Settings, get_settings


def make_engine(url: str | None = None, settings: Settings | None = None) -> sa.Engine:
    """An engine for url (default: the configured store); creates the embedded store's folder."""
    settings = settings or get_settings()
    url = url or settings.url
    if url.startswith("duckdb"):
        path = sa.engine.make_url(url).database
        if path and path != ":memory:":
            from pathlib import Path

            Path(path).parent.mkdir(parents=True, exist_ok=True)
        config: dict[str, Any] = {"memory_limit": settings.duckdb_memory_limit}
        if settings.duckdb_threads:
            config["threads"] = settings.duckdb_threads
        return sa.create_engine(url, connect_args={"config": config})
    return sa.create_engine(url)


def is_duckdb(bind: sa.Engine | sa.Connection) -> bool:
    """True when bind talks to DuckDB."""
    return bind.dialect.name == "duckdb"


def duckdb_connection(conn: sa.Connection) -> Any:
    """The duckdb.DuckDBPyConnection behind a SQLAlchemy connection to DuckDB."""
    driver = conn.connection.driver_connection
    # duckdb_engine wraps the duckdb connection in a ConnectionWrapper
    return getattr(driver, "_ConnectionWrapper__c", driver)
