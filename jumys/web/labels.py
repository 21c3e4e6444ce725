"""Words of the domain in the page's language: statuses, roles, alert kinds, OKED sections."""

from __future__ import annotations

from jumys.web.i18n import Translator

STATUSES = ("pending", "on_track", "at_risk", "fulfilled", "failed")


def status_label(t: Translator, status: str | None) -> str:
    """A project status in the page's language."""
    labels = {
        "pending": t.gettext("Pending"),
        "on_track": t.gettext("On track"),
        "at_risk": t.gettext("At risk"),
        "fulfilled": t.gettext("Fulfilled"),
        "failed": t.gettext("Failed"),
    }
    return labels.get(status or "", status or "—")


def role_label(t: Translator, role: str) -> str:
    """A role in the page's language."""
    labels = {
        "ministry": t.gettext("Ministry"),
        "akimat": t.gettext("Akimat"),
        "inspector": t.gettext("Inspector"),
        "investor": t.gettext("Investor"),
        "public": t.gettext("Public"),
    }
    return labels.get(role, role)


def severity_label(t: Translator, severity: str) -> str:
    """An alert's severity in the page's language."""
    return {"high": t.gettext("High"), "medium": t.gettext("Medium")}.get(severity, severity)


def alert_kind_label(t: Translator, kind: str) -> str:
    """An alert's kind in the page's language."""
    labels = {
        "failed": t.gettext("Promise broken"),
        "at_risk": t.gettext("Behind schedule"),
        "unconfirmed": t.gettext("Contracts without contributions"),
        "low_wage_share": t.gettext("Wage share under target"),
    }
    return labels.get(kind, kind)


def sector_labels(t: Translator) -> list[tuple[str, str]]:
    """The 21 OKED sections as (letter, short name) in the page's language."""
    _ = t.gettext
    names = {
        "A": _("Agriculture, forestry and fishing"),
        "B": _("Mining and quarrying"),
        "C": _("Manufacturing"),
        "D": _("Electricity, gas, steam and air conditioning"),
        "E": _("Water supply, sewerage and waste"),
        "F": _("Construction"),
        "G": _("Wholesale and retail trade, repair of vehicles"),
        "H": _("Transport and storage"),
        "I": _("Accommodation and food services"),
        "J": _("Information and communication"),
        "K": _("Finance and insurance"),
        "L": _("Real estate"),
        "M": _("Professional, scientific and technical activities"),
        "N": _("Administrative and support services"),
        "O": _("Public administration and defence"),
        "P": _("Education"),
        "Q": _("Health and social work"),
        "R": _("Arts, entertainment and recreation"),
        "S": _("Other services"),
        "T": _("Households as employers"),
        "U": _("Extraterritorial organisations"),
    }
    return sorted(names.items())
