"""The words of the illegal-work domain as messages (jumys/kit/messages.py): errors and refusals."""

from __future__ import annotations

from jumys.kit.messages import Message

ILLEGAL_WORK_FORBIDDEN = Message(
    "illegal.forbidden",
    "illegal-work signals are for the ministry, inspectors and akimats (its own region)",
)
ILLEGAL_WORK_NOT_RUN = Message(
    "illegal.not_run",
    "the illegal-work signals were not computed at {date}: run `jumys illegal-work --as-of {date}`",
)
# --- each signal's evidence as a sentence (jumys/illegal_work/texts.py) ---
SIGNAL_UNCONFIRMED = Message(
    "illegal.unconfirmed",
    "{contracts} contracts of {persons} persons in force without pension contributions behind them: "
    "{months_paid} of {months_checked} months checked paid ({first_month} to {last_month}); their salaries "
    "{salary_kzt} KZT a month.",
)
SIGNAL_UNREGISTERED = Message(
    "illegal.unregistered",
    "Pension contributions paid for {persons} persons with no contract at the employer: {person_months} "
    "person-months from {first_month} to {last_month}, wages {wage_kzt} KZT, contributions {opv_kzt} KZT.",
)
SIGNAL_FOREIGN_NO_PERMIT = Message(
    "illegal.foreign_no_permit",
    "{persons} foreigners working without a valid permit for the employer ({other_employer} of them with "
    "a permit for another employer): {person_months} person-months from {first_month} to {last_month}, "
    "wages {wage_kzt} KZT.",
)
SIGNAL_BELOW_MINIMUM = Message(
    "illegal.below_minimum",
    "{contracts} contracts of {persons} persons at a monthly salary under the minimum wage of "
    "{minimum_wage_kzt} KZT, the lowest {lowest_kzt} KZT; {shortfall_kzt} KZT short a month.",
)
SIGNAL_MASS_HIRING = Message(
    "illegal.mass_hiring",
    "{churned} of the {hired} persons hired in the year left within 90 days, hired from {hired_from} to "
    "{hired_to}.",
)
SIGNAL_MULTI_EMPLOYER = Message(
    "illegal.multi_employer",
    "{persons} persons held contracts here and at other employers at once, up to {most_employers} "
    "employers on one day, first on {first_on}.",
)
SIGNAL_FEW_CONTRIBUTIONS = Message(
    "illegal.few_contributions",
    "Contributions paid for {paid_months} of {contract_months} contract-months of {persons} persons "
    "({first_month} to {last_month}).",
)
