"""The reference data of the permit rules (docs/permits.md): staff categories, the seasonal list, quota shares.

Every number is a parameter with the default in force in 2025-2026; the shares can be set in the
settings (docs/configuration.md), the lists are data of the package.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jumys.config import Settings

CATEGORIES = ("head", "division_head", "specialist", "skilled_worker", "seasonal", "household")
CHECKS = ("quota", "labour_market_test", "local_share", "one_head_per_position", "seasonal_list")

# staff categories of check 3 by NKZ major group (1 managers; 2-3 specialists; 4-8 skilled; 9 not counted)
STAFF_GROUP = {
    "1": "head",
    "2": "specialist",
    "3": "specialist",
    "4": "skilled_worker",
    "5": "skilled_worker",
    "6": "skilled_worker",
    "7": "skilled_worker",
    "8": "skilled_worker",
}
# the staff category an applicant is counted in, by the permit's category (seasonal: by its NKZ group)
APPLICANT_GROUP = {
    "head": "head",
    "division_head": "head",
    "specialist": "specialist",
    "skilled_worker": "skilled_worker",
}
# the least share of citizens in each staff category, for employers of more than LOCAL_SHARE_STAFF staff
LOCAL_SHARE_MINIMUM = {"head": 0.70, "specialist": 0.90, "skilled_worker": 0.90}
LOCAL_SHARE_STAFF = 20
LABOUR_MARKET_TEST_DAYS = 15  # a vacancy posted at least this many days before the application
HEADS_PER_POSITION = 1  # active head permits an employer may hold per NKZ occupation

# The ten seasonal occupations (NKZ = ISCO-08 unit groups). The official list is not published in a
# machine-readable form: these are an assumption, the typical seasonal farm and construction work.
SEASONAL_OCCUPATIONS = (
    "6111",  # field crop and vegetable growers
    "6112",  # tree and shrub crop growers
    "6121",  # livestock and dairy producers
    "8341",  # mobile farm and forestry plant operators
    "9211",  # crop farm labourers
    "9212",  # livestock farm labourers
    "9213",  # mixed crop and livestock farm labourers
    "9214",  # garden and horticultural labourers
    "9312",  # civil engineering labourers
    "9313",  # building construction labourers
)


@dataclass(frozen=True)
class QuotaShares:
    """The national quota as a share of the labour force: from a year on, and the households' share."""

    share_2025: float = 0.002
    share_from_2026: float = 0.0025
    household: float = 0.029

    @classmethod
    def of(cls, settings: Settings) -> QuotaShares:
        """The shares set in settings (JUMYS_QUOTA_SHARE_2025, JUMYS_QUOTA_SHARE, JUMYS_HOUSEHOLD_QUOTA_SHARE)."""
        return cls(settings.quota_share_2025, settings.quota_share, settings.household_quota_share)

    def national(self, year: int) -> float:
        """The share of the labour force the national quota of a year may be (0.2 % to 2025, 0.25 % after)."""
        return self.share_2025 if year <= 2025 else self.share_from_2026


# The quota category of a vacancy's occupation, for the proposal of next year's quota: the seasonal list
# first, then the major group as in STAFF_GROUP, where group 1 is split by sub-major group: 11 (chief
# executives, senior officials and legislators: first heads and their deputies) is head, 12-14 (the
# managers of administrative, production and service units) division_head.
HEAD_SUB_MAJOR = "11"


def quota_category(nkz: str) -> str | None:
    """The quota category an occupation's vacancy shows demand for; None for group 9 off the list (and 0)."""
    if nkz in SEASONAL_OCCUPATIONS:
        return "seasonal"
    if nkz[:1] == "1":
        return "head" if nkz[:2] == HEAD_SUB_MAJOR else "division_head"
    return staff_group(nkz)


def staff_group(nkz: str) -> str | None:
    """The staff category of check 3 of an occupation; None for group 9 (not counted)."""
    return STAFF_GROUP.get(nkz[:1])


def applicant_group(category: str, nkz: str) -> str | None:
    """The staff category the applicant is counted in: by the permit's category, a seasonal by its occupation."""
    return APPLICANT_GROUP.get(category) if category in APPLICANT_GROUP else staff_group(nkz)


# ---- points (docs/permits.md, "Points"): COMPASS-like criteria, each 0 / half / full, and a pass mark ----
# The categories scored: the four of employers' staff with a qualification (heads too: managers are the most
# qualified staff); seasonal and household workers are never scored.
POINTS_CATEGORIES = ("head", "division_head", "specialist", "skilled_worker")
POINTS_PASS_MARK = 40
# (a) the offered salary against citizens' salaries of the occupation in the region: the share of them paid less
SALARY_PERCENTILES = ((0.90, 20), (0.65, 10))  # at or above the 90th percentile 20 points, the 65th 10
SALARY_MIN_CONTRACTS = 20  # fewer citizens' contracts than this: the next wider reference
# (b) qualification by NKZ major group (ISCO-08 skill levels: 1-2 level 3-4, 3 level 3, 4-8 level 2)
QUALIFICATION_POINTS = {"1": 20, "2": 20, "3": 10}  # every other group 0
# (c) shortage: unfilled vacancies of the occupation in the region against its job seekers there
SHORTAGE_RATIOS = ((2.0, 20), (1.0, 10))  # unfilled >= 2 x seekers 20 points, >= 1 x seekers 10; none 0
# (d) the employer's record over the 12 months before the application (and vacancies of (c) likewise)
LOCAL_HIRING_SHARES = ((0.90, 10), (0.70, 5))  # citizens among its hires: 90 % 10 points, 70 % 5
TRAINING_SHARES = ((0.05, 10),)  # citizens it trained at its expense per staff: 5 % 10 points
TRAINING_ANY = 5  # any citizen trained at its expense, fewer than 5 % of the staff
ARREARS_DEDUCTION = -20  # open wage arrears on the day of the application


def banded(value: float, bands: tuple[tuple[float, int], ...]) -> int:
    """The points of the first band whose threshold value reaches, else 0."""
    for threshold, points in bands:
        if value >= threshold:
            return points
    return 0
