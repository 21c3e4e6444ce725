"""Messages with a stable code: what a user is told, declared once, rendered in any language.

Each layer declares its messages next to its code (`jumys/<layer>/messages.py`): a `Message` is a
stable code (snake_case, never reused) and the English sentence with a {placeholder} per parameter.
A `Text` is a message with its parameters; its English rendering is what the CLI, the API's `error`
and the audit log show, and `jumys.kit.i18n.render` gives it in Russian or Kazakh from the catalogue
keyed by code (docs/architecture.md, "Messages"). A parameter may be a Text itself (a BIN's problem
inside an operator's reject): it is rendered in the same language.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

Param = Any  # str, int, float, a date, a Text, or a list of texts (written one after the other)
_REGISTRY: dict[str, Message] = {}
_FORMATTER = string.Formatter()


@dataclass(frozen=True)
class Message:
    """A stable code and its English sentence with a {name} per parameter (format spec and !r allowed)."""

    code: str
    english: str

    def __post_init__(self) -> None:
        old = _REGISTRY.get(self.code)
        if old is not None and old.english != self.english:
            raise ValueError(f"message code {self.code} is declared twice")
        _REGISTRY[self.code] = self

    def __call__(self, **params: Param) -> Text:
        """This message with its parameters (each placeholder must be given)."""
        missing = set(self.fields()) - set(params)
        if missing:
            raise TypeError(f"{self.code}: missing parameters {sorted(missing)}")
        return Text(self, params)

    def fields(self) -> list[str]:
        """The names of the placeholders of the English sentence, in order."""
        return fields_of(self.english)


def fields_of(template: str) -> list[str]:
    """The names of the {placeholders} of a template, in order."""
    return [name for _, name, _, _ in _FORMATTER.parse(template) if name]


class Share(float):
    """A share (0.25) shown as a percent: per locale by Babel when rendered, 25.0% in English text."""

    def __str__(self) -> str:
        return f"{100 * self:.1f}%"


class Month(dt.date):
    """A month (held as its first day) shown as the locale writes a month when rendered («декабрь 2024»),
    as YYYY-MM in English text and in JSON."""

    def __str__(self) -> str:
        return self.isoformat()[:7]

    @classmethod
    def of(cls, value: dt.date | str) -> Month:
        """The month of a date, or of a YYYY-MM or YYYY-MM-DD string."""
        day = dt.date.fromisoformat(value[:7] + "-01") if isinstance(value, str) else value
        return cls(day.year, day.month, 1)


class Named(str):
    """A name in several languages (a region's): its English name in English text, its own in each language."""

    names: Mapping[str, str]

    def __new__(cls, names: Mapping[str, str]) -> Named:
        """The name with its translations by language code (en required)."""
        self = super().__new__(cls, names["en"])
        self.names = dict(names)
        return self


class Text(str):
    """A message with its parameters: a str (its English sentence, values as Python writes them: what the CLI,
    the API's `error`, the stored rejects and the audit log show) that keeps its code and parameters."""

    message: Message
    params: Mapping[str, Param]

    def __new__(cls, message: Message, params: Mapping[str, Param]) -> Text:
        """The text of message with params."""
        self = super().__new__(cls, fill(message.english, params, str))
        self.message, self.params = message, dict(params)
        return self

    @property
    def code(self) -> str:
        """The message's stable code."""
        return self.message.code

    @property
    def english(self) -> str:
        """The sentence in English, as a plain str."""
        return str.__str__(self)

    def as_json(self) -> dict[str, Any]:
        """{"code": ..., "params": {...}}: nested texts likewise, dates as ISO strings."""
        return {"code": self.code, "params": {k: _jsonable(v) for k, v in self.params.items()}}

    def replaced(self, old: str, new: str) -> Text:
        """This text with old replaced by new in every string parameter (nested ones too)."""
        return Text(self.message, {k: _replaced(v, old, new) for k, v in self.params.items()})


def fill(template: str, params: Mapping[str, Param], nested: Any) -> str:
    """template with its placeholders filled from params; nested(text) renders a Text parameter."""
    values = {k: _filled(v, nested) for k, v in params.items()}
    return template.format(**values)


def _filled(value: Param, nested: Any) -> Param:
    if isinstance(value, Text):
        return nested(value)
    if isinstance(value, list):  # a list of texts, written one after the other
        return "".join(str(_filled(v, nested)) for v in value)
    return value


def _jsonable(value: Param) -> Any:
    if isinstance(value, Text):
        return value.as_json()
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, Month):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _replaced(value: Param, old: str, new: str) -> Param:
    if isinstance(value, Text):
        return value.replaced(old, new)
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, list):
        return [_replaced(v, old, new) for v in value]
    return value


def from_json(data: Mapping[str, Any]) -> Text:
    """The Text of {"code": ..., "params": {...}} (as_json's output); nested texts likewise."""
    message = _REGISTRY[data["code"]]
    return Text(message, {k: _decoded(v) for k, v in dict(data.get("params") or {}).items()})


def _decoded(value: Any) -> Param:
    if isinstance(value, Mapping) and "code" in value:
        return from_json(value)
    if isinstance(value, list):
        return [_decoded(v) for v in value]
    return value


def declared() -> dict[str, Message]:
    """Every message declared so far, by code (import the layers' messages modules first)."""
    return dict(_REGISTRY)
