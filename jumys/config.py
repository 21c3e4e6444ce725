"""Settings, read from the environment (prefix JUMYS_) or a .env file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every setting of Jumys; docs/configuration.md describes each one."""

    model_config = SettingsConfigDict(env_prefix="JUMYS_", env_file=".env", extra="ignore")

    home: Path = Field(
        default=Path("var"),
        description="Folder of the embedded store: the DuckDB file, the generated pseudonym key, rejects reports.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the store, e.g. postgresql+psycopg://user@host/db. "
        "Unset: the DuckDB file JUMYS_HOME/jumys.duckdb.",
    )
    pseudonym_key: str | None = Field(
        default=None,
        description="Secret key (at least 32 characters) of the keyed hash that turns IINs into pseudonyms. "
        "Unset in embedded mode: generated on first use into JUMYS_HOME/pseudonym.key (mode 0600). "
        "Required with PostgreSQL.",
    )
    duckdb_memory_limit: str = Field(
        default="3GB",
        description="Memory DuckDB may use before it spills to disk (ingest and analytics).",
    )
    duckdb_threads: int | None = Field(
        default=None, description="Threads DuckDB may use; unset: one per core."
    )
    session_hours: float = Field(
        default=8.0,
        gt=0,
        description="How long a person's session (the jumys_session cookie) lasts after sign-in.",
    )
    cookie_secure: bool = Field(
        default=False,
        description="Send the session cookie over HTTPS only; set it wherever `jumys serve` sits behind HTTPS.",
    )
    api_cache_seconds: float = Field(
        default=10.0,
        ge=0,
        description="How long the API keeps an answer of a read model, or a resolved token or session (0: not at all).",
    )
    audit_journal: bool = Field(
        default=True,
        description="Audited reads wait for their line in the journal JUMYS_HOME/audit, not for the store's commit.",
    )
    upload_max_mb: int = Field(
        default=2048, gt=0, description="Largest batch .zip the API accepts, in megabytes."
    )
    unpack_max_mb: int = Field(
        default=16384,
        gt=0,
        description="Most a batch .zip may unpack to, all its files together, in megabytes.",
    )
    zip_max_ratio: int = Field(
        default=100,
        gt=0,
        description="Most a file of a batch .zip may unpack to, as a multiple of its compressed size (zip bombs).",
    )
    quota_share_2025: float = Field(
        default=0.002,
        gt=0,
        lt=1,
        description="The national foreign-labour quota as a share of the labour force, to 2025.",
    )
    quota_share: float = Field(
        default=0.0025,
        gt=0,
        lt=1,
        description="The national foreign-labour quota as a share of the labour force, from 2026.",
    )
    household_quota_share: float = Field(
        default=0.029,
        gt=0,
        lt=1,
        description="The quota of workers hired by households as a share of the labour force.",
    )
    permit_selection: Literal["order", "points"] = Field(
        default="order",
        description="The order a file of permit applications is decided in: the rules' (submitted_on, "
        "application_id), or, within a day and a quota, the applications' points first.",
    )
    risk_training_rows: Literal["inspected", "all"] = Field(
        default="inspected",
        description="Training rows of the risk scorecard: enterprises inspected in the year after a cut, or all.",
    )
    smtp_host: str | None = Field(
        default=None,
        description="SMTP server the cabinet's e-mails are delivered to; unset: they wait in the outbox, and "
        "`jumys serve` runs no delivery worker.",
    )
    smtp_port: int = Field(default=25, gt=0, lt=65536, description="Port of the SMTP server.")
    smtp_user: str | None = Field(default=None, description="User name at the SMTP server; unset: no login.")
    smtp_password: str | None = Field(
        default=None, description="Password of JUMYS_SMTP_USER at the SMTP server."
    )
    smtp_from: str = Field(
        default="jumys@localhost", description="The sender (From:) of the cabinet's e-mails."
    )
    smtp_starttls: bool = Field(
        default=False, description="Upgrade the SMTP connection with STARTTLS before logging in and sending."
    )

    @property
    def duckdb_path(self) -> Path:
        """The embedded store's file."""
        return self.home / "jumys.duckdb"

    @property
    def url(self) -> str:
        """The store's SQLAlchemy URL, explicit or embedded."""
        return self.database_url or f"duckdb:///{self.duckdb_path}"


@lru_cache
def get_settings() -> Settings:
    """The settings of this process (read once)."""
    return Settings()
