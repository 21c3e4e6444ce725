"""The labour report as PDF (reportlab): a page per region, the country's first, with its figures and charts.

Every word is set in DejaVu Sans (vendored in fonts/ with its licence), embedded in the file as a
subset, so Russian and Kazakh letters (ә, ғ, қ, ң, ө, ұ, ү, һ, і) print on any reader; no font of the
PDF's standard fourteen (Helvetica) is used, so nothing depends on the reader's fonts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from jumys.kit.i18n import translator
from jumys.reference.regions import get_region
from jumys.reports.export import messages as M
from jumys.reports.export import text
from jumys.reports.labour_report import KAZAKHSTAN_TRAINED, OECD_TRAINED, LabourReport, Page

FONTS = Path(__file__).parent / "fonts"
REGULAR, BOLD = "DejaVuSans", "DejaVuSans-Bold"
INK, MUTED, RULE = colors.HexColor("#1d2733"), colors.HexColor("#5b6673"), colors.HexColor("#c9d1da")
THIS_YEAR, LAST_YEAR, REFERENCE = (
    colors.HexColor("#1f6fb2"),
    colors.HexColor("#9fc3e3"),
    colors.HexColor("#e0a030"),
)
WIDTH = A4[0] - 30 * mm


@lru_cache(maxsize=1)
def register_fonts() -> None:
    """Register the vendored DejaVu fonts with reportlab (once)."""
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)


def _style(size: float, bold: bool = False, color: colors.Color = INK, after: float = 0) -> ParagraphStyle:
    return ParagraphStyle(
        f"s{size}{bold}",
        fontName=BOLD if bold else REGULAR,
        fontSize=size,
        leading=size * 1.25,
        textColor=color,
        spaceAfter=after,
    )


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_LABEL = ParagraphStyle("label", fontName=REGULAR, fontSize=7.6, leading=9, textColor=INK, leftIndent=8)


def _figures_table(report: LabourReport, page: Page, lang: str) -> Table:
    head: list[object] = [
        text.word(M.COL_FIGURE, lang),
        str(report.year),
        str(report.previous),
        text.word(M.COL_CHANGE, lang),
        text.word(M.COL_QUERY, lang),
    ]
    data: list[list[object]] = [head]
    style = [
        ("FONT", (0, 0), (-1, -1), REGULAR, 7.6),
        ("FONT", (0, 0), (-1, 0), BOLD, 7.6),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("TEXTCOLOR", (4, 1), (4, -1), MUTED),
        ("ALIGN", (1, 0), (3, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
    ]
    for title, rows in text.rows(page, lang):
        style += [
            ("FONT", (0, len(data)), (-1, len(data)), BOLD, 7.6),
            ("SPAN", (0, len(data)), (-1, len(data))),
            ("LINEABOVE", (0, len(data)), (-1, len(data)), 0.4, RULE),
            ("TOPPADDING", (0, len(data)), (-1, len(data)), 3),
        ]
        data.append([title, "", "", "", ""])
        data += [[Paragraph(_escape(r.label), _LABEL), r.value, r.previous, r.change, r.query] for r in rows]
    widths = [0.46, 0.12, 0.12, 0.11, 0.19]  # the query's column holds "09_foreign_workers" whole
    table = Table(data, colWidths=[w * WIDTH for w in widths], repeatRows=1)
    table.setStyle(TableStyle(style))
    return table


def _axis_number(lang: str) -> Callable[[float], str]:
    """An axis's numbers as the language writes them (0,5 in Russian and Kazakh), as few decimals as they need."""
    t = translator(lang)

    def label(v: float) -> str:
        digits = next((d for d in (0, 1, 2) if abs(v - round(v, d)) < 1e-9), 3)
        return t.num(v, digits)

    return label


def _font_axes(chart: VerticalBarChart | HorizontalBarChart, lang: str, size: float = 6.5) -> None:
    for labels in (chart.categoryAxis.labels, chart.valueAxis.labels, chart.barLabels):
        labels.fontName, labels.fontSize = REGULAR, size
    chart.valueAxis.labelTextFormat = _axis_number(lang)
    chart.valueAxis.strokeColor = chart.categoryAxis.strokeColor = RULE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.forceZero = True


def _caption(drawing: Drawing, words: str, x: float, y: float, width: float) -> None:
    """A chart's title, broken into lines that fit width (the first line at y, the next below it); never before
    a % or a non-breaking space ("expense, %" and "KZT (2025)" stay on one line)."""
    lines: list[str] = []
    for word in words.replace(" %", "\u00a0%").split(" "):
        if lines and pdfmetrics.stringWidth(f"{lines[-1]} {word}", BOLD, 7.5) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    for i, line in enumerate(lines[:2]):
        drawing.add(String(x, y - 9 * i, line, fontName=BOLD, fontSize=7.5, fillColor=INK))


def _bar_name(name: str, width: float, size: float = 6.5) -> str:
    """A bar's name broken at spaces into lines that fit under the bar (never cut inside a word)."""
    lines: list[str] = []
    for word in name.split():
        if lines and pdfmetrics.stringWidth(f"{lines[-1]} {word}", REGULAR, size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


def _bars(
    title: str,
    names: Sequence[str],
    values: Sequence[float | None],
    width: float,
    fills: Sequence[colors.Color],
    label: Callable[[float], str],
    lang: str,
) -> Drawing:
    """A small column chart: one bar per name, with its value above it (written by label)."""
    d = Drawing(width, 58 * mm, initialFontName=REGULAR)
    _caption(d, title, 0, 55 * mm, width - 6 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 12 * mm, 10 * mm, width - 16 * mm, 34 * mm
    chart.data = [[v or 0 for v in values]]
    chart.valueAxis.valueMin = 0
    if not any(chart.data[0]):
        chart.valueAxis.valueMax = 1  # nothing to show: an axis from 0, not around it
    chart.categoryAxis.categoryNames = [_bar_name(n, chart.width / max(len(names), 1) - 2) for n in names]
    _font_axes(chart, lang)
    chart.categoryAxis.labels.angle = 0
    chart.barLabelFormat = label
    chart.barLabels.nudge = 5
    for i, fill in enumerate(fills):
        chart.bars[(0, i)].fillColor = fill
    chart.bars.strokeColor = None
    d.add(chart)
    return d


def _region_charts(report: LabourReport, page: Page, lang: str) -> Table:
    w = WIDTH / 3
    year, prev = str(report.year), str(report.previous)
    injuries = page.figure("injured_per_1000")
    trained = page.figure("trained_share").value
    wage = page.figure("avg_wage_kzt")
    ratio = page.figure("wage_vs_country").value
    country_wage = wage.value / ratio if wage.value is not None and ratio else None
    t = translator(lang)
    charts = [
        _bars(
            text.word(M.CHART_INJURIES, lang),
            [prev, year],
            [injuries.previous, injuries.value],
            w,
            [LAST_YEAR, THIS_YEAR],
            lambda v: t.num(v, 2),
            lang,
        ),
        _bars(
            text.word(M.CHART_TRAINING, lang),
            [text.region_name(page, lang), text.word(M.NATIONAL, lang), text.word(M.OECD_BENCHMARK, lang)],
            [100 * trained if trained is not None else None, 100 * KAZAKHSTAN_TRAINED, 100 * OECD_TRAINED],
            w,
            [THIS_YEAR, REFERENCE, REFERENCE],
            lambda v: t.num(v, 1),
            lang,
        ),
        _bars(
            text.word(M.CHART_WAGE, lang) + f"\u00a0({year})",
            [text.region_name(page, lang), text.word(M.COUNTRY, lang)],
            [wage.value / 1000 if wage.value else None, country_wage / 1000 if country_wage else None],
            w,
            [THIS_YEAR, LAST_YEAR],
            lambda v: t.num(v, 0),  # thousands, as the chart's title says («тыс. тенге», not "k")
            lang,
        ),
    ]
    return _row_of(charts, w)


def _row_of(drawings: Sequence[Drawing], width: float) -> Table:
    """Drawings side by side (a table of one row, set in the embedded font like everything else)."""
    table = Table([list(drawings)], colWidths=[width] * len(drawings))
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, 7),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


_KIND_WORDS = (" облысы", " область", " Region")
LABEL_CHARS = 22  # a region's name beside a bar of the country's charts


def short_region(name: str) -> str:
    """A region's name beside a bar: whole when it fits, else without the word saying it is a region
    («Солтүстік Қазақстан», not «Солтүстік Қазақстан об»); never cut inside a word."""
    if len(name) <= LABEL_CHARS:
        return name
    for word in _KIND_WORDS:
        name = name.removesuffix(word)
    return name


def _by_region_chart(report: LabourReport, key: str, what: str, lang: str, scale: float = 1) -> Drawing:
    """The country page's chart: one horizontal bar per region."""
    codes = sorted(report.by_region)
    d = Drawing(WIDTH / 2, 74 * mm, initialFontName=REGULAR)
    _caption(
        d,
        text.word(M.CHART_BY_REGION, lang, what=what, year=str(report.year)),
        0,
        71 * mm,
        WIDTH / 2 - 6 * mm,
    )
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 34 * mm, 4 * mm, WIDTH / 2 - 42 * mm, 59 * mm
    values = [report.by_region[c].get(key) for c in codes]
    chart.data = [[(v or 0) * scale for v in values]]
    chart.valueAxis.valueMin = 0
    if not any(chart.data[0]):
        chart.valueAxis.valueMax = 1
    names = []
    for c in codes:
        region = get_region(c)
        names.append(short_region(str(getattr(region, f"name_{lang}")) if region else c))
    chart.categoryAxis.categoryNames = names
    chart.categoryAxis.reverseDirection = True
    _font_axes(chart, lang, 5.6)
    t = translator(lang)
    chart.barLabelFormat = lambda v: t.num(v, 2 if scale == 1 else 1)
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    chart.bars[0].fillColor = THIS_YEAR
    chart.bars.strokeColor = None
    d.add(chart)
    return d


def _page_story(report: LabourReport, page: Page, lang: str) -> list[object]:
    story: list[object] = [
        Paragraph(_escape(text.title(report, page, lang)), _style(15, bold=True, after=2)),
        Paragraph(
            _escape(text.word(M.SUBTITLE, lang, previous=str(report.previous))),
            _style(7.5, color=MUTED, after=5),
        ),
        _figures_table(report, page, lang),
        Spacer(1, 2 * mm),
        Paragraph(_escape(text.benchmarks(lang)), _style(6.8, color=MUTED)),
    ]
    if page.projects_as_of is not None:
        story.append(
            Paragraph(
                _escape(
                    text.word(M.PROJECTS_AS_OF, lang, date=translator(lang).long_date(page.projects_as_of))
                ),
                _style(6.8, color=MUTED),
            )
        )
    story.append(Spacer(1, 3 * mm))
    if page.region is None:
        injuries = _by_region_chart(report, "injured_per_1000", text.word(M.CHART_INJURIES, lang), lang)
        training = _by_region_chart(report, "trained_share", text.word(M.CHART_TRAINING, lang), lang, 100)
        story.append(_row_of([injuries, training], WIDTH / 2))
    else:
        story.append(_region_charts(report, page, lang))
    return story


def _footer(lang: str):  # type: ignore[no-untyped-def]
    def draw(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(REGULAR, 7)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(A4[0] - 15 * mm, 10 * mm, text.word(M.PAGE, lang, n=str(doc.page)))
        canvas.drawString(15 * mm, 10 * mm, "Jumys")
        canvas.restoreState()

    return draw


def report_pdf(report: LabourReport, lang: str) -> bytes:
    """The report as a PDF in lang: the country's page (when all regions were asked for), then each region's."""
    register_fonts()
    out = BytesIO()
    first = report.pages[0]
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
        title=text.title(report, first, lang),
        author="Jumys",
        subject=text.word(M.TITLE, lang, year=str(report.year)),
        initialFontName=REGULAR,
        lang=lang,
    )
    story: list[object] = []
    for i, page in enumerate(report.pages):
        if i:
            story.append(PageBreak())
        story += _page_story(report, page, lang)
    doc.build(story, onFirstPage=_footer(lang), onLaterPages=_footer(lang))
    return out.getvalue()
