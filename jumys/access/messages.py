"""The messages of users, sign-in, sessions and tokens (jumys/kit/messages.py)."""

from __future__ import annotations

from jumys.kit.messages import Message

USERNAME_INVALID = Message("access.username_invalid", "a username is 1 to 64 characters without spaces")
ROLE_UNKNOWN = Message("access.role_unknown", "role must be one of {roles}, not {role!r}")
AKIMAT_NEEDS_REGION = Message(
    "access.akimat_needs_region", "an akimat answers for one region: give --region, one of {regions}"
)
REGION_ONLY_AKIMAT = Message("access.region_only_akimat", "only an akimat is limited to a region")
INVESTOR_NEEDS_BIN = Message(
    "access.investor_needs_bin", "an investor sees the projects of its own BINs: give at least one --bin"
)
BIN_INVALID = Message("access.bin_invalid", "BIN {bin!r}: {problem}")
EMPLOYER_NEEDS_BIN = Message(
    "access.employer_needs_bin",
    "an employer applies for permits and sees the applications of its own BINs: give at least one --bin",
)
BINS_ONLY_INVESTOR = Message("access.bins_only_investor", "only an investor is limited to BINs")
PASSWORD_TOO_SHORT = Message("access.password_too_short", "a password has at least {n} characters")
USER_EXISTS = Message("access.user_exists", "user {username!r} exists already")
USER_UNKNOWN = Message("access.user_unknown", "no user {username!r}")
USER_DISABLED = Message("access.user_disabled", "user {username!r} is disabled")
SIGN_IN_WRONG = Message("access.sign_in_wrong", "wrong username or password")
SIGN_IN_TOO_MANY = Message("access.sign_in_too_many", "too many failed sign-ins: try again after {time} UTC")
SIGN_IN_FIRST = Message("access.sign_in_first", "sign in first")
SESSION_EXPIRED = Message(
    "access.session_expired", "the session has expired or does not exist: sign in again"
)
TOKEN_INVALID = Message("access.token_invalid", "the token is not valid")
