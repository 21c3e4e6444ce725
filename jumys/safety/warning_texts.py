"""Each warning signal's evidence as a sentence (its message in jumys/safety/messages.py), in any language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jumys.kit.evidence import param
from jumys.kit.i18n import translator
from jumys.kit.messages import Message, Month, Param, Share, Text
from jumys.safety import messages as M

SIGNAL_MESSAGES: dict[str, Message] = {
    "arrears": M.WARNING_ARREARS,
    "wage_cut": M.WARNING_WAGE_CUT,
    "mass_layoff": M.WARNING_MASS_LAYOFF,
    "missing_contributions": M.WARNING_MISSING_CONTRIBUTIONS,
    "fatal_incident": M.WARNING_FATAL_INCIDENT,
    "unplanned_inspections": M.WARNING_UNPLANNED_INSPECTIONS,
}


def signal_text(signal: Mapping[str, Any]) -> Text:
    """The sentence of a signal ({"signal", "month", "evidence"}) with its numbers."""
    evidence = dict(signal["evidence"])
    params: dict[str, Param] = {k: param(k, v) for k, v in evidence.items()}
    params["month"] = Month.of(signal["month"])
    code = signal["signal"]
    if code == "wage_cut":
        before, now = evidence["median_before"], evidence["median_now"]
        params["change"] = Share(now / before - 1 if before else 0.0)
    if code == "mass_layoff":
        staff = evidence["staff"]
        params["share"] = Share(evidence["ended"] / staff if staff else 1.0)
    return SIGNAL_MESSAGES[code](**params)


def signal_sentence(signal: Mapping[str, Any], lang: str) -> str:
    """The sentence of a signal in lang (ru, kk, en): numbers, dates and months per locale."""
    return translator(lang).render(signal_text(signal))
