"""The labour report's files: the PDF's text holds the figures in each language with its fonts embedded,
the XLSX opens with the figures as numbers and no text taken for a formula."""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

import pytest
import sqlalchemy as sa

from jumys.access.principal import Principal
from jumys.kit.i18n import translator
from jumys.reference.regions import Region, regions
from jumys.reports.export import export_report
from jumys.reports.export.pdf import LABEL_CHARS, short_region
from jumys.reports.export.text import label, show, show_change
from jumys.reports.labour_report import LabourReport, Page, build_report
from tests.labour_report.pdftext import fonts, pages_text

MINISTRY = Principal("m", "ministry")
TITLES = {"ru": "Отчёт о труде за 2025 год", "kk": "2025 жылғы еңбек туралы есеп", "en": "Labour report 2025"}
ZHAMBYL = {"ru": "Жамбылская область", "kk": "Жамбыл облысы", "en": "Jambyl Region"}


@pytest.fixture
def report(engine: sa.Engine) -> LabourReport:
    with engine.connect() as conn:
        return build_report(conn, MINISTRY, 2025, "all")


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ").replace("\u202f", " "))


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_the_pdf_holds_every_figure_in_each_language(report: LabourReport, lang: str) -> None:
    pdf = export_report(report, lang, "pdf")
    pages = [_flat(p) for p in pages_text(pdf)]
    assert len(pages) == 3  # the country, Zhambyl, Almaty
    zhambyl = pages[1]
    assert TITLES[lang] in pages[0] and TITLES[lang] in zhambyl
    assert ZHAMBYL[lang].split()[0] in zhambyl
    t = translator(lang)
    for figure in report.pages[1].figures:
        assert _flat(label(figure.spec.key, lang)) in zhambyl, figure.spec.key
        assert _flat(show(figure, figure.value, t)) in zhambyl, figure.spec.key
        assert f"{figure.spec.step}" in zhambyl
    assert ("400,00" if lang != "en" else "400.00") in zhambyl  # injured per 1,000 contracts
    assert ("−20,0 %" if lang != "en" else "−20.0%") in zhambyl  # and its change


def test_the_pdf_words_are_translated(report: LabourReport) -> None:
    kk = _flat(pages_text(export_report(report, "kk", "pdf"))[1])
    assert "Еңбек қауіпсіздігі" in kk and "Жұмыс беруші есебінен оқытылғандар үлесі" in kk
    ru = _flat(pages_text(export_report(report, "ru", "pdf"))[1])
    assert "Безопасность труда" in ru and "Пострадавшие на 1 000 действующих договоров" in ru


def test_every_font_of_the_pdf_is_embedded(report: LabourReport) -> None:
    found = fonts(export_report(report, "kk", "pdf"))
    assert found and all(found.values()), found
    assert not any("Helvetica" in name for name in found)
    assert all("DejaVuSans" in name for name in found)


def _sheets(data: bytes) -> dict[str, list[list[str | float]]]:
    """Each sheet's rows as a reader opens them: shared strings resolved, numbers as floats."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    book = zipfile.ZipFile(io.BytesIO(data))
    strings = [
        "".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t"))
        for si in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).findall("m:si", ns)
    ]
    names = [
        s.get("name")
        for s in ElementTree.fromstring(book.read("xl/workbook.xml")).iter(f"{{{ns['m']}}}sheet")
    ]
    out = {}
    for i, name in enumerate(names, start=1):
        xml = book.read(f"xl/worksheets/sheet{i}.xml")
        assert b"<f>" not in xml  # no formula anywhere
        rows = []
        for row in ElementTree.fromstring(xml).iter(f"{{{ns['m']}}}row"):
            cells: list[str | float] = []
            for c in row.findall("m:c", ns):
                v = c.find("m:v", ns)
                if v is None:
                    continue
                cells.append(strings[int(v.text or 0)] if c.get("t") == "s" else float(v.text or 0))
            rows.append(cells)
        out[str(name)] = rows
    return out


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_the_xlsx_opens_with_the_figures_as_numbers(report: LabourReport, lang: str) -> None:
    data = export_report(report, lang, "xlsx")
    sheets = _sheets(data)
    assert len(sheets) == 4  # the country, two regions, the queries
    zhambyl = next(rows for name, rows in sheets.items() if name.startswith("31 "))
    by_label = {str(r[0]): r[1:] for r in zhambyl if r and isinstance(r[0], str)}
    assert by_label[label("injured_per_1000", lang)][:3] == [400.0, 500.0, -20.0]
    assert by_label[label("arrears_repaid_kzt", lang)][:2] == [900000.0, 0.0]
    assert by_label[label("trained_share", lang)][:3] == pytest.approx([0.2, 0.25, -5.0])
    charts = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 2 + 2 * 2  # the country's two, each region's two


def test_a_text_that_looks_like_a_formula_stays_text(report: LabourReport) -> None:
    hostile = Region("31", "310000000", "KZ-31", "=1+2", '=HYPERLINK("x")', "@SUM(A1)", "oblast", "x")
    page = report.pages[1]
    data = export_report(LabourReport(2025, "31", (Page(hostile, page.figures),)), "ru", "xlsx")
    sheets = _sheets(data)
    cells = [c for rows in sheets.values() for row in rows for c in row if isinstance(c, str)]
    assert "'=1+2" in cells  # the region's name alone in a cell: quoted
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))]


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_chart_labels_are_whole_words_in_the_page_language(report: LabourReport, lang: str) -> None:
    """A region's name under a bar is not cut mid-word ("Жамбылская обл"), nor is Kazakhstan written "KZ"."""
    zhambyl = _flat(pages_text(export_report(report, lang, "pdf"))[1])
    assert not re.search(r"\bKZ\b", zhambyl)
    first, second = ZHAMBYL[lang].split()
    assert not re.search(rf"{first} {second[:3]}(?!{second[3:]})", zhambyl)
    country = _flat(pages_text(export_report(report, lang, "pdf"))[0])  # its charts name every region
    assert {"ru": "Северо-Казахстанская", "kk": "Солтүстік Қазақстан"}[lang] in country


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_a_long_region_name_beside_a_bar_loses_its_kind_word_not_letters(lang: str) -> None:
    """«Солтүстік Қазақстан облысы» is too long beside a bar: «Солтүстік Қазақстан», never «... об»."""
    for region in regions():
        name = str(getattr(region, f"name_{lang}"))
        shown = short_region(name)
        assert shown == name or (len(name) > LABEL_CHARS and name.startswith(shown + " ")), (name, shown)
        assert name.split()[: len(shown.split())] == shown.split(), (name, shown)  # whole words only
    assert short_region("Солтүстік Қазақстан облысы") == "Солтүстік Қазақстан"


@pytest.mark.parametrize(
    ("lang", "change", "as_of"),
    [
        ("ru", "−20,0\xa0%", "Проекты по проверке на 1 декабря 2025 г."),
        ("kk", "−20,0\xa0%", "2025 жылғы 1 желтоқсан"),
        ("en", "−20.0%", "Projects as verified on 1 December 2025."),
    ],
)
def test_percents_and_dates_are_written_as_the_language_writes_them(
    report: LabourReport, lang: str, change: str, as_of: str
) -> None:
    """A non-breaking space before % in Russian and Kazakh, none in English; the footnote's date in words.

    (The PDF's text maps a non-breaking space to a space: the value given to it is checked for it.)"""
    injured = report.pages[1].figure("injured_per_1000")  # 400 against 500
    assert show_change(injured, translator(lang)) == change
    zhambyl = pages_text(export_report(report, lang, "pdf"))[1]
    assert _flat(change) in _flat(zhambyl)
    if lang == "en":
        assert "−20.0 %" not in zhambyl
    assert as_of in _flat(zhambyl) and "2025-12-01" not in zhambyl


@pytest.mark.parametrize(
    ("lang", "share", "change", "points"),
    [
        ("ru", '0.0"\xa0"%', '+0.0"\xa0%"', '+0.0"\xa0п.\xa0п."'),
        ("kk", '0.0"\xa0"%', '+0.0"\xa0%"', '+0.0"\xa0п.\xa0т."'),
        ("en", "0.0%", '+0.0"%"', '+0.0" pp"'),
    ],
)
def test_the_xlsx_number_formats_speak_the_language(
    report: LabourReport, lang: str, share: str, change: str, points: str
) -> None:
    styles = zipfile.ZipFile(io.BytesIO(export_report(report, lang, "xlsx"))).read("xl/styles.xml").decode()
    codes = set(re.findall(r'formatCode="([^"]*)"', styles.replace("&quot;", '"')))
    codes |= {c for c in re.findall(r"formatCode='([^']*)'", styles)}
    assert share in styles.replace("&quot;", '"') or share in codes
    assert any(c.startswith(change) for c in codes) or change in styles.replace("&quot;", '"')
    assert points in styles.replace("&quot;", '"')


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("ru", "Средняя зарплата, тыс. тенге"),
        ("kk", "Орташа жалақы, мың теңге"),
        ("en", "Average wage, thousand KZT"),
    ],
)
def test_the_wage_chart_counts_thousands_in_words(report: LabourReport, lang: str, title: str) -> None:
    """Zhambyl's 300,000 tenge is a bar of 300 under a title in thousands, not "300k" (English shorthand)."""
    zhambyl = _flat(pages_text(export_report(report, lang, "pdf"))[1])
    assert title in zhambyl and "300k" not in zhambyl and " 300 " in zhambyl
