"""Demo users for `make demo`: one per role, with known passwords printed, over a synthetic country.

Never for a real store: the passwords are in this file. `python -m jumys.web.demo` creates (or
resets) the users in the configured store and prints the address and the logins.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import sqlalchemy as sa

from jumys.access.service import add_user, list_users, set_password
from jumys.errors import JumysError
from jumys.reference.regions import get_region, region_codes
from jumys.registry.tables import TABLES
from jumys.storage.engine import make_engine
from jumys.storage.revisions import upgrade

ADDRESS = "http://127.0.0.1:8000/"


@dataclass(frozen=True)
class DemoUser:
    """A demo login and what it is limited to."""

    username: str
    role: str
    password: str
    region: str | None = None
    bin: str | None = None


def _busiest_region(conn: sa.Connection) -> str:
    """The region with the most projects (Almaty city when there are none)."""
    projects = TABLES["projects"]
    region = sa.func.substr(projects.c.kato, 1, 2)
    row = conn.execute(
        sa.select(region, sa.func.count()).group_by(region).order_by(sa.func.count().desc(), region).limit(1)
    ).first()
    return str(row[0]) if row else "75"


def _an_investor(conn: sa.Connection, region: str) -> str | None:
    """The investor with the most projects, preferring the given region."""
    projects = TABLES["projects"]
    in_region = sa.case((sa.func.substr(projects.c.kato, 1, 2) == region, 1), else_=0)
    row = conn.execute(
        sa.select(projects.c.investor_bin)
        .group_by(projects.c.investor_bin)
        .order_by(sa.func.max(in_region).desc(), sa.func.count().desc(), projects.c.investor_bin)
        .limit(1)
    ).first()
    return str(row[0]) if row else None


def demo_users(conn: sa.Connection) -> list[DemoUser]:
    """Create or reset one user per role; the akimat and the investor are picked from the data."""
    region = _busiest_region(conn)
    investor = _an_investor(conn, region)
    wanted = [
        DemoUser("ministry", "ministry", "ministry-demo-pass"),
        DemoUser("akimat", "akimat", "akimat-demo-pass", region=region),
        DemoUser("inspector", "inspector", "inspector-demo-pass"),
        DemoUser("public", "public", "public-demo-pass"),
    ]
    if investor:
        wanted.insert(3, DemoUser("investor", "investor", "investor-demo-pass", bin=investor))
    existing = {u["username"] for u in list_users(conn)}
    for u in wanted:
        if u.username in existing:
            set_password(conn, u.username, u.password)
        else:
            add_user(
                conn,
                u.username,
                u.role,
                known_regions=region_codes(),
                region=u.region,
                bins=[u.bin] if u.bin else [],
                password=u.password,
            )
    return wanted


def describe(users: list[DemoUser], address: str = ADDRESS) -> str:
    """The lines `make demo` prints: where the dashboard is and how to sign in as each role."""
    lines = ["", f"Jumys dashboard: {address}", "Demo logins (a demo only: these passwords are public):"]
    for u in users:
        limit = ""
        if u.region:
            region = get_region(u.region)
            limit = f"  region {u.region} {region.name_en if region else ''}".rstrip()
        if u.bin:
            limit = f"  investor BIN {u.bin}"
        lines.append(f"  {u.role:<10} user {u.username:<10} password {u.password:<20}{limit}".rstrip())
    lines.append("Without signing in you see what the public sees. Stop the server with Ctrl+C.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Create the demo users in the configured store and print the logins (argument: the address served)."""
    args = sys.argv[1:] if argv is None else argv
    address = args[0] if args else ADDRESS
    try:
        engine = make_engine()
        upgrade(engine)
        with engine.begin() as conn:
            users = demo_users(conn)
        engine.dispose()
    except JumysError as e:
        print(f"error: {e.message}", file=sys.stderr)
        return 2
    print(describe(users, address))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
