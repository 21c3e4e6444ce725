"""Each illegal-work signal's evidence as a sentence (its message in jumys/illegal_work/messages.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jumys.illegal_work import messages as M
from jumys.kit.evidence import param
from jumys.kit.i18n import translator
from jumys.kit.messages import Message, Param, Text

SIGNAL_MESSAGES: dict[str, Message] = {
    "unconfirmed": M.SIGNAL_UNCONFIRMED,
    "unregistered": M.SIGNAL_UNREGISTERED,
    "foreign_no_permit": M.SIGNAL_FOREIGN_NO_PERMIT,
    "below_minimum": M.SIGNAL_BELOW_MINIMUM,
    "mass_hiring": M.SIGNAL_MASS_HIRING,
    "multi_employer": M.SIGNAL_MULTI_EMPLOYER,
    "few_contributions": M.SIGNAL_FEW_CONTRIBUTIONS,
}


def signal_text(signal: Mapping[str, Any]) -> Text:
    """The sentence of a signal ({"signal", "persons", "person_ids", "evidence"}) with its numbers."""
    params: dict[str, Param] = {k: param(k, v) for k, v in signal["evidence"].items()}
    return SIGNAL_MESSAGES[signal["signal"]](**params)


def signal_sentence(signal: Mapping[str, Any], lang: str) -> str:
    """The sentence of a signal in lang (ru, kk, en): numbers, dates and months per locale."""
    return translator(lang).render(signal_text(signal))
