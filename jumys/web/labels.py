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
        "employer": t.gettext("Employer"),
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


RISK_CLASSES = ("high", "medium", "low")
RISK_COLOURS = {"high": "#c0392b", "medium": "#e69f00", "low": "#2e8b57"}


def risk_class_label(t: Translator, klass: str | None) -> str:
    """An enterprise's risk class in the page's language."""
    labels = {
        "high": t.gettext("High risk"),
        "medium": t.gettext("Medium risk"),
        "low": t.gettext("Low risk"),
    }
    return labels.get(klass or "", klass or "—")


def factor_label(t: Translator, code: str) -> str:
    """A factor of the enterprise risk score (the codes of fact_risk_scores.factors) in the page's language."""
    _ = t.gettext
    labels = {
        "size": _("Size: contracts active"),
        "avg_headcount": _("Average headcount over 3 years"),
        "injuries_weighted": _("Injuries over 3 years, weighted (fatal 10, severe 3, light 1)"),
        "injuries_per_100": _("Weighted injuries per 100 workers"),
        "inspections": _("Inspections over 3 years"),
        "violation_share": _("Share of inspections that found violations"),
        "violations": _("Violations found"),
        "fines_kzt": _("Fines, KZT"),
        "days_since_inspection": _("Days since the last inspection"),
        "arrears_kzt": _("Wage arrears open, KZT"),
        "arrears_workers": _("Workers owed wages"),
        "harmful_share": _("Share of harmful or hazardous jobs"),
        "churn": _("Staff turnover over 12 months"),
        "low_pay_share": _("Share paid under the minimum wage"),
        "unconfirmed_share": _("Share without pension contributions"),
        "section": _("Sector (OKED section)"),
        "vision_zero": _("Member of Vision Zero"),
    }
    return labels.get(code, code)


SHARE_FACTORS = frozenset({"violation_share", "harmful_share", "churn", "low_pay_share", "unconfirmed_share"})


def factor_value(t: Translator, code: str, value: float | str | None) -> str:
    """A factor's value as the page shows it: shares in per cent, sums and counts as numbers, the sector by name."""
    if value is None or value == "":
        return "—"
    if code == "section":
        return f"{value} · {dict(sector_labels(t)).get(str(value), '')}".rstrip(" ·")
    if code == "vision_zero":
        return t.gettext("yes") if str(value).lower() in ("1", "1.0", "true", "yes") else t.gettext("no")
    if isinstance(value, str):
        return value
    if code in SHARE_FACTORS:
        return t.pct(value)
    return t.num(value, 0 if float(value).is_integer() else 1)


def incident_label(t: Translator, severity: str) -> str:
    """An occupational accident's severity in the page's language."""
    labels = {"fatal": t.gettext("Fatal"), "severe": t.gettext("Severe"), "light": t.gettext("Light")}
    return labels.get(severity, severity)


def inspection_kind_label(t: Translator, kind: str) -> str:
    """An inspection's kind in the page's language."""
    labels = {
        "planned": t.gettext("Planned"),
        "unplanned": t.gettext("Unplanned"),
        "preventive": t.gettext("Preventive"),
    }
    return labels.get(kind, kind)
