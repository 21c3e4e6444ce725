"""What the pages show, shaped from the read models: map colours, chart series, rows in the page's words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from jumys.access.principal import Principal
from jumys.kit.collation import SortKey, sort_key
from jumys.kit.messages import Text
from jumys.reference.regions import get_region, regions
from jumys.registry.ingest import BatchReport
from jumys.web.i18n import Lang, Translator
from jumys.web.labels import sector_labels
from jumys.web.render import region_name

# verified ÷ promised: each class's upper bound and colour (red to green, colour-blind safe)
CLASSES: tuple[tuple[float | None, str], ...] = (
    (0.25, "#d7301f"),
    (0.5, "#fc8d59"),
    (0.75, "#fee08b"),
    (1.0, "#91cf60"),
    (None, "#1a9850"),
)
NO_DATA = "#c3ccd8"
HIDDEN = "#e6e9ee"
SERIES = {
    "promised": "#6b7280",
    "expected": "#d97706",
    "verified": "#0b5cad",
    "credited": "#1a9850",
    "provisional": "#8fb3d9",
    "unconfirmed": "#d7301f",
    "temporary": "#8b5cf6",
}


def colour(fulfilment: float | None) -> str:
    """The map colour of a share verified ÷ promised."""
    if fulfilment is None:
        return NO_DATA
    for upper, c in CLASSES:
        if upper is None or fulfilment < upper:
            return c
    return CLASSES[-1][1]


def legend(t: Translator) -> list[dict[str, str]]:
    """The map's legend: each colour class and what it means."""

    def p(x: float) -> str:
        return t.pct(x, 0)

    return [
        {"colour": CLASSES[0][1], "label": t.gettext("under {share}", share=p(0.25))},
        {"colour": CLASSES[1][1], "label": t.gettext("{low} to {high}", low=p(0.25), high=p(0.5))},
        {"colour": CLASSES[2][1], "label": t.gettext("{low} to {high}", low=p(0.5), high=p(0.75))},
        {"colour": CLASSES[3][1], "label": t.gettext("{low} to {high}", low=p(0.75), high=p(1))},
        {"colour": CLASSES[4][1], "label": t.gettext("{share} or more", share=p(1))},
        {"colour": NO_DATA, "label": t.gettext("no jobs promised")},
        {"colour": HIDDEN, "label": t.gettext("hidden or not yours to see")},
    ]


def map_rows(rows: list[dict[str, Any]], t: Translator) -> list[dict[str, Any]]:
    """The national map's rows with a colour each, sorted by the name in the page's language."""
    out = []
    for r in rows:
        # a region without projects has nothing to hide, whoever asks
        suppressed = bool(r["suppressed"] and r["projects"])
        hidden = not r["visible"] or suppressed
        out.append(r | {"suppressed": suppressed, "colour": HIDDEN if hidden else colour(r["fulfilment"])})
    return sorted(out, key=lambda r: region_sort_key(region_name(t.lang, r["kato2"], r), t.lang))


KIND_WORDS = ("г. ", "г.", "город ", "область ", " область", " облысы", " қаласы", " Region", "City of ")


def region_sort_key(name: str, lang: str) -> tuple[SortKey, SortKey]:
    """A region's place in an alphabetical list of lang: by its name without the words that only say what
    kind it is (область, облысы, қаласы, г.), then by the whole name (Алматы before Алматы облысы)."""
    bare = name
    for word in KIND_WORDS:
        bare = bare.replace(word, " ")
    return sort_key(bare, lang), sort_key(name, lang)


def map_data(rows: list[dict[str, Any]], t: Translator, as_of: dt.date | None, lang: Lang) -> dict[str, Any]:
    """What the map script needs per region: name, colour, a one-line summary and the link."""
    regions: dict[str, Any] = {}
    for r in rows:
        name = region_name(lang, r["kato2"], r)
        if not r["visible"]:
            summary = t.gettext("not yours to see")
        elif r["suppressed"]:
            summary = t.gettext("Hidden: too few people to publish")
        elif not r["promised"]:
            summary = t.gettext("No projects")
        else:
            summary = t.gettext(
                "{verified} of {promised} promised jobs verified ({share})",
                verified=t.num(r["verified"]),
                promised=t.num(r["promised"]),
                share=t.pct(r["fulfilment"]),
            )
        url = f"/regions/{r['kato2']}" + (f"?as_of={as_of.isoformat()}" if as_of else "")
        region = get_region(r["kato2"])
        regions[r["kato2"]] = {
            "city": region is not None and region.kind == "city",
            "name": name,
            "colour": r["colour"],
            "summary": summary,
            "visible": bool(r["visible"]),
            "url": url if r["visible"] else None,
        }
    return {
        "regions": regions,
        "no_data_colour": NO_DATA,
        "zoom_in": t.gettext("Zoom in"),
        "zoom_out": t.gettext("Zoom out"),
    }


@dataclass
class Pages:
    """Paging of a list: which rows this page shows and the links to its neighbours."""

    path: str
    query: Mapping[str, str | None]
    page: int
    size: int
    total: int
    first: int = field(init=False)
    last: int = field(init=False)
    previous: int | None = field(init=False)
    next: int | None = field(init=False)

    def __post_init__(self) -> None:
        """Work out the bounds and neighbours."""
        self.first = min(self.total, (self.page - 1) * self.size + 1)
        self.last = min(self.total, self.page * self.size)
        self.previous = self.page - 1 if self.page > 1 else None
        self.next = self.page + 1 if self.last < self.total else None

    def url(self, page: int) -> str:
        """The link to a page of the list."""
        return f"{self.path}?{urlencode({k: v for k, v in self.query.items() if v} | {'page': page})}"


def last_full_year() -> int:
    """The newest year that is over: what a yearly report is asked for by default."""
    return dt.date.today().year - 1


def sectors(t: Translator) -> list[tuple[str, str]]:
    """The OKED sections for the sector filter."""
    return sector_labels(t)


def _jobs_over_time(
    trend: list[dict[str, Any]], t: Translator, series: list[tuple[str, str, bool]]
) -> dict[str, Any]:
    """A line chart of permanent jobs over the stored dates: one (key, label, dashed) per line."""
    return {
        "type": "line",
        "labels": [t.date(r["as_of"]) for r in trend],
        "y_title": t.gettext("Permanent jobs"),
        "datasets": [
            {"label": label, "data": [r[key] for r in trend], "colour": SERIES[key]}
            | ({"dashed": True} if dashed else {})
            for key, label, dashed in series
        ],
    }


def region_trend_chart(trend: list[dict[str, Any]], t: Translator) -> dict[str, Any] | None:
    """A line chart of a region's promised and verified jobs over the stored dates (None under two dates)."""
    if len(trend) < 2:
        return None
    return _jobs_over_time(
        trend, t, [("promised", t.gettext("Promised"), True), ("verified", t.gettext("Verified"), False)]
    )


def project_view(detail: dict[str, Any], t: Translator, lang: Lang) -> dict[str, Any]:
    """A project's fields, verification and quality in one flat mapping for the template."""
    v = detail.get("verification") or {}
    q = detail.get("quality") or {}
    sector = detail.get("sector")
    labels = dict(sector_labels(t))
    operators = [f"{o['name'] or ''} {o['bin']}".strip() for o in detail.get("operators", [])]
    investor = detail.get("investor") or {}
    return (
        detail
        | v
        | {k: q.get(k) for k in ("mean_salary_kzt", "region_avg_wage_kzt", "salary_ratio", "harmful_share")}
        | {
            "verified": bool(v),
            "status": v.get("status"),
            "investor_bin": investor.get("bin"),
            "investor_name": investor.get("name"),
            "operators_text": ", ".join(operators),
            "sector_label": f"{sector} · {labels[sector]}" if sector in labels else None,
            "region_label": region_name(lang, detail["region"], detail),
        }
    )


def occupations(detail: dict[str, Any], lang: Lang) -> list[dict[str, Any]]:
    """Credited persons by NKZ major group, groups with none left out."""
    q = detail.get("quality") or {}
    return [
        {"code": g["code"], "name": g[f"name_{lang}"], "persons": g["credited"]}
        for g in q.get("nkz_major_groups", [])
        if g["credited"]
    ]


def project_trend_chart(detail: dict[str, Any], t: Translator) -> dict[str, Any] | None:
    """Promised, expected and verified jobs of a project over the stored dates (None under two dates)."""
    trend = detail.get("trend") or []
    if len(trend) < 2:
        return None
    return _jobs_over_time(
        trend,
        t,
        [
            ("promised", t.gettext("Promised"), True),
            ("expected", t.gettext("Expected by now"), True),
            ("verified", t.gettext("Verified"), False),
        ],
    )


def evidence_chart(detail: dict[str, Any], t: Translator) -> dict[str, Any] | None:
    """Contracts by month of hiring, stacked by how each was counted (None when there are none)."""
    months = _every_month(detail.get("evidence_by_month") or [])
    if not months:
        return None
    names = {
        "credited": t.gettext("Credited"),
        "provisional": t.gettext("Too new to check"),
        "unconfirmed": t.gettext("Without pension contributions"),
        "temporary": t.gettext("Temporary"),
    }
    return {
        "type": "bar",
        "stacked": True,
        "labels": [t.month(m["month"]) for m in months],
        "y_title": t.gettext("Contracts"),
        "datasets": [
            {"label": label, "data": [m[key] for m in months], "colour": SERIES[key]}
            for key, label in names.items()
        ],
    }


def _every_month(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The months from the first to the last with evidence, those without any as zeros (an honest time axis)."""
    if not rows:
        return []
    by_month = {r["month"]: r for r in rows}
    first, last = min(by_month), max(by_month)
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        key = f"{y:04d}-{m:02d}"
        out.append(
            by_month.get(key)
            or {"month": key, **dict.fromkeys(("credited", "provisional", "unconfirmed", "temporary"), 0)}
        )
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def alert_rows(rows: list[dict[str, Any]], lang: Lang) -> list[dict[str, Any]]:
    """Alerts with their sentence in the page's language."""
    return [r | {"message": r.get(f"message_{lang}") or r.get("message_en")} for r in rows]


def safe_batch_folder(batch_id: str) -> str:
    """The folder the ingest writes a batch's rejects report into (its rule, jumys.registry.ingest)."""
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in batch_id)[:100]


def report_view(report: BatchReport, t: Translator) -> dict[str, Any]:
    """A batch report for the upload page, its reasons and warnings in the page's language."""
    return {
        "batch_id": report.batch_id,
        "batch_no": report.batch_no,
        "status": report.status,
        "files": [vars(f) | {"warnings": [shown(t, w) for w in f.warnings]} for f in report.files],
        "warnings": [shown(t, w) for w in report.warnings],
        "rows_accepted": report.rows_accepted,
        "rows_rejected": report.rows_rejected,
        "rejects_total": report.rejects_total,
        "rejects_csv": str(report.rejects_csv) if report.rejects_csv else None,
        "rejects": [r | {"reason": shown(t, r.get("reason"))} for r in report.rejects],
    }


def shown(t: Translator, text: str | None) -> str:
    """A reason or warning in t's language: rendered from its code and parameters (as written when it has none)."""
    return t.render(text) if isinstance(text, Text) else text or ""


def region_options(principal: Principal, lang: Lang) -> list[tuple[str, str]]:
    """The regions a user may pick in a filter, (code, name) by name in the page's language."""
    options = [
        (r.kato2, region_name(lang, r.kato2))
        for r in regions()
        if principal.sees_all_regions or principal.region in (None, r.kato2)
    ]
    return sorted(options, key=lambda o: region_sort_key(o[1], lang))
