"""Events: contract and payroll rows sent as events are checked as batch rows, applied in one transaction and
idempotent by event id."""

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from jumys.config import Settings
from jumys.registry import events as events_module
from jumys.registry.events import Event, EventsReport, ingest_events
from jumys.registry.tables import events as events_table
from tests import factories as f
from tests.factories import TODAY, ingest, rows, snapshot


def _employer(engine: sa.Engine, settings: Settings, tmp_path: Path) -> str:
    boss = f.employer()
    ingest(engine, f.write_batch(tmp_path / "employers", {"employers": [boss]}), settings)
    return str(boss["bin"])


def _send(engine: sa.Engine, settings: Settings, sent: list[Event]) -> EventsReport:
    return ingest_events(engine, sent, settings=settings, today=TODAY)


def _statuses(report: EventsReport) -> list[str]:
    return [r.status for r in report.results]


def _codes(report: EventsReport, index: int) -> list[tuple[str | None, str]]:
    return sorted((r["column"], r["reason"].code) for r in report.results[index].reasons)


def test_events_are_applied_and_an_event_sent_again_changes_nothing(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    bin_ = _employer(engine, settings, tmp_path)
    c = f.contract(bin_)
    sent = [Event("e-1", "contract", c), Event("e-2", "payroll", f.payroll(c["iin"], bin_))]
    first = _send(engine, settings, sent)
    assert _statuses(first) == ["applied", "applied"]
    assert first.batch_no == 2
    assert len(rows(engine, "contracts")) == len(rows(engine, "payroll")) == 1
    stored = sorted((r[0], r[1], r[3]) for r in rows(engine, "events"))
    assert stored == [("e-1", "contract", 2), ("e-2", "payroll", 2)]
    before = snapshot(engine)
    again = _send(engine, settings, sent)
    assert _statuses(again) == ["duplicate", "duplicate"]
    assert again.batch_no is None
    assert snapshot(engine) == before


def test_an_event_id_applied_before_with_other_contents_is_refused(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    bin_ = _employer(engine, settings, tmp_path)
    c = f.contract(bin_)
    _send(engine, settings, [Event("e-1", "contract", c)])
    before = snapshot(engine)
    report = _send(engine, settings, [Event("e-1", "contract", c | {"salary_kzt": "1"})])
    assert _statuses(report) == ["refused"]
    assert _codes(report, 0) == [("event_id", "events.id_clash")]
    assert report.results[0].reasons[0]["reason"].params["no"] == 2
    assert snapshot(engine) == before


def test_a_bad_event_gets_the_reasons_a_batch_row_gets(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    """The same bad rows as a batch and as events: the same columns, codes and values rejected."""
    bin_ = _employer(engine, settings, tmp_path)
    iin = f.new_iin()
    bad_contracts = [
        f.contract(bin_, iin=iin[:11] + str((int(iin[11]) + 1) % 10)),  # check digit
        f.contract(f.new_bin()),  # an employer not stored
        f.contract(bin_, start_date="2024-13-01", salary_kzt="-5", contract_type="forever"),
        f.contract(bin_, end_date="2023-01-01"),  # before its start
    ]
    bad_payroll = [
        f.payroll(iin, bin_, period="2024-2"),
        f.payroll(f.new_iin(), bin_, opv_kzt="", wage_kzt="x"),
    ]
    batch = ingest(
        engine,
        f.write_batch(tmp_path / "bad", {"contracts": bad_contracts, "payroll": bad_payroll}),
        settings,
    )
    with engine.connect() as conn:
        stored = conn.execute(
            sa.text('SELECT file, line, "column", code, value FROM batch_rejects WHERE batch_no = :b'),
            {"b": batch.batch_no},
        ).all()
    as_batch = sorted(
        (file.split(".")[0], line - 2, col, code, value) for file, line, col, code, value in stored
    )
    sent = [Event(f"c{i}", "contract", r) for i, r in enumerate(bad_contracts)]
    sent += [Event(f"p{i}", "payroll", r) for i, r in enumerate(bad_payroll)]
    report = _send(engine, settings, sent)
    assert _statuses(report) == ["refused"] * len(sent)
    as_events = sorted(
        (
            "contracts" if r.index < len(bad_contracts) else "payroll",
            r.index if r.index < len(bad_contracts) else r.index - len(bad_contracts),
            reason["column"],
            reason["reason"].code,
            reason["value"],
        )
        for r in report.results
        for reason in r.reasons
    )
    assert as_events == as_batch
    assert {code for *_, code, _ in as_batch} >= {
        "id.iin_check_digit",
        "reject.not_an_employer",
        "reject.not_a_date",
        "reject.at_least",
        "reject.not_one_of",
        "reject.is_before",
        "reject.not_a_period",
        "reject.required",
        "reject.not_whole",
    }
    assert rows(engine, "events") == []


def test_a_request_applies_its_good_events_and_refuses_each_bad_one(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    bin_ = _employer(engine, settings, tmp_path)
    good = f.contract(bin_)
    sent = [
        Event("good-1", "contract", good),
        Event("bad-1", "contract", f.contract(bin_, nkz="12")),
        Event("good-2", "payroll", f.payroll(good["iin"], bin_)),
        Event("bad-2", "payroll", f.payroll(good["iin"], f.new_bin())),
    ]
    report = _send(engine, settings, sent)
    assert _statuses(report) == ["applied", "refused", "applied", "refused"]
    assert _codes(report, 1) == [("nkz", "reject.nkz_digits")]
    assert _codes(report, 3) == [("bin", "reject.not_an_employer")]
    assert [r.event_id for r in report.results] == ["good-1", "bad-1", "good-2", "bad-2"]
    assert sorted(r[0] for r in rows(engine, "events")) == ["good-1", "good-2"]
    assert [r[0] for r in rows(engine, "contracts")] == [good["contract_id"]]
    # a refused event may be sent again, corrected, under its id
    fixed = _send(engine, settings, [Event("bad-1", "contract", f.contract(bin_))])
    assert _statuses(fixed) == ["applied"]


def test_one_record_twice_in_a_request_is_refused_naming_the_first_event(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    bin_ = _employer(engine, settings, tmp_path)
    c = f.contract(bin_)
    sent = [
        Event("p", "payroll", f.payroll(c["iin"], bin_)),
        Event("a", "contract", c),
        Event("b", "contract", c | {"end_date": "2024-12-31"}),
    ]
    report = _send(engine, settings, sent)
    assert _statuses(report) == ["applied", "applied", "refused"]
    (reason,) = report.results[2].reasons
    assert (reason["reason"].code, reason["reason"].params) == ("events.duplicate_key", {"index": 1})


def test_one_event_id_twice_in_a_request(engine: sa.Engine, settings: Settings, tmp_path: Path) -> None:
    bin_ = _employer(engine, settings, tmp_path)
    c: dict[str, Any] = f.contract(bin_)
    sent = [Event("e", "contract", c), Event("e", "contract", c), Event("e", "contract", c | {"nkz": "7111"})]
    report = _send(engine, settings, sent)
    assert _statuses(report) == ["applied", "duplicate", "refused"]
    assert _codes(report, 2) == [("event_id", "events.id_twice")]
    assert len(rows(engine, "contracts")) == 1


def test_columns_outside_the_contract_are_ignored_with_a_warning(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    bin_ = _employer(engine, settings, tmp_path)
    report = _send(engine, settings, [Event("e", "contract", f.contract(bin_) | {"colour": "red"})])
    assert _statuses(report) == ["applied"]
    assert [w.code for w in report.warnings] == ["warning.columns_ignored"]
    assert events_table.name == "events"


def test_a_failure_while_applying_applies_no_event(
    engine: sa.Engine, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash after the rows and the ids are written, before COMMIT: neither the rows nor the ids stay."""
    bin_ = _employer(engine, settings, tmp_path)
    before = snapshot(engine)
    real = events_module._record

    def crashing(*given: Any) -> Any:
        record = real(*given)

        def step(target: Any, batch_no: int) -> None:
            record(target, batch_no)
            raise RuntimeError("disk full")

        return step

    monkeypatch.setattr(events_module, "_record", crashing)
    with pytest.raises(RuntimeError):
        _send(engine, settings, [Event("e", "contract", f.contract(bin_))])
    assert snapshot(engine) == before
    monkeypatch.undo()
    assert _statuses(_send(engine, settings, [Event("e", "contract", f.contract(bin_))])) == ["applied"]
