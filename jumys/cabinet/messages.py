"""The messages of the personal cabinet: its errors, the names of statuses and the e-mail (jumys/kit/messages.py)."""

from __future__ import annotations

from jumys.kit.messages import Message

SIGN_IN_WRONG = Message("cabinet.sign_in_wrong", "wrong IIN or password")
SIGN_IN_FIRST = Message("cabinet.sign_in_first", "sign in to the personal cabinet first")
SESSION_EXPIRED = Message(
    "cabinet.session_expired", "the cabinet's session has expired or does not exist: sign in again"
)
IIN_INVALID = Message("cabinet.iin_invalid", "IIN: {problem}")
EMAIL_INVALID = Message("cabinet.email_invalid", "{email!r} is not an e-mail address")
LANG_UNKNOWN = Message(
    "cabinet.lang_unknown", "the language of the e-mails is one of ru, kk, en, not {lang!r}"
)
ACCOUNT_EXISTS = Message("cabinet.account_exists", "this person has an account already (number {account_id})")
ACCOUNT_UNKNOWN = Message("cabinet.account_unknown", "no account of this person")
SMTP_NOT_SET = Message("cabinet.smtp_not_set", "no SMTP server is configured: set JUMYS_SMTP_HOST")

# the names of the kinds of case and of their statuses, as a person reads them
KIND_NAMES = {
    "application": Message("cabinet.kind_application", "permit application"),
    "permit": Message("cabinet.kind_permit", "work permit"),
    "resettlement": Message("cabinet.kind_resettlement", "resettlement case"),
}
STATUS_NAMES = {
    "submitted": Message("cabinet.status_submitted", "submitted"),
    "issued": Message("cabinet.status_issued", "issued"),
    "refused": Message("cabinet.status_refused", "refused"),
    "expired": Message("cabinet.status_expired", "expired"),
    "revoked": Message("cabinet.status_revoked", "revoked"),
    "moved": Message("cabinet.status_moved", "moved to the new region"),
    "left": Message("cabinet.status_left", "left the region"),
}
MAIL_SUBJECT = Message("cabinet.mail_subject", "Jumys: your {kind} {case_id} is now {status}")
MAIL_BODY = Message(
    "cabinet.mail_body",
    "Hello,\n\nthe status of your {kind} {case_id} changed on {day}: {status}.\n\n"
    "Sign in to your personal cabinet to see its history.\n\nJumys",
)
MAIL_UNKNOWN = Message("cabinet.mail_unknown", "no unsure or failed e-mail {notification_id} in the outbox")
