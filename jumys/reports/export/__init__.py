"""Exports of the read models as files: the regional labour report as PDF (reportlab) and XLSX (XlsxWriter)."""

from __future__ import annotations

from jumys.errors import InvalidInput
from jumys.reports import messages as M
from jumys.reports.labour_report import LabourReport

FORMATS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
LANGS = ("ru", "kk", "en")


def check_format(fmt: str, lang: str) -> None:
    """InvalidInput unless fmt is pdf or xlsx and lang ru, kk or en."""
    if fmt not in FORMATS:
        raise InvalidInput(M.REPORT_FORMAT, value=fmt)
    if lang not in LANGS:
        raise InvalidInput(M.REPORT_LANG, value=lang)


def export_report(report: LabourReport, lang: str, fmt: str) -> bytes:
    """The report as a file of format fmt (pdf or xlsx) in lang (ru, kk or en)."""
    check_format(fmt, lang)
    if fmt == "pdf":
        from jumys.reports.export.pdf import report_pdf  # deferred: reportlab loads only for a PDF

        return report_pdf(report, lang)
    from jumys.reports.export.xlsx import report_xlsx  # deferred: as above, for XlsxWriter

    return report_xlsx(report, lang)


def file_name(scope: str, year: int, lang: str, fmt: str) -> str:
    """The file name of a report: labour-report-<region or all>-<year>-<lang>.<fmt>."""
    return f"labour-report-{scope}-{year}-{lang}.{fmt}"
