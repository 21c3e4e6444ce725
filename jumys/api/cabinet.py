"""The personal cabinet's API: a person signs in by IIN and password and reads their own cases and
notifications; the ministry makes persons' accounts.

A person is known by the cabinet's own cookie (`jumys_cabinet`), which no other route reads: to the rest of
the API a person is the public. The cases are filtered by the person's pseudonym in the read model's SQL.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request, Response, Security
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyCookie
from pydantic import BaseModel, ConfigDict, Field

from jumys.api.deps import UNAUTHORIZED, Asker, Conn, Responses, error_response
from jumys.api.schemas import TEXT
from jumys.api.writes import SIGN_IN_ERRORS, WRITE_ERRORS
from jumys.cabinet.accounts import Person
from jumys.cabinet.notices import notifications_of
from jumys.cabinet.schemas import Notification, PersonCase
from jumys.doors import cabinet as door_cabinet
from jumys.doors.core import door_of
from jumys.reports.cabinet import person_cases

router = APIRouter(prefix="/cabinet", tags=["cabinet"])
cabinet_cookie = APIKeyCookie(
    name=door_cabinet.CABINET_COOKIE,
    auto_error=False,
    scheme_name="cabinet",
    description="A person's cabinet session, set by POST /api/v1/cabinet/session.",
)
PERSON_ERRORS: Responses = {401: error_response("Not signed in to the cabinet, or the session has ended.")}


def _person(request: Request) -> Person:
    return door_cabinet.person_of(door_of(request), request)


async def signed_in_person(
    request: Request, _value: Annotated[str | None, Security(cabinet_cookie)]
) -> Person:
    """The person signed in to the cabinet; 401 otherwise (a user's token or session is not a person's)."""
    return await run_in_threadpool(_person, request)


Signed = Annotated[Person, Depends(signed_in_person)]


class PersonSignIn(BaseModel):
    """A person's IIN and password."""

    model_config = ConfigDict(strict=True)

    iin: str = Field(min_length=1, max_length=64, pattern=TEXT, description="Hashed at once, never stored.")
    password: str = Field(min_length=1, max_length=1024, pattern=TEXT)


class PersonMe(BaseModel):
    """The person signed in: their account, the short form of their pseudonym, e-mail, and the session's end."""

    account_id: int
    person: str
    email: str
    lang: str
    expires_at: dt.datetime | None


class NewPerson(BaseModel):
    """An account to make: the person's IIN (hashed at once), e-mail and the language of the e-mails."""

    model_config = ConfigDict(strict=True)

    iin: str = Field(pattern=r"^[0-9]{12}$", description="12 digits with a valid check digit.")
    email: str = Field(min_length=3, max_length=254, pattern=TEXT)
    lang: Literal["ru", "kk", "en"] = "ru"


class MadePerson(PersonMe):
    """The account made, with its one-time password: shown this once, to be handed to the person."""

    password: str


def _me(person: Person) -> dict[str, Any]:
    return {
        "account_id": person.account_id,
        "person": person.short,
        "email": person.email,
        "lang": person.lang,
        "expires_at": person.expires_at,
    }


@router.post("/session", response_model=PersonMe, responses=SIGN_IN_ERRORS)
def sign_in(body: PersonSignIn, request: Request, response: Response) -> dict[str, Any]:
    """Sign a person in to the cabinet: sets the jumys_cabinet cookie. A wrong password, an IIN of no account
    and a disabled account get the same 401; too many failures of one IIN a 429."""
    door = door_of(request)
    person, value, expires = door_cabinet.sign_in(door, body.iin, body.password, "api")
    door_cabinet.set_cookie(response, request, door, value, expires)
    return _me(person) | {"expires_at": expires}


@router.delete("/session", status_code=204)
def sign_out(request: Request) -> Response:
    """Sign out of the cabinet: the session ends and its cookie is cleared."""
    door_cabinet.sign_out(door_of(request), request.cookies.get(door_cabinet.CABINET_COOKIE))
    response = Response(status_code=204)
    door_cabinet.clear_cookie(response)
    return response


@router.get("/me", response_model=PersonMe, responses=PERSON_ERRORS)
def me(person: Signed, response: Response) -> dict[str, Any]:
    """Who is signed in to the cabinet."""
    door_cabinet.private(response)
    return _me(person)


@router.get("/cases", response_model=list[PersonCase], responses=PERSON_ERRORS)
def cases(person: Signed, conn: Conn, request: Request, response: Response) -> list[PersonCase]:
    """The person's own cases (permit applications, permits, resettlement and kandas cases) with their
    status history, oldest step first; audited, never cached."""
    found = person_cases(conn, person)
    door_cabinet.audit_read(door_of(request), person, "cases")
    door_cabinet.private(response)
    return found


@router.get("/notifications", response_model=list[Notification], responses=PERSON_ERRORS)
def notifications(person: Signed, conn: Conn, request: Request, response: Response) -> list[Notification]:
    """The person's notifications, newest first: each new status of their cases, and its e-mail's state;
    audited, never cached."""
    found = notifications_of(conn, person.account_id)
    door_cabinet.audit_read(door_of(request), person, "notifications")
    door_cabinet.private(response)
    return found


@router.post("/persons", response_model=MadePerson, status_code=201, responses=WRITE_ERRORS | UNAUTHORIZED)
def add_person(body: NewPerson, request: Request, p: Asker) -> dict[str, Any]:
    """Make a person's account (the ministry): the answer holds its one-time password, shown this once."""
    person, password = door_cabinet.add_person_for(door_of(request), p, body.iin, body.email, body.lang)
    return _me(person) | {"password": password}
