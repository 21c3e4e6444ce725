"""The verbs of foreign labour: check an application's fields, decide it by the rules, store and audit it.

`decide_application` runs in the caller's transaction (services flush, never commit): the caller decides
one application per transaction, under the door's write lock on DuckDB; on PostgreSQL the rows of the
employer and the quota are locked (checks.lock_rows), so two decisions never take the last unit twice.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from jumys.access.principal import Principal
from jumys.access.service import record_audit
from jumys.errors import Forbidden, InvalidInput
from jumys.kit.i18n import render
from jumys.kit.identifiers import iin_problem
from jumys.kit.messages import Share, Text
from jumys.permits import messages as M
from jumys.permits import rules
from jumys.permits.checks import lock_rows, run_checks
from jumys.permits.points import region_named, score_application, total_of
from jumys.permits.schemas import Application, Decision, FailedCheck
from jumys.permits.tables import issued_permits, permit_decisions, permit_points
from jumys.reference.countries import country_codes
from jumys.reference.regions import get_region
from jumys.registry.pseudonym import PseudonymKey, pseudonymise
from jumys.registry.tables import employers

FIELDS = (
    "application_id",
    "bin",
    "category",
    "nkz",
    "kato",
    "iin",
    "citizenship",
    "submitted_on",
    "valid_from",
    "valid_until",
)
OPTIONAL_FIELDS = ("salary_kzt",)  # absent or empty: the salary criterion earns no points ("not stated")
SALARY_DIGITS = 12  # whole tenge a month: more digits than any salary, fewer than a BIGINT holds
LANGS = ("ru", "kk", "en")
ACTION = "decide_permit"


def _invalid(application_id: str, reason: Text) -> InvalidInput:
    return InvalidInput(M.INVALID, application_id=application_id, reason=reason)


def _date(raw: Mapping[str, Any], name: str, application_id: str) -> dt.date:
    value = str(raw.get(name) or "").strip()
    if not value:
        raise _invalid(application_id, M.MISSING(field=name))
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _invalid(application_id, M.BAD_DATE(field=name, value=value)) from None


def _text(raw: Mapping[str, Any], name: str) -> str:
    value = raw.get(name)
    return "" if value is None else str(value).strip()


def application_id_of(raw: Mapping[str, Any]) -> str:
    """The application's id, when it is 1 to 64 printable characters; InvalidInput otherwise."""
    value = _text(raw, "application_id")
    if not value or len(value) > 64 or not value.isprintable():
        raise InvalidInput(M.INVALID, application_id=value[:64], reason=M.ID_INVALID())
    return value


def _salary(raw: Mapping[str, Any], application_id: str) -> int | None:
    """The offered monthly salary in whole tenge, None when not stated; InvalidInput when not a number above 0."""
    value = _text(raw, "salary_kzt")
    if not value:
        return None
    if not (value.isascii() and value.isdigit() and len(value) <= SALARY_DIGITS and int(value) > 0):
        raise _invalid(application_id, M.BAD_SALARY(value=value[:40]))
    return int(value)


def parse_application(conn: sa.Connection, raw: Mapping[str, Any], key: PseudonymKey) -> Application:
    """The application of raw fields, or InvalidInput naming the first thing wrong (docs/permits.md)."""
    aid = application_id_of(raw)
    for name in ("category", "nkz", "kato", "iin", "citizenship"):
        if not _text(raw, name):
            raise _invalid(aid, M.MISSING(field=name))
    category, nkz, kato = _text(raw, "category"), _text(raw, "nkz"), _text(raw, "kato")
    if category not in rules.CATEGORIES:
        raise _invalid(aid, M.UNKNOWN_CATEGORY(value=category, categories=", ".join(rules.CATEGORIES)))
    if not (len(nkz) == 4 and nkz.isascii() and nkz.isdigit() and nkz[0] != "0"):
        raise _invalid(aid, M.UNKNOWN_OCCUPATION(value=nkz))
    if not (len(kato) == 9 and kato.isascii() and kato.isdigit() and get_region(kato[:2]) is not None):
        raise _invalid(aid, M.UNKNOWN_REGION(value=kato))
    bin_ = _text(raw, "bin") or None
    if category == "household" and bin_ is not None:
        raise _invalid(aid, M.HOUSEHOLD_BIN())
    if category != "household" and bin_ is None:
        raise _invalid(aid, M.BIN_REQUIRED(category=category))
    if (
        bin_ is not None
        and conn.execute(sa.select(employers.c.bin).where(employers.c.bin == bin_)).first() is None
    ):
        raise _invalid(aid, M.UNKNOWN_EMPLOYER(value=bin_))
    iin = _text(raw, "iin")
    problem = iin_problem(iin)
    if problem is not None:
        raise _invalid(aid, M.BAD_IIN(problem=problem))
    citizenship = _text(raw, "citizenship").upper()
    if citizenship not in country_codes():
        raise _invalid(aid, M.BAD_CITIZENSHIP(value=citizenship))
    submitted, start, end = (_date(raw, n, aid) for n in ("submitted_on", "valid_from", "valid_until"))
    if not submitted <= start < end:
        raise _invalid(aid, M.DATES_ORDER(submitted_on=submitted, valid_from=start, valid_until=end))
    salary = _salary(raw, aid)
    return Application(
        aid, bin_, category, nkz, kato, pseudonymise(key, iin), citizenship, submitted, start, end, salary
    )


def check_applicant(p: Principal, raw: Mapping[str, Any]) -> None:
    """The ministry applies for anyone; an employer only for its own BINs; nobody else (Forbidden)."""
    if p.role == "ministry":
        return
    if p.role != "employer":
        raise Forbidden(M.APPLY_FORBIDDEN)
    bin_ = _text(raw, "bin")
    if bin_ not in p.bins:
        raise Forbidden(M.OWN_BIN_ONLY, own=", ".join(sorted(p.bins)), bin=bin_ or "-")


_CHECK_MESSAGES = {
    "quota": M.CHECK_QUOTA,
    "labour_market_test": M.CHECK_LABOUR_MARKET_TEST,
    "local_share": M.CHECK_LOCAL_SHARE,
    "one_head_per_position": M.CHECK_ONE_HEAD,
    "seasonal_list": M.CHECK_SEASONAL_LIST,
}


def check_text(failed: FailedCheck) -> Text:
    """A failed check in words, with its numbers."""
    params = dict(failed.numbers)
    if failed.check == "local_share":
        params |= {"share": Share(params["share"]), "minimum": Share(params["minimum"])}
        params["group"] = M.STAFF_GROUP_NAMES[params["group"]]()
    if "category" in params:  # names, not codes, in each language
        params["category"] = M.CATEGORY_NAMES[params["category"]]()
    if "region" in params:
        params["region"] = region_named(params["region"])
    for name in ("permits", "listed"):
        if name in params:
            params[name] = ", ".join(params[name])
    if "year" in params:  # a year is a name, not an amount: no grouping of its digits
        params["year"] = str(params["year"])
    if "posted_by" in params:
        params["posted_by"] = dt.date.fromisoformat(params["posted_by"])
    return _CHECK_MESSAGES[failed.check](**params)


def sentence(text: Text) -> dict[str, str]:
    """A text in Russian, Kazakh and English."""
    return {lang: render(text.code, text.params, lang).strip() for lang in LANGS}


def decision_text(permit_id: str | None, failed: list[FailedCheck]) -> Text:
    """The decision in words: issued, or refused with every failed check."""
    if permit_id is not None:
        return M.ISSUED(permit_id=permit_id)
    return M.REFUSED(reasons=[check_text(f) for f in failed])


def invalid_decision(application_id: str, error: InvalidInput) -> Decision:
    """The answer to an application that could not be decided: nothing stored."""
    text = error.text
    reason = text.params.get("reason")
    return Decision(
        application_id=application_id,
        decision="invalid",
        sentence=sentence(text),
        reason=reason.as_json() if isinstance(reason, Text) else text.as_json(),
    )


def stored_decision(conn: sa.Connection, application_id: str) -> Decision | None:
    """The decision stored for an application, or None when it was never decided."""
    row = conn.execute(
        sa.select(
            permit_decisions.c.decision, permit_decisions.c.permit_id, permit_decisions.c.failed_checks
        ).where(permit_decisions.c.application_id == application_id)
    ).first()
    if row is None:
        return None
    failed = [FailedCheck.model_validate(f) for f in json.loads(row.failed_checks)]
    return Decision(
        application_id=application_id,
        decision=row.decision,
        permit_id=row.permit_id,
        failed_checks=failed,
        sentence=sentence(decision_text(row.permit_id, failed)),
    )


def decide_application(conn: sa.Connection, p: Principal, app: Application) -> Decision:
    """Decide an application by rules 1-5 in order, store the decision (and the permit) and audit it.

    An application decided before is answered with its stored decision and changes nothing.
    """
    before = stored_decision(conn, app.application_id)
    if before is not None:
        return before
    lock_rows(conn, app)
    failed = run_checks(conn, app)
    permit_id = None if failed else f"WPA-{app.application_id}"
    row = {
        "application_id": app.application_id,
        "decided_at": dt.datetime.now(dt.UTC),
        "decided_by": p.username,
        "bin": app.bin,
        "category": app.category,
        "nkz": app.nkz,
        "kato": app.kato,
        "region": app.region,
        "person_id": app.person_id,
        "citizenship": app.citizenship,
        "submitted_on": app.submitted_on,
        "valid_from": app.valid_from,
        "valid_until": app.valid_until,
        "decision": "refused" if failed else "issued",
        "permit_id": permit_id,
        "failed_checks": json.dumps([f.model_dump() for f in failed], ensure_ascii=False),
    }
    conn.execute(permit_decisions.insert().values(**row))
    components = score_application(conn, app)
    if components is not None:
        conn.execute(
            permit_points.insert().values(
                application_id=app.application_id,
                salary_kzt=app.salary_kzt,
                total=total_of(components),
                pass_mark=rules.POINTS_PASS_MARK,
                components=json.dumps(components, ensure_ascii=False),
            )
        )
    if permit_id is not None:
        conn.execute(
            issued_permits.insert().values(
                permit_id=permit_id,
                application_id=app.application_id,
                person_id=app.person_id,
                citizenship=app.citizenship,
                bin=app.bin,
                category=app.category,
                nkz=app.nkz,
                kato=app.kato,
                issued_on=app.valid_from,
                valid_until=app.valid_until,
            )
        )
    detail = {"decision": row["decision"], "permit_id": permit_id, "failed": [f.check for f in failed]}
    if components is not None:
        detail["points"] = total_of(components)
    record_audit(conn, p, ACTION, f"application {app.application_id}", detail)
    return Decision(
        application_id=app.application_id,
        decision=row["decision"],
        permit_id=permit_id,
        failed_checks=failed,
        sentence=sentence(decision_text(permit_id, failed)),
    )


def decision_order(raw: Mapping[str, Any]) -> tuple[str, str]:
    """The order applications are decided in: (submitted_on, application_id)."""
    return (_text(raw, "submitted_on"), _text(raw, "application_id"))


def selection_order(
    conn: sa.Connection, rows: list[Mapping[str, Any]], key: PseudonymKey, selection: str
) -> list[Mapping[str, Any]]:
    """The order a file is decided in: (submitted_on, application_id); with selection "points", the scored
    applications submitted on the same day for the same quota (year, region, category) take the places they
    hold among themselves in descending points, ties by application_id. Every other keeps its place."""
    ordered = sorted(rows, key=decision_order)
    if selection != "points":
        return ordered
    cells: dict[tuple[dt.date, int, str, str], list[tuple[int, int, str]]] = {}
    for i, raw in enumerate(ordered):
        try:
            app = parse_application(conn, raw, key)
        except InvalidInput:
            continue  # decided as invalid where it stands
        components = score_application(conn, app)
        if components is not None:
            cell = (app.submitted_on, app.year, app.region, app.category)
            cells.setdefault(cell, []).append((i, total_of(components), app.application_id))
    out = list(ordered)
    for members in cells.values():
        ranked = sorted(members, key=lambda m: (-m[1], m[2]))
        for (place, _, _), (i, _, _) in zip(members, ranked, strict=True):
            out[place] = ordered[i]
    return out
