"""The labour report as XLSX (XlsxWriter): a sheet per page with its figures as numbers, native charts, the queries.

Numbers are written as numbers (with a number format), so a reader can compute with them; every text
cell goes through jumys.kit.spreadsheet.safe_cell and is written as a string, and the workbook is told
never to take a string for a formula, so a name like "=HYPERLINK(...)" stays text.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from jumys.kit.spreadsheet import safe_cell
from jumys.reference.regions import get_region
from jumys.reports.export import messages as M
from jumys.reports.export import text
from jumys.reports.labour_report import (
    KAZAKHSTAN_TRAINED,
    OECD_TRAINED,
    SQL,
    Figure,
    LabourReport,
    Page,
    report_steps,
)

_FORMATS = {"count": "#,##0", "kzt": "#,##0", "rate": "#,##0.00"}


def _quoted(literal: str) -> str:
    """Text of a number format, quoted (a % outside quotes multiplies the number by 100)."""
    return f'"{literal}"' if literal else ""


def number_formats(lang: str) -> dict[str, str]:
    """The number formats of the percents in lang: a share (0.25) shown as 25,0 %, a percent (4.5) as 4,5 %,
    a change in percent or in percentage points with its sign; the space before % as the language writes it."""
    space = text.percent_suffix(lang).removesuffix(
        "%"
    )  # a non-breaking space in Russian and Kazakh, none in English
    unit = text.points_suffix(lang)
    signed = "+0.0{0};-0.0{0};0.0{0}"
    return {
        "share": f"0.0{_quoted(space)}%",
        "ratio": f"0.0{_quoted(space)}%",
        "chart_share": f"0{_quoted(space)}%",
        "percent": f"0.0{_quoted(space + '%')}",
        "percent_change": signed.format(_quoted(space + "%")),
        "points": signed.format(_quoted(unit)),
    }


def _text(ws: Worksheet, row: int, col: int, value: str, fmt: Any = None) -> None:
    ws.write_string(row, col, str(safe_cell(value)), fmt)


def _number(ws: Worksheet, row: int, col: int, value: float | None, fmt: Any) -> None:
    if value is None:
        ws.write_blank(row, col, None, fmt)
    else:
        ws.write_number(row, col, float(value), fmt)


def _sheet_name(page: Page, lang: str, used: set[str]) -> str:
    name = text.region_name(page, lang)
    for ch in "[]:*?/\\'":
        name = name.replace(ch, " ")
    name = (f"{page.code} {name}")[:31].strip()
    while name in used:
        name = name[:28] + f"~{len(used)}"
    used.add(name)
    return name


def _figure_rows(
    wb: Workbook, ws: Worksheet, report: LabourReport, page: Page, lang: str, styles: dict[str, Any]
) -> dict[str, int]:
    """Write the figures table from row 3; the row of each figure (0-based)."""
    head = [
        text.word(M.COL_FIGURE, lang),
        str(report.year),
        str(report.previous),
        text.word(M.COL_CHANGE, lang),
        text.word(M.COL_QUERY, lang),
    ]
    for col, word in enumerate(head):
        _text(ws, 3, col, word, styles["head"])
    row, where = 4, {}
    by_section: dict[str, list[Figure]] = {}
    for f in page.figures:
        by_section.setdefault(f.spec.section, []).append(f)
    for section, title in text.SECTION_TITLES.items():
        _text(ws, row, 0, text.word(title, lang), styles["section"])
        row += 1
        for f in by_section.get(section, []):
            fmt = styles[f.spec.kind]
            _text(ws, row, 0, text.label(f.spec.key, lang))
            _number(ws, row, 1, f.value, fmt)
            _number(ws, row, 2, f.previous, fmt)
            change = f.change
            _number(ws, row, 3, change, styles["points"] if f.in_points else styles["percent_change"])
            _text(ws, row, 4, f"{f.spec.step}.sql", styles["muted"])
            where[f.spec.key] = row
            row += 1
    _text(ws, row + 1, 0, text.benchmarks(lang), styles["muted"])
    return where


def _styles(wb: Workbook, lang: str) -> dict[str, Any]:
    formats = _FORMATS | number_formats(lang)
    styles = {kind: wb.add_format({"num_format": fmt}) for kind, fmt in formats.items()}
    styles |= {
        "title": wb.add_format({"bold": True, "font_size": 14}),
        "head": wb.add_format({"bold": True, "bottom": 1}),
        "section": wb.add_format({"bold": True, "top": 1}),
        "muted": wb.add_format({"font_color": "#5b6673"}),
    }
    return styles


def _region_charts(
    wb: Workbook,
    ws: Worksheet,
    sheet: str,
    report: LabourReport,
    page: Page,
    lang: str,
    where: dict[str, int],
) -> None:
    injuries = wb.add_chart({"type": "column"})
    row = where["injured_per_1000"]
    injuries.add_series(
        {
            "name": text.word(M.CHART_INJURIES, lang),
            "categories": [sheet, 3, 1, 3, 2],
            "values": [sheet, row, 1, row, 2],
            "data_labels": {"value": True},
        }
    )
    injuries.set_title({"name": text.word(M.CHART_INJURIES, lang), "name_font": {"size": 10}})
    injuries.set_legend({"none": True})
    ws.insert_chart(3, 6, injuries, {"x_scale": 0.9, "y_scale": 0.8})

    # the training share beside the two reference values, written next to the chart
    _text(ws, 40, 6, text.region_name(page, lang))
    share = number_formats(lang)
    _number(ws, 40, 7, page.figure("trained_share").value, wb.add_format({"num_format": share["share"]}))
    _text(ws, 41, 6, text.word(M.KAZAKHSTAN_BENCHMARK, lang))
    ws.write_number(41, 7, KAZAKHSTAN_TRAINED)
    _text(ws, 42, 6, text.word(M.OECD_BENCHMARK, lang))
    ws.write_number(42, 7, OECD_TRAINED)
    training = wb.add_chart({"type": "bar"})
    training.add_series(
        {
            "name": text.word(M.CHART_TRAINING, lang),
            "categories": [sheet, 40, 6, 42, 6],
            "values": [sheet, 40, 7, 42, 7],
            "data_labels": {"value": True, "num_format": share["chart_share"]},
        }
    )
    training.set_title({"name": text.word(M.CHART_TRAINING, lang), "name_font": {"size": 10}})
    training.set_legend({"none": True})
    training.set_x_axis({"num_format": share["chart_share"]})
    ws.insert_chart(20, 6, training, {"x_scale": 0.9, "y_scale": 0.8})


def _national_sheet_regions(
    wb: Workbook, ws: Worksheet, sheet: str, report: LabourReport, lang: str, styles: dict[str, Any]
) -> None:
    """The country sheet's table of regions (from row 45) and its charts by region."""
    top = 45
    keys = ("injured_per_1000", "fatal", "trained_share", "workers_year_end", "avg_wage_kzt")
    _text(ws, top, 0, text.word(M.COUNTRY, lang), styles["head"])
    for col, key in enumerate(keys, start=1):
        _text(ws, top, col, text.label(key, lang), styles["head"])
    codes = sorted(report.by_region)
    kinds = {
        "injured_per_1000": "rate",
        "fatal": "count",
        "trained_share": "share",
        "workers_year_end": "count",
        "avg_wage_kzt": "kzt",
    }
    for i, code in enumerate(codes, start=1):
        region = get_region(code)
        _text(ws, top + i, 0, str(getattr(region, f"name_{lang}")) if region else code)
        for col, key in enumerate(keys, start=1):
            _number(ws, top + i, col, report.by_region[code].get(key), styles[kinds[key]])
    for n, (key, words) in enumerate(
        (("injured_per_1000", M.CHART_INJURIES), ("trained_share", M.CHART_TRAINING))
    ):
        col = 1 + keys.index(key)
        chart = wb.add_chart({"type": "bar"})
        title = text.word(M.CHART_BY_REGION, lang, what=text.word(words, lang), year=str(report.year))
        chart.add_series(
            {
                "name": title,
                "categories": [sheet, top + 1, 0, top + len(codes), 0],
                "values": [sheet, top + 1, col, top + len(codes), col],
            }
        )
        chart.set_title({"name": title, "name_font": {"size": 10}})
        chart.set_legend({"none": True})
        chart.set_y_axis({"reverse": True})
        ws.insert_chart(3 + 22 * n, 6, chart, {"x_scale": 1.1, "y_scale": 1.4})


def _queries_sheet(wb: Workbook, lang: str, styles: dict[str, Any]) -> None:
    ws = wb.add_worksheet(text.word(M.SHEET_QUERIES, lang)[:31])
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 120)
    for row, step in enumerate(report_steps()):
        _text(ws, row, 0, f"{step.name}.sql", styles["head"] if row == 0 else None)
        comment = " ".join(
            line.strip().removeprefix("--").strip()
            for line in (SQL / f"{step.name}.sql").read_text(encoding="utf-8").splitlines()
            if line.strip().startswith("--")
        )
        _text(ws, row, 1, comment)


def report_xlsx(report: LabourReport, lang: str) -> bytes:
    """The report as an XLSX workbook in lang: a sheet per page (figures, charts), and the queries' definitions."""
    out = BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    styles = _styles(wb, lang)
    used: set[str] = set()
    for page in report.pages:
        sheet = _sheet_name(page, lang, used)
        ws = wb.add_worksheet(sheet)
        ws.set_column(0, 0, 52)
        ws.set_column(1, 3, 14)
        ws.set_column(4, 4, 22)
        _text(ws, 0, 0, text.title(report, page, lang), styles["title"])
        _text(ws, 1, 0, text.word(M.SUBTITLE, lang, previous=str(report.previous)), styles["muted"])
        where = _figure_rows(wb, ws, report, page, lang, styles)
        if page.region is None:
            _national_sheet_regions(wb, ws, sheet, report, lang, styles)
        else:
            _region_charts(wb, ws, sheet, report, page, lang, where)
    _queries_sheet(wb, lang, styles)
    wb.set_properties({"title": text.word(M.TITLE, lang, year=str(report.year)), "author": "Jumys"})
    wb.close()
    return out.getvalue()
