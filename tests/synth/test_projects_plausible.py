"""Planted projects read as an analyst expects: ids carry the start year, investments fit the kind of
facility (the table of ASSUMPTIONS.md), names are in one language."""

from __future__ import annotations

import re
from pathlib import Path

from jumys.reference.oked import oked_section
from jumys.synth.project_kinds import KINDS
from tests.synth.conftest import Batch

_DOC = Path(__file__).parents[2] / "jumys" / "synth" / "ASSUMPTIONS.md"
_ROW = re.compile(
    r"^\| (\S[^|]*?) \| ([A-U]): ([\d, ]+) \| ([\d.,]+) (M|bn) – ([\d.,]+) (M|bn) \| (project|promised job) \|"
)
_UNIT = {"M": 1e6, "bn": 1e9}


def _kinds() -> dict[str, tuple[str, tuple[str, ...], float, float, bool]]:
    """The table of kinds in ASSUMPTIONS.md: name -> (section, OKED classes, low, high, per job)."""
    out = {}
    for line in _DOC.read_text(encoding="utf-8").splitlines():
        m = _ROW.match(line)
        if m:
            name, section, classes, lo, lo_unit, hi, hi_unit, per = m.groups()
            out[name] = (
                section,
                tuple(c.strip() for c in classes.split(",")),
                float(lo.replace(",", "")) * _UNIT[lo_unit],
                float(hi.replace(",", "")) * _UNIT[hi_unit],
                per == "promised job",
            )
    return out


def test_the_documented_table_is_the_generators() -> None:
    assert _kinds() == {k.name: (k.section, k.oked, k.low, k.high, k.per_job) for k in KINDS}


def test_project_ids_carry_the_year_the_project_started(batch: Batch) -> None:
    rows = batch.all("SELECT project_id, start_date FROM projects ORDER BY project_id")
    numbers: dict[str, list[int]] = {}
    for pid, start in rows:
        prefix, year, number = pid.split("-")
        assert prefix == "INV" and len(number) == 5, pid
        # a project not started by the extract (1 January 2026) was registered in the synthetic year
        assert int(year) == min(start.year, 2025), (pid, start)
        numbers.setdefault(year, []).append(int(number))
    assert len(numbers) >= 2  # the batch's projects started in several years
    assert all(n == list(range(1, len(n) + 1)) for n in numbers.values())
    assert [p["project_id"] for p in batch.truth["projects"]] == [pid for pid, _ in rows]


def test_investment_is_plausible_for_the_kind_of_facility(batch: Batch) -> None:
    kinds = _kinds()
    assert kinds, "the table of kinds is missing from ASSUMPTIONS.md"
    rows = batch.all("SELECT project_id, name, oked, investment_kzt, promised_permanent_jobs FROM projects")
    seen = set()
    for pid, name, oked, investment, promised in rows:
        kind = next((k for k in kinds if name.startswith(k + " (")), None)
        assert kind is not None, (pid, name)
        section, classes, low, high, per_job = kinds[kind]
        assert oked_section(oked) == section and oked[:4] in classes, (pid, name, oked)
        value = investment / promised if per_job else investment
        assert low <= value <= high * 1.0001, (pid, name, investment, promised)
        seen.add(per_job)
    assert seen == {True, False}
    power = [i for _, name, _, i, _ in rows if name.startswith("Электростанция")]
    assert power and min(power) >= 5e9  # no power station for the price of a car


def test_low_wage_and_normal_projects_stay_clear_of_the_30_percent_rule(batch: Batch) -> None:
    kinds = _kinds()
    rows = dict(batch.all("SELECT project_id, name FROM projects"))
    for p in batch.truth["projects"]:
        per_job = kinds[next(k for k in kinds if rows[p["project_id"]].startswith(k + " ("))][4]
        if "low_wage_share" in p["situations"]:
            assert p["wage_bill_kzt"] / p["investment_kzt"] < 0.10 and not per_job
        elif "pending" in p["situations"]:
            assert p["wage_bill_kzt"] == 0 and not per_job
        else:
            assert p["wage_bill_kzt"] / p["investment_kzt"] >= 0.40 and per_job


def test_names_are_russian_throughout(batch: Batch) -> None:
    names = [n for (n,) in batch.all("SELECT name FROM projects")]
    # Russian letters only: no Latin, no Kazakh-only letters (Ә Ғ Қ Ң Ө Ұ Ү Һ І), «г.» followed by a space
    assert all(re.fullmatch(r"[А-Яа-яЁё0-9 .()№-]+", n) for n in names), names
    assert not any(re.search(r"г\.\S", n) for n in names), names
    assert all(re.fullmatch(r".+ \(.+\) № \d+", n) for n in names), names
