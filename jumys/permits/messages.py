"""The words of foreign labour as messages (jumys/kit/messages.py): decisions, failed checks, invalid applications."""

from __future__ import annotations

from jumys.kit.messages import Message

# a decision and each failed check, with the numbers behind it
ISSUED = Message("permits.issued", "Permit {permit_id} issued: every check passed.")
REFUSED = Message("permits.refused", "Refused: {reasons}")
CHECK_QUOTA = Message(
    "permits.check_quota",
    "No quota left for {year}, region {region}, category {category}: {units} units, {issued} issued. ",
)
CHECK_LABOUR_MARKET_TEST = Message(
    "permits.check_labour_market_test",
    "No vacancy for occupation {nkz} in region {region} posted by {posted_by} ({days} days before the "
    "application) and left unfilled: {unfilled} unfilled, {filled} filled. ",
)
CHECK_LOCAL_SHARE = Message(
    "permits.check_local_share",
    "Citizens would be {share} of the {group_staff} staff of category {group} after the permit "
    "({citizens} citizens), under the minimum {minimum}; the employer has {staff} staff. ",
)
CHECK_ONE_HEAD = Message(
    "permits.check_one_head",
    "The employer already holds {held} active head permit(s) for occupation {nkz}: {permits}. ",
)
CHECK_SEASONAL_LIST = Message(
    "permits.check_seasonal_list", "Occupation {nkz} is not on the seasonal list ({listed}). "
)
# an application that cannot be decided at all: nothing is stored
INVALID = Message("permits.invalid", "Invalid application {application_id}: {reason}")
MISSING = Message("permits.missing", "{field} is missing")
BAD_DATE = Message("permits.bad_date", "{field} is not a date YYYY-MM-DD: {value!r}")
BAD_IIN = Message("permits.bad_iin", "the worker's IIN is not valid: {problem}")
BAD_CITIZENSHIP = Message("permits.bad_citizenship", "unknown citizenship {value!r} (ISO 3166-1 alpha-3)")
UNKNOWN_CATEGORY = Message("permits.unknown_category", "unknown category {value!r}: one of {categories}")
UNKNOWN_OCCUPATION = Message(
    "permits.unknown_occupation",
    "unknown occupation {value!r}: an NKZ code is 4 digits of major group 1 to 9",
)
UNKNOWN_REGION = Message("permits.unknown_region", "unknown region of KATO {value!r}")
UNKNOWN_EMPLOYER = Message("permits.unknown_employer", "unknown employer {value!r}")
HOUSEHOLD_BIN = Message("permits.household_bin", "a household application has no BIN")
BIN_REQUIRED = Message(
    "permits.bin_required", "an application of category {category} needs the employer's BIN"
)
DATES_ORDER = Message(
    "permits.dates_order",
    "dates out of order: submitted on {submitted_on}, valid from {valid_from} until {valid_until}",
)
ID_INVALID = Message("permits.id_invalid", "an application id is 1 to 64 printable characters")
# who may apply
APPLY_FORBIDDEN = Message(
    "permits.apply_forbidden", "permit applications are decided for the ministry and for employers"
)
OWN_BIN_ONLY = Message(
    "permits.own_bin_only", "an employer applies only for its own BINs ({own}), not for {bin}"
)
FILE_UNREADABLE = Message("permits.file_unreadable", "cannot read the applications file {path}: {problem}")
FILE_COLUMNS = Message("permits.file_columns", "the applications file lacks the columns {columns}")
NO_QUOTAS = Message("permits.no_quotas", "no quotas are stored for {year}")
# next year's quota, proposed: each line's figures in words, and the refusals
PROPOSAL_LINE = Message(
    "permits.proposal_line",
    "Vacancies posted in {data_year} and still unfilled on {as_of} after the labour-market test: {vacancies}; "
    "job seekers of the same occupation in the region could fill {matched} of them, a shortage of {shortage}. "
    "{used}Demand {shortage} + {counted} = {demand}; {scaled}",
)
PROPOSAL_USED_UP = Message(
    "permits.proposal_used_up",
    "Quota of {data_year}: units {units}, used {used}, used up; the units used count in the demand. ",
)
PROPOSAL_NOT_USED_UP = Message(
    "permits.proposal_not_used_up",
    "Quota of {data_year}: units {units}, used {used}, not used up; the units used count in the demand. ",
)
PROPOSAL_SCALED = Message(
    "permits.proposal_scaled",
    "the national demand is over the cap, so every line is scaled to {scale}; proposed: {proposed}.",
)
PROPOSAL_UNSCALED = Message("permits.proposal_unscaled", "proposed: {proposed}.")
PROPOSAL_HOUSEHOLD = Message(
    "permits.proposal_household",
    "Households: {share} of the labour force {labour_force} = {units} units ({last_units} units in "
    "{data_year}, {last_used} used).",
)
PROPOSAL_NO_LABOUR_FORCE = Message(
    "permits.proposal_no_labour_force", "No labour force is stored up to {data_year}: no cap."
)
NO_PROPOSAL_DATA = Message(
    "permits.no_proposal_data",
    "no vacancy posted in {data_year} by {as_of} is stored: the quota of {year} cannot be proposed",
)
PROPOSAL_AS_OF = Message(
    "permits.proposal_as_of",
    "the as-of date {as_of} is not in {data_year}, the year before the year proposed ({year})",
)
PROPOSAL_YEAR = Message(
    "permits.proposal_year", "a quota can be proposed for the years 2001 to 2100, not {year}"
)
