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
BAD_SALARY = Message(
    "permits.bad_salary", "the offered salary {value!r} is not a whole number of tenge above 0 (salary_kzt)"
)
# names in the sentences: a permit category, a staff category of check 3, a region
CATEGORY_NAMES = {
    "head": Message("permits.category_head", "heads and deputies"),
    "division_head": Message("permits.category_division_head", "heads of divisions"),
    "specialist": Message("permits.category_specialist", "specialists"),
    "skilled_worker": Message("permits.category_skilled_worker", "skilled workers"),
    "seasonal": Message("permits.category_seasonal", "seasonal workers"),
    "household": Message("permits.category_household", "household workers"),
}
STAFF_GROUP_NAMES = {
    "head": Message("permits.staff_managers", "managers"),
    "specialist": CATEGORY_NAMES["specialist"],
    "skilled_worker": CATEGORY_NAMES["skilled_worker"],
}
# the NKZ major groups (ISCO-08 titles)
NKZ_GROUP_NAMES = {
    "1": Message("permits.nkz_group_1", "managers"),
    "2": Message("permits.nkz_group_2", "professionals"),
    "3": Message("permits.nkz_group_3", "technicians and associate professionals"),
    "4": Message("permits.nkz_group_4", "clerical support workers"),
    "5": Message("permits.nkz_group_5", "service and sales workers"),
    "6": Message("permits.nkz_group_6", "skilled agricultural, forestry and fishery workers"),
    "7": Message("permits.nkz_group_7", "craft and related trades workers"),
    "8": Message("permits.nkz_group_8", "plant and machine operators and assemblers"),
    "9": Message("permits.nkz_group_9", "elementary occupations"),
}
# the points of an application (docs/permits.md, "Points"): each criterion's value and its rule
POINTS_LINE = Message("permits.points_line", "{value}: {points} points ({rule})")
SALARY_NOT_STATED = Message("permits.salary_not_stated", "salary not stated")
SALARY_NO_REFERENCE = Message(
    "permits.salary_no_reference",
    "salary {salary_kzt} tenge a month; no citizens' contracts in region {region} to compare it with",
)
SALARY_VALUE = Message(
    "permits.salary_value",
    "salary {salary_kzt} tenge a month, above {share} of the {contracts} citizens' salaries of {reference}",
)
REFERENCE_OCCUPATION = Message("permits.reference_occupation", "occupation {nkz} in region {region}")
REFERENCE_GROUP = Message("permits.reference_group", "NKZ major group {group} in region {region}")
REFERENCE_REGION = Message("permits.reference_region", "every occupation in region {region}")
SALARY_RULE = Message(
    "permits.salary_rule",
    "{full} points when it is above at least {full_at} of the citizens' salaries compared, {half} when above at "
    "least {half_at}; compared within the occupation in the region when it has {least} citizens' contracts, else "
    "within its major group, else within the region",
)
QUALIFICATION_VALUE = Message("permits.qualification_value", "NKZ major group {group}, {name}")
QUALIFICATION_RULE = Message(
    "permits.qualification_rule",
    "{top} points for major groups 1 and 2 (managers, professionals), {mid} for group 3, 0 for the others",
)
SHORTAGE_VALUE = Message(
    "permits.shortage_value",
    "{unfilled} vacancies of occupation {nkz} in region {region} posted after {since} and not filled; "
    "{seekers} job seekers of it registered there",
)
SHORTAGE_RULE = Message(
    "permits.shortage_rule",
    "{full} points when the unfilled vacancies are at least {full_ratio} times the job seekers, {half} when "
    "at least as many",
)
LOCAL_HIRING_VALUE = Message(
    "permits.local_hiring_value", "{citizens} citizens among the employer's {hires} hires after {since}"
)
LOCAL_HIRING_RULE = Message(
    "permits.local_hiring_rule",
    "{full} points when citizens are at least {full_at} of the hires, {half} when at least {half_at}",
)
TRAINING_VALUE = Message(
    "permits.training_value",
    "{trained} citizens trained at the employer's expense after {since}, against {staff} staff",
)
TRAINING_RULE = Message(
    "permits.training_rule",
    "{full} points when the citizens trained are at least {full_at} of the staff, {any} for any citizen trained",
)
ARREARS_VALUE = Message(
    "permits.arrears_value", "{open} wage arrears of the employer open on {day}, {amount_kzt} tenge"
)
ARREARS_RULE = Message("permits.arrears_rule", "{deduction} points when any wage arrears are open")
NO_DECISION = Message("permits.no_decision", "no decided application {application_id} you may see")
