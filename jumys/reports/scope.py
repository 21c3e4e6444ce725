"""Who sees what, as SQL: every read model adds these clauses to its query, so scoping lives in the database.

- ministry and inspector: the whole country;
- akimat: its one region, and nothing of any other;
- investor: the projects where its BINs invest or operate, its own employers; region aggregates as the public;
- employer: its own BINs (their permit applications); region aggregates as the public;
- public: region aggregates only, every number built from fewer than SUPPRESS_BELOW persons left out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import sqlalchemy as sa

from jumys.access.principal import SUPPRESS_BELOW, Principal
from jumys.errors import Forbidden, InvalidInput, NotFound
from jumys.kit.messages import Message, Text
from jumys.reference.regions import Region, get_region
from jumys.registry.tables import TABLES, employers, project_operators
from jumys.reports import messages as M

projects = TABLES["projects"]
View = Literal["full", "suppressed", "none"]


def region_view(p: Principal, kato2: str) -> View:
    """How p sees a region's aggregates: in full, with small numbers suppressed, or not at all."""
    if p.sees_all_regions:
        return "full"
    if p.role == "akimat":
        return "full" if p.region == kato2 else "none"
    return "suppressed"


def region_or_raise(kato2: str) -> Region:
    """The region of a 2-digit KATO code; NotFound when there is none."""
    region = get_region(kato2)
    if region is None:
        raise NotFound(M.NO_REGION, code=kato2)
    return region


def require_region(p: Principal, kato2: str) -> Region:
    """The region, when p may see it at all; Forbidden for another akimat's region."""
    region = region_or_raise(kato2)
    if region_view(p, kato2) == "none":
        raise Forbidden(M.REGION_FORBIDDEN, own=p.region, other=kato2)
    return region


def require_detail(p: Principal) -> None:
    """Project and employer detail is for signed-in roles; the public sees region aggregates only."""
    if p.role == "public":
        raise Forbidden(M.DETAIL_FORBIDDEN)


def query_date(value: str | None) -> dt.date | None:
    """A date asked for as YYYY-MM-DD, or None; InvalidInput for anything else."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(M.AS_OF, value=value) from None


def require_watcher(p: Principal, refusal: Message) -> None:
    """The lists that name employers or persons region by region (warnings, illegal work, foreign workers, the
    matching across regions) are for the ministry, inspectors and akimats: Forbidden(refusal) for anyone else."""
    if not (p.sees_all_regions or (p.role == "akimat" and p.region)):
        raise Forbidden(refusal)


def region_clause(p: Principal, region: sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
    """Rows of the regions p may see in full (region: a 2-digit KATO column)."""
    if p.sees_all_regions:
        return sa.true()
    if p.role == "akimat" and p.region:
        return region == p.region
    return sa.false()


def project_clause(p: Principal, project_id: sa.ColumnElement[Any] | None = None) -> sa.ColumnElement[bool]:
    """Projects p may see: by region for an akimat, by investor or operator BIN for an investor."""
    if p.sees_all_regions:
        return sa.true()
    if p.role == "akimat" and p.region:
        return sa.func.substr(projects.c.kato, 1, 2) == p.region
    if p.role == "investor" and p.bins:
        bins = sorted(p.bins)
        pid = projects.c.project_id if project_id is None else project_id
        operated = sa.exists().where(project_operators.c.project_id == pid, project_operators.c.bin.in_(bins))
        return sa.or_(projects.c.investor_bin.in_(bins), operated)
    return sa.false()


def employer_clause(p: Principal) -> sa.ColumnElement[bool]:
    """Employers p may see: an akimat those of its region, an investor or an employer its own BINs."""
    if p.sees_all_regions:
        return sa.true()
    if p.role == "akimat" and p.region:
        return sa.func.substr(employers.c.kato, 1, 2) == p.region
    if p.role in ("investor", "employer") and p.bins:
        return employers.c.bin.in_(sorted(p.bins))
    return sa.false()


def small(value: sa.ColumnElement[Any], persons: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    """value, or NULL when it is built from fewer than SUPPRESS_BELOW persons (primary cell suppression)."""
    return sa.case((sa.func.coalesce(persons, 0) >= SUPPRESS_BELOW, value), else_=sa.null())


def like_pattern(text: str, *, prefix: bool = False) -> str:
    """A LIKE pattern (escape character backslash) matching text literally: inside, or at the start."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{escaped}%" if prefix else f"%{escaped}%"


def plain_text(value: str, what: Text) -> str:
    """value, when free of control characters (PostgreSQL refuses NUL in text); InvalidInput otherwise."""
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise InvalidInput(M.CONTROL_CHARACTERS, what=what)
    return value
