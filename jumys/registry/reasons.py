"""Reasons of rejected rows in SQL: each written as its code and parameters (JSON), made English from the same
declaration (jumys/registry/messages.py) when the rejects are collected.

A check yields `reason_sql(MESSAGE, name=SQL, ...)`: a JSON text {"code": ..., "params": {...}}. When the
rejects of a file are collected, `english_sql` turns it into the English sentence the rejects report, the
ledger, the CLI and the API show; the pages render the code and parameters in their language instead. A
parameter given as `Nested(SQL)` is a reason itself (a BIN's problem inside an operator's reject).
"""

from __future__ import annotations

import json
import string
from dataclasses import dataclass

from jumys.kit.messages import Message, Text, from_json
from jumys.registry import messages as M


def lit(value: str) -> str:
    """A quoted SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


@dataclass(frozen=True)
class Nested:
    """A parameter whose SQL value is a reason itself (JSON text)."""

    sql: str


def reason_sql(message: Message, **params: str | Nested) -> str:
    """SQL: the JSON text of message with params (each an SQL expression, or a Nested reason)."""
    if set(params) != set(message.fields()):
        raise TypeError(f"{message.code}: parameters {sorted(params)}, expected {sorted(message.fields())}")
    if not params:
        return lit(json.dumps({"code": message.code, "params": {}}))
    pairs = ", ".join(
        f"{lit(k)}, " + (f"CAST({v.sql} AS JSON)" if isinstance(v, Nested) else f"CAST({v} AS VARCHAR)")
        for k, v in params.items()
    )
    return f"CAST(json_object('code', {lit(message.code)}, 'params', json_object({pairs})) AS VARCHAR)"


# the reasons SQL can write, and those that are parameters of others (rendered one level down)
SQL_REASONS: tuple[Message, ...] = (
    M.IIN_DIGITS, M.IIN_CENTURY, M.IIN_BIRTH_DATE, M.IIN_FUTURE, M.IIN_CHECK_DIGIT,
    M.BIN_DIGITS, M.BIN_TYPE, M.BIN_CHECK_DIGIT,
    M.REQUIRED, M.NOT_AN_EMPLOYER, M.KATO_DIGITS, M.REGION_UNKNOWN, M.OKED_DIGITS, M.OKED_UNKNOWN,
    M.NKZ_DIGITS, M.COUNTRY_UNKNOWN, M.NOT_A_DATE, M.NOT_A_PERIOD, M.NOT_A_STAT_PERIOD, M.NOT_WHOLE,
    M.NOT_A_NUMBER, M.AT_LEAST, M.AT_MOST, M.NOT_BOOL, M.NOT_ONE_OF, M.MUST_BE_AFTER, M.IS_BEFORE,
    M.START_BEFORE_BIRTH, M.HOUSEHOLD_NO_BIN, M.BIN_REQUIRED, M.EMPTY_BIN_IN_LIST, M.OPERATOR_BIN,
    M.OPERATOR_NOT_AN_EMPLOYER, M.DUPLICATE_KEY, M.FEWER_FIELDS, M.MORE_FIELDS, M.NOT_UTF8, M.BAD_QUOTING,
    M.LINE_TOO_LONG, M.LINE_UNREADABLE,
)  # fmt: skip
NESTED_PARAMS = {(M.OPERATOR_BIN.code, "problem")}


def english_sql(reason: str, depth: int = 1) -> str:
    """SQL: the English sentence of a reason's JSON text (SQL), from the declarations of SQL_REASONS."""
    code = f"json_extract_string({reason}, '$.code')"
    whens = []
    for m in SQL_REASONS:
        parts = []
        for literal, name, _spec, _conv in string.Formatter().parse(m.english):
            if literal:
                parts.append(lit(literal))
            if name and (m.code, name) in NESTED_PARAMS and depth > 0:
                parts.append(english_sql(f"json_extract({reason}, '$.params.{name}')", depth - 1))
            elif name:
                parts.append(f"json_extract_string({reason}, '$.params.{name}')")
        whens.append(f"WHEN {lit(m.code)} THEN {' || '.join(parts) or lit('')}")
    return f"(CASE {code} {' '.join(whens)} END)"


def decoded(reason_json: str | None) -> Text | str | None:
    """The Text of a reason's JSON text (as written when it is not one: a reason stored before codes)."""
    if reason_json is None:
        return None
    return from_json(json.loads(reason_json))
