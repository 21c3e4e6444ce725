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
# --- labour-conflict early warning (jumys/safety/warnings.py): each signal's evidence as a sentence ---
WARNING_ARREARS = Message(
    "warning.arrears",
    "{reported_kzt} KZT owed to {reported_workers} workers reported in {month}; open now {open_kzt} KZT owed to "
    "{open_workers} workers, a month before {previous_kzt} KZT to {previous_workers}.",
)
WARNING_WAGE_CUT = Message(
    "warning.wage_cut",
    "The median monthly wage of the same {persons} persons went from {median_before} KZT in {base_month} to "
    "{median_now} KZT in {month} ({change}).",
)
WARNING_MASS_LAYOFF = Message(
    "warning.mass_layoff",
    "{ended} contracts ended from {ended_from} to {ended_to}, {share} of the {staff} in force on the first day.",
)
WARNING_MISSING_CONTRIBUTIONS = Message(
    "warning.missing_contributions",
    "No pension contributions for {missing} of {staff} staff in {month} and for {previous_missing} of "
    "{previous_staff} in {previous_month}.",
)
WARNING_FATAL_INCIDENT = Message(
    "warning.fatal_incident",
    "Fatal accidents: {incidents}, victims: {victims}, the last on {occurred_on}.",
)
WARNING_UNPLANNED_INSPECTIONS = Message(
    "warning.unplanned_inspections",
    "{inspections} unplanned inspections from {first_on} to {last_on}, violations found: {violations}.",
)
MEASURE_NO_DATA = Message(
    "safety.measure_no_data",
    "the store holds no labour disputes: there is nothing to measure the warnings on",
)
MEASURE_EMPTY_SPAN = Message(
    "safety.measure_empty_span", "no disputes can be measured from {first} to {last}: the span is empty"
)
WARNINGS_NOT_RUN = Message(
    "safety.warnings_not_run",
    "no warnings were computed at {date}: the dates computed are listed at {where}",
)
WARNINGS_FORBIDDEN = Message(
    "safety.warnings_forbidden",
    "labour-conflict warnings are for the ministry, inspectors and akimats (its own region)",
)
NO_WARNING_RUN = Message("safety.no_warning_run", "no run of the warnings {run!r}")
