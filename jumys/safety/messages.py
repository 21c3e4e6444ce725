"""The words of the safe-work domain as messages (jumys/kit/messages.py): errors, skipped dates, warning signals."""

from __future__ import annotations

from jumys.kit.messages import Message

# enterprise risk and its backtest
BACKTEST_SHORT_HISTORY = Message(
    "safety.backtest_short_history",
    "Cut date {cut} skipped: the safety records begin on {first}, fewer than 3 years before it.",
)
BACKTEST_NO_HISTORY = Message(
    "safety.backtest_no_history", "Cut date {cut} skipped: there are no inspections or incidents at all."
)
BACKTEST_OUTCOME_INCOMPLETE = Message(
    "safety.backtest_outcome_incomplete",
    "Cut date {cut} skipped: the records end on {last}, before the 12 months after it are over.",
)
BACKTEST_NO_INSPECTIONS = Message(
    "safety.backtest_no_inspections",
    "Cut date {cut} skipped: no scored enterprise was inspected in the year after it.",
)
RISK_NOT_SCORED = Message(
    "safety.risk_not_scored",
    "Enterprise risk was not scored at {as_of}: run `jumys risk score --as-of {as_of}`.",
)
RISK_NEVER_SCORED = Message(
    "safety.risk_never_scored",
    "Enterprise risk has not been scored yet: run `jumys risk score --as-of DATE`.",
)
NO_RISK_SCORE = Message("safety.no_risk_score", "No risk score of employer {bin} at {as_of}.")
