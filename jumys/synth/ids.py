"""Vectorized IIN and BIN generation, and fixed-width identifier strings for pyarrow.

The check-digit rule is the one of jumys.kit.identifiers (and of the data contract), written
over numpy arrays. Numbers are unique by construction: within a group of equal leading digits
(birth date and century/sex for an IIN, registration month and entity type for a BIN) each
number gets its own slot of three consecutive serials, and the first serial of the slot that
has a check digit is used. Changing the last serial digit never changes the first weighted sum
(its weight, 11, is 0 mod 11) and moves the second by 2 mod 11, so at most one serial in ten
consecutive ones of a tens block lacks a check digit: three consecutive serials always hold one.
The serials depend only on the order of the input, so the caller's random order makes them
look random.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from jumys.synth.days import ymd

_W1 = np.arange(1, 12, dtype=np.int64)
_W2 = np.array([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2], dtype=np.int64)
_IIN_SLOTS = 3333  # serials 0000-9999, three per slot
_BIN_SLOTS = 33333  # serials 00000-99999, three per slot
_IIN_STRIDE = (
    1237  # coprime with 3333 = 3 * 11 * 101: slot = (stride * rank + shift) mod slots is a bijection
)
_BIN_STRIDE = 10007  # prime, coprime with 33333 = 3 * 41 * 271


# weighted sums by pairs of digits: stem * 10 has 12 digits, pair k holds digits 2k+1 and 2k+2 (the
# twelfth, a 0, weighs nothing); one table lookup per pair instead of one division per digit
_PAIRS = np.arange(100)
_PAIR_W1 = np.stack(
    [(_PAIRS // 10) * w1 + (_PAIRS % 10) * w2 for w1, w2 in zip([*_W1, 0][::2], [*_W1, 0][1::2], strict=True)]
)
_PAIR_W2 = np.stack(
    [(_PAIRS // 10) * w1 + (_PAIRS % 10) * w2 for w1, w2 in zip([*_W2, 0][::2], [*_W2, 0][1::2], strict=True)]
)


def check_digits(stems: NDArray[np.int64]) -> NDArray[np.int64]:
    """Check digit of 11-digit stems, or -1 where the stem admits none."""
    s1 = np.zeros(stems.size, dtype=np.int64)
    s2 = np.zeros(stems.size, dtype=np.int64)
    rest = stems * 10
    for k in range(5, -1, -1):
        rest, pair = np.divmod(rest, 100)
        s1 += _PAIR_W1[k][pair]
        s2 += _PAIR_W2[k][pair]
    s1 %= 11
    s2 %= 11
    return np.where(s1 != 10, s1, np.where(s2 != 10, s2, -1))


def _ranks(keys: NDArray[np.int64]) -> NDArray[np.int64]:
    """Rank of each element among those with an equal key (in the order given)."""
    n = keys.size
    # sorting the unique composite key * n + position is several times faster than a stable argsort
    order = np.sort(keys * n + np.arange(n, dtype=np.int64)) % max(n, 1)
    sorted_keys = keys[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    sizes = np.diff(np.r_[starts, n])
    rank_sorted = np.arange(n) - np.repeat(starts, sizes)
    ranks = np.empty(n, dtype=np.int64)
    ranks[order] = rank_sorted
    return ranks


def _with_serials(
    prefix: NDArray[np.int64], serial_digits: int, slots: int, stride: int
) -> NDArray[np.int64]:
    """Complete prefixes (11 - serial_digits digits) to valid, unique 12-digit numbers."""
    ranks = _ranks(prefix)
    if ranks.size and int(ranks.max()) >= slots:
        raise ValueError(f"more than {slots} identifiers share the same leading digits")
    # a per-group shift so that serials are spread over the whole range, not 0000, 0003, ...
    shift = ((prefix % slots) * (2654435761 % slots)) % slots
    slot = (ranks * stride + shift) % slots
    base = prefix * 10**serial_digits + slot * 3
    result = np.full(prefix.size, -1, dtype=np.int64)
    for bump in range(3):
        todo = result < 0
        if not todo.any():
            break
        stems = base[todo] + bump
        cd = check_digits(stems)
        result[np.flatnonzero(todo)[cd >= 0]] = stems[cd >= 0] * 10 + cd[cd >= 0]
    if (result < 0).any():  # pragma: no cover - impossible, see the module docstring
        raise ValueError("no serial with a check digit in a slot")
    return result


def make_iins(birth: NDArray[np.int32], female: NDArray[np.bool_]) -> NDArray[np.int64]:
    """Unique valid IINs (as integers) for birth dates and sexes; births must be 1800-2099."""
    year, month, dom = ymd(birth)
    century_sex = (year // 100 - 18) * 2 + 1 + female.astype(np.int64)
    if ((century_sex < 1) | (century_sex > 6)).any():
        raise ValueError("IIN birth years must lie in 1800-2099")
    prefix = ((year % 100) * 10000 + month * 100 + dom) * 10 + century_sex
    return _with_serials(prefix, 4, _IIN_SLOTS, _IIN_STRIDE)


def make_bins(registered: NDArray[np.int32], entity: NDArray[np.int64]) -> NDArray[np.int64]:
    """Unique valid BINs (as integers) for registration dates and entity types (4, 5 or 6); digit 6 is 0."""
    year, month, _ = ymd(registered)
    prefix = ((year % 100) * 100 + month) * 100 + entity * 10
    return _with_serials(prefix, 5, _BIN_SLOTS, _BIN_STRIDE)


# the two ASCII digits of 00..99 as one uint16 each (same byte order in and out, so any endianness works)
_PAIR_CHARS = (
    np.array([[48 + p // 10, 48 + p % 10] for p in range(100)], dtype=np.uint8).view(np.uint16).ravel()
)


def digit_strings(values: NDArray[np.int64], width: int, prefix: str = "") -> pa.StringArray:
    """Non-negative integers as zero-padded decimal strings of a fixed width, after an ASCII prefix."""
    n = values.size
    head = prefix.encode("ascii")
    pairs = np.empty((n, width // 2), dtype=np.uint16)
    rest = values.astype(np.int64, copy=True)
    for i in range(width // 2 - 1, -1, -1):  # two digits at a time, from the right
        rest, pair = np.divmod(rest, 100)
        pairs[:, i] = _PAIR_CHARS[pair]
    digits = pairs.view(np.uint8).reshape(n, width // 2 * 2)
    if width % 2:
        rest, single = np.divmod(rest, 10)
        digits = np.hstack([(single + 48).astype(np.uint8)[:, None], digits])
    if (rest != 0).any():
        raise ValueError(f"a value does not fit in {width} digits")
    chars = (
        np.hstack([np.broadcast_to(np.frombuffer(head, dtype=np.uint8), (n, len(head))), digits])
        if head
        else digits
    )
    total = len(head) + width
    offsets = np.arange(0, total * (n + 1), total, dtype=np.int32)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(np.ascontiguousarray(chars)))
