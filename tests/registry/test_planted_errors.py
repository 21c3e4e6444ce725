"""A large batch with errors planted at random lines: the rejects report names exactly those lines, and the
store holds exactly the other rows."""

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

from jumys.config import Settings
from jumys.kit.identifiers import make_iin
from jumys.registry.contract import BY_NAME
from tests import factories as f
from tests.factories import column, ingest, rejects

ROWS = 10_000
SHARE = 0.05
COLS = [
    *BY_NAME["contracts"].column_names,
    "note",
]  # an extra column, with values spanning lines now and then


def _row(rnd: random.Random, n: int, bins: list[str], iins: set[str]) -> dict[str, str]:
    while True:
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rnd.randrange(0, 50 * 365))
        iin = make_iin(born, rnd.choice("MF"), rnd.randrange(10_000))
        if iin not in iins:
            iins.add(iin)
            break
    start = dt.date(2015, 1, 1) + dt.timedelta(days=rnd.randrange(0, 3000))
    end = "" if rnd.random() < 0.6 else str(start + dt.timedelta(days=rnd.randrange(0, 900)))
    return {
        "contract_id": f"K{n:06d}",
        "iin": iin,
        "bin": rnd.choice(bins),
        "kato": rnd.choice(["751110000", "711110000", "551010000", "231010000"]),
        "nkz": rnd.choice(["2411", "7212", "9313", "5223"]),
        "contract_type": rnd.choice(["permanent", "fixed_term", "seasonal"]),
        "start_date": str(start),
        "end_date": end,
        "salary_kzt": str(rnd.randrange(85_000, 2_000_000)),
        "conditions": rnd.choice(["normal", "harmful", "hazardous"]),
        "note": "",
    }


def _csv(row: dict[str, str]) -> str:
    return ",".join(f'"{v}"' if "\n" in v or "," in v else v for v in (row[c] for c in COLS))


# each kind of error breaks one rule of one row: (name, change of the row's fields or of its text)
Plant = Callable[[dict[str, str], random.Random, list[dict[str, str]]], dict[str, str] | str]
PLANTS: dict[str, Plant] = {
    "salary_not_a_number": lambda r, rnd, _: r | {"salary_kzt": "12 000"},
    "negative_salary": lambda r, rnd, _: r | {"salary_kzt": "-100"},
    "impossible_date": lambda r, rnd, _: r | {"start_date": "2023-02-29"},
    "iin_check_digit": lambda r, rnd, _: r | {"iin": r["iin"][:11] + str((int(r["iin"][11]) + 1) % 10)},
    "unknown_employer": lambda r, rnd, _: r | {"bin": f.new_bin()},
    "unknown_region": lambda r, rnd, _: r | {"kato": "991110000"},
    "short_nkz": lambda r, rnd, _: r | {"nkz": "241"},
    "unknown_contract_type": lambda r, rnd, _: r | {"contract_type": "temporary"},
    "ends_before_start": lambda r, rnd, _: (
        r | {"end_date": str(dt.date.fromisoformat(r["start_date"]) - dt.timedelta(1))}
    ),
    "missing_value": lambda r, rnd, _: r | {"conditions": ""},
    "duplicate_key": lambda r, rnd, earlier: r | {"contract_id": rnd.choice(earlier)["contract_id"]},
    "truncated_line": lambda r, rnd, _: _csv(r).rsplit(",", 3)[0],
    "too_many_fields": lambda r, rnd, _: _csv(r) + ",surplus",
}


def test_planted_errors_are_reported_at_exactly_their_lines(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    rnd = random.Random(20251001)
    employers = [f.employer() for _ in range(25)]
    bins = [e["bin"] for e in employers]
    iins: set[str] = set()
    planted_at = set(
        rnd.sample(range(50, ROWS), int(ROWS * SHARE))
    )  # the first rows stay valid: duplicates' originals
    lines, line = [",".join(COLS)], 2
    expected: dict[int, str] = {}  # line -> kind of error
    duplicates: dict[int, int] = {}  # line of a duplicate -> line of the row it repeats
    valid: list[dict[str, str]] = []
    line_of: dict[str, int] = {}  # contract_id of a valid row -> its line
    for n in range(ROWS):
        row = _row(rnd, n, bins, iins)
        if n not in planted_at and rnd.random() < 0.01:
            row["note"] = "first line\nsecond line"  # a valid row spanning two lines of the file
        if n in planted_at:
            kind = rnd.choice(sorted(PLANTS))
            changed = PLANTS[kind](row, rnd, valid)
            text = changed if isinstance(changed, str) else _csv(changed)
            expected[line] = kind
            if kind == "duplicate_key":
                assert isinstance(changed, dict)
                duplicates[line] = line_of[changed["contract_id"]]
        else:
            text = _csv(row)
            valid.append(row)
            line_of[row["contract_id"]] = line
        lines.append(text)
        line += text.count("\n") + 1
    folder = f.write_batch(tmp_path / "b", {"employers": employers})
    (folder / "contracts.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    report = ingest(engine, folder, settings)

    got = rejects(report)
    assert sorted(r[1] for r in got) == sorted(expected)  # each planted row once, at its line
    assert {r[0] for r in got} == {"contracts.csv"}
    assert duplicates
    assert {r[1]: r[3] for r in got if r[1] in duplicates} == {
        line: f"duplicate key inside the batch (first on line {first})" for line, first in duplicates.items()
    }
    [contracts] = [r for r in report.files if r.file == "contracts.csv"]
    assert (contracts.rows_read, contracts.rows_accepted, contracts.rows_rejected) == (
        ROWS,
        ROWS - len(planted_at),
        len(planted_at),
    )
    assert contracts.warnings == ["columns not in the contract were ignored: note"]
    assert column(engine, "contracts", "contract_id") == sorted(r["contract_id"] for r in valid)
    assert len(column(engine, "persons", "person_id")) == len(valid)
