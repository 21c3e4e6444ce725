"""The alerts of job-creation verification as messages (jumys/kit/messages.py): each kind of alert a code, its
numbers the parameters; the sentence in Russian, Kazakh and English comes from the catalogue."""

from __future__ import annotations

from jumys.kit.messages import Message

ALERT_FAILED = Message(
    "alert.failed",
    "Project {pid} broke its promise: by the deadline {deadline}, {verified} of {promised} promised "
    "permanent jobs are confirmed.",
)
ALERT_AT_RISK = Message(
    "alert.at_risk",
    "Project {pid} is behind schedule: {verified} permanent jobs confirmed where {expected} were "
    "expected by {as_of} ({promised} promised by {deadline}).",
)
ALERT_UNCONFIRMED = Message(
    "alert.unconfirmed",
    "Project {pid} has {unconfirmed} employment contracts with no pension contributions behind them, "
    "a sign of fictitious hiring ({credited} confirmed by contributions).",
)
ALERT_LOW_WAGE_SHARE = Message(
    "alert.low_wage_share",
    "Project {pid} paid wages of {share} of its investment ({wage_bill} of {investment} KZT); the "
    "target is {target}.",
)
ALERTS = {
    "failed": ALERT_FAILED,
    "at_risk": ALERT_AT_RISK,
    "unconfirmed": ALERT_UNCONFIRMED,
    "low_wage_share": ALERT_LOW_WAGE_SHARE,
}
