"""The progress report as a CSV file, an Excel workbook and a scrutiny
report PDF.

All take the plain data of ``eoi.progress.report.progress_report``. The PDF is
rendered by ``leicester_sl.documents.pdf.render_html_pdf``: the same WeasyPrint settings
(tagged PDF/UA-1) and the same URL fetcher, which reads only ``static/pdf/``.
"""

import io

from django.http import HttpResponse
from django.template.loader import render_to_string

from leicester_sl.documents.pdf import AUTHOR, LANG, render_html_pdf
from leicester_sl.documents.spreadsheets import csv_writer, xlsx_response
from strategy.tables import csv_value

from .report import Report

TEMPLATE = "pdf/progress_report.html"


def report_rows(report: Report) -> list[list]:
    """Every table of the report, one section after another, as rows.

    Each section is a row holding the table's caption, a header row, the data
    rows (and a total row where the table has one), then a blank row. The rows
    open with a section describing the report itself.
    """
    rows = [
        [report.title],
        ["Field", "Value"],
        ["Forecast version", report.version.name],
        ["Demand lines from", report.line_source.name],
        ["Prepared on", report.as_of.isoformat()],
        [],
    ]
    for table in report.tables.values():
        rows.append([table.caption])
        rows.append(list(table.head))
        for row in table.rows + ((table.foot,) if table.foot else ()):
            rows.append([csv_value(value) for value in row])
        rows.append([])
    return rows


def report_csv(report: Report) -> str:
    """``report_rows`` as CSV text, formulae defused (``leicester_sl.documents.spreadsheets``)."""
    buffer = io.StringIO()
    csv_writer(buffer).writerows(report_rows(report))
    return buffer.getvalue()


def report_filename(report: Report) -> str:
    return f"progress-{report.version.slug}-{report.as_of:%Y-%m-%d}"


def report_csv_response(report: Report) -> HttpResponse:
    # Not streamed (``spreadsheets.csv_response``): the rows are few and
    # already in memory, and a whole response can be read back by tests.
    response = HttpResponse(report_csv(report), content_type="text/csv; charset=utf-8")
    name = report_filename(report)
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def report_xlsx_response(report: Report):
    rows = report_rows(report)
    return xlsx_response(rows[0], rows[1:], filename=report_filename(report), title="Progress")


def report_pdf_context(report: Report) -> dict:
    return {"report": report, "author": AUTHOR, "lang": LANG}


def render_report_pdf(report: Report) -> bytes:
    """The scrutiny report as PDF bytes."""
    return render_html_pdf(render_to_string(TEMPLATE, report_pdf_context(report)))
