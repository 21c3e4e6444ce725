"""Reasons of the rejects report and warnings of a batch: each is written as a declared code and its parameters,
its English derived from the same declaration in SQL and in Python, and each page renders it in its language."""

from __future__ import annotations

import ast
import inspect
import json
import re

import duckdb
import pytest

from jumys.kit.i18n import Translator
from jumys.kit.messages import Message, Text, from_json
from jumys.registry import batch, checks, ingest, staging
from jumys.registry import messages as M
from jumys.registry.contract import FILES
from jumys.registry.reasons import SQL_REASONS, Nested, english_sql, lit, reason_sql

RU, KK = Translator("ru"), Translator("kk")
CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
SAMPLES = {"bin": "********1234", "code": "99", "n": "1991", "values": "a, b", "later": "deadline"}


def _sample(m: Message) -> dict[str, str | Text]:
    return {
        name: M.BIN_TYPE() if name == "problem" else SAMPLES.get(name, f"'{name}'\"x")  # quotes survive JSON
        for name in m.fields()
    }


@pytest.mark.parametrize("message", SQL_REASONS, ids=lambda m: m.code)
def test_sql_writes_each_reason_as_python_does(message: Message) -> None:
    """The JSON a check writes decodes to the declared message, and its English made in SQL is the English the
    declaration gives in Python (so the stored rejects and rejects.csv read as before)."""
    params = _sample(message)
    sql_params = {
        k: Nested(reason_sql(v.message)) if isinstance(v, Text) else lit(v) for k, v in params.items()
    }
    coded = reason_sql(message, **sql_params)
    con = duckdb.connect()
    english, raw = con.execute(f"SELECT {english_sql('r')}, r FROM (SELECT {coded} AS r)").fetchone()
    expected = message(**params)
    assert english == expected.english
    again = from_json(json.loads(raw))
    assert again == expected and again.code == message.code


def test_a_reason_inside_a_reason_and_a_list_of_hints_are_translated() -> None:
    """An operator's BIN problem, a file's problem and the case hints of missing columns are each translated."""
    op = M.OPERATOR_BIN(bin="********1234", problem=M.BIN_TYPE())
    assert op == "********1234: digit 5 of a BIN must be 4, 5 or 6"
    assert RU.render(op).endswith("********1234: 5-я цифра БИН должна быть 4, 5 или 6")
    missing = M.MISSING_COLUMNS(columns="bin, kato", hints=[])
    whole = M.FILE_REJECTED(problem=missing, rows=7)
    assert whole == "missing required columns bin, kato; none of the file's 7 rows were applied"
    assert KK.render(whole) == "міндетті бағандар жоқ: bin, kato; файлдың 7 жолының ешқайсысы қолданылмады"
    two = M.MISSING_COLUMN(columns="bin", hints=[M.CASE_HINT(found="BIN"), M.CASE_HINT(found="Bin")])
    assert two == (
        "missing required column bin (found 'BIN': names are case-sensitive) (found 'Bin': names are case-sensitive)"
    )
    assert RU.render(two) == (
        "нет обязательного столбца bin (найден 'BIN': в названиях важен регистр букв) "
        "(найден 'Bin': в названиях важен регистр букв)"
    )
    assert from_json(json.loads(json.dumps(two.as_json()))) == two


_QUOTED = re.compile(r"\bTHEN\s+'((?:[^']|'')*)'|'r':\s*'((?:[^']|'')*)'")


def test_no_check_writes_a_sentence() -> None:
    """Every literal a CASE of the ingest's checks yields is a code and parameters (JSON), never an English
    sentence: a new check written as a sentence fails here."""
    sql = [checks.iin_map_sql("src", "NULL", "2026-01-01", coded=True), checks.bin_map_sql("src", coded=True)]
    for spec in FILES:
        sql += [checks.problem(c, f's."{c.name}"', "j") for c in spec.columns]
        sql += [p for _, p in checks.order_problems(spec)]
        sql += [p for _, p in checks.rule_problems(spec, coded=True)]
    sql.append(inspect.getsource(staging))
    coded = sentences = 0
    for s in sql:
        for m in _QUOTED.finditer(s.split("AS problem")[-1] if "AS problem" in s else s):
            text = (m.group(1) or m.group(2) or "").replace("''", "'")
            if text.startswith('{"code"'):
                coded += 1
            elif text and text not in ("M", "F"):
                sentences += 1
                pytest.fail(f"a check yields a sentence: {text!r}")
    assert coded > 30 and not sentences


def test_no_problem_or_warning_is_written_as_a_sentence() -> None:
    """What the ingest sets as a file's problem, appends to warnings or gives a report as its warnings is a
    declared message called with its parameters (a Text), never a string literal or an f-string."""
    found = 0
    for module in (batch, staging, ingest):
        for node in ast.walk(ast.parse(inspect.getsource(module))):
            values: list[ast.expr] = []
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Attribute) and t.attr == "problem" for t in node.targets
            ):
                values.append(node.value)
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "append"
            ) and ast.unparse(node.func.value).endswith("warnings"):
                values += node.args
            for v in values:
                found += 1
                assert not isinstance(v, ast.Constant | ast.JoinedStr), f"{module.__name__}: {ast.unparse(v)}"
    assert found > 8


def test_every_reason_reads_in_russian_and_kazakh() -> None:
    """Each reason and warning, with sample values: Cyrillic in Russian and Kazakh, its values kept."""
    for m in [
        *SQL_REASONS,
        *(v for v in vars(M).values() if isinstance(v, Message) and v.code.startswith("warn")),
    ]:
        text = m(**_sample(m))
        for t in (RU, KK):
            shown = t.render(text)
            assert CYRILLIC.search(shown), (t.lang, m.code, shown)
            for value in _sample(m).values():
                if not isinstance(value, Text):
                    assert value in shown, (t.lang, m.code, value, shown)
