"""The delivery worker against a real (local) SMTP server: sent once, retried with backoff, a killed worker's
e-mail left unsure and never resent on its own; on both engines."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from typing import Any

from jumys.cabinet import outbox
from jumys.cabinet.outbox import LEASE, Smtp, deliver
from tests.cabinet.smtp import Mailbox, free_port, smtp_server
from tests.cabinet.world import CabinetWorld

NOW = dt.datetime(2027, 1, 10, 9, 0, tzinfo=dt.UTC)


def _three_mails(world: CabinetWorld, email: str = "worker@example.kz") -> None:
    """An account whose application is decided: three new statuses, three e-mails pending."""
    b = world.ready()
    iin = world.person()
    world.ingest()
    world.account(iin, email=email)
    world.decide(world.application(b, application_id="A1", iin=iin, valid_until="2027-03-31"))
    assert [m["state"] for m in world.table("cabinet_outbox")] == ["pending"] * 3


def _states(world: CabinetWorld) -> list[str]:
    return sorted(m["state"] for m in world.table("cabinet_outbox"))


def test_every_pending_mail_is_sent_once(world: CabinetWorld) -> None:
    _three_mails(world)
    box = Mailbox()
    with smtp_server(box) as port:
        smtp = Smtp("127.0.0.1", port, sender="jumys@example.kz")
        report = deliver(world.engine, smtp, NOW)
        again = deliver(world.engine, smtp, NOW + dt.timedelta(days=1))
    assert (report.sent, again.sent, len(box.received)) == (3, 0, 3)
    assert _states(world) == ["sent"] * 3
    subjects = sorted(m["Subject"] for m in box.received)
    assert all(m["To"] == "worker@example.kz" and m["From"] == "jumys@example.kz" for m in box.received)
    assert subjects == sorted(m["subject"] for m in world.table("cabinet_outbox"))
    assert "A1" in subjects[0]


def test_a_server_that_cannot_be_reached_is_tried_again_after_a_doubling_wait(world: CabinetWorld) -> None:
    _three_mails(world)
    port = free_port()  # nobody listens there
    down = Smtp("127.0.0.1", port, timeout=2)
    for _ in range(3):  # a drain stops at the first failure to connect: the others wait for the next
        assert deliver(world.engine, down, NOW).retried == 1
    rows = world.table("cabinet_outbox")
    assert _states(world) == ["pending"] * 3
    assert {r["attempts"] for r in rows} == {1} and all(r["last_error"] for r in rows)
    assert deliver(world.engine, down, NOW + dt.timedelta(seconds=59)).retried == 0  # not due yet
    for _ in range(3):
        assert deliver(world.engine, down, NOW + dt.timedelta(minutes=1)).retried == 1
    assert {r["attempts"] for r in world.table("cabinet_outbox")} == {2}
    assert outbox.backoff(2) == dt.timedelta(minutes=2) and outbox.backoff(30) == outbox.MAX_BACKOFF
    box = Mailbox()
    with smtp_server(box) as port:
        later = NOW + dt.timedelta(minutes=3)
        assert deliver(world.engine, Smtp("127.0.0.1", port), later).sent == 3
    assert len(box.received) == 3 and _states(world) == ["sent"] * 3


def test_a_server_refusing_for_now_is_retried_and_one_refusing_for_good_is_not(world: CabinetWorld) -> None:
    _three_mails(world)
    box = Mailbox(refuse="451 4.3.0 try again later")
    with smtp_server(box) as port:
        smtp = Smtp("127.0.0.1", port)
        assert deliver(world.engine, smtp, NOW).retried == 3
        box.refuse = "550 5.1.1 no such mailbox"
        report = deliver(world.engine, smtp, NOW + dt.timedelta(hours=1))
        assert report.failed == 3 and _states(world) == ["failed"] * 3
        assert deliver(world.engine, smtp, NOW + dt.timedelta(days=2)).failed == 0
    assert box.seen == 6 and box.received == []


def test_a_claimed_mail_of_a_stopped_worker_becomes_unsure_and_is_not_resent(world: CabinetWorld) -> None:
    _three_mails(world)
    for _ in range(3):
        assert outbox.claim(world.engine, NOW, "a worker that dies now") is not None
    assert outbox.claim(world.engine, NOW, "another") is None and _states(world) == ["sending"] * 3
    box = Mailbox()
    with smtp_server(box) as port:
        smtp = Smtp("127.0.0.1", port)
        assert deliver(world.engine, smtp, NOW + dt.timedelta(minutes=1)).sent == 0  # within its lease
        report = deliver(world.engine, smtp, NOW + LEASE + dt.timedelta(seconds=1))
        assert (report.sent, report.unsure) == (0, 3) and _states(world) == ["unsure"] * 3
        assert deliver(world.engine, smtp, NOW + dt.timedelta(days=1)).sent == 0
        assert box.received == []
        one = world.table("cabinet_outbox")[0]["notification_id"]
        with world.engine.begin() as conn:
            outbox.retry(conn, one, NOW + dt.timedelta(days=1))  # an officer's choice
        assert deliver(world.engine, smtp, NOW + dt.timedelta(days=1)).sent == 1
    assert len(box.received) == 1


class _Hanging(Mailbox):
    """Takes the message's data and never answers while `hang`: the worker waits in the middle of a send."""

    hang: bool = True

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if not self.hang:
            return await super().handle_DATA(server, session, envelope)
        self.seen += 1
        await asyncio.sleep(60)
        return "250 OK"


WORKER = """
import datetime as dt, sys
from jumys.cabinet.outbox import Smtp, deliver
from jumys.storage.engine import make_engine
from jumys.config import Settings
engine = make_engine(sys.argv[1], settings=Settings(home=sys.argv[3]))
deliver(engine, Smtp("127.0.0.1", int(sys.argv[2]), timeout=120), dt.datetime.fromisoformat(sys.argv[4]))
"""


def test_a_worker_killed_while_sending_leaves_its_mail_unsure_never_sent_twice(world: CabinetWorld) -> None:
    _three_mails(world)
    url = world.engine.url.render_as_string(hide_password=False)
    world.engine.dispose()  # the embedded store admits one process at a time
    box = _Hanging()
    with smtp_server(box) as port:
        worker = subprocess.Popen(
            [sys.executable, "-c", WORKER, url, str(port), str(world.settings.home), NOW.isoformat()],
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 60
            while box.seen == 0 and time.monotonic() < deadline and worker.poll() is None:
                time.sleep(0.05)
            assert box.seen == 1, "the worker never reached the server"
        finally:
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait()
        assert _states(world) == ["pending", "pending", "sending"]
        smtp = Smtp("127.0.0.1", port, timeout=2)
        later = NOW + LEASE + dt.timedelta(seconds=1)
        box.seen = 0
        box.hang = False  # answers again
        report = deliver(world.engine, smtp, later)
        assert (report.sent, report.unsure) == (2, 1)
    assert _states(world) == ["sent", "sent", "unsure"] and box.seen == 2
