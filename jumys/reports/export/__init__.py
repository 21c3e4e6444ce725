"""Exports of the read models as files: the regional labour report as PDF (reportlab) and XLSX (XlsxWriter)."""
