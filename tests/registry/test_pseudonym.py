"""Pseudonyms: the keyed hash is the same in Python and in DuckDB SQL, the key is kept safe, and a store
refuses data pseudonymised with another key."""

import datetime as dt
import stat
import uuid
from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from jumys.config import Settings
from jumys.errors import ConfigurationError
from jumys.kit.identifiers import make_iin
from jumys.registry.pseudonym import KEY_FILE, PseudonymKey, load_key, pseudonymise, sql_expression
from tests import factories as f
from tests.factories import ingest, snapshot

iins = st.builds(
    make_iin,
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2024, 12, 31)),
    st.sampled_from("MF"),
    st.integers(0, 9999),
)
# keys of every length the HMAC treats differently: shorter than a block, a whole block, longer (hashed first)
keys = st.binary(min_size=32, max_size=100).map(lambda b: PseudonymKey(b.hex().encode()[: len(b)]))


@settings(derandomize=True, max_examples=40, deadline=None)
@given(st.lists(iins, min_size=1, max_size=20, unique=True), keys)
def test_sql_pseudonym_equals_python_hmac(values: list[str], key: PseudonymKey) -> None:
    with duckdb.connect() as con:
        got = con.execute(
            f"SELECT iin, {sql_expression(key, 'iin')} FROM unnest(CAST($1 AS VARCHAR[])) AS t(iin)", [values]
        ).fetchall()
    assert {iin: uuid.UUID(str(pid)) for iin, pid in got} == {iin: pseudonymise(key, iin) for iin in values}


def test_the_pseudonym_depends_on_the_key() -> None:
    iin = make_iin(dt.date(1990, 1, 1), "M", 1)
    a, b = PseudonymKey(b"a" * 40), PseudonymKey(b"b" * 40)
    assert pseudonymise(a, iin) != pseudonymise(b, iin)
    assert a.fingerprint() != b.fingerprint() and a.fingerprint() == PseudonymKey(b"a" * 40).fingerprint()


def test_embedded_mode_generates_a_key_file_readable_by_its_owner_only(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home", pseudonym_key=None)
    key = load_key(settings, embedded=True)
    path = tmp_path / "home" / KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(key.secret) >= 32
    assert load_key(settings, embedded=True) == key  # the same key on every later use


def test_postgresql_requires_a_configured_key(tmp_path: Path) -> None:
    with pytest.raises(
        ConfigurationError, match="JUMYS_PSEUDONYM_KEY must be set when the store is PostgreSQL"
    ):
        load_key(Settings(home=tmp_path, pseudonym_key=None), embedded=False)
    assert not (tmp_path / KEY_FILE).exists()


def test_a_short_key_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="at least 32 characters"):
        load_key(Settings(home=tmp_path, pseudonym_key="short"), embedded=True)
    (tmp_path / KEY_FILE).write_text("too short")
    with pytest.raises(ConfigurationError, match="shorter than 32 characters"):
        load_key(Settings(home=tmp_path, pseudonym_key=None), embedded=True)


def test_without_a_configured_key_only_the_embedded_store_ingests(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    """PostgreSQL is written by several processes that must share one key; DuckDB generates its own."""
    folder = f.write_batch(tmp_path / "b", {"employers": [f.employer()]})
    no_key = settings.model_copy(update={"pseudonym_key": None})
    if engine.dialect.name == "postgresql":
        with pytest.raises(ConfigurationError, match="JUMYS_PSEUDONYM_KEY must be set"):
            ingest(engine, folder, no_key)
        assert snapshot(engine)["batches"] == []
    else:
        assert ingest(engine, folder, no_key).status == "applied"
        assert stat.S_IMODE((settings.home / KEY_FILE).stat().st_mode) == 0o600


def test_a_store_refuses_a_batch_pseudonymised_with_another_key(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    boss = f.employer()
    ingest(
        engine,
        f.write_batch(tmp_path / "b1", {"employers": [boss], "contracts": [f.contract(boss["bin"])]}),
        settings,
    )
    before = snapshot(engine)
    other = settings.model_copy(update={"pseudonym_key": "another-key-of-at-least-32-characters-long"})
    folder = f.write_batch(tmp_path / "b2", {"contracts": [f.contract(boss["bin"])]})
    with pytest.raises(
        ConfigurationError, match="the pseudonym key differs from the one this store was built with"
    ):
        ingest(engine, folder, other)
    assert snapshot(engine) == before
    assert ingest(engine, folder, settings).status == "applied"  # with the store's own key it goes in
