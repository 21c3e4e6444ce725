"""Reasons of the rejects report and warnings of a batch, in the page's language: each sentence the ingest
can write has an entry of jumys/web/reasons.py, and each entry reads in Russian and Kazakh."""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Iterator, Sequence
from types import ModuleType

import pytest

from jumys.registry import batch, checks, ingest, staging
from jumys.registry.contract import FILES
from jumys.web.i18n import Translator
from jumys.web.reasons import REASONS, Reason, match_reason, translate_reason

PLACEHOLDER = re.compile(r"\{(\w+)\}")
CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
RU, KK, EN = Translator("ru"), Translator("kk"), Translator("en")
# what an expression inside a reason stands for when the reason is read off the code
SAMPLE_PROBLEM = "wrong BIN check digit"  # a column's or a BIN's problem: a reason itself
SAMPLE_VALUE = "12"


def assert_entry_reads_in_each_language(reason: Reason, table: Sequence[Reason]) -> None:
    """The example matches its own entry of table first; English gives it back unchanged, Russian and Kazakh
    translate it in Cyrillic and keep its values (column names, ids, numbers, DuckDB's words) as written."""
    found = match_reason(reason.example, table)
    assert found is not None and found[0] is reason, f"{reason.example!r} is taken by another entry first"
    m = found[1]
    if reason.msgid is not None:
        assert set(PLACEHOLDER.findall(reason.msgid)) == set(reason.pattern.groupindex)
    assert set(reason.nested) <= set(reason.pattern.groupindex)
    assert translate_reason(EN, reason.example, table) == reason.example
    for t in (RU, KK):
        text = translate_reason(t, reason.example, table)
        assert text != reason.example and CYRILLIC.search(text), (t.lang, text)
        for name, value in m.groupdict(default="").items():
            kept = translate_reason(t, value, table) if name in reason.nested else value
            assert kept in text, (t.lang, name, kept, text)


@pytest.mark.parametrize("reason", REASONS, ids=lambda r: r.example[:60])
def test_each_entry_matches_its_example_and_reads_in_each_language(reason: Reason) -> None:
    """Each reason of the ingest (see assert_entry_reads_in_each_language)."""
    assert_entry_reads_in_each_language(reason, REASONS)


def test_reasons_inside_reasons_are_translated_too() -> None:
    """An operator's BIN problem, a file's problem and the case hints of missing columns are each translated."""
    assert translate_reason(RU, "********1234: digit 5 of a BIN must be 4, 5 or 6") == (
        "********1234: 5-я цифра БИН должна быть 4, 5 или 6"
    )
    assert translate_reason(
        KK, "missing required columns bin, kato; none of the file's 7 rows were applied"
    ) == ("міндетті бағандар жоқ: bin, kato; файлдың 7 жолының ешқайсысы қолданылмады")
    two = "missing required column bin (found 'BIN': names are case-sensitive) (found 'Bin': names are case-sensitive)"
    assert translate_reason(RU, two) == (
        "нет обязательного столбца bin (найден 'BIN': в названиях важен регистр букв) "
        "(найден 'Bin': в названиях важен регистр букв)"
    )


def test_a_sentence_no_entry_knows_is_shown_as_written() -> None:
    """DuckDB's own words, or a reason added to the ingest later, stay as written rather than vanish."""
    duckdb = 'Error when converting column "lat". Could not convert string "x" to \'DOUBLE\''
    assert translate_reason(RU, duckdb) == duckdb
    assert translate_reason(KK, "some new reason") == "some new reason"
    assert translate_reason(RU, "12: not a BIN problem") == "12: not a BIN problem"
    assert translate_reason(RU, None) == "" and translate_reason(RU, "") == ""


# --- every reason the ingest writes has an entry -----------------------------------------------------


_LITERAL = re.compile(r"'((?:[^']|'')*)'")
_EXPRESSION = re.compile(r"(?:(?!\|\||\s(?:WHEN|ELSE|END)\b)[^'\n])+")
_JOIN = re.compile(r"\s*\|\|\s*")
_YIELD = re.compile(r"\bTHEN\s+|'r':\s*")


def _sample(expression: str) -> str:
    return SAMPLE_PROBLEM if expression.strip().rstrip("}").endswith("problem") else SAMPLE_VALUE


def sql_reasons(sql: str) -> Iterator[str]:
    """The texts a CASE of sql can yield (each THEN, and each reject's 'r':) that hold a string literal:
    literals joined by || with expressions, each expression replaced by a sample."""
    for start in _YIELD.finditer(sql):
        at, parts, literal = start.end(), [], False
        while True:
            if m := _LITERAL.match(sql, at):
                parts.append(m.group(1).replace("''", "'"))
                literal = True
            elif m := _EXPRESSION.match(sql, at):
                parts.append(_sample(m.group(0)))
            else:
                break
            at = m.end()
            if not (joined := _JOIN.match(sql, at)):
                break
            at = joined.end()
        if literal:
            yield "".join(parts)


def _python_text(node: ast.expr) -> str | None:
    """A string the code builds, its {values} replaced by samples (a conditional by its first branch, a join by
    two items); None when node is not a string literal or an f-string."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if not isinstance(node, ast.JoinedStr):
        return None
    out = []
    for part in node.values:
        if isinstance(part, ast.Constant):
            out.append(str(part.value))
            continue
        assert isinstance(part, ast.FormattedValue)
        value = part.value
        if isinstance(value, ast.IfExp) and isinstance(value.body, ast.Constant):
            out.append(str(value.body.value))
        elif (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Attribute)
            and value.func.attr == "join"
            and isinstance(value.func.value, ast.Constant)
        ):
            out.append(str(value.func.value.value).join(("x", "y")))
        else:
            out.append(_sample(ast.unparse(value)))
    return "".join(out)


def python_reasons(module: ModuleType) -> Iterator[str]:
    """The problems and warnings a module's Python writes: what it sets as a file's problem, appends to
    warnings, builds as a reason, or gives a BatchReport in a list."""
    for node in ast.walk(ast.parse(inspect.getsource(module))):
        values: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            for target in node.targets:
                name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", None)
                if name in ("problem", "reason"):  # bf.problem = ..., reason = ...
                    values.append(node.value)
                elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                    values += [
                        v
                        for t, v in zip(target.elts, node.value.elts, strict=True)
                        if isinstance(t, ast.Attribute) and t.attr == "problem"
                    ]
        elif isinstance(node, ast.Call) and ast.unparse(node.func) == "BatchReport":
            values += [e for a in node.args if isinstance(a, ast.List) for e in a.elts]  # its warnings
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "append"
            and ast.unparse(node.func.value).endswith("warnings")
        ):
            values += node.args
        for value in values:
            if (text := _python_text(value)) is not None:
                yield text


def ingest_reasons() -> set[str]:
    """Every reason and warning read off the ingest's code: the SQL of each column's check for the whole
    contract, date orders and special rules, the IIN and BIN maps, staging's own SQL, the reader's errors,
    and the problems and warnings its Python writes."""
    sql = [
        checks.iin_map_sql("src", "NULL", "2026-01-01").split("AS problem")[
            0
        ],  # the rest is birth date and sex
        checks.bin_map_sql("src"),
        inspect.getsource(staging),
    ]
    for spec in FILES:
        sql += [checks.problem(c, f's."{c.name}"', "j") for c in spec.columns]
        sql += [p for _, p in checks.order_problems(spec)]
        sql += [p for _, p in checks.rule_problems(spec)]
    found = {text for s in sql for text in sql_reasons(s)}
    found |= set(staging.READ_ERRORS.values()) | set(staging.UNREADABLE.values())
    for module in (batch, staging, ingest):
        found |= set(python_reasons(module))
    return found


def test_the_reasons_are_read_off_the_ingest() -> None:
    """The reading finds the kinds of reason it should (a broken reading would find nothing to check)."""
    found = ingest_reasons()
    assert len(found) > 50
    for text in (
        "an empty BIN in the list",
        "bin is required except for household workers",
        "unknown region 12 (the first two digits of a KATO code)",
        "must be one of: citizen, kandas, foreigner",
        "must be at least 1991",
        "deadline must be after start_date",
        "left_on is before registered_on",
        "12: wrong BIN check digit",
        "duplicate key inside the batch (first on line 12)",
        "missing required columns x, yxy",  # the columns joined, then the hints joined
        "wrong BIN check digit; none of the file's 12 rows were applied",
        "12 values of 12 held an IIN: stored with it masked (************)",
        "the line is too long",
        "already applied: nothing changed",
    ):
        assert text in found, text


def test_every_reason_of_the_ingest_has_an_entry() -> None:
    """Each reason and warning the ingest's code can write matches an entry and so reads in Russian: a new
    sentence in jumys/registry fails here until it is added to jumys/web/reasons.py and translated."""
    missing = sorted(text for text in ingest_reasons() if match_reason(text) is None)
    assert not missing, f"no entry in jumys/web/reasons.py for: {missing}"
    untranslated = sorted(text for text in ingest_reasons() if translate_reason(RU, text) == text)
    assert not untranslated, untranslated
