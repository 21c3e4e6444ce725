"""IIN and BIN: the 12-digit identifiers of Kazakhstan, their check digit and what they encode.

The rule is the one in the data contract: s = sum(d_i * i) mod 11 for i = 1..11; if s is 10,
s = sum(d_i * w_i) mod 11 with w = 3,4,5,6,7,8,9,10,11,1,2; if that is 10 too the number is
invalid, else the twelfth digit must equal s.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jumys.kit.messages import Message, Text

_W1 = tuple(range(1, 12))
_W2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)

# digit 7 of an IIN: century of birth and sex
CENTURY_SEX = {1: (1800, "M"), 2: (1800, "F"), 3: (1900, "M"), 4: (1900, "F"), 5: (2000, "M"), 6: (2000, "F")}
BIN_ENTITY_TYPES = {
    "4": "resident legal entity",
    "5": "non-resident legal entity",
    "6": "joint individual entrepreneurship",
}


IIN_DIGITS = Message("id.iin_digits", "an IIN is 12 digits")
IIN_CENTURY = Message("id.iin_century", "digit 7 of an IIN (century and sex) must be 1 to 6")
IIN_BIRTH_DATE = Message("id.iin_birth_date", "digits 1-6 of an IIN are not a valid birth date")
IIN_FUTURE = Message("id.iin_future", "the birth date in the IIN lies in the future")
IIN_CHECK_DIGIT = Message("id.iin_check_digit", "wrong IIN check digit")
BIN_DIGITS = Message("id.bin_digits", "a BIN is 12 digits")
BIN_TYPE = Message("id.bin_type", "digit 5 of a BIN must be 4, 5 or 6")
BIN_CHECK_DIGIT = Message("id.bin_check_digit", "wrong BIN check digit")


def check_digit(first11: str) -> int | None:
    """Return the check digit for 11 leading digits, or None when no digit is possible."""
    digits = [int(c) for c in first11]
    s = sum(d * w for d, w in zip(digits, _W1, strict=True)) % 11
    if s == 10:
        s = sum(d * w for d, w in zip(digits, _W2, strict=True)) % 11
        if s == 10:
            return None
    return s


def has_valid_check_digit(value: str) -> bool:
    """True when value is 12 digits whose last digit is the check digit of the first 11."""
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        return False
    return check_digit(value[:11]) == int(value[11])


@dataclass(frozen=True)
class IinFacts:
    """What an IIN says of its holder."""

    birth_date: dt.date
    sex: str


def iin_problem(value: str, today: dt.date | None = None) -> Text | None:
    """Why value is not a valid IIN, or None when it is."""
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        return IIN_DIGITS()
    if int(value[6]) not in CENTURY_SEX:
        return IIN_CENTURY()
    century, _ = CENTURY_SEX[int(value[6])]
    try:
        born = dt.date(century + int(value[0:2]), int(value[2:4]), int(value[4:6]))
    except ValueError:
        return IIN_BIRTH_DATE()
    if born > (today or dt.date.today()):
        return IIN_FUTURE()
    if not has_valid_check_digit(value):
        return IIN_CHECK_DIGIT()
    return None


def parse_iin(value: str) -> IinFacts:
    """Birth date and sex of a valid IIN; raises ValueError for an invalid one."""
    problem = iin_problem(value)
    if problem:
        raise ValueError(problem)
    century, sex = CENTURY_SEX[int(value[6])]
    return IinFacts(dt.date(century + int(value[0:2]), int(value[2:4]), int(value[4:6])), sex)


def bin_problem(value: str) -> Text | None:
    """Why value is not a valid BIN, or None when it is."""
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        return BIN_DIGITS()
    if value[4] not in BIN_ENTITY_TYPES:
        return BIN_TYPE()
    if not has_valid_check_digit(value):
        return BIN_CHECK_DIGIT()
    return None


def complete(first11: str) -> str | None:
    """Append the check digit to 11 digits; None when these 11 digits admit none."""
    d = check_digit(first11)
    return None if d is None else first11 + str(d)


def make_iin(birth_date: dt.date, sex: str, serial: int) -> str:
    """A valid IIN for a birth date, sex (M/F) and serial; the serial is bumped past numbers with no check digit."""
    century = birth_date.year // 100 * 100
    code = {(c, s): k for k, (c, s) in CENTURY_SEX.items()}[(century, sex)]
    stem = f"{birth_date:%y%m%d}{code}"
    for bump in range(10):
        candidate = complete(f"{stem}{(serial + bump) % 10000:04d}")
        if candidate:
            return candidate
    raise ValueError("no valid IIN near this serial")  # pragma: no cover - ten misses in a row cannot happen


def make_bin(registered: dt.date, serial: int, entity_type: str = "4") -> str:
    """A valid BIN for a registration month and serial (digit 6 is 0: head office)."""
    stem = f"{registered:%y%m}{entity_type}0"
    for bump in range(10):
        candidate = complete(f"{stem}{(serial + bump) % 100000:05d}")
        if candidate:
            return candidate
    raise ValueError("no valid BIN near this serial")  # pragma: no cover


def mask_identifier(value: str) -> str:
    """Hide all but the last four characters of a value that may be an IIN."""
    return "*" * max(0, len(value) - 4) + value[-4:]
