"""Commands of access: serving the API and dashboard, users, the audit log."""

from __future__ import annotations

import gc
import json
import signal
import sys
from types import FrameType
from typing import TYPE_CHECKING, Annotated, Any

import typer

from jumys.cli.common import app, cli_principal, err, friendly, out, raise_if_locked, store
from jumys.cli.tables import Col, print_table
from jumys.reference.regions import region_codes

if TYPE_CHECKING:
    from jumys.config import Settings
    from jumys.doors.control import ControlChannel
    from jumys.doors.core import Door

users_app = typer.Typer(
    help="Who may use the API and the dashboard: users, roles, tokens.", no_args_is_help=True
)
app.add_typer(users_app, name="users")


@app.command()
@friendly
def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on; keep the loopback unless a proxy is in front.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the API (/api/v1, schema at /api/v1/openapi.json) and the dashboard over the store."""
    from jumys.config import get_settings
    from jumys.doors.accesslog import redact_access_log
    from jumys.doors.control import refuse_second
    from jumys.server import create_app

    settings = get_settings()
    refuse_second(settings)  # before the app: it would remove the other server's scratch folders
    try:
        api = create_app(settings)
    except Exception as e:
        raise_if_locked(e, settings.duckdb_path)
        raise
    channel = _open_channel(settings, port, api.state.door)
    # What is alive now (modules, the app, its tables) lives as long as the process: kept out of the
    # collector's full passes, which otherwise walked it for 70-90 ms each, stalling every request
    # in flight; the audited project detail had p95 118-135 ms at scale 1 because of them, 25-37 ms after.
    gc.collect()
    gc.freeze()
    redact_access_log()
    server = _uvicorn(api, host, port)
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        server.run()
    except KeyboardInterrupt:  # uvicorn stopped on Ctrl+C and raised it again: its log said so already
        raise typer.Exit(130) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
        if channel is not None:
            channel.close()
        # Frozen objects are never collected, not even at exit: the store's DuckDB objects among
        # them outlived the interpreter and nanobind printed "leaked ..." on every stop.
        gc.unfreeze()
        del api
        gc.collect()

    if not server.started:
        raise typer.Exit(3)  # it could not listen: uvicorn said why
    if server.stopped_by:  # a signal Python was told to ignore (Ctrl+C of a background job): the same code
        raise typer.Exit(128 + server.stopped_by)


def _open_channel(settings: Settings, port: int, door: Door) -> ControlChannel | None:
    """The control channel of a server of the embedded store (None for PostgreSQL): CLI commands run here."""
    from jumys.cli.forward import route_stdio, serving  # deferred: CLI start-up time
    from jumys.doors.control import ControlChannel

    channel = ControlChannel(settings, port, serving(door))
    if not channel.open():
        return None
    route_stdio()
    err.print(
        f"embedded store: CLI commands on JUMYS_HOME={settings.home} are run by this server (through {channel.path})",
        highlight=False,
    )
    return channel


def _uvicorn(api: Any, host: str, port: int) -> Any:
    """uvicorn's server for api, remembering the signal that stopped it (stopped_by)."""
    import uvicorn  # deferred: CLI start-up time

    class Server(uvicorn.Server):
        stopped_by: int | None = None

        def handle_exit(self, sig: int, frame: FrameType | None) -> None:
            if self.stopped_by is None:
                self.stopped_by = sig
            super().handle_exit(sig, frame)

    return Server(uvicorn.Config(api, host=host, port=port, log_level="info"))


def _stop(signum: int, _frame: object) -> None:
    """SIGTERM after uvicorn's graceful stop: exit through the finally blocks (the channel's files go)."""
    raise typer.Exit(128 + signum)


@users_app.command("add")
@friendly
def users_add(
    username: Annotated[str, typer.Argument(help="The name to sign in with.")],
    role: Annotated[str, typer.Option(help="ministry, akimat, inspector, investor, employer or public.")],
    region: Annotated[
        str | None, typer.Option(help="akimat: its region, a 2-digit KATO code (e.g. 75).")
    ] = None,
    bins: Annotated[
        list[str] | None,
        typer.Option("--bin", help="investor or employer: one of its BINs (repeat for more)."),
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    token: Annotated[
        bool, typer.Option("--token", help="A machine: issue a token instead of a password.")
    ] = False,
    token_days: Annotated[
        float | None, typer.Option(help="The token's lifetime in days (default: until disabled).")
    ] = None,
) -> None:
    """Create a user of a role; prints its generated password or token, once (only hashes are stored)."""
    from jumys.access.service import (
        add_user,
        generate_password,
        issue_token,
        record_audit,
    )  # deferred: CLI start-up time
    from jumys.cli.forward import read_stdin_line

    password = None
    if password_stdin:
        password = read_stdin_line()
    elif not token:
        password = generate_password()
    with store().begin() as conn:
        add_user(
            conn,
            username,
            role,
            known_regions=region_codes(),
            region=region,
            bins=bins or (),
            password=password,
        )
        secret = issue_token(conn, username, days=token_days) if token else None
        record_audit(
            conn,
            cli_principal(),
            "add_user",
            f"user {username}",
            {"role": role, "region": region, "bins": sorted(bins or ()), "token": token},
        )
    out.print(f"user {username} ({role}) created", highlight=False)
    if secret:
        out.print(f"token (shown once, send it as 'Authorization: Bearer TOKEN'):\n{secret}", highlight=False)
    elif password and not password_stdin:
        out.print(f"password (shown once):\n{password}", highlight=False)


@users_app.command("token")
@friendly
def users_token(
    username: Annotated[str, typer.Argument(help="The user the token signs in as.")],
    days: Annotated[
        float | None, typer.Option(help="The token's lifetime in days (default: until disabled).")
    ] = None,
) -> None:
    """Issue another machine token for a user; prints it, once."""
    from jumys.access.service import issue_token, record_audit  # deferred: CLI start-up time

    with store().begin() as conn:
        secret = issue_token(conn, username, days=days)
        record_audit(conn, cli_principal(), "issue_token", f"user {username}", {"days": days})
    out.print(f"token (shown once):\n{secret}", highlight=False)


@users_app.command("disable")
@friendly
def users_disable(username: Annotated[str, typer.Argument(help="The user to stop.")]) -> None:
    """Stop a user signing in; its sessions and tokens end at once."""
    from jumys.access.service import disable_user, record_audit  # deferred: CLI start-up time

    with store().begin() as conn:
        disable_user(conn, username)
        record_audit(conn, cli_principal(), "disable_user", f"user {username}")
    out.print(f"user {username} disabled")


@users_app.command("list")
@friendly
def users_list() -> None:
    """Every user with role, region or BINs, tokens, and whether it is disabled."""
    from jumys.access.service import list_users  # deferred: CLI start-up time

    with store().connect() as conn:
        rows = list_users(conn)
    if not rows:
        out.print("no users yet: jumys users add NAME --role ROLE")
        return
    cols = [
        Col("user", right=False, key=True),
        Col("role", right=False, key=True),
        Col("region", right=False),
        Col("BINs", right=False, fold=True),
        Col("password", "pw", right=False, drop=1),
        Col("tokens"),
        Col("created", right=False, drop=2),
        Col("disabled", right=False),
    ]
    table_rows = [
        [
            u["username"],
            u["role"],
            u["region"] or "",
            u["bins"] or "",
            "yes" if u["has_password"] else "no",
            str(u["tokens"]),
            f"{u['created_at']:%Y-%m-%d}",
            f"{u['disabled_at']:%Y-%m-%d}" if u["disabled_at"] else "",
        ]
        for u in rows
    ]
    print_table(out, cols, table_rows)


@app.command()
@friendly
def audit(
    limit: Annotated[int, typer.Option(help="How many lines, newest first.")] = 50,
    user: Annotated[str | None, typer.Option(help="Only this user's lines.")] = None,
    action: Annotated[
        str | None, typer.Option(help="Only this action, e.g. read_project or ingest_batch.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The audit log: who read person-level data or wrote anything, when, and how it went."""
    from jumys.access.service import list_audit  # deferred: CLI start-up time

    with store().connect() as conn:
        rows = list_audit(conn, limit=limit, username=user, action=action)
    if as_json:
        sys.stdout.write(json.dumps(rows, default=str, ensure_ascii=False, indent=1) + "\n")
        return
    cols = [
        Col("when (UTC)", right=False, key=True),
        Col("user", right=False, key=True),
        Col("role", right=False, drop=3),
        Col("via", right=False, drop=2),
        Col("action", right=False, key=True),
        Col("resource", right=False, key=True, fold=True),
        Col("outcome", right=False, key=True),
        Col("detail", right=False, drop=1, fold=True),
    ]
    table_rows = []
    for r in rows:
        colour = {"ok": "green", "denied": "red", "failed": "yellow"}[r["outcome"]]
        table_rows.append(
            [
                f"{r['logged_at']:%Y-%m-%d %H:%M:%S}",
                r["username"],
                r["role"],
                r["via"],
                r["action"],
                r["resource"],
                f"[{colour}]{r['outcome']}[/]",
                json.dumps(r["detail"], ensure_ascii=False) if r["detail"] else "",
            ]
        )
    print_table(out, cols, table_rows, more="a wider terminal or --json shows them")
