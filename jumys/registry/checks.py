"""The checks of the data contract, written as DuckDB SQL over a staged file.

Each column yields a problem expression: NULL when the value is fine, else the reason as its code and
parameters (jumys/registry/reasons.py). IINs and BINs are checked once per distinct value (tables iin_map
and bin_map), which is what makes 80 million payroll rows cheap to validate.
"""

from __future__ import annotations

from jumys.kit.messages import Message
from jumys.registry import messages as M
from jumys.registry.reasons import lit as lit
from jumys.registry.reasons import reason_sql
from jumys.registry.spec import Column, FileSpec

_W2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def q(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def _digit(col: str, i: int) -> str:
    return f"(ascii(substr({col}, {i}, 1)) - 48)"


def check_digit_ok(col: str) -> str:
    """SQL: the 12th digit of col is the check digit of the first 11 (col is known to be 12 digits)."""
    s1 = " + ".join(f"{_digit(col, i)} * {i}" for i in range(1, 12))
    s2 = " + ".join(f"{_digit(col, i)} * {w}" for i, w in zip(range(1, 12), _W2, strict=True))
    d12 = _digit(col, 12)
    return (
        f"(CASE WHEN ({s1}) % 11 < 10 THEN ({s1}) % 11 = {d12} "
        f"WHEN ({s2}) % 11 < 10 THEN ({s2}) % 11 = {d12} ELSE false END)"
    )


def iin_birth_date(col: str) -> str:
    """SQL: the birth date encoded in an IIN (NULL when digits 1-7 do not make one)."""
    century = f"(CASE substr({col}, 7, 1) WHEN '1' THEN 1800 WHEN '2' THEN 1800 WHEN '3' THEN 1900 WHEN '4' THEN 1900 WHEN '5' THEN 2000 WHEN '6' THEN 2000 END)"  # noqa: E501
    return (
        f"try_cast(concat(CAST({century} + try_cast(substr({col}, 1, 2) AS INTEGER) AS VARCHAR), '-', "
        f"substr({col}, 3, 2), '-', substr({col}, 5, 2)) AS DATE)"
    )


def _first_of(rules: list[tuple[str, Message]], coded: bool) -> str:
    """SQL: the message of the first rule whose condition holds: its English sentence, or coded (JSON)."""
    whens = " ".join(f"WHEN {c} THEN {reason_sql(m) if coded else lit(m.english)}" for c, m in rules)
    return f"CASE {whens} END"


def iin_map_sql(source: str, pseudonym_sql: str, today: str, *, coded: bool = False) -> str:
    """SQL: one row per distinct IIN of source(iin): its problem, person_id, birth date and sex; coded: and
    the problem's code and parameters as reason (jumys/registry/reasons.py)."""
    born = iin_birth_date("iin")
    rules = [
        ("NOT regexp_full_match(iin, '[0-9]{12}')", M.IIN_DIGITS),
        ("substr(iin, 7, 1) NOT IN ('1', '2', '3', '4', '5', '6')", M.IIN_CENTURY),
        (f"{born} IS NULL", M.IIN_BIRTH_DATE),
        (f"{born} > DATE {lit(today)}", M.IIN_FUTURE),
        (f"NOT {check_digit_ok('iin')}", M.IIN_CHECK_DIGIT),
    ]
    return f"""
SELECT iin,
  {_first_of(rules, False)} AS problem,{f" {_first_of(rules, True)} AS reason," if coded else ""}
  {pseudonym_sql} AS person_id,
  {born} AS birth_date,
  CASE WHEN substr(iin, 7, 1) IN ('1', '3', '5') THEN 'M' ELSE 'F' END AS sex
FROM (SELECT DISTINCT iin FROM {source} WHERE iin IS NOT NULL)
"""


def bin_map_sql(source: str, *, coded: bool = False) -> str:
    """SQL: one row per distinct BIN of source(bin) with its problem; coded: and the problem's code and
    parameters as reason (jumys/registry/reasons.py)."""
    rules = [
        ("NOT regexp_full_match(bin, '[0-9]{12}')", M.BIN_DIGITS),
        ("substr(bin, 5, 1) NOT IN ('4', '5', '6')", M.BIN_TYPE),
        (f"NOT {check_digit_ok('bin')}", M.BIN_CHECK_DIGIT),
    ]
    return f"""
SELECT bin,
  {_first_of(rules, False)} AS problem{f", {_first_of(rules, True)} AS reason" if coded else ""}
FROM (SELECT DISTINCT bin FROM {source} WHERE bin IS NOT NULL)
"""


def _missing(col: Column, v: str) -> str:
    return (
        f"WHEN {v} IS NULL THEN {reason_sql(M.REQUIRED)}" if col.required else f"WHEN {v} IS NULL THEN NULL"
    )


def _range(col: Column, typed: str, unit: str) -> str:
    parts = []
    if col.minimum is not None:
        parts.append(
            f"WHEN {typed} < {col.minimum:g} THEN {reason_sql(M.AT_LEAST, n=lit(f'{col.minimum:g}{unit}'))}"
        )
    if col.maximum is not None:
        parts.append(
            f"WHEN {typed} > {col.maximum:g} THEN {reason_sql(M.AT_MOST, n=lit(f'{col.maximum:g}{unit}'))}"
        )
    return " ".join(parts)


def typed_value(col: Column, v: str) -> str:
    """SQL: the value of raw v converted to the column's stored type (NULL when invalid)."""
    if col.kind in ("date",):
        return f"try_cast({v} AS DATE)"
    if col.kind == "period":
        return f"try_cast({v} || '-01' AS DATE)"
    if col.kind == "int":
        return f"try_cast({v} AS BIGINT)"
    if col.kind == "number":
        return f"try_cast({v} AS DOUBLE)"
    if col.kind == "bool":
        return f"({v} = 'true')"
    if col.prose:
        return iin_masked(v)
    return v


IIN_MASK = "*" * 12


def iin_masked(v: str) -> str:
    """SQL: v with every run of exactly 12 digits that is a valid IIN replaced by IIN_MASK.

    IINs are never stored in clear, and people write them into names ("ИП Иванов, ИИН ...").
    A BIN is left as it is: its digits 5-6 (type, then 0-9) never make the day of a birth date.
    """
    x = "x"
    valid = (
        f"length({x}) = 12 AND regexp_full_match({x}, '[0-9]+') AND substr({x}, 7, 1) BETWEEN '1' AND '6' "
        f"AND {iin_birth_date(x)} IS NOT NULL AND {check_digit_ok(x)}"
    )
    runs = f"regexp_extract_all({v}, '[0-9]+|[^0-9]+')"
    each = f"lambda {x}: CASE WHEN {valid} THEN {lit(IIN_MASK)} ELSE {x} END"
    masked = f"array_to_string(list_transform({runs}, {each}), '')"
    return f"CASE WHEN regexp_matches({v}, '[0-9]{{12}}') THEN {masked} ELSE {v} END"


def problem(col: Column, v: str, joined: str) -> str:
    """SQL: why raw value v breaks the contract for col, or NULL. joined: alias of its map join."""
    kind = col.kind
    miss = _missing(col, v)
    if kind == "iin":
        return f"CASE {miss} ELSE {joined}.reason END"
    if kind == "bin":
        ref = f"WHEN k_{col.name}.bin IS NULL THEN {reason_sql(M.NOT_AN_EMPLOYER)}" if col.employer else ""
        return f"CASE {miss} WHEN {joined}.problem IS NOT NULL THEN {joined}.reason {ref} END"
    if kind == "kato":
        return (
            f"CASE {miss} WHEN NOT regexp_full_match({v}, '[0-9]{{9}}') THEN {reason_sql(M.KATO_DIGITS)} "
            f"WHEN substr({v}, 1, 2) NOT IN (SELECT kato2 FROM ref_regions) "
            f"THEN {reason_sql(M.REGION_UNKNOWN, code=f'substr({v}, 1, 2)')} END"
        )
    if kind == "oked":
        return (
            f"CASE {miss} WHEN NOT regexp_full_match({v}, '[0-9]{{5}}') THEN {reason_sql(M.OKED_DIGITS)} "
            f"WHEN {v} NOT IN (SELECT code FROM ref_oked) THEN {reason_sql(M.OKED_UNKNOWN)} END"
        )
    if kind == "nkz":
        return (
            f"CASE {miss} WHEN NOT regexp_full_match({v}, '[0-9]{{4}}') THEN {reason_sql(M.NKZ_DIGITS)} END"
        )
    if kind == "citizenship":
        return (
            f"CASE {miss} WHEN {v} NOT IN (SELECT code FROM ref_countries) "
            f"THEN {reason_sql(M.COUNTRY_UNKNOWN)} END"
        )
    if kind == "date":
        return (
            f"CASE {miss} WHEN NOT regexp_full_match({v}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') "
            f"OR try_cast({v} AS DATE) IS NULL THEN {reason_sql(M.NOT_A_DATE)} END"
        )
    if kind == "period":
        return (
            f"CASE {miss} WHEN NOT regexp_full_match({v}, '[0-9]{{4}}-[0-9]{{2}}') "
            f"OR try_cast({v} || '-01' AS DATE) IS NULL THEN {reason_sql(M.NOT_A_PERIOD)} END"
        )
    if kind == "stat_period":
        return (
            f"CASE {miss} WHEN NOT regexp_full_match({v}, '[0-9]{{4}}(-(0[1-9]|1[0-2]))?') "
            f"THEN {reason_sql(M.NOT_A_STAT_PERIOD)} END"
        )
    if kind == "int":
        typed = typed_value(col, v)
        return (
            f"CASE {miss} WHEN NOT regexp_full_match({v}, '-?[0-9]{{1,18}}') THEN {reason_sql(M.NOT_WHOLE)} "
            f"{_range(col, typed, '')} END"
        )
    if kind == "number":
        typed = typed_value(col, v)
        return (
            f"CASE {miss} WHEN NOT regexp_full_match({v}, '-?[0-9]+(\\.[0-9]+)?') THEN {reason_sql(M.NOT_A_NUMBER)} "
            f"{_range(col, typed, '')} END"
        )
    if kind == "bool":
        return f"CASE {miss} WHEN {v} NOT IN ('true', 'false') THEN {reason_sql(M.NOT_BOOL)} END"
    if kind == "enum":
        allowed = ", ".join(lit(x) for x in col.values)
        wrong = reason_sql(M.NOT_ONE_OF, values=lit(", ".join(col.values)))
        return f"CASE {miss} WHEN {v} NOT IN ({allowed}) THEN {wrong} END"
    if kind == "bins":
        return f"CASE {miss} ELSE {joined}.reason END"
    return f"CASE {miss} END"


def order_problems(spec: FileSpec) -> list[tuple[str, str]]:
    """(column, SQL problem) for each date order of the file, over the typed columns t_<name>."""
    out = []
    for o in spec.orders:
        e, later = f"t_{o.earlier}", f"t_{o.later}"
        cond, message = (f"{later} <= {e}", M.MUST_BE_AFTER) if o.strict else (f"{later} < {e}", M.IS_BEFORE)
        words = reason_sql(message, later=lit(o.later), earlier=lit(o.earlier))
        out.append(
            (o.later, f"CASE WHEN {e} IS NOT NULL AND {later} IS NOT NULL AND {cond} THEN {words} END")
        )
    return out


def rule_problems(spec: FileSpec, *, coded: bool = False) -> list[tuple[str, str]]:
    """(column, SQL problem) for each of the file's other rules (contract.Rule), over the checked row: the
    reason's English sentence, or (coded) its code and parameters (jumys/registry/reasons.py)."""
    return [
        (r.column, f"CASE WHEN {r.when} THEN {reason_sql(r.reason) if coded else lit(r.reason.english)} END")
        for r in spec.rules
    ]
