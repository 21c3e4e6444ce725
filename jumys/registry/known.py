"""What a batch's checks look up beside its own rows: the reference lists, and the stored employers it names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jumys.reference.countries import country_codes
from jumys.reference.oked import oked_codes
from jumys.reference.regions import region_codes
from jumys.registry.checks import lit
from jumys.storage.bulk import PostgresTarget, Target

FEW_BINS = 10_000  # up to this many BINs in a batch, PostgreSQL is asked for those employers alone


def load_reference(duck: Any) -> None:
    """The reference lists the checks look codes up in: regions, OKED, countries (temporary tables)."""
    for table, column, codes in (
        ("ref_regions", "kato2", region_codes()),
        ("ref_oked", "code", oked_codes()),
        ("ref_countries", "code", country_codes()),
    ):
        duck.execute(
            f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT unnest(CAST($codes AS VARCHAR[])) AS {column}",
            {"codes": sorted(codes)},
        )


def load_employers(duck: Any, target: Target, embedded: bool, work: Path) -> None:
    """known_employers: the stored employers among the BINs the batch names (stage.bin_map), the only ones its
    checks look up: a batch of a few events reads a few employers, not the store's every BIN."""
    duck.execute("CREATE OR REPLACE TEMP TABLE known_employers (bin VARCHAR)")
    named = "(SELECT bin FROM stage.bin_map WHERE problem IS NULL)"
    if embedded:
        duck.execute(f"INSERT INTO known_employers SELECT bin FROM main.employers WHERE bin IN {named}")
        return
    assert isinstance(target, PostgresTarget)
    bins = [r[0] for r in duck.execute(f"SELECT bin FROM {named} LIMIT {FEW_BINS + 1}").fetchall()]
    if len(bins) <= FEW_BINS:  # asked by their BINs, through the primary key's index
        found = target.pg.execute("SELECT bin FROM employers WHERE bin = ANY(%s)", (bins,)).fetchall()
        duck.execute(
            "INSERT INTO known_employers SELECT unnest(CAST($bins AS VARCHAR[]))",
            {"bins": [r[0] for r in found]},
        )
        return
    # many: the stored BINs travel as one file (COPY out, read_csv in), never row by row
    path = work / "known_employers.csv"
    copy = "COPY (SELECT bin FROM employers) TO STDOUT (FORMAT csv)"
    with path.open("wb") as f, target.pg.cursor() as cur, cur.copy(copy) as cp:
        for chunk in cp:
            f.write(chunk)
    duck.execute(
        f"INSERT INTO known_employers SELECT bin FROM read_csv({lit(str(path))}, header=false, "
        "auto_detect=false, columns={'bin': 'VARCHAR'})"
    )
