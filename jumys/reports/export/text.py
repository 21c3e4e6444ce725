"""The labour report's words and numbers in one language: what the PDF and the XLSX both show."""

from __future__ import annotations

from dataclasses import dataclass

from jumys.kit.i18n import Translator, translator
from jumys.kit.messages import Message
from jumys.reports.export import messages as M
from jumys.reports.labour_report import KAZAKHSTAN_TRAINED, OECD_TRAINED, Figure, LabourReport, Page

SECTION_TITLES = {
    "safety": M.SECTION_SAFETY,
    "arrears": M.SECTION_ARREARS,
    "inspections": M.SECTION_INSPECTIONS,
    "skills": M.SECTION_SKILLS,
    "market": M.SECTION_MARKET,
    "foreign": M.SECTION_FOREIGN,
    "projects": M.SECTION_PROJECTS,
}


@dataclass(frozen=True)
class Row:
    """A figure's row as shown: its name, this year, last year, the change and the query it comes from."""

    label: str
    value: str
    previous: str
    change: str
    query: str


def region_name(page: Page, lang: str) -> str:
    """The page's region (or the country) named in lang."""
    if page.region is None:
        return translator(lang).render(M.NATIONAL())
    return str(getattr(page.region, f"name_{lang}"))


def label(key: str, lang: str) -> str:
    """A figure's name in lang."""
    return translator(lang).render(M.FIGURES[key]())


def word(message: Message, lang: str, **params: object) -> str:
    """A heading or note of the report in lang."""
    return translator(lang).render(message(**params))


def percent_suffix(lang: str) -> str:
    """What follows a percent's digits in lang: a non-breaking space and % in Russian and Kazakh, % in English."""
    return translator(lang).pct(0, 0).removeprefix("0")


def points_suffix(lang: str) -> str:
    """What follows a change's digits in percentage points in lang (« п. п.», « п. т.», " pp")."""
    return translator(lang).render(M.PP(value="0")).removeprefix("0")


def show(figure: Figure, value: float | None, t: Translator) -> str:
    """A value of a figure as the locale writes it; a dash when unknown."""
    if value is None:
        return "—"
    kind = figure.spec.kind
    if kind in ("share", "ratio"):
        return t.pct(value, 1)
    if kind == "percent":  # a rate already in percent (4.5 for 4.5 %)
        return t.pct(value / 100, 1)
    if kind == "rate":
        return t.num(value, 2)
    return t.num(round(value), 0)


def show_change(figure: Figure, t: Translator) -> str:
    """The change since last year: a signed percent, or signed percentage points, as the locale writes them."""
    change = figure.change
    if change is None:
        return "—"
    if figure.in_points:
        sign = "+" if change > 0 else ("−" if change < 0 else "")
        return sign + t.render(M.PP(value=t.num(abs(change), 1)))
    return t.signed_pct(change / 100, 1)


def rows(page: Page, lang: str) -> list[tuple[str, list[Row]]]:
    """The page's figures by section, each with its title, ready to print."""
    t = translator(lang)
    out: list[tuple[str, list[Row]]] = []
    for section, title in SECTION_TITLES.items():
        shown = [
            Row(
                label(f.spec.key, lang),
                show(f, f.value, t),
                show(f, f.previous, t),
                show_change(f, t),
                f.spec.step,
            )
            for f in page.figures
            if f.spec.section == section
        ]
        out.append((t.render(title()), shown))
    return out


def benchmarks(lang: str) -> str:
    """The note with the reference shares trained at the employer's expense."""
    t = translator(lang)
    return t.render(M.BENCHMARKS(kz=t.pct(KAZAKHSTAN_TRAINED, 0), oecd=t.pct(OECD_TRAINED, 0)))


def title(report: LabourReport, page: Page, lang: str) -> str:
    """The page's title: the report of the year and the region."""
    return f"{word(M.TITLE, lang, year=str(report.year))}: {region_name(page, lang)}"
