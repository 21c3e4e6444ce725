"""Commands of the personal cabinet: persons' accounts (`jumys cabinet ...`) and the e-mail outbox
(`jumys outbox ...`)."""

from __future__ import annotations

import json
import time
import uuid
from typing import Annotated

import typer

from jumys.cli.common import app, cli_principal, err, friendly, out, store
from jumys.cli.tables import Col, print_table

cabinet_app = typer.Typer(help="The personal cabinet: persons' accounts.", no_args_is_help=True)
app.add_typer(cabinet_app, name="cabinet")
outbox_app = typer.Typer(help="The cabinet's e-mails: the outbox and its delivery.", no_args_is_help=True)
app.add_typer(outbox_app, name="outbox")

Iin = Annotated[
    str, typer.Option(help="The person's IIN: hashed at once into their pseudonym, never stored.")
]


@cabinet_app.command("add-person")
@friendly
def add_person(
    iin: Iin,
    email: Annotated[str, typer.Option(help="Where the person's notifications are e-mailed.")],
    lang: Annotated[str, typer.Option(help="The language of the e-mails: ru, kk or en.")] = "ru",
) -> None:
    """Open a person's cabinet account; prints its one-time password, once (only its hash is stored)."""
    from jumys.config import get_settings  # deferred: CLI start-up time
    from jumys.doors.cabinet import add_person as add
    from jumys.doors.cabinet import key_of

    engine = store()
    person, password = add(engine, key_of(get_settings(), engine), cli_principal(), iin, email, lang)
    out.print(f"account {person.account_id} for person {person.short} <{person.email}>")
    out.print(
        f"one-time password (hand it to the person; it is not shown again): {password}", highlight=False
    )


@cabinet_app.command("disable-person")
@friendly
def disable_person(iin: Iin) -> None:
    """Stop a person signing in to the cabinet; their sessions end at once."""
    from jumys.access.service import record_audit  # deferred: CLI start-up time
    from jumys.cabinet.accounts import disable_person as disable
    from jumys.config import get_settings
    from jumys.doors.cabinet import key_of

    engine = store()
    with engine.begin() as conn:
        person = disable(conn, key_of(get_settings(), engine), iin)
        record_audit(conn, cli_principal(), "disable_person", f"person account {person.account_id}")
    out.print(f"account {person.account_id} (person {person.short}) disabled")


@cabinet_app.command("persons")
@friendly
def persons(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """The persons' accounts: number, pseudonym's short form, e-mail, language, whether disabled."""
    from jumys.cabinet.accounts import list_accounts  # deferred: CLI start-up time

    with store().connect() as conn:
        rows = list_accounts(conn)
    if as_json:
        out.print_json(json.dumps(rows, default=str))
        return
    cols = [
        Col("account", key=True),
        Col("person", right=False, key=True),
        Col("e-mail", right=False),
        Col("lang", right=False),
        Col("disabled", right=False),
    ]
    shown = [
        [str(r["account_id"]), r["person"], r["email"], r["lang"], "yes" if r["disabled"] else ""]
        for r in rows
    ]
    print_table(out, cols, shown, none="no account yet")


@outbox_app.command("deliver")
@friendly
def deliver(
    once: Annotated[bool, typer.Option("--once", help="Drain the outbox once and stop.")] = False,
    seconds: Annotated[float, typer.Option(help="Without --once: the wait between drains.")] = 30.0,
) -> None:
    """Notice new statuses and send the outbox's due e-mails to JUMYS_SMTP_HOST; again every --seconds until
    stopped (Ctrl+C), or once. An e-mail is never sent twice (docs/cabinet.md)."""
    from jumys.cabinet.outbox import Smtp  # deferred: CLI start-up time
    from jumys.cli.forward import served_engine
    from jumys.config import get_settings
    from jumys.doors.cabinet import Mailer

    engine = store()
    if not once and served_engine() is not None:
        err.print("jumys serve drains the outbox itself while JUMYS_SMTP_HOST is set: run with --once")
        raise typer.Exit(2)
    mailer = Mailer(engine, Smtp.of(get_settings()), seconds)
    while True:
        report = mailer.round()
        out.print(
            f"sent {report.sent}, to be retried {report.retried}, failed {report.failed}, "
            f"unsure {report.unsure}"
        )
        for line in report.errors[:5]:
            err.print(f"  {line}", highlight=False)
        if once:
            return
        time.sleep(seconds)


@outbox_app.command("list")
@friendly
def list_mails(
    state: Annotated[str | None, typer.Option(help="Only pending, sending, sent, failed or unsure.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many, newest first.")] = 50,
) -> None:
    """The outbox's e-mails: to whom, their state, attempts, the last error."""
    from jumys.cabinet.outbox import list_outbox  # deferred: CLI start-up time

    with store().connect() as conn:
        rows = list_outbox(conn, state, limit)
    cols = [
        Col("e-mail", right=False, key=True),
        Col("state", right=False, key=True),
        Col("to", right=False),
        Col("attempts"),
        Col("next", right=False),
        Col("error", right=False, fold=True),
    ]
    shown = [
        [
            str(r["notification_id"]),
            r["state"],
            r["recipient"],
            str(r["attempts"]),
            f"{r['next_attempt_at']:%Y-%m-%d %H:%M}",
            r["last_error"] or "",
        ]
        for r in rows
    ]
    print_table(out, cols, shown, none="the outbox is empty")


@outbox_app.command("retry")
@friendly
def retry(
    notification_id: Annotated[str, typer.Argument(help="The e-mail (its id in `jumys outbox list`).")],
) -> None:
    """Queue an unsure or failed e-mail again: it may reach the person twice, which is the officer's call."""
    from jumys.access.service import record_audit  # deferred: CLI start-up time
    from jumys.cabinet.outbox import retry as again

    engine = store()
    with engine.begin() as conn:
        again(conn, uuid.UUID(notification_id))
        record_audit(conn, cli_principal(), "retry_mail", f"e-mail {notification_id}")
    out.print(f"e-mail {notification_id} queued again")
