"""The groups of the resettlement summary and what of them an asker may see: small numbers left out, and
complementary suppression so that none follows by subtraction (docs/resettlement.md)."""

from __future__ import annotations

from typing import Any, Literal

from jumys.access.principal import SUPPRESS_BELOW
from jumys.reports.schemas import Row

MILESTONES = (12, 24)  # months after moved_on at which a case is followed
Dimension = Literal["all", "program", "year", "origin", "destination"]
DIMENSIONS: tuple[Dimension, ...] = ("all", "program", "year", "origin", "destination")


class Outcome(Row):
    """A group's figures at one milestone: None where the asker may not see them (fewer than 5 cases)."""

    months: int
    due: int | None  # cases whose milestone has passed
    retained: int | None
    retained_pct: float | None
    employed: int | None  # employed in the destination on the milestone day, of the due
    employed_pct: float | None
    median_salary_kzt: int | None  # of the employed: their destination contract's salary
    median_wage_kzt: int | None  # of the employed with a payroll row that month: the wage paid


class CaseGroup(Row):
    """The cases of one program, year moved, origin or destination region (or all of them)."""

    dimension: Dimension
    key: str  # the program, the year, the 2-digit KATO; 'all'
    suppressed: bool  # fewer than 5 cases: the asker sees no number of it
    hidden: bool  # some number of it was left out (fewer than 5 cases behind it)
    cases: int | None
    persons: int | None  # family members counted
    still_there: int | None  # not left before the as-of date
    employed_now: int | None
    at_12: Outcome
    at_24: Outcome


def _pct(part: int | None, whole: int | None) -> float | None:
    return round(100 * part / whole, 1) if part is not None and whole else None


def _int(value: Any) -> int | None:
    return None if value is None else round(float(value))


def complements(rows: list[dict[str, Any]]) -> set[tuple[str, str, str]]:
    """What is left out besides the small numbers, so that none follows by subtraction from the whole and the
    other groups of its dimension: (dimension, key, 'cases') hides a group whole, (dimension, key, 'm12') one
    milestone. When exactly one group of a dimension is small (fewer than 5 cases), the smallest other is
    left out whole too; when exactly one group's milestone is hidden, the smallest other's due milestone too."""
    forced: set[tuple[str, str, str]] = set()
    for dim in DIMENSIONS[1:]:
        rs = sorted((r for r in rows if r["dimension"] == dim), key=lambda r: (r["cases"], str(r["key"])))
        small = [r for r in rs if r["cases"] < SUPPRESS_BELOW]
        if len(small) == 1 and len(rs) > 1:
            forced.add((dim, str(next(r for r in rs if r is not small[0])["key"]), "cases"))
        for m in MILESTONES:
            hidden = [r for r in rs if _hides(r, m, forced)]
            others = sorted(
                (r[f"due_{m}"], str(r["key"])) for r in rs if r[f"due_{m}"] and not _hides(r, m, forced)
            )
            if len(hidden) == 1 and others:
                forced.add((dim, others[0][1], f"m{m}"))
    return forced


def _hides(r: dict[str, Any], m: int, forced: set[tuple[str, str, str]]) -> bool:
    """Whether a group's milestone m (due at all) is left out: too few due, or the group left out whole."""
    gone = r["cases"] < SUPPRESS_BELOW or (r["dimension"], str(r["key"]), "cases") in forced
    return bool(r[f"due_{m}"]) and (gone or r[f"due_{m}"] < SUPPRESS_BELOW)


def group_of(row: Any, full: bool, forced: set[tuple[str, str, str]]) -> CaseGroup:
    """A CaseGroup from a row of _groups, its numbers left out unless full or built from ≥ 5 cases and not
    forced out (complements)."""
    left_out = []
    at = (row["dimension"], str(row["key"]))
    whole = (*at, "cases") in forced

    def shown(value: Any, base: Any, also: bool = False) -> Any:
        if full or ((base or 0) >= SUPPRESS_BELOW and not whole and not also):
            return value
        left_out.append(value is not None and value != 0)
        return None

    cases = row["cases"]
    outcomes = {}
    for m in MILESTONES:
        out = (*at, f"m{m}") in forced
        due = shown(row[f"due_{m}"], row[f"due_{m}"], out)
        retained = shown(row[f"retained_{m}"], row[f"due_{m}"], out)
        employed = shown(row[f"employed_{m}"], row[f"due_{m}"], out)
        outcomes[m] = Outcome(
            months=m,
            due=due,
            retained=retained,
            retained_pct=_pct(retained, due),
            employed=employed,
            employed_pct=_pct(employed, due),
            median_salary_kzt=_int(shown(row[f"salary_{m}"], row[f"employed_{m}"], out)),
            median_wage_kzt=_int(shown(row[f"wage_{m}"], row[f"employed_{m}"], out)),
        )
    counts = {
        "cases": shown(cases, cases),
        "persons": _int(shown(row["persons"], cases)),
        "still_there": shown(row["still_there"], cases),
        "employed_now": shown(row["employed_now"], cases),
    }
    return CaseGroup(
        dimension=row["dimension"],
        key=str(row["key"]),
        suppressed=not (full or (cases >= SUPPRESS_BELOW and not whole)),
        hidden=any(left_out),
        **counts,
        at_12=outcomes[12],
        at_24=outcomes[24],
    )


def order_of(g: CaseGroup) -> tuple[int, str]:
    return DIMENSIONS.index(g.dimension), g.key
