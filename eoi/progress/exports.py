"""The progress report as a CSV file and as a scrutiny report PDF.

Both take the plain data of ``eoi.progress.report.progress_report``. The PDF is
rendered by ``leicester_sl.pdf.render_html_pdf``: the same WeasyPrint settings
(tagged PDF/UA-1) and the same URL fetcher, which reads only ``static/pdf/``.
"""

import csv
import io

from django.template.loader import render_to_string

from leicester_sl.pdf import AUTHOR, LANG, render_html_pdf
from strategy.tables import csv_value

from .report import Report

TEMPLATE = "pdf/progress_report.html"


def report_csv(report: Report) -> str:
    """Every table of the report, one section after another.

    Each section is a row holding the table's caption, a header row, the data
    rows (and a total row where the table has one), then a blank row. The file
    opens with a section describing the report itself.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([report.title])
    writer.writerow(["Field", "Value"])
    writer.writerow(["Forecast version", report.version.name])
    writer.writerow(["Demand lines from", report.line_source.name])
    writer.writerow(["Prepared on", report.as_of.isoformat()])
    writer.writerow([])
    for table in report.tables.values():
        writer.writerow([table.caption])
        writer.writerow(table.head)
        for row in table.rows + ((table.foot,) if table.foot else ()):
            writer.writerow([csv_value(value) for value in row])
        writer.writerow([])
    return buffer.getvalue()


def report_pdf_context(report: Report) -> dict:
    return {"report": report, "author": AUTHOR, "lang": LANG}


def render_report_pdf(report: Report) -> bytes:
    """The scrutiny report as PDF bytes."""
    return render_html_pdf(render_to_string(TEMPLATE, report_pdf_context(report)))
